"""A stand-in for Kibana's saved-objects import API on 127.0.0.1, strict like Kibana.

It answers ``POST /api/saved_objects/_import`` (also under ``/s/<space>``) the way
Kibana 8.x does: 400 without the ``kbn-xsrf`` header, 401 without credentials,
415/400 when the body is not a multipart form with an ``.ndjson`` ``file`` part,
and otherwise 200 with ``success``/``successCount``/``successResults``, or with
per-object ``errors`` when told to. Every request is kept for the test to inspect.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USERNAME = "elastic"
PASSWORD = "s3cret"
API_KEY = "a2liYW5hOmtleQ=="


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    objects: list[dict[str, Any]] = field(default_factory=list)
    filename: str | None = None
    part_content_type: str | None = None


@dataclass
class FakeKibana:
    url: str
    requests: list[Received]
    fail_ids: set[str] = field(default_factory=set)  # answer these with missing_references


def _parse_multipart(content_type: str, body: bytes) -> tuple[str | None, str | None, bytes]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.message_from_bytes(head + body, policy=email.policy.HTTP)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return part.get_filename(), part.get_content_type(), payload
    return None, None, b""


@contextmanager
def fake_kibana() -> Iterator[FakeKibana]:
    requests: list[Received] = []
    state = FakeKibana(url="", requests=requests)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            got = Received(
                method="POST",
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            requests.append(got)
            if not parts.path.endswith("/api/saved_objects/_import"):
                return self._reply(
                    404, {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
                )
            if "kbn-xsrf" not in got.headers:
                return self._reply(
                    400,
                    {
                        "statusCode": 400,
                        "error": "Bad Request",
                        "message": "Request must contain a kbn-xsrf header.",
                    },
                )
            if not self._authorised(got.headers.get("authorization", "")):
                return self._reply(
                    401,
                    {
                        "statusCode": 401,
                        "error": "Unauthorized",
                        "message": "[security_exception]: unable to authenticate user",
                    },
                )
            content_type = got.headers.get("content-type", "")
            if not content_type.startswith("multipart/form-data"):
                return self._reply(
                    415,
                    {
                        "statusCode": 415,
                        "error": "Unsupported Media Type",
                        "message": "Unsupported Media Type",
                    },
                )
            got.filename, got.part_content_type, data = _parse_multipart(content_type, body)
            if not got.filename or not got.filename.endswith(".ndjson"):
                return self._reply(
                    400,
                    {
                        "statusCode": 400,
                        "error": "Bad Request",
                        "message": "Invalid file extension .txt",
                    },
                )
            got.objects = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
            good = [o for o in got.objects if o["id"] not in state.fail_ids]
            answer: dict[str, Any] = {
                "success": len(good) == len(got.objects),
                "successCount": len(good),
                "successResults": [
                    {
                        "type": o["type"],
                        "id": o["id"],
                        "meta": {"title": o["attributes"].get("title"), "icon": "document"},
                        "overwrite": True,
                    }
                    for o in good
                ],
                "warnings": [],
            }
            bad = [o for o in got.objects if o["id"] in state.fail_ids]
            if bad:
                answer["errors"] = [
                    {
                        "id": o["id"],
                        "type": o["type"],
                        "title": o["attributes"].get("title"),
                        "meta": {"title": o["attributes"].get("title"), "icon": "document"},
                        "error": {
                            "type": "missing_references",
                            "references": [{"type": "index-pattern", "id": "gone"}],
                        },
                        "overwrite": True,
                    }
                    for o in bad
                ]
            return self._reply(200, answer)

        def _authorised(self, header: str) -> bool:
            basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
            return header in (f"Basic {basic}", f"ApiKey {API_KEY}")

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        # shutdown() waits for the next poll: at the default 0.5 s, every test paid it
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        daemon=True,
    )
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
