"""A tiny JSON service running on asyncio's event loop.

Run it with `python3 python.py`, then open http://localhost:8000/
(set the PORT environment variable to use another port).
`python3 python.py --once` answers one request to itself, prints it and exits.
"""
import asyncio
import json
import os
import sys

ONCE = "--once" in sys.argv[1:]
PORT = int(os.environ.get("PORT", "8000"))
served = 0


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    global served
    # The standard library has no async HTTP server, so parse the bare minimum:
    # the request line, then skip headers until the empty line.
    request_line = (await reader.readline()).decode("latin-1").split()
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass
    path = request_line[1] if len(request_line) > 1 else "/"

    # Pretend to wait 100 ms for a database; other connections run meanwhile.
    await asyncio.sleep(0.1)
    served += 1

    body = json.dumps({"path": path, "served": served}).encode()
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    # The event loop is explicit: asyncio.run() starts it, and the server
    # hands every new connection to the handle() coroutine.
    # With --once, a free port on the loopback address only.
    host = "127.0.0.1" if ONCE else None
    server = await asyncio.start_server(handle, host=host, port=0 if ONCE else PORT)
    port = server.sockets[0].getsockname()[1]
    if not ONCE:
        print(f"Listening on http://localhost:{port}/")
        async with server:
            await server.serve_forever()
        return
    # Ask ourselves once, print the answer, then stop the server.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
    response = (await reader.read()).decode()
    writer.close()
    head, _, text = response.partition("\r\n\r\n")
    status = head.split()[1]
    kind = next(line.split(": ", 1)[1] for line in head.split("\r\n")
                if line.lower().startswith("content-type:"))
    print(status, kind, text)
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
