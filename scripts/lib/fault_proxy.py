"""HTTP proxy for mlx's tests: forwards to an S3 server but answers chosen requests with an
S3 error or breaks their connection (see Sources/MLXTestSupport/FaultInjectingProxy.swift).
With --latency it is a slow link instead: it forwards the bytes of every connection unchanged
and delays what the client sends by MS milliseconds, so every request (and every new
connection's first one, as after a TCP handshake) waits that long more for its answer.

usage: fault_proxy.py UPSTREAM_HOST UPSTREAM_PORT RULES_JSON STATS_PATH PARENT_PID
       fault_proxy.py --latency MS UPSTREAM_HOST UPSTREAM_PORT PARENT_PID
Prints `PORT <n>` once it listens; exits when PARENT_PID is gone.
"""
import asyncio, http.client, http.server, json, os, socket, sys, threading, time


def watch_parent(parent):
    """Ends this process when the one that started it is gone, however it ended."""
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except OSError:
            os._exit(0)


def run_latency_proxy(delay, upstream_host, upstream_port, parent):
    """Raw TCP forwarding on one event loop (a thread per connection would make the proxy,
    not the link, the bottleneck of a client with hundreds of connections). Each chunk the
    client sends is held until DELAY after it arrived, in order; answers pass at once. A new
    connection counts as open only DELAY after it was accepted (a handshake's round trip), so
    its first request waits twice: tools that reuse connections gain, as on a real link."""

    async def pipe_delayed(reader, writer, opened):
        queue = asyncio.Queue()

        async def pump():
            while True:
                when, data = await queue.get()
                if data is None:
                    break
                wait = when - asyncio.get_running_loop().time()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.create_task(pump())
        loop = asyncio.get_running_loop()
        try:
            while True:
                data = await reader.read(1 << 16)
                if not data:
                    break
                queue.put_nowait((max(loop.time(), opened + delay) + delay, data))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((0, None))
        await sender

    async def pipe(reader, writer):
        try:
            while True:
                data = await reader.read(1 << 16)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        writer.close()

    async def serve(client_reader, client_writer):
        opened = asyncio.get_running_loop().time()
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(upstream_host, upstream_port)
        except OSError:
            client_writer.close()
            return
        for stream in (client_writer, upstream_writer):
            stream.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.gather(pipe_delayed(client_reader, upstream_writer, opened),
                             pipe(upstream_reader, client_writer), return_exceptions=True)

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=1024)
        print("PORT", server.sockets[0].getsockname()[1], flush=True)
        threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


if sys.argv[1] == "--latency":
    run_latency_proxy(float(sys.argv[2]) / 1000, sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    sys.exit(0)

upstream_host, upstream_port = sys.argv[1], int(sys.argv[2])
rules = json.loads(sys.argv[3])
stats_path = sys.argv[4]
lock = threading.Lock()
matched = [0] * len(rules)
injected = [0] * len(rules)
total = [0]
ERRORS = {
    "500": (500, "InternalError", "We encountered an internal error. Please try again."),
    "503": (503, "SlowDown", "Please reduce your request rate."),
    "400-timeout": (400, "RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period."),
    "403": (403, "AccessDenied", "Access Denied"),
}
HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length", "server", "date"}

def choose(line):
    with lock:
        total[0] += 1
        fault = None
        for i, rule in enumerate(rules):
            if rule["match"] in line:
                matched[i] += 1
                limit = rule["times"]
                if matched[i] % rule["every"] == 0 and (limit is None or injected[i] < limit):
                    injected[i] += 1
                    fault = rule["fault"]
                break
        with open(stats_path + ".tmp", "w") as f:
            json.dump({"requests": total[0], "faults": sum(injected)}, f)
        os.replace(stats_path + ".tmp", stats_path)
        return fault

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        fault = choose(f"{self.command} {self.path}")
        if fault == "cut-request-body":
            self.cut_request_body(length)
            return
        body = self.rfile.read(length) if length else b""
        if fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault in ERRORS:
            status, code, message = ERRORS[fault]
            data = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                    f'<Message>{message}</Message><RequestId>fault-proxy</RequestId></Error>').encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            return
        upstream = http.client.HTTPConnection(upstream_host, upstream_port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        if body or self.command in ("PUT", "POST"):
            headers["Content-Length"] = str(len(body))
        upstream.request(self.command, self.path, body=body if body else None, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP:
                self.send_header(name, value)
        length = response.getheader("Content-Length") if self.command == "HEAD" else str(len(data))
        self.send_header("Content-Length", length or "0")
        self.end_headers()
        upstream.close()
        if self.command == "HEAD":
            return
        if fault == "drop-mid-body":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(data)

    def cut_request_body(self, length):
        """Forwards the request with only half its body, then drops both connections: the
        server sees an upload cut mid-body, the client a connection that broke."""
        half = self.rfile.read(length // 2)
        upstream = socket.create_connection((upstream_host, upstream_port), timeout=30)
        head = f"{self.command} {self.path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in self.headers.items()) + "\r\n"
        upstream.sendall(head.encode("latin-1") + half)
        time.sleep(0.2)
        upstream.close()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
print("PORT", server.server_address[1], flush=True)
watch_parent(int(sys.argv[5]))
