// Two small jobs that run entirely in the language itself:
//   cpu   count the primes below 200,000 by trial division
//   json  encode 20,000 records as JSON and parse them back, 5 times
// Run `node node.js` for both, or `node node.js cpu` for one.
// `versus measure` times each job as a whole process, start-up included.
'use strict';

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

function jsonRoundTrip(records, rounds) {
  const data = Array.from({ length: records }, (_, i) => ({
    id: i,
    name: `user-${i}`,
    tags: ['a', 'b', 'c'],
    score: i % 100,
  }));
  let total = 0;
  for (let round = 0; round < rounds; round += 1) {
    // V8 ships a native JSON encoder and parser.
    const back = JSON.parse(JSON.stringify(data));
    total += back.reduce((sum, record) => sum + record.score, 0);
  }
  return total;
}

const job = process.argv[2] ?? 'all';
if (job === 'cpu' || job === 'all') {
  console.log(`cpu: ${countPrimes(200_000)} primes below 200,000`);
}
if (job === 'json' || job === 'all') {
  console.log(`json: score total ${jsonRoundTrip(20_000, 5)}`);
}
