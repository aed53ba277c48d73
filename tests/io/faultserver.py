"""A loopback HTTP server for fetch tests: fixed replies, reply sequences, drip-fed bodies,
conditional GET, and a log of every request with its server-side arrival time and headers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between single bytes of the body
    etag: str | None = None  # answer 304 when If-None-Match carries it
    length: bool = True  # send Content-Length


@dataclass
class Seen:
    at: float
    path: str
    headers: dict[str, str]


class FaultServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | list[Reply] | Callable[[], Iterator[bytes]]] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        routes, seen, lock = self.routes, self.seen, self._lock
        counts: dict[str, int] = {}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                with lock:
                    seen.append(Seen(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                    n = counts[path] = counts.get(path, 0) + 1
                route = routes.get(path, Reply(404, b"not found"))
                if isinstance(route, list):
                    route = route[min(n, len(route)) - 1]
                try:
                    self._reply(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _reply(self, r: Reply) -> None:
                if r.delay:
                    time.sleep(r.delay)
                if r.etag and self.headers.get("If-None-Match") == r.etag:
                    self.send_response(304)
                    self.send_header("ETag", r.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(r.status)
                for k, v in r.headers.items():
                    self.send_header(k, v)
                if r.etag:
                    self.send_header("ETag", r.etag)
                if r.length:
                    self.send_header("Content-Length", str(len(r.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if r.drip:
                    for i in range(len(r.body)):
                        self.wfile.write(r.body[i:i + 1])
                        self.wfile.flush()
                        time.sleep(r.drip)
                else:
                    self.wfile.write(r.body)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # a client hanging up is expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path.split("?")[0] == path]

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
