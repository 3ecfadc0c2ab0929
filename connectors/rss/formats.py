"""Which parser reads a feed's document, and the parsing itself. Never fetches.

A feed's ``type`` (``FeedType``) says what its document is; ``auto``, the default,
tells it from the document: a JSON object is a JSON Feed, an XML document whose root
element is ``<urlset>`` or ``<sitemapindex>`` is a sitemap, and so is a URL whose
path is ``/robots.txt`` (its ``Sitemap:`` lines); anything else goes to feedparser as
RSS/Atom, which reports what is wrong when it is none of them. The signals are the
formats' own (root element, top-level JSON object), so detection does not guess
between two readings of one document; a type given in the config pins the parser,
and a document of another kind is then an error that says so.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from connectors.rss.config import FeedType
from connectors.rss.jsonfeed import parse_json_feed
from connectors.rss.parse import ParsedFeed, parse_feed
from connectors.rss.sitemap import MAX_URLS, parse_sitemap
from schemas import InvalidInput

# How far into a document its kind is looked for: past an XML declaration, comments
# and a stylesheet instruction (sitemaps often carry one) to the root element.
SNIFF_BYTES = 4096
_COMMENT = re.compile(rb"<!--.*?(-->|$)", re.DOTALL)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_BOMS = (b"\xef\xbb\xbf",)
_SITEMAP_ROOTS = (b"urlset", b"sitemapindex")


def detect(data: bytes, url: str) -> FeedType:
    """The kind of feed document ``data`` (fetched from ``url``) is. Pure."""
    if is_robots_url(url):
        return FeedType.SITEMAP
    head = data[:SNIFF_BYTES]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if head.lstrip().startswith(b"{"):
        return FeedType.JSONFEED
    root = _ROOT.search(_COMMENT.sub(b"", head))
    if root is not None and root.group(1) in _SITEMAP_ROOTS:
        return FeedType.SITEMAP
    return FeedType.RSS


def is_robots_url(url: str) -> bool:
    try:
        return urlsplit(url).path == "/robots.txt"
    except ValueError:
        return False


def parse_document(
    data: bytes,
    kind: FeedType,
    *,
    origin: str,
    url: str,
    headers: dict[str, str] | None = None,
    source: str | None = None,
    max_entries: int = MAX_URLS,
) -> tuple[FeedType, ParsedFeed]:
    """``data`` read as ``kind`` (detected when ``auto``): the kind and what it holds.

    ``origin`` is the feed as configured, ``url`` where ``data`` came from. Raises
    only ``InvalidInput``."""
    if kind is FeedType.AUTO:
        kind = detect(data, url)
    if kind is FeedType.JSONFEED:
        return kind, parse_json_feed(data, origin=origin, feed_url=url, source=source)
    if kind is FeedType.SITEMAP:
        if is_robots_url(url):
            return kind, robots_sitemaps(data, url)
        return kind, parse_sitemap(
            data, origin=origin, sitemap_url=url, source=source, max_entries=max_entries
        )
    return kind, parse_feed(data, origin=origin, feed_url=url, headers=headers, source=source)


def robots_sitemaps(data: bytes, url: str) -> ParsedFeed:
    """The sitemaps a robots.txt lists in its ``Sitemap:`` lines, as an index would."""
    parser = RobotFileParser()
    parser.parse(data.decode("utf-8", errors="replace").splitlines())
    listed = tuple(dict.fromkeys(parser.site_maps() or ()))
    if not listed:
        raise InvalidInput(f"{url} lists no sitemap (no Sitemap: line)")
    return ParsedFeed(None, None, (), None, sitemaps=listed)
