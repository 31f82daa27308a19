// Spread a CPU-bound job (summing primes) over every core with worker threads.
// Run it with `node node.js`; the same file is both main thread and worker.
'use strict';

const os = require('node:os');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const LIMIT = Number(process.env.LIMIT) || 500_000;

function sumPrimes(from, to) {
  let sum = 0;
  for (let n = Math.max(from, 2); n < to; n += 1) {
    let prime = true;
    for (let d = 2; d * d <= n; d += 1) {
      if (n % d === 0) { prime = false; break; }
    }
    if (prime) sum += n;
  }
  return sum;
}

if (isMainThread) {
  const cores = os.availableParallelism();
  const step = Math.ceil(LIMIT / cores);
  console.time(`sum of primes below ${LIMIT} on ${cores} threads`);

  // One worker per core, each with its own slice and its own event loop.
  const jobs = Array.from({ length: cores }, (_, i) => new Promise((resolve, reject) => {
    const range = [i * step, Math.min((i + 1) * step, LIMIT)];
    const worker = new Worker(__filename, { workerData: range });
    worker.once('message', resolve).once('error', reject);
  }));

  Promise.all(jobs).then((parts) => {
    console.timeEnd(`sum of primes below ${LIMIT} on ${cores} threads`);
    console.log(parts.reduce((a, b) => a + b, 0));
  });
} else {
  // Inside a worker: compute the slice and send the result back.
  const [from, to] = workerData;
  parentPort.postMessage(sumPrimes(from, to));
}
