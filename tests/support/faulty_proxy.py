"""A real HTTP proxy on 127.0.0.1 in front of the real Elasticsearch node that injects faults.

It forwards every request unchanged, except that it can answer the first N bulk
requests itself with a chosen status (429, 503) or drop the connection. Used to
test the sink's retry policy against the genuine node, not a mock of it.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Faults:
    bulk_status: int | None = None  # answer bulk requests with this status...
    bulk_failures: int = 0  # ...this many times, then forward them
    seen_bulk: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_bulk_fault(self) -> int | None:
        with self.lock:
            self.seen_bulk += 1
            if self.bulk_failures > 0 and self.bulk_status is not None:
                self.bulk_failures -= 1
                return self.bulk_status
        return None


@contextmanager
def faulty_proxy(target_url: str, faults: Faults) -> Iterator[str]:
    target = urlsplit(target_url)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._forward()

        def do_POST(self) -> None:
            self._forward()

        def do_PUT(self) -> None:
            self._forward()

        def do_HEAD(self) -> None:
            self._forward()

        def do_DELETE(self) -> None:
            self._forward()

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if "_bulk" in self.path:
                status = faults.take_bulk_fault()
                if status is not None:
                    error = {"type": "injected", "reason": "fault injected by test"}
                    payload = json.dumps({"error": error, "status": status}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("X-Elastic-Product", "Elasticsearch")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
            conn = http.client.HTTPConnection(
                target.hostname or "127.0.0.1", target.port or 9200, timeout=60
            )
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
            }
            conn.request(self.command, self.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            conn.close()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        # shutdown() waits for the next poll: at the default 0.5 s, every test paid it
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: Elasticsearch 'down'."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
