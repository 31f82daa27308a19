// A first exercise: download JSON from a web API and print a few fields.
// Run it with `node node.js [owner/repo]` (needs an internet connection).
'use strict';

const repo = process.argv[2] ?? 'nodejs/node';
const url = `https://api.github.com/repos/${repo}`;

// CommonJS files cannot use top-level await, so wrap the work in a function.
async function main() {
  try {
    // fetch() is built in: no package to install.
    const response = await fetch(url, { headers: { accept: 'application/vnd.github+json' } });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText}`);
    }
    const data = await response.json();

    console.log(`Repository:  ${data.full_name}`);
    console.log(`Description: ${data.description}`);
    console.log(`Stars:       ${data.stargazers_count.toLocaleString('en')}`);
    console.log(`Language:    ${data.language}`);
  } catch (err) {
    // Network problems and bad status codes both end up here.
    console.error(`Could not load ${url}: ${err.message}`);
    process.exitCode = 1;
  }
}

main();
