// A small cross-platform CLI: convert Celsius temperatures.
// Run it with `node node.js 21.5 100 --to k --precision 2` (or `--help`);
// put negative values after `--`, as in `node node.js -- -40`.
'use strict';

const { parseArgs } = require('node:util');

const SCALES = {
  f: { unit: '°F', convert: (c) => c * 9 / 5 + 32 },
  k: { unit: 'K', convert: (c) => c + 273.15 },
};

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: 'string', short: 't', default: 'f' },
      precision: { type: 'string', short: 'p', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  fail(err.message);
}
const { values, positionals } = args;

if (values.help) {
  console.log('usage: node node.js [celsius ...] [--to f|k] [--precision N]');
  process.exit(0);
}

const scale = SCALES[values.to] ?? fail(`--to must be one of ${Object.keys(SCALES).join(', ')}`);
const digits = Number(values.precision);

// With no values given, show a few well-known temperatures.
const temperatures = positionals.length ? positionals.map(Number) : [-40, 0, 37, 100];
for (const celsius of temperatures) {
  if (Number.isNaN(celsius)) fail('temperatures must be numbers');
  console.log(`${celsius} °C = ${scale.convert(celsius).toFixed(digits)} ${scale.unit}`);
}
