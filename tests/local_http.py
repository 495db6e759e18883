"""A real HTTP server on 127.0.0.1 in a thread, serving scripted answers (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/plain; charset=utf-8"
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 10-byte pieces of the body
    headers: dict[str, str] = field(default_factory=dict)
    declared_length: int | None = None  # a Content-Length that lies; None: the true one
    header_drip: float = 0.0  # seconds between bytes of the status line and headers
    header_line_drip: float = 0.0  # seconds between header lines


@dataclass
class Site:
    """Paths to answers; a path mapped to a list serves its answers in turn (last repeats)."""

    routes: dict[str, Answer | list[Answer]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    base: str = ""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def next_answer(self, path: str) -> Answer:
        route = self.routes.get(path)
        if route is None:
            return Answer(status=404, body=b"not found")
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            answer = site.next_answer(self.path)
            time.sleep(answer.delay)
            length = answer.declared_length
            length = len(answer.body) if length is None else length
            try:
                if answer.header_drip or answer.header_line_drip:
                    self._drip_head(answer, length)
                    self.wfile.write(answer.body)
                    return
                self.send_response(answer.status)
                if answer.content_type:
                    self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(length))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if not answer.drip:
                    self.wfile.write(answer.body)
                    return
                for start in range(0, len(answer.body), 10):
                    self.wfile.write(answer.body[start : start + 10])
                    self.wfile.flush()
                    time.sleep(answer.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as a client with a timeout should

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _drip_head(self, answer: Answer, length: int) -> None:
            """Status line and headers sent slowly, a byte or a line at a time."""
            lines = [f"HTTP/1.0 {answer.status} OK", f"Content-Length: {length}"]
            lines += [f"X-Filler-{n}: {'x' * 40}" for n in range(50)]
            lines += [f"{k}: {v}" for k, v in answer.headers.items()]
            for line in [*lines, ""]:
                data = (line + "\r\n").encode()
                if answer.header_drip:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(answer.header_drip)
                else:
                    self.wfile.write(data)
                    self.wfile.flush()
                    time.sleep(answer.header_line_drip)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
