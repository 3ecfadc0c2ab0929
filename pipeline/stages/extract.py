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

from pipeline.stages.boilerplate import RemovedLine, parse_date_line
from pipeline.stages.cascade import extract_page
from pipeline.stages.dates import find_date, mentioned_in_body, parse_date
from pipeline.stages.guard import clean_guarded
from pipeline.stages.pagedates import DateCandidate, cross_check
from pipeline.stages.plaintext import first_sentence, parse_plain_text
from pipeline.stages.textnorm import shorten, tidy_line, tidy_text
from pipeline.stages.titles import choose_title, split_outlet_suffix
from schemas import (
    DateSource,
    DocumentKind,
    ExtractionFailed,
    Extractor,
    IngestError,
    RawDocument,
)

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
    extractor: Extractor | None = None


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
    title = choose_title([parsed.title, raw.title, parsed.lead_sentence, _first_sentence(text)])
    date, date_source = _choose_date(parsed.published_at, DateSource.TEXT, raw)
    notes = [n for n in (raw.note, parsed.note) if n]
    return replace(
        _base(raw, text=text, title=title or ""),
        url=raw.url or parsed.url,
        source=parsed.source or raw.source,
        authors=parsed.authors or raw.authors,
        tags=parsed.tags or raw.tags,
        published_at=date,
        date_source=date_source,
        extractor=Extractor.PLAIN_TEXT,
        note="; ".join(notes) or None,
    )


def _from_html_page(raw: RawDocument) -> Extracted:
    page = extract_page(raw.payload, raw.url)
    meta = page.metadata
    site_name = tidy_line(str(meta.get("sitename") or "")) or None
    # trafilatura's own title comes after the page's og:title and h1s and the entry's title.
    candidates = [*page.headlines, raw.title, str(meta.get("title") or "")]
    page_title = choose_title(candidates)
    title, outlet = (
        split_outlet_suffix(page_title, site_name=site_name, url=raw.url)
        if page_title
        else ("", None)
    )
    lines = _without_headline(page.lines, {t for t in (page_title, title) if t})
    cleaned = clean_guarded(lines, origin="extracted")
    text = tidy_text("\n".join(cleaned.lines))
    title = title or _first_sentence(text)
    date, date_source = _choose_date(*_page_date(meta, page.dates, cleaned.removed, raw, text), raw)
    authors = tuple(a.strip() for a in _str(meta.get("author")).split(";") if a.strip())
    page_tags = [*_strs(meta.get("tags")), *_strs(meta.get("categories"))]
    tags = tuple(dict.fromkeys(t.strip() for t in page_tags if t.strip()))
    notes = [n for n in (raw.note, page.note, cleaned.note) if n]
    return replace(
        _base(raw, text=text, title=title),
        url=raw.url or _str(meta.get("url")) or None,
        declared_canonical=_str(meta.get("url")) or None,
        source=site_name or outlet or raw.source,
        authors=authors or raw.authors,
        tags=tags or raw.tags,
        language=raw.language or _str(meta.get("language")) or None,
        summary=raw.summary or _str(meta.get("description")) or None,
        published_at=date,
        date_source=date_source,
        extractor=page.extractor,
        note="; ".join(notes) or None,
    )


def _str(value: object) -> str:
    return str(value) if value else ""


def _strs(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _page_date(
    meta: dict[str, object],
    stated: tuple[DateCandidate, ...],
    removed: list[RemovedLine],
    raw: RawDocument,
    text: str,
) -> tuple[datetime | None, DateSource]:
    """The page's date, most trusted source first: its markup (htmldate's day through
    trafilatura, cross-checked against the JSON-LD, meta, time and URL dates the page
    states, see ``pagedates``), a date line in its text, then htmldate's search of the
    URL and the whole page, unless what it found is a date the article talks about
    ("the parade on May 9, 2025") rather than its own."""
    found, source = cross_check(parse_date(_str(meta.get("date"))), list(stated))
    if found is not None:
        return found, source
    if (found := _text_date(removed)) is not None:
        return found, DateSource.TEXT
    found = find_date(raw.payload, raw.url)
    if found is not None and not mentioned_in_body(found, text):
        return found, DateSource.PAGE_SEARCH
    return None, DateSource.NONE


def _text_date(removed: list[RemovedLine]) -> datetime | None:
    dates = (parse_date_line(r.line) for r in removed if r.rule == "date-line")
    return next((d for d in dates if d is not None), None)


def _without_headline(lines: list[str], titles: set[str]) -> list[str]:
    """The text without the headline trafilatura may repeat in it. A title that reads as
    a sentence is a lead paragraph standing in for a headline: keep it once."""
    if not titles:
        return lines
    keep_once = any(title.endswith(".") for title in titles)
    kept: list[str] = []
    for line in lines:
        if tidy_line(line) in titles:
            if not keep_once:
                continue
            keep_once = False
        kept.append(line)
    return kept


def _from_record(raw: RawDocument) -> Extracted:
    """JSON records and feed entries: the container gave the metadata, we clean the body."""
    body = html_to_text(raw.payload) if _LOOKS_LIKE_HTML.search(raw.payload) else raw.payload
    cleaned = clean_guarded(body.split("\n"))
    # The edge rules are written for whole pages; a one-line feed summary such as
    # "Markets closed." is the article, not navigation, so keep it when nothing else is left.
    text = tidy_text("\n".join(cleaned.lines)) or tidy_text(body)
    title = choose_title([raw.title, _first_sentence(text)]) or ""
    notes = [n for n in (raw.note, cleaned.note) if n]
    base = _base(raw, text=text, title=title)
    return replace(base, extractor=Extractor.RECORD, note="; ".join(notes) or None)


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
    timestamp is the better value, and the source says so. A date htmldate had to search
    for is weaker than the entry's own."""
    given = raw.published_at
    if given is None:
        return found, found_source if found is not None else DateSource.NONE
    if found is None or found_source is DateSource.PAGE_SEARCH:
        return given, raw.date_source
    if found.time() == time(0) and found.date() == given.date():
        return given, raw.date_source
    return found, found_source


def _first_sentence(text: str) -> str:
    return first_sentence(text.split("\n", 1)[0])
