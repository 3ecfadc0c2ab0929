"""Finding a site's feeds and sitemaps from its home page, with the feeds' own fetcher.

Candidates come from three places, in this order: the page's ``<link rel="alternate">``
feeds (trafilatura's ``feeds.determine_feed``, which falls back to feed-looking
``<a href>`` links and leaves out comment feeds), the ``Sitemap:`` lines of the site's
robots.txt, and a short list of paths where feeds and news sitemaps usually live.
Each candidate is fetched and read exactly as a poll reads it (``read_feed``: the
type told from the document, gzip undone, an index followed to one sitemap), so
what discovery reports is what ``newsflow run`` will get. Every request goes
through the ``Fetcher``: address guard, robots.txt, politeness, size caps, timeouts.

trafilatura's ``find_feed_urls`` and ``sitemap_search`` are not used whole: they
fetch with trafilatura's own downloader (none of our guard, caps or politeness),
return links of entries rather than the feeds, and ask Google News as a fallback.
courlan's ``normalize_url`` makes the keys that tell two spellings of one URL apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from courlan import normalize_url
from trafilatura.feeds import FeedParameters, determine_feed

from connectors.http import Fetcher, decode_html
from connectors.rss.config import FeedSpec, FeedType
from connectors.rss.pages import PAGE_ACCEPT
from connectors.rss.poll import FEED_ACCEPT
from connectors.rss.read import read_feed
from connectors.rss.sitemap import MAX_URLS
from schemas import IngestError, Interrupted, InvalidInput, RawDocument

# Where feeds and news sitemaps live when a page does not link them (WordPress,
# Ghost, Hugo, Jekyll, Blogger, Drupal; Yoast's and Google's news sitemap names).
COMMON_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/feeds/posts/default",
    "/news-sitemap.xml",
    "/sitemap_news.xml",
    "/sitemap.xml",
)
MAX_CANDIDATES = 30
SAMPLE_SITEMAPS = 1  # an index is followed to one sitemap, for the sample
LINKED = "link rel=alternate"
ROBOTS = "robots.txt Sitemap:"
COMMON = "common path"
GIVEN = "the URL given"


@dataclass(frozen=True, slots=True)
class Found:
    """A feed or sitemap discovery read, with the entries to show as its sample."""

    url: str
    kind: FeedType
    via: str
    title: str | None
    entries: int
    sample: tuple[RawDocument, ...]
    sitemaps: int = 0  # for an index or a robots.txt: how many sitemaps it lists
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Discovery:
    page: str
    found: tuple[Found, ...]
    skipped: tuple[tuple[str, str], ...]  # (candidate, why it is not a feed)


def discover(url: str, fetcher: Fetcher, *, sample: int = 3, guess: bool = True) -> Discovery:
    """The feeds and sitemaps of the site whose page is ``url``. Raises an ``IngestError``
    when the page itself cannot be fetched, ``Interrupted`` when stopping."""
    page = fetcher.fetch(url, accept=PAGE_ACCEPT)
    candidates: dict[str, tuple[str, str]] = {}
    if _is_html(page.content_type, page.body):
        html = decode_html(page.body, page.content_type)
        _add(candidates, _linked(html, page.final_url), LINKED)
    else:
        _add(candidates, [page.final_url], GIVEN)  # the URL is a feed itself
    skipped: list[tuple[str, str]] = []
    try:
        _add(candidates, fetcher.robots_sitemaps(page.final_url), ROBOTS)
    except Interrupted:
        raise
    except IngestError as err:
        skipped.append((_robots(page.final_url), str(err)))
    if guess:
        _add(candidates, (urljoin(page.final_url, path) for path in COMMON_PATHS), COMMON)
    found: list[Found] = []
    read_urls: set[str] = set()
    for candidate, via in list(candidates.values())[:MAX_CANDIDATES]:
        try:
            item = _read(candidate, via, fetcher, sample)
        except Interrupted:
            raise
        except IngestError as err:
            skipped.append((candidate, str(err)))
            continue
        if _key(item.url) not in read_urls:  # /feed redirecting to /rss.xml is one feed
            read_urls.add(_key(item.url))
            found.append(item)
    return Discovery(page.final_url, tuple(found), tuple(skipped))


def _read(url: str, via: str, fetcher: Fetcher, sample: int) -> Found:
    fetched = fetcher.fetch(url, accept=FEED_ACCEPT)
    if _is_html(None, fetched.body):
        raise InvalidInput(f"{fetched.final_url} is an HTML page, not a feed")
    spec = FeedSpec(id="discovered", url=fetched.final_url)
    read = read_feed(fetched, spec, fetcher, max_entries=MAX_URLS, max_sitemaps=SAMPLE_SITEMAPS)
    feed = read.feed
    return Found(
        url=fetched.final_url,
        kind=read.kind,
        via=via,
        title=feed.title,
        entries=len(feed.entries),
        sample=feed.entries[:sample],
        sitemaps=len(read.listed),
        problem=feed.problem,
    )


def _linked(html: str, base: str) -> list[str]:
    parts = urlsplit(base)
    params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", base)
    return list(determine_feed(html, params))


def _add(candidates: dict[str, tuple[str, str]], urls: Iterable[str], via: str) -> None:
    for url in urls:
        candidates.setdefault(_key(url), (url, via))


def _key(url: str) -> str:
    try:
        return str(normalize_url(url))
    except ValueError:
        return url


def _is_html(content_type: str | None, body: bytes) -> bool:
    """A web page, by its type or (servers mislabel feeds) by its first bytes."""
    kind = (content_type or "").split(";")[0].strip().lower()
    head = body[:512].lstrip().lower()
    return kind in ("text/html", "application/xhtml+xml") or head.startswith(
        (b"<!doctype html", b"<html")
    )


def _robots(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"
