// A tiny JSON service running on Node's built-in event loop.
// Run it with `node node.js`, then open http://localhost:8000/
// (set the PORT environment variable to use another port).
'use strict';

const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');

const PORT = Number(process.env.PORT) || 8000;
let served = 0;

const server = http.createServer(async (req, res) => {
  // Pretend to wait 100 ms for a database or another service.
  // While this request is parked, the single JavaScript thread
  // is free to accept and answer other clients.
  await sleep(100);
  served += 1;

  const body = JSON.stringify({ path: req.url, served, pid: process.pid });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});

// No explicit loop to start: listen() registers the socket and
// Node keeps running for as long as the server is open.
server.listen(PORT, () => {
  console.log(`Listening on http://localhost:${PORT}/`);
});
