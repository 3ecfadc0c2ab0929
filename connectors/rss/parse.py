"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom bytes to RawDocuments. Never fetches.

feedparser is given bytes (and, when known, the response headers and the feed's
URL for resolving relative links); it never sees a URL it could fetch itself.
An ill-formed feed is parsed as far as possible and reported, not raised.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from schemas import DateSource, DocumentKind, InvalidInput, RawDocument


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: tuple[RawDocument, ...]
    problem: str | None  # why the feed was ill-formed (feedparser's "bozo"), if it was


def parse_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> ParsedFeed:
    """Parse feed bytes; raises InvalidInput only when nothing at all could be read."""
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": feed_url, **(headers or {})} if feed_url else headers,
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    problem = _bozo_reason(parsed)
    feed: Any = parsed.get("feed", {})
    feed_title = feed.get("title") or None
    entries = tuple(
        _entry_document(entry, origin=origin, source=source or feed_title)
        for entry in parsed.get("entries", [])
        if _has_content(entry)
    )
    if not entries and problem:
        raise InvalidInput(f"malformed feed {origin}: {problem}")
    return ParsedFeed(
        title=feed_title, link=feed.get("link") or None, entries=entries, problem=problem
    )


def _entry_document(entry: Any, *, origin: str, source: str | None) -> RawDocument:
    contents = entry.get("content") or []
    body = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary") or None
    published = _entry_date(entry)
    link = entry.get("link") or None
    authors = tuple(
        a["name"].strip() for a in entry.get("authors", []) if a.get("name", "").strip()
    )
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
            # feedparser normalises to a UTC struct_time; timegm keeps it UTC.
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
