"""The dead-letter record: everything needed to understand and re-process a failure."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas.article import UtcDatetime
from schemas.errors import IngestError, redact_urls
from schemas.stages import Stage

# Inputs larger than this are referenced (origin, size, hash) rather than copied:
# a 50 MB junk file should not make a 50 MB dead-letter line.
MAX_INLINE_PAYLOAD_BYTES = 1 << 20


class DeadLetter(BaseModel):
    """One element that a stage could not handle, with the stage and the reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: Stage = Field(description="Pipeline stage that gave up, e.g. 'read', 'extract', 'sink'.")
    error_type: str = Field(description="newsflow error class, e.g. 'InvalidInput'.")
    reason: str
    transient: bool = Field(description="True when a later retry could succeed.")
    failed_at: UtcDatetime
    origin: str = Field(description="File path or URL of the original input.")
    payload: str | None = Field(default=None, description="The original input, if small.")
    payload_encoding: str | None = Field(default=None, description="'utf-8' or 'base64'.")
    payload_bytes: int = 0
    payload_sha256: str | None = None
    source_feed: str | None = Field(
        default=None, description="URL of the feed the input came from, if it came from one."
    )

    @classmethod
    def build(
        cls,
        *,
        stage: Stage,
        error: Exception,
        origin: str,
        payload: bytes | str | None,
        failed_at: datetime,
        source_feed: str | None = None,
    ) -> DeadLetter:
        """Record ``error`` for ``payload``, inlining the payload when it is small."""
        # surrogatepass: text that holds a lone surrogate is kept (base64) rather than lost
        raw = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
        inline: str | None = None
        encoding: str | None = None
        if raw is not None and len(raw) <= MAX_INLINE_PAYLOAD_BYTES:
            try:
                inline, encoding = raw.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                inline, encoding = base64.b64encode(raw).decode("ascii"), "base64"
        return cls(
            stage=stage,
            error_type=type(error).__name__,
            reason=_printable(redact_urls(str(error))) or type(error).__name__,
            transient=isinstance(error, IngestError) and error.transient,
            failed_at=failed_at,
            origin=_printable(origin),
            payload=inline,
            payload_encoding=encoding,
            payload_bytes=len(raw) if raw is not None else 0,
            payload_sha256=hashlib.sha256(raw).hexdigest() if raw is not None else None,
            source_feed=source_feed,
        )

    def original_bytes(self) -> bytes | None:
        """The original input when it was inlined, for re-processing."""
        if self.payload is None:
            return None
        if self.payload_encoding == "base64":
            return base64.b64decode(self.payload)
        return self.payload.encode("utf-8")


def _printable(text: str) -> str:
    """``text`` as UTF-8 can hold it: a lone surrogate (a file name's undecodable byte,
    a parser's stray half of a pair) is written escaped (``\\udcff``), not a crash."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
