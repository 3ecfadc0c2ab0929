"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom bytes to RawDocuments. Never fetches.

feedparser is given bytes (and, when known, the response headers and the feed's
URL for resolving relative links); it never sees a URL it could fetch itself.
An ill-formed feed is parsed as far as possible and reported, not raised.

Feed bytes are hostile input, and feedparser is not hardened against all of it
(a character reference above U+10FFFF or to a surrogate, a non-ASCII encoding
declaration, a year-0 date; fuzzing found TypeErrors and KeyErrors inside it too).
So: the bytes are first cleared of what is known to crash it; when the whole
parse still raises, each entry is parsed on its own (with the feed's header), so
the good entries of a feed that breaks half-way are kept; an entry that cannot be
turned into a document becomes a ``RejectedEntry``, reported, never dropped; and
``parse_feed`` raises nothing but ``InvalidInput``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from schemas import DateSource, DocumentKind, InvalidInput, RawDocument


@dataclass(frozen=True, slots=True)
class RejectedEntry:
    """An entry of a readable feed that could not be made into a document."""

    origin: str
    error: InvalidInput
    payload: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: tuple[RawDocument, ...]
    problem: str | None  # why the feed was ill-formed (feedparser's "bozo"), if it was
    rejected: tuple[RejectedEntry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # a sitemap index's (or robots.txt's) sitemaps, to read next


# A numeric character reference; which ones are valid is decided in _valid_charref.
_CHARREF = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);?")
# The XML declaration's encoding, when it is not plain ASCII (feedparser decodes it as
# UTF-8 and raises); dropping it lets the encoding be sniffed as for any other feed.
_BAD_DECLARED_ENCODING = re.compile(
    rb"""(<\?xml[^>]{0,200}?)\sencoding=["'][^"']*?[\x80-\xff][^"']*["']"""
)
# Entries of RSS (item) and Atom (entry), for parsing them one by one.
_ENTRY = re.compile(rb"<(item|entry)[\s>].*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def parse_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> ParsedFeed:
    """Parse feed bytes; raises InvalidInput only when nothing at all could be read."""
    response_headers = {"content-location": feed_url, **(headers or {})} if feed_url else headers
    data = _defused(data)
    rejected: list[RejectedEntry] = []
    try:
        parsed = [_feedparser(data, response_headers)]
        problem = _bozo_reason(parsed[0])
    except Exception as exc:  # feedparser's own bugs are this input's problem here
        problem = f"the parser raised {type(exc).__name__}: {exc}"
        parsed = _entry_by_entry(data, response_headers, origin, rejected)
        if not parsed:
            raise InvalidInput(f"malformed feed {origin}: {problem}") from exc
    feed: Any = parsed[0].get("feed", {})
    feed_title = feed.get("title") or None
    entries: list[RawDocument] = []
    for entry in (entry for one in parsed for entry in one.get("entries", [])):
        if not _has_content(entry):
            continue
        try:
            entries.append(_entry_document(entry, origin=origin, source=source or feed_title))
        except Exception as exc:  # noqa: BLE001 - one odd entry must not lose the others
            rejected.append(_rejected(origin, len(entries) + len(rejected), exc, repr(entry)))
    if not entries and problem:
        raise InvalidInput(f"malformed feed {origin}: {problem}")
    return ParsedFeed(
        title=feed_title,
        link=feed.get("link") or None,
        entries=tuple(entries),
        problem=problem,
        rejected=tuple(rejected),
    )


def _rejected(origin: str, number: int, exc: Exception, payload: str) -> RejectedEntry:
    where = f"{origin}#entry-{number + 1}"
    reason = f"{where}: the entry cannot be read ({type(exc).__name__}: {exc})"
    return RejectedEntry(where, InvalidInput(reason), payload)


def _feedparser(data: bytes, response_headers: dict[str, str] | None) -> Any:
    return feedparser.parse(
        data, response_headers=response_headers, sanitize_html=True, resolve_relative_uris=True
    )


def _defused(data: bytes) -> bytes:
    """``data`` without what is known to crash feedparser: character references to
    no character (above U+10FFFF, surrogates, NUL) become U+FFFD, and a non-ASCII
    encoding declaration is dropped."""
    data = _CHARREF.sub(_valid_charref, data)
    return _BAD_DECLARED_ENCODING.sub(rb"\1", data, count=1)


def _valid_charref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    try:
        code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    except ValueError:
        return match.group(0)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return b"&#xFFFD;"
    return match.group(0)


def _entry_by_entry(
    data: bytes,
    response_headers: dict[str, str] | None,
    origin: str,
    rejected: list[RejectedEntry],
) -> list[Any]:
    """Each entry parsed on its own, with the feed's header and closing tags; the
    entries that still break the parser are added to ``rejected``."""
    found = list(_ENTRY.finditer(data))
    if not found:
        return []
    head, tail = data[: found[0].start()], data[found[-1].end() :]
    parsed = []
    for number, match in enumerate(found):
        try:
            parsed.append(_feedparser(head + match.group(0) + tail, response_headers))
        except Exception as exc:  # noqa: BLE001 - this entry is the one that breaks the parser
            text = match.group(0).decode("utf-8", "replace")
            rejected.append(_rejected(origin, number, exc, text))
    return parsed


def _entry_document(entry: Any, *, origin: str, source: str | None) -> RawDocument:
    contents = entry.get("content") or []
    body = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary") or None
    published = _entry_date(entry)
    link = entry.get("link") or None
    names = (a.get("name") for a in entry.get("authors", []) if isinstance(a, dict))
    # an <author> with an empty <name> gives None (fuzzing found it): no author, not a crash
    authors = tuple(name.strip() for name in names if isinstance(name, str) and name.strip())
    return RawDocument(
        origin=link or f"{origin}#{entry.get('id') or entry.get('title') or 'entry'}",
        kind=DocumentKind.FEED_ENTRY,
        payload=body or summary or "",
        url=link,
        title=entry.get("title") or None,
        summary=summary,
        source=source,
        source_feed=origin,  # the feed as configured: a redirect must not split its counts
        authors=authors,
        tags=tuple(
            dict.fromkeys(t["term"].strip() for t in entry.get("tags", []) if t.get("term"))
        ),
        language=entry.get("language") or None,
        published_at=published,
        date_source=DateSource.FEED if published else DateSource.NONE,
    )


def _has_content(entry: Any) -> bool:
    """A truncated feed can leave an entry with nothing in it; that is not a document."""
    return any(entry.get(key) for key in ("title", "link", "summary", "content"))


def _entry_date(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            # feedparser normalises to a UTC struct_time; timegm keeps it UTC. A date no
            # calendar has (year 0, year 99999) is no date: the next field may do.
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (ValueError, OverflowError, OSError, TypeError):
                continue
    return None


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
