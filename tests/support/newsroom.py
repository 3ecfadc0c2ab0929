"""A newsroom on 127.0.0.1 serving the fixture feeds with every failure mode of issue 3.

The fixture feeds name hosts like caucasus.example.com; ``localize`` points their
links at the local server, so every page is fetched from it. Each feed and page
below says what it exercises.

Tests and benchmarks that make up their own newsroom (feeds that grow, hundreds
of pages) build it from the same parts: ``article_page`` for a story in a news
site's chrome, ``rss_feed`` and ``rss_item`` for a bare RSS 2.0 feed listing them.
"""

from __future__ import annotations

from collections.abc import Iterable

from tests.conftest import FIXTURES
from tests.support.web import Reply, Resource, Sequence, Site

FEEDS = FIXTURES / "feeds"
EXAMPLE_HOSTS = (
    "https://caucasus.example.com",
    "https://news.example.org",
    "https://agency.example.net",
    "https://handmade.example.com",
)


def localize(body: bytes, site: Site) -> bytes:
    for host in EXAMPLE_HOSTS:
        body = body.replace(host.encode(), site.base_url.encode())
    return body


def article_page(title: str, paragraphs: list[str]) -> bytes:
    """A page with navigation, share buttons, related links and a footer around the story."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Newsroom</title><meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='Newsroom'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a>"
        "</nav></header><main><article>"
        f"<h1>{title}</h1><div class='share'><a href='#'>Share</a> <a href='#'>Tweet</a></div>"
        f"{body}</article><aside><h2>Most read</h2><ul><li><a href='/x'>Other story</a></li>"
        "</ul></aside></main><footer>© 2025 Newsroom. All rights reserved.</footer></body></html>"
    ).encode()


def rss_item(title: str, link: str, description: str | None = None) -> str:
    """An RSS 2.0 ``<item>``: title, link and, when given, a description.

    The text goes in as it is, unescaped: callers pass plain titles and URLs.
    """
    summary = "" if description is None else f"<description>{description}</description>"
    return f"<item><title>{title}</title><link>{link}</link>{summary}</item>"


def rss_feed(items: Iterable[str], title: str | None = None) -> bytes:
    """A bare RSS 2.0 feed around ``items`` (from ``rss_item``), with a channel title if given.

    Nothing else (no XML declaration, dates or guids): enough for the poller to
    list each item and fetch its page. Feeds that need more are fixture files, or
    ``seed_site.seed_feed``.
    """
    channel_title = "" if title is None else f"<title>{title}</title>"
    return f"<rss version='2.0'><channel>{channel_title}{''.join(items)}</channel></rss>".encode()


ACCUSATIONS = article_page(
    "Baku and Moscow trade accusations over Yekaterinburg raid",
    [
        "Officials in Baku accused Moscow on Wednesday of ignoring the deaths of two "
        "Azerbaijani citizens during a police raid in Yekaterinburg.",
        "The Kremlin rejected the accusations and said the investigation would follow the law, "
        "while the foreign ministry in Baku summoned the Russian ambassador.",
    ],
)


def stage_newsroom(site: Site) -> dict[str, str]:
    """Serve every feed and page; returns feed id -> feed URL."""
    robots = (FEEDS / "robots_disallow.txt").read_bytes().replace(b"Crawl-delay: 2", b"")
    site.add("/robots.txt", Reply(body=robots, content_type="text/plain"))
    text = "text/html; charset=utf-8"

    # RSS 2.0 (content:encoded, dc:creator): a page that fails with 500 once, then works;
    # a page with boilerplate; an entry without a link (indexed from the feed's content).
    site.add(
        "/2025/07/02/baku-moscow-accusations/",
        Sequence([Reply(500, b"oops"), Reply(body=ACCUSATIONS, content_type=text)]),
    )
    site.add(
        "/2025/07/03/flights-suspended/",
        Reply(body=(FEEDS / "page_boilerplate.html").read_bytes(), content_type=text),
    )
    wire = site.add(
        "/feed/", Resource(localize((FEEDS / "rss2_content_creator.xml").read_bytes(), site))
    )

    # Atom with relative links: a windows-1251 page; a page that times out (fallback).
    site.add(
        "/eurasia/2025/07/kurenkov-baku",
        Reply(body=(FEEDS / "page_windows1251.html").read_bytes(), content_type="text/html"),
    )
    site.add("/feeds/articles/armenia-watches", Reply(body=ACCUSATIONS, delay_s=3.0))
    desk_body = localize((FEEDS / "atom_relative_links.xml").read_bytes(), site)
    desk = site.add("/feeds/desk.atom", Resource(desk_body, "application/atom+xml"))

    # RSS 1.0/RDF: one page disallowed by robots.txt, one a JavaScript shell (no text).
    rdf = localize((FEEDS / "rss1_rdf.xml").read_bytes(), site)
    rdf = rdf.replace(b"/news/1001", b"/private/news/1001")
    site.add("/news/1002", Reply(body=(FEEDS / "page_script_shell.html").read_bytes()))
    agency = site.add("/rss", Resource(rdf, "application/rdf+xml"))

    # Malformed XML: two entries recovered, their pages missing (404 -> feed content).
    broken = site.add(
        "/broken.xml", Resource(localize((FEEDS / "malformed_truncated.xml").read_bytes(), site))
    )

    # Feeds that fail as a whole; each must end as a feed status (and one dead letter).
    busy = site.add(
        "/busy.xml",
        Sequence(
            [
                Reply(429, b"", headers=(("Retry-After", "1"),)),
                Reply(body=rss_feed([], title="Busy"), content_type="application/rss+xml"),
            ]
        ),
    )
    gateway = site.add("/gateway.xml", Reply(body=(FEEDS / "not_a_feed.html").read_bytes()))
    down = site.add("/down.xml", Reply(500, b"internal error"))
    site.add("/loop-a.xml", Reply(302, b"", headers=(("Location", "/loop-b.xml"),)))
    site.add("/loop-b.xml", Reply(302, b"", headers=(("Location", "/loop-a.xml"),)))
    huge = site.add("/huge.xml", Reply(stream_bytes=8 * 1024 * 1024, content_type="text/xml"))
    return {
        "wire": wire, "desk": desk, "agency": agency, "broken": broken, "busy": busy,
        "gateway": gateway, "down": down, "loop": site.url("/loop-a.xml"), "huge": huge,
    }  # fmt: skip
