"""Reading a file's bytes safely and decoding them, with errors that say what is wrong."""

from __future__ import annotations

import codecs
import os
import re
import stat

from connectors.files.discover import shown_path
from schemas.errors import InvalidInput

# Above this share of control characters, "text" is really binary data.
MAX_CONTROL_SHARE = 0.05
# C0 control characters other than tab, newline, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def read_limited(path: str | bytes, max_bytes: int, origin: str | None = None) -> bytes:
    """The file's bytes; refuses files above ``max_bytes`` before reading them.

    Opened without blocking and checked to be a regular file once open: a file
    swapped for a FIFO after discovery must not hang the replay. ``origin`` is how
    messages name the file (``path`` escaped when it is not UTF-8).
    """
    origin = origin or shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InvalidInput(f"{origin}: not a regular file; not read")
            if info.st_size > max_bytes:
                raise InvalidInput(
                    f"{origin}: file is {info.st_size:,} bytes, above the {max_bytes:,}-byte "
                    "limit (raise --max-file-bytes if it is a real article)"
                )
            if info.st_size == 0:
                raise InvalidInput(f"{origin}: file is empty")
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InvalidInput(f"{origin}: cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew while we read it
        raise InvalidInput(f"{origin}: file is above the {max_bytes:,}-byte limit")
    return data


def decode_text(data: bytes, origin: str) -> str:
    """Strict UTF-8 (a BOM is allowed); binary data and other encodings are refused."""
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{origin}: binary data (NUL bytes), not a text document")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{origin}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file as UTF-8"
        ) from exc
    sample = text[:8192]
    controls = len(_CONTROL_RE.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise InvalidInput(f"{origin}: binary data ({controls} control characters), not text")
    if not text.strip():
        raise InvalidInput(f"{origin}: file holds only whitespace")
    return text
