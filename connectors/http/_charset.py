"""Decoding an HTML page's bytes the way browsers do. Pure: bytes and a header in, text out.

The order is the WHATWG one: a byte-order mark, then the charset of the HTTP
Content-Type, then a ``<meta charset>`` in the first bytes; when nothing is
declared, strict UTF-8, then charset detection. Legacy news sites still serve
windows-1251, koi8-r or iso-8859-9 pages, often declared only in a meta tag.
"""

from __future__ import annotations

import codecs
import re
from email.message import Message

import charset_normalizer

_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252, a superset; so do we.
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "latin-1", "ascii"})


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip() if isinstance(charset, str) and charset.strip() else None


def _codec(label: str | None) -> str | None:
    """Python's codec name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def sniff_charset(body: bytes, content_type: str | None) -> str | None:
    """The declared encoding of a page (BOM, header, then meta), or None."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = _codec(header_charset(content_type))
    if declared:
        return declared
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    return _codec(match.group(1).decode("ascii")) if match else None


def decode_html(body: bytes, content_type: str | None) -> str:
    """The page's text; never raises (undecodable bytes become U+FFFD)."""
    declared = sniff_charset(body, content_type)
    if declared:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("cp1252", errors="replace")
