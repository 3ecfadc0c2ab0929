"""Extract: a RawDocument of any kind becomes title, text and metadata.

Each kind has one small function; ``extract`` only dispatches. What the content
says wins over the hints of its container (a JSON record's fields, a feed entry's
date), which are the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time

import lxml.html
import trafilatura
from lxml.etree import ParserError

from pipeline.stages.boilerplate import clean_lines
from pipeline.stages.dates import parse_date
from pipeline.stages.plaintext import first_sentence, parse_plain_text
from pipeline.stages.textnorm import shorten, tidy_line, tidy_text
from schemas import DateSource, DocumentKind, ExtractionFailed, IngestError, RawDocument

# Titles longer than this are lead sentences, not headlines; cut them for display.
MAX_TITLE_CHARS = 160
_LOOKS_LIKE_HTML = re.compile(r"<(p|div|br|span|a|article|body|html|h[1-6])\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction learned about one document; ``identify`` turns it into an Article."""

    origin: str
    kind: DocumentKind
    title: str
    text: str
    url: str | None
    source: str | None
    source_feed: str | None
    authors: tuple[str, ...]
    language: str | None
    summary: str | None
    published_at: datetime | None
    date_source: DateSource
    tags: tuple[str, ...] = ()
    # The page's own <link rel="canonical">, if any (maps AMP/mobile variants).
    declared_canonical: str | None = None
    note: str | None = None  # why the text is not the page's own (see RawDocument.note)


def extract(raw: RawDocument) -> Extracted:
    """Extract one document; raises ExtractionFailed when no article text is left.

    The parsers under trafilatura (lxml, htmldate, justext) are not hardened against
    every page: fuzzing found AssertionErrors and others inside lxml. Whatever they
    raise is this input's problem, so it becomes ExtractionFailed with the reason, and
    a page falls back to its feed entry like any page without text.
    """
    try:
        extracted = _by_kind(raw)
    except IngestError:
        raise
    except Exception as exc:  # the parsers' own bugs: see the docstring
        raise ExtractionFailed(
            f"extracting {raw.origin} raised {type(exc).__name__}: {exc}"
        ) from exc
    if not extracted.text:
        raise ExtractionFailed(f"no article text left in {raw.origin} after extraction")
    return extracted


def _by_kind(raw: RawDocument) -> Extracted:
    if raw.kind is DocumentKind.PLAIN_TEXT:
        return _from_plain_text(raw)
    if raw.kind is DocumentKind.HTML:
        return _from_html_page(raw)
    return _from_record(raw)


def _from_plain_text(raw: RawDocument) -> Extracted:
    parsed = parse_plain_text(raw.payload)
    text = tidy_text(parsed.text)
    title = parsed.title or raw.title or parsed.lead_sentence or _first_sentence(text)
    date, date_source = _choose_date(parsed.published_at, DateSource.TEXT, raw)
    return replace(
        _base(raw, text=text, title=title),
        url=raw.url or parsed.url,
        source=parsed.source or raw.source,
        authors=parsed.authors or raw.authors,
        tags=parsed.tags or raw.tags,
        published_at=date,
        date_source=date_source,
    )


def _from_html_page(raw: RawDocument) -> Extracted:
    doc = trafilatura.bare_extraction(
        raw.payload,
        url=raw.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # Dates from metadata and markup only: htmldate's extensive search reads a
        # footer's "© 2025" as 2025-01-01, a wrong date where none is honest.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise ExtractionFailed(f"trafilatura found no article in the page {raw.origin}")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    page_title = tidy_line(meta.get("title") or "") or None
    lines = _without_headline((meta.get("text") or "").split("\n"), page_title)
    kept, _removed = clean_lines(lines)
    text = tidy_text("\n".join(kept))
    title = page_title or raw.title or _first_sentence(text)
    date, date_source = _choose_date(parse_date(meta.get("date")), DateSource.PAGE, raw)
    authors = tuple(a.strip() for a in (meta.get("author") or "").split(";") if a.strip())
    page_tags = [*(meta.get("tags") or []), *(meta.get("categories") or [])]
    tags = tuple(dict.fromkeys(t.strip() for t in page_tags if t.strip()))
    return replace(
        _base(raw, text=text, title=title),
        url=raw.url or meta.get("url"),
        declared_canonical=meta.get("url"),
        source=meta.get("sitename") or raw.source,
        authors=authors or raw.authors,
        tags=tags or raw.tags,
        language=raw.language or meta.get("language"),
        summary=raw.summary or meta.get("description"),
        published_at=date,
        date_source=date_source,
    )


def _without_headline(lines: list[str], title: str | None) -> list[str]:
    """The text without the headline trafilatura may repeat in it. A title that reads as
    a sentence is a lead paragraph standing in for a headline: keep it once."""
    if not title:
        return lines
    keep_once = title.endswith(".")
    kept: list[str] = []
    for line in lines:
        if tidy_line(line) == title:
            if not keep_once:
                continue
            keep_once = False
        kept.append(line)
    return kept


def _from_record(raw: RawDocument) -> Extracted:
    """JSON records and feed entries: the container gave the metadata, we clean the body."""
    body = html_to_text(raw.payload) if _LOOKS_LIKE_HTML.search(raw.payload) else raw.payload
    kept, _removed = clean_lines(body.split("\n"))
    # The edge rules are written for whole pages; a one-line feed summary such as
    # "Markets closed." is the article, not navigation, so keep it when nothing else is left.
    text = tidy_text("\n".join(kept)) or tidy_text(body)
    return _base(raw, text=text, title=raw.title or _first_sentence(text))


def html_to_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one line per block."""
    extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
    if extracted:
        return str(extracted)
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for block in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
        block.tail = f"\n{block.tail or ''}"
    return str(root.text_content())


def _base(raw: RawDocument, *, text: str, title: str) -> Extracted:
    return Extracted(
        origin=raw.origin,
        kind=raw.kind,
        title=shorten(tidy_line(title), MAX_TITLE_CHARS) if title else "",
        text=text,
        url=raw.url,
        source=raw.source,
        source_feed=raw.source_feed,
        authors=raw.authors,
        tags=raw.tags,
        language=raw.language,
        summary=raw.summary,
        published_at=raw.published_at,
        date_source=raw.date_source if raw.published_at else DateSource.NONE,
        note=raw.note,
    )


def _choose_date(
    found: datetime | None, found_source: DateSource, raw: RawDocument
) -> tuple[datetime | None, DateSource]:
    """The page's date, else the one its container (a feed entry) gave. Page dates come
    at day precision (htmldate): when the page's day is the entry's day, the entry's
    timestamp is the better value, and the source says so."""
    given = raw.published_at
    if given is None:
        return found, found_source if found is not None else DateSource.NONE
    if found is None or (found.time() == time(0) and found.date() == given.date()):
        return given, raw.date_source
    return found, found_source


def _first_sentence(text: str) -> str:
    return first_sentence(text.split("\n", 1)[0])
