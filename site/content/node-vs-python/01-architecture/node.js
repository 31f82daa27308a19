// A tiny JSON service running on Node's built-in event loop.
// Run it with `node node.js`, then open http://localhost:8000/
// (set the PORT environment variable to use another port).
// `node node.js --once` answers one request to itself, prints it and exits.
'use strict';

const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');

const once = process.argv.includes('--once');
const PORT = once ? 0 : Number(process.env.PORT) || 8000;
let served = 0;

const server = http.createServer(async (req, res) => {
  // Pretend to wait 100 ms for a database or another service.
  // While this request is parked, the single JavaScript thread
  // is free to accept and answer other clients.
  await sleep(100);
  served += 1;

  const body = JSON.stringify({ path: req.url, served });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});

// No explicit loop to start: listen() registers the socket and
// Node keeps running for as long as the server is open.
server.listen(PORT, () => {
  const { port } = server.address();
  if (!once) {
    console.log(`Listening on http://localhost:${port}/`);
    return;
  }
  // Ask ourselves once, print the answer, then let the loop run dry.
  http.get(`http://127.0.0.1:${port}/hello`, (res) => {
    let text = '';
    res.on('data', (chunk) => { text += chunk; });
    res.on('end', () => {
      console.log(res.statusCode, res.headers['content-type'], text);
      server.close();
      server.closeAllConnections();
    });
  });
});
