"""A tiny JSON service running on asyncio's event loop.

Run it with `python3 python.py`, then open http://localhost:8000/
(set the PORT environment variable to use another port).
"""
import asyncio
import json
import os

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

    body = json.dumps({"path": path, "served": served, "pid": os.getpid()}).encode()
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
    server = await asyncio.start_server(handle, port=PORT)
    print(f"Listening on http://localhost:{PORT}/")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
