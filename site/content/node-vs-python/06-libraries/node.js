// Inspect what ships with Node.js and summarise a project's package.json.
// Run it with `node node.js [project-folder]` (defaults to the current folder).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

// Built-in modules are available without installing anything from npm.
const core = builtinModules.filter((name) => !name.startsWith('_'));
console.log(`Node.js ${process.version} ships ${core.length} built-in modules,`);
console.log(`for example: ${['fs', 'http', 'crypto', 'stream', 'worker_threads'].join(', ')}`);

const folder = path.resolve(process.argv[2] ?? '.');
const manifest = path.join(folder, 'package.json');

if (!fs.existsSync(manifest)) {
  console.log(`\nNo package.json in ${folder}; run \`npm init -y\` to create one.`);
} else {
  // JSON parsing is part of the language itself.
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  console.log(`\n${pkg.name ?? '(unnamed)'} ${pkg.version ?? ''}`);
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = Object.entries(pkg[field] ?? {});
    console.log(`${field}: ${deps.length}`);
    for (const [name, range] of deps) console.log(`  - ${name} ${range}`);
  }
}
