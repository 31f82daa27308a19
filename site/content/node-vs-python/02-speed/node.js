// Time a CPU-bound job: count the primes below LIMIT by trial division.
// Run it with `node node.js` (set LIMIT to change the amount of work).
'use strict';

const { performance } = require('node:perf_hooks');

const LIMIT = Number(process.env.LIMIT) || 300_000;

function isPrime(n) {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  // Only odd divisors up to the square root need checking.
  for (let d = 3; d * d <= n; d += 2) {
    if (n % d === 0) return false;
  }
  return true;
}

function countPrimes(limit) {
  let count = 0;
  for (let n = 2; n < limit; n += 1) {
    if (isPrime(n)) count += 1;
  }
  return count;
}

const start = performance.now();
const count = countPrimes(LIMIT);
const elapsed = performance.now() - start;

// V8 compiles the hot loops above to machine code while they run.
console.log(`${count} primes below ${LIMIT.toLocaleString('en')}`);
console.log(`Node.js ${process.version}: ${elapsed.toFixed(1)} ms`);
