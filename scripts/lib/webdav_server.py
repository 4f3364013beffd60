"""A WebDAV server for mlx's tests: wsgidav on cheroot, on 127.0.0.1 at a free port
(see Sources/MLXTestSupport/WebDAVServer.swift).

usage: webdav_server.py ROOT LOG PARENT_PID [--user NAME --password SECRET] [--digest] [--readonly]
                        [--tls CERT KEY]
Serves ROOT; without --user anyone may read and write (with --readonly, only read). Every
request is logged to LOG as `METHOD PATH RANGE` (RANGE is `-` without a Range header), so
tests can see what mlx asked for. Prints `PORT <n>` once it listens; exits when PARENT_PID
is gone.
"""
import argparse, os, threading, time

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("log")
parser.add_argument("parent", type=int)
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--digest", action="store_true")
parser.add_argument("--readonly", action="store_true")
parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
args = parser.parse_args()

users = {"*": {args.user: {"password": args.password}}} if args.user else {"*": True}
app = WsgiDAVApp({
    "provider_mapping": {"/": {"root": args.root, "readonly": args.readonly}},
    "simple_dc": {"user_mapping": users},
    "http_authenticator": {"accept_basic": not args.digest, "accept_digest": True, "default_to_digest": args.digest},
    "dir_browser": {"enable": False},
    "verbose": 0,
    "logging": {"enable": False},
})
log_lock = threading.Lock()

def logged(environ, start_response):
    line = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')} {environ.get('HTTP_RANGE', '-')}\n"
    with log_lock, open(args.log, "a") as log:
        log.write(line)
    body = app(environ, start_response)
    if environ["REQUEST_METHOD"] != "HEAD":
        return body
    # wsgidav answers HEAD with a body when it refuses the login (the digest challenge), which
    # HTTP forbids: the stray bytes would be read as the next answer on the kept-alive connection.
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return []

server = wsgi.Server(("127.0.0.1", 0), logged, numthreads=16)
if args.tls:
    from cheroot.ssl.builtin import BuiltinSSLAdapter
    server.ssl_adapter = BuiltinSSLAdapter(args.tls[0], args.tls[1])
server.prepare()
threading.Thread(target=server.serve, daemon=True).start()
print("PORT", server.bind_addr[1], flush=True)
while True:  # stop when the test process is gone, however it ended
    time.sleep(1)
    try:
        os.kill(args.parent, 0)
    except OSError:
        os._exit(0)
