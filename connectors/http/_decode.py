"""Content-Encoding undone by us, piece by piece, so a size cap sees decoded bytes as they come.

httpx decodes a whole network chunk, and each stacked encoding of it, before handing
anything back: a 3 KB brotli body or a 1.8 KB ``Content-Encoding: gzip, gzip`` feed
becomes gigabytes in one step, before any cap can count. Here every layer is a
generator that yields at most ``PIECE`` bytes at a time (zlib's ``max_length``,
brotli's ``output_buffer_limit``, zstandard's ``write_size``), and layers are chained
lazily, so what is in memory at once is the caller's kept bytes plus a few pieces.

Encodings are undone in the reverse of the order the header lists them (the last
one listed was applied last). ``identity`` and names we do not know pass the bytes
through, as httpx does: servers that send ``Content-Encoding: utf-8`` exist.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli
import zstandard

from schemas.errors import FetchRejected

PIECE = 64 * 1024
# zstd lets a frame ask for a window of up to 2 GiB; 8 MiB is what browsers accept.
ZSTD_MAX_WINDOW = 8 * 1024 * 1024
# More layers than this is not a web server being thorough, it is an attack.
MAX_LAYERS = 3

Layer = Callable[[Iterator[bytes]], Iterator[bytes]]


def decoded(raw: Iterable[bytes], content_encoding: str | None, *, origin: str) -> Iterator[bytes]:
    """The body's decoded bytes, in pieces of at most ``PIECE`` bytes.

    Raises ``FetchRejected`` for a body that does not decode or stacks too many layers.
    """
    names = [name.strip().lower() for name in (content_encoding or "").split(",")]
    layers = [_LAYERS[name] for name in reversed(names) if name in _LAYERS]
    if len(layers) > MAX_LAYERS:
        raise FetchRejected(
            f"{origin}: Content-Encoding {content_encoding!r} stacks {len(layers)} compressions; "
            f"at most {MAX_LAYERS} are undone"
        )
    stream: Iterator[bytes] = iter(raw)
    for layer in layers:
        stream = layer(stream)
    try:
        yield from stream
    except (zlib.error, brotli.error, zstandard.ZstdError) as exc:
        raise FetchRejected(f"{origin}: body does not decode as {content_encoding}: {exc}") from exc


def _inflate(chunks: Iterator[bytes], wbits: int) -> Iterator[bytes]:
    """zlib, gzip or raw deflate; a gzip body of several members is read to its end."""
    inflater = zlib.decompressobj(wbits)
    for chunk in chunks:
        data = chunk
        while data:
            yield from _drain(inflater, data)
            data = b""
            if inflater.eof and inflater.unused_data:  # the next gzip member
                data = inflater.unused_data
                inflater = zlib.decompressobj(wbits)
    yield from _drain(inflater, b"")
    rest = inflater.flush()
    if rest:
        yield rest


def _drain(inflater: zlib._Decompress, data: bytes) -> Iterator[bytes]:
    """Everything ``data`` inflates to, ``PIECE`` bytes at a time."""
    while True:
        out = inflater.decompress(data, PIECE)
        if out:
            yield out
        data = inflater.unconsumed_tail
        if not data and (len(out) < PIECE or inflater.eof):
            return


def _gzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    return _inflate(chunks, zlib.MAX_WBITS | 16)


def _deflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """``deflate`` should be zlib-wrapped; some servers send it raw (as httpx also accepts)."""
    first = next(chunks, b"")
    wbits = zlib.MAX_WBITS
    try:
        zlib.decompressobj(wbits).decompress(first[:2], 0)
    except zlib.error:
        wbits = -zlib.MAX_WBITS
    return _inflate(_prepend(first, chunks), wbits)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _brotli(chunks: Iterator[bytes]) -> Iterator[bytes]:
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        out = decompressor.process(chunk, output_buffer_limit=PIECE)
        while True:
            if out:
                yield out
            if decompressor.can_accept_more_data():
                break
            out = decompressor.process(b"", output_buffer_limit=PIECE)
    if not decompressor.is_finished():
        raise brotli.error("the body ends before its last block")


class _Reader:
    """An iterator of chunks as the file-like object zstandard reads from."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._buffer = chunk
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out


def _zstd(chunks: Iterator[bytes]) -> Iterator[bytes]:
    decompressor = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    reader = _Reader(chunks)
    # read_to_iter accepts any object with read(); its stubs say IO[bytes].
    yield from decompressor.read_to_iter(reader, read_size=PIECE, write_size=PIECE)  # type: ignore[arg-type]


_LAYERS: dict[str, Layer] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
    "zstd": _zstd,
}


GZIP_MAGIC = b"\x1f\x8b"


def gunzipped(body: bytes, cap: int, *, origin: str) -> bytes:
    """A gzip file's bytes (``sitemap.xml.gz``, sent as ``application/gzip`` with no
    Content-Encoding) decompressed under the same cap as a body; anything else as it is.

    Raises ``FetchRejected`` for a file that does not decompress or passes ``cap``.
    """
    if not body.startswith(GZIP_MAGIC):
        return body
    out = bytearray()
    for piece in decoded([body], "gzip", origin=origin):
        if len(out) + len(piece) > cap:
            raise FetchRejected(
                f"{origin} decompresses to more than {cap:,} bytes (http.max_body_bytes); "
                "stopped reading"
            )
        out += piece
    return bytes(out)
