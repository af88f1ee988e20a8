"""A news site on 127.0.0.1 for the monitor tests: routes the test changes while it runs, requests logged.

with NewsServer() as site:
    site.route("/rss.xml", body=rss_feed([...]), content_type="application/rss+xml", etag='"v1"')
    site.url("/rss.xml")
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None  # answered with 304 when the request sends it back
    delay: float = 0.0  # seconds before answering (a slow source)
    location: str | None = None  # a redirect's target
    size: int | None = None  # a body of this many bytes, sent in 1 MB blocks (a huge page)
    declare_length: bool = True  # send Content-Length (else the body ends when the connection closes)
    trickle: float = 0.0  # seconds between the bytes of the body (a server that never quite stops)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float


class NewsServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(Request(self.path, dict(self.headers), time.monotonic()))
                    route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)
                # the client may stop reading (a size limit): expected
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(route)

            def _answer(self, route: Route) -> None:
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.location:
                    self.send_header("Location", route.location)
                length = route.size if route.size is not None else len(route.body)
                if route.declare_length:
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                if route.trickle:
                    for byte in route.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.trickle)
                    return
                if route.size is None:
                    self.wfile.write(route.body)
                    return
                block = b"<p>" + b"x" * (1 << 20) + b"</p>"
                sent = 0
                while sent < route.size:
                    self.wfile.write(block[: route.size - sent])
                    sent += len(block)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def route(self, path: str, **fields: object) -> None:
        with self._lock:
            self.routes[path] = Route(**fields)  # type: ignore[arg-type]

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)
