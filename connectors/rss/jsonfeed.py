"""JSON Feed parsing: versions 1.0 and 1.1 (https://jsonfeed.org) to a ``ParsedFeed``.

An item becomes the same document an RSS item does: its ``url`` (or ``external_url``),
title, ``content_html`` (else ``content_text``, else ``summary``) as the body,
``date_published`` (else ``date_modified``), ``authors`` (1.1) or ``author`` (1.0),
falling back to the feed's own, ``tags``, and ``language`` (1.1, the item's or the
feed's). Never fetches; raises nothing but ``InvalidInput``.

Written here because feedparser 6.0 reads no JSON, and the JSON Feed packages on
PyPI are unmaintained; the format is small enough that the standard library reads it.
Bad input is data, as in ``parse``: an item that cannot be read is a
``RejectedEntry``, and a feed without a version is read and reported as a problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from connectors.rss.parse import ParsedFeed, RejectedEntry
from pipeline.stages.dates import parse_date
from schemas import DateSource, DocumentKind, InvalidInput, RawDocument

VERSION_PREFIXES = ("https://jsonfeed.org/version/1", "http://jsonfeed.org/version/1")


def parse_json_feed(
    data: bytes,
    *,
    origin: str,
    feed_url: str | None = None,
    source: str | None = None,
) -> ParsedFeed:
    """Parse JSON Feed bytes; raises InvalidInput when they are no JSON Feed at all."""
    try:
        feed = json.loads(data)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise InvalidInput(f"malformed JSON Feed {origin}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise InvalidInput(f"{origin} is not a JSON Feed: no object with an 'items' list")
    version = feed.get("version")
    problem = None
    if not (isinstance(version, str) and version.startswith(VERSION_PREFIXES)):
        problem = f"version {version!r} is not a JSON Feed 1.x version"
    base = feed_url or origin
    title = _string(feed.get("title"))
    defaults = _Defaults(
        source=source or title,
        authors=_authors(feed),
        language=_string(feed.get("language")),
    )
    entries: list[RawDocument] = []
    rejected: list[RejectedEntry] = []
    for number, item in enumerate(feed["items"]):
        try:
            document = _item_document(item, origin=origin, base=base, defaults=defaults)
        except (InvalidInput, TypeError, ValueError) as exc:
            reason = InvalidInput(f"{origin}#item-{number + 1}: the item cannot be read ({exc})")
            payload = json.dumps(item, ensure_ascii=False)
            rejected.append(RejectedEntry(f"{origin}#item-{number + 1}", reason, payload))
            continue
        if document is not None:
            entries.append(document)
    return ParsedFeed(
        title=title,
        link=_string(feed.get("home_page_url")),
        entries=tuple(entries),
        problem=problem,
        rejected=tuple(rejected),
    )


@dataclass(frozen=True, slots=True)
class _Defaults:
    """What an item without its own takes from the feed."""

    source: str | None
    authors: tuple[str, ...]
    language: str | None


def _item_document(item: Any, *, origin: str, base: str, defaults: _Defaults) -> RawDocument | None:
    if not isinstance(item, dict):
        raise InvalidInput(f"an item is a JSON {type(item).__name__}, not an object")
    link = _link(item.get("url"), base) or _link(item.get("external_url"), base)
    title = _string(item.get("title"))
    summary = _string(item.get("summary"))
    body = _string(item.get("content_html")) or _string(item.get("content_text"))
    if not (link or title or summary or body):
        return None  # nothing in it, as feedparser's empty entries: not a document
    item_id = item.get("id")
    key = str(item_id) if isinstance(item_id, str | int) and str(item_id) else title or "item"
    published = parse_date(_string(item.get("date_published"))) or parse_date(
        _string(item.get("date_modified"))
    )
    tags = item.get("tags") or []
    if not isinstance(tags, list):
        raise InvalidInput(f"'tags' is a JSON {type(tags).__name__}, not a list")
    return RawDocument(
        origin=link or f"{origin}#{key}",
        kind=DocumentKind.FEED_ENTRY,
        payload=body or summary or "",
        url=link,
        title=title,
        summary=summary,
        source=defaults.source,
        source_feed=origin,  # the feed as configured, as for RSS
        authors=_authors(item) or defaults.authors,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip())),
        language=_string(item.get("language")) or defaults.language,
        published_at=published,
        date_source=DateSource.FEED if published else DateSource.NONE,
    )


def _authors(owner: dict[str, Any]) -> tuple[str, ...]:
    """1.1's ``authors`` list, else 1.0's single ``author``; names only."""
    people = owner.get("authors")
    if not isinstance(people, list):
        people = [owner.get("author")]
    names = (_string(p.get("name")) for p in people if isinstance(p, dict))
    return tuple(dict.fromkeys(name for name in names if name))


def _link(value: Any, base: str) -> str | None:
    text = _string(value)
    if text is None:
        return None
    url = urljoin(base, text)
    return url if urlsplit(url).scheme in ("http", "https") else None


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
