"""Which of a page's own date sources gives its publication date, cross-checked.

A page can state its publication date in several places. We read the ones whose
meaning is explicit, in this order of trust:

- ``jsonld``: ``datePublished`` (else ``dateCreated``) of the page's JSON-LD objects;
- ``meta``: publication meta tags (``article:published_time``, ``og:published_time``,
  ``pubdate``, Dublin Core ``dc.date.issued``..., ``itemprop="datePublished"``);
- ``time``: ``<time>`` elements marked as the publication (``itemprop="datePublished"``,
  ``pubdate``, a class naming "publish"), else the first ``<time datetime>`` in the page;
- ``url``: a full date in the URL's path (``/2024/03/15/``, ``/20240315/``, ``2024-03-15``).

htmldate (through trafilatura, publication rather than update date) stays the judge of
the day: its rules are the ones measured on every set. The cross-check then decides:

1. htmldate's day agrees with a named source: that source wins, the first in the order
   above that agrees.
2. htmldate's day agrees with none of them (it read a date elsewhere in the markup, such
   as a ``class="date"`` span): ``page``, at htmldate's day.
3. The URL writes a full date and a marked-up source (JSON-LD, meta, time) writes the
   same day, but htmldate chose another: the two that agree win over htmldate (a page
   edited later shows its update date where htmldate looks first), through the
   marked-up source.

The value is the day as the page writes it (midnight UTC), not the source's timestamp
converted to UTC: an article published at 20:10 in UTC-4 is the 7th for its readers and
the publisher, but the 8th in UTC. Measured on trafilatura-evaldata (gold days as the
pages write them): keeping the converted timestamps made 5 of 201 pages a day late.
A feed entry's timestamp of the same day still replaces the day (``extract``).

Everything is pure: the page is a parsed tree, nothing is fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import lxml.html

from pipeline.stages.dates import parse_date
from schemas import DateSource

__all__ = ["DateCandidate", "cross_check", "page_date_candidates"]

_META_PUBLISHED = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "og:article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_time",
        "published-date",
        "article.published",
        "article_date_original",
        "date",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "citation_publication_date",
        "originalpublicationdate",
        "displaydate",
    }
)
_URL_DATE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)(?:[/_.-](\d{1,2})[/_.-](\d{1,2})|/?(\d\d)/?(\d\d))(?!\d)"
)
_JSONLD_KEYS = ("datePublished", "dateCreated")


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """One date a page states and where it states it."""

    source: DateSource
    local_day: date  # the day as the page writes it, in its own offset


def page_date_candidates(root: lxml.html.HtmlElement, url: str | None) -> list[DateCandidate]:
    """Every publication date the page states explicitly, in the order of trust."""
    found: list[DateCandidate] = []
    for source, values in (
        (DateSource.JSONLD, _jsonld_dates(root)),
        (DateSource.META, _meta_dates(root)),
        (DateSource.TIME, _time_dates(root)),
    ):
        for value in values:
            if (candidate := _candidate(source, value)) is not None:
                found.append(candidate)
                break  # the first of each source: later ones are related stories'
    if url and (day := url_date(url)) is not None:
        found.append(DateCandidate(DateSource.URL, day))
    return found


def cross_check(
    htmldate_day: datetime | None, candidates: list[DateCandidate]
) -> tuple[datetime | None, DateSource]:
    """The rule in the module docstring: the date and the source that won."""
    by_url = next((c for c in candidates if c.source is DateSource.URL), None)
    marked = [c for c in candidates if c.source is not DateSource.URL]
    if by_url is not None and (htmldate_day is None or htmldate_day.date() != by_url.local_day):
        confirmed = next((c for c in marked if c.local_day == by_url.local_day), None)
        if confirmed is not None:
            return _value(confirmed), confirmed.source
    if htmldate_day is None:
        return None, DateSource.NONE
    agreeing = next((c for c in candidates if c.local_day == htmldate_day.date()), None)
    if agreeing is None:
        return htmldate_day, DateSource.PAGE
    return _value(agreeing), agreeing.source


def _value(candidate: DateCandidate) -> datetime:
    day = candidate.local_day
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def url_date(url: str) -> date | None:
    """A full date written in the URL's path, if any (not a bare year or month)."""
    for match in _URL_DATE.finditer(urlsplit(url).path):
        year = int(match[1])
        month, day = (int(match[2]), int(match[3])) if match[2] else (int(match[4]), int(match[5]))
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _candidate(source: DateSource, value: str) -> DateCandidate | None:
    text = value.strip()
    parsed = parse_date(text)
    if parsed is None:
        return None
    local = datetime.fromisoformat(text[:10]).date() if _iso_day(text) else parsed.date()
    return DateCandidate(source, local)


def _iso_day(text: str) -> bool:
    try:
        datetime.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def _jsonld_dates(root: lxml.html.HtmlElement) -> Iterator[str]:
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        yield from _walk_jsonld(data)


def _walk_jsonld(data: object) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        for key in _JSONLD_KEYS:
            if isinstance(value := data.get(key), str):
                yield value
                break
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _walk_jsonld(data[key])


def _meta_dates(root: lxml.html.HtmlElement) -> Iterator[str]:
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _META_PUBLISHED and (content := meta.get("content")):
            yield content


def _time_dates(root: lxml.html.HtmlElement) -> Iterator[str]:
    times = [t for t in root.iter("time") if t.get("datetime")]
    for element in times:
        marks = f"{element.get('itemprop', '')} {element.get('class', '')}".lower()
        if "datepublished" in marks or "publish" in marks or element.get("pubdate") is not None:
            yield str(element.get("datetime"))
    if times:
        yield str(times[0].get("datetime"))
