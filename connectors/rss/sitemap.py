"""Sitemap parsing: a ``<urlset>`` (with Google News' ``news:news``) or a
``<sitemapindex>`` to a ``ParsedFeed``. Never fetches.

A news sitemap says of each story what an RSS item says: its URL (``loc``), title,
publication date, language, outlet name and keywords. A plain sitemap says only the
URL and when it changed (``lastmod``); both are read. A sitemap index lists other
sitemaps: they come back in ``ParsedFeed.sitemaps``, newest ``lastmod`` first, for
the caller (``connectors.rss.read``) to fetch.

The bytes are hostile input. lxml parses them with entities left unresolved (no
billion laughs, no external entities), no network and no DTD; a truncated or
ill-formed sitemap is read as far as it goes (``recover``) and the damage reported
as ``problem``, as feedparser's "bozo" is for feeds. lxml is not hardened against
every tree it recovers (fuzzing found ValueErrors and UnicodeDecodeErrors reading the
names and text of elements): a ``<url>`` that raises is a ``RejectedEntry``, a
document that does is ``InvalidInput``. Elements are matched by local
name, whatever their namespace: sitemaps with the old 0.84 namespace, or none, are
common. Raises nothing but ``InvalidInput``.

Written here rather than taken from trafilatura's ``sitemaps`` module, which keeps
only the ``loc`` of each URL (not the news title, date, language or keywords),
fetches with its own downloader, and drops links to other domains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from connectors.rss.parse import ParsedFeed, RejectedEntry
from pipeline.stages.dates import parse_date
from schemas import DateSource, DocumentKind, InvalidInput, RawDocument

# The sitemaps protocol's own limit on URLs in one file (and on sitemaps in an index).
MAX_URLS = 50_000
URLSET = "urlset"
_URL_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?url\s*>")
INDEX = "sitemapindex"


def parse_sitemap(
    data: bytes,
    *,
    origin: str,
    sitemap_url: str | None = None,
    source: str | None = None,
    max_entries: int = MAX_URLS,
) -> ParsedFeed:
    """Parse sitemap bytes: the newest ``max_entries`` URLs (by publication date, else
    lastmod), or an index's sitemaps. ``origin`` is the feed as configured (each
    entry's ``source_feed``); ``sitemap_url`` the document's own URL, for relative
    locations and for naming bad entries."""
    where = sitemap_url or origin
    try:
        return _parsed(data, where, origin, source, max_entries)
    except (ValueError, etree.LxmlError) as exc:  # lxml on a tree it recovered: see below
        raise InvalidInput(f"malformed sitemap {where}: {type(exc).__name__}: {exc}") from exc


def _parsed(
    data: bytes, where: str, origin: str, source: str | None, max_entries: int
) -> ParsedFeed:
    root, problem = _root(data, where)
    name = _local(root)
    if name == INDEX:
        return ParsedFeed(None, None, (), problem, sitemaps=_index(root, where))
    if name != URLSET:
        raise InvalidInput(f"{where} is not a sitemap: its root element is <{name}>")
    dated: list[tuple[datetime | None, RawDocument]] = []
    rejected: list[RejectedEntry] = []
    urls = list(_children(root, "url"))
    if problem:
        # recover closes what a cut-off file left open: a <url> whose end tag is not in
        # the bytes may hold half a location, so only the closed ones are read.
        del urls[len(_URL_END.findall(data)) :]
    for number, url in enumerate(urls):
        if number >= MAX_URLS:
            problem = _joined(problem, f"more than {MAX_URLS:,} URLs; the rest were not read")
            break
        try:
            dated.append(_entry(url, origin=origin, base=where, source=source))
        except (InvalidInput, ValueError) as exc:  # ValueError: lxml, urllib on odd bytes
            err = exc if isinstance(exc, InvalidInput) else InvalidInput(f"{where}: {exc}")
            rejected.append(RejectedEntry(f"{where}#url-{number + 1}", err, _payload(url)))
    # Newest first, so a cap keeps the latest stories (sort is stable: ties keep file order).
    dated.sort(key=lambda pair: -pair[0].timestamp() if pair[0] else float("inf"))
    entries = tuple(doc for _date, doc in dated[:max_entries])
    if not entries and problem:
        raise InvalidInput(f"malformed sitemap {where}: {problem}")
    return ParsedFeed(None, None, entries, problem, tuple(rejected))


def _root(data: bytes, where: str) -> tuple[etree._Element, str | None]:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InvalidInput(f"malformed sitemap {where}: {exc}") from exc
    errors = [f"line {e.line}: {e.message}" for e in parser.error_log]
    if root is None:
        raise InvalidInput(f"malformed sitemap {where}: {errors[0] if errors else 'no XML'}")
    return root, ("; ".join(errors[:3]) if errors else None)


def _index(root: etree._Element, where: str) -> tuple[str, ...]:
    """The index's sitemaps, newest lastmod first (undated ones after, in file order)."""
    found: list[tuple[datetime | None, str]] = []
    for sitemap in _children(root, "sitemap"):
        try:
            loc = _absolute(_text(sitemap, "loc"), where)
        except ValueError:  # undecodable text, an unparseable URL: not a sitemap to read
            continue
        if loc is not None:
            found.append((parse_date(_text(sitemap, "lastmod")), loc))
        if len(found) >= MAX_URLS:
            break
    found.sort(key=lambda pair: -pair[0].timestamp() if pair[0] else float("inf"))
    return tuple(dict.fromkeys(loc for _date, loc in found))


def _entry(
    url: etree._Element, *, origin: str, base: str, source: str | None
) -> tuple[datetime | None, RawDocument]:
    loc = _absolute(_text(url, "loc"), base)
    if loc is None:
        raise InvalidInput(f"{base}: a <url> without an http(s) <loc>")
    news = next(_children(url, "news"), None)
    publication = next(_children(news, "publication"), None) if news is not None else None
    published = parse_date(_text(news, "publication_date"))
    keywords = (_text(news, "keywords") or "").split(",")
    return published or parse_date(_text(url, "lastmod")), RawDocument(
        origin=loc,
        kind=DocumentKind.FEED_ENTRY,
        payload="",  # a sitemap carries no text: the page is the article
        url=loc,
        title=_text(news, "title"),
        source=source or _text(publication, "name"),
        source_feed=origin,
        tags=tuple(dict.fromkeys(k.strip() for k in keywords if k.strip())),
        language=_text(publication, "language"),
        published_at=published,
        date_source=DateSource.FEED if published else DateSource.NONE,
    )


def _children(parent: etree._Element | None, name: str) -> Iterator[etree._Element]:
    """Child elements of ``parent`` whose local name is ``name``, in any namespace."""
    if parent is None:
        return
    for child in parent:
        if _local(child) == name:
            yield child


def _local(element: etree._Element) -> str | None:
    """The element's name without namespace or prefix; None for comments, entities and
    a name lxml cannot give back (a recovered tree can hold undecodable bytes).

    Not ``etree.QName``: it validates the name and raises on what recover let through
    (``rdf:RDF`` with its prefix undeclared)."""
    try:
        tag = element.tag
    except ValueError:
        return None
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _payload(element: etree._Element) -> str:
    try:
        return str(etree.tostring(element, encoding="unicode"))
    except ValueError:
        return "(an element lxml cannot write back)"


def _text(parent: etree._Element | None, name: str) -> str | None:
    child = next(_children(parent, name), None)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text or None


def _absolute(loc: str | None, base: str) -> str | None:
    if not loc:
        return None
    url = urljoin(base, loc)
    return url if urlsplit(url).scheme in ("http", "https") else None


def _joined(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second
