// A real-time broadcast hub using Server-Sent Events (SSE) and node:http.
// Run it with `node node.js`, then in two terminals:
//   curl -N http://localhost:8000/events
//   curl -X POST --data 'hello everyone' http://localhost:8000/messages
'use strict';

const http = require('node:http');

const PORT = Number(process.env.PORT) || 8000;
const clients = new Set(); // open SSE responses, one per listener

function broadcast(text) {
  const frame = `data: ${JSON.stringify({ text, at: new Date().toISOString() })}\n\n`;
  for (const res of clients) res.write(frame);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    // Keep the response open and push events down it as they happen.
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  } else if (req.method === 'POST' && req.url === '/messages') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      broadcast(body.slice(0, 500));
      res.writeHead(202).end();
    });
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
});

server.listen(PORT, () => {
  console.log(`SSE hub on http://localhost:${PORT}/events`);
});
