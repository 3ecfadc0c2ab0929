"""A real HTTP server on 127.0.0.1 with scripted behaviours, for fetcher and feed tests.

Routes map a path to a ``Route``: a fixed ``Reply``, a sequence of replies (500
then 200...), or a resource with an ETag that answers conditional GETs with 304.
Every request is recorded (path and headers) so tests can assert what was sent.
Nothing here is a mock: the fetcher opens real sockets to a real server.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0  # sleep before answering: a server that times out
    stream_bytes: int = 0  # send this many bytes with no Content-Length (oversized bodies)
    encoding: str | None = None  # "gzip" or "br": compress the body on the wire
    trickle_s: float = 0.0  # send the body one byte every this many seconds (a slow host)


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class Route:
    """Answers a request; subclasses script behaviours over time."""

    def reply(self, headers: dict[str, str]) -> Reply:
        raise NotImplementedError


@dataclass
class Fixed(Route):
    answer: Reply

    def reply(self, headers: dict[str, str]) -> Reply:
        return self.answer


@dataclass
class Sequence(Route):
    """Each request gets the next reply; the last one repeats."""

    answers: list[Reply]
    served: int = 0

    def reply(self, headers: dict[str, str]) -> Reply:
        answer = self.answers[min(self.served, len(self.answers) - 1)]
        self.served += 1
        return answer


@dataclass
class Resource(Route):
    """A document with an ETag and Last-Modified; a matching conditional GET gets 304.

    ``body`` may be replaced while the server runs (a feed gaining an item); the
    ETag changes with it.
    """

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    last_modified: str = "Wed, 09 Jul 2025 08:00:00 GMT"
    version: int = 1

    def update(self, body: bytes, last_modified: str) -> None:
        self.body, self.last_modified, self.version = body, last_modified, self.version + 1

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def reply(self, headers: dict[str, str]) -> Reply:
        validators = (("ETag", self.etag), ("Last-Modified", self.last_modified))
        if headers.get("if-none-match") == self.etag:
            return Reply(304, b"", None, validators)
        return Reply(200, self.body, self.content_type, validators)


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    base_url: str = ""
    record: bool = True  # keep every request in ``seen`` (a soak turns this off)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, route: Route | Reply) -> str:
        self.routes[path] = route if isinstance(route, Route) else Fixed(route)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        with self.lock:
            return [seen for seen in self.seen if seen.path == path]


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    """Start ``site`` on a free port of 127.0.0.1; stop it (and its handlers) on exit."""
    site = site or Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle(self) -> None:
            # The client gave up (timeout, size cap): that is the point of the test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle()

        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            path = self.path.split("?", 1)[0]
            with site.lock:
                if site.record:
                    site.seen.append(Seen(self.path, headers))
                route = site.routes.get(path)
                answer = route.reply(headers) if route else Reply(404, b"not found")
            self._send(answer)

        def _send(self, answer: Reply) -> None:
            if answer.delay_s:
                time.sleep(answer.delay_s)
            body = answer.body
            if answer.encoding == "gzip":
                body = gzip.compress(body)
            elif answer.encoding == "br":
                body = brotli.compress(body)
            try:
                self.send_response(answer.status)
                if answer.content_type:
                    self.send_header("Content-Type", answer.content_type)
                if answer.encoding:
                    self.send_header("Content-Encoding", answer.encoding)
                for key, value in answer.headers:
                    self.send_header(key, value)
                if answer.stream_bytes:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"x" * 65536
                    for _ in range(answer.stream_bytes // len(chunk)):
                        self.wfile.write(chunk)
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if answer.trickle_s:
                    for byte in body:
                        self.wfile.write(bytes((byte,)))
                        self.wfile.flush()
                        time.sleep(answer.trickle_s)
                    return
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): that is the point of the test

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        # shutdown() waits for the next poll: at the default 0.5 s, every test paid it
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        daemon=True,
    )
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
