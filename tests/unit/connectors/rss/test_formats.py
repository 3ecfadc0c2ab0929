"""Which parser reads a feed's document: detected from the document, or pinned by config."""

from __future__ import annotations

import pytest

from connectors.rss.config import FeedType
from connectors.rss.formats import detect, parse_document
from schemas import InvalidInput
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
URL = "https://caucasus.example.com/feed"


@pytest.mark.parametrize(
    ("name", "url", "kind"),
    [
        ("rss2_content_creator.xml", URL, FeedType.RSS),
        ("atom_relative_links.xml", URL, FeedType.RSS),
        ("rss1_rdf.xml", URL, FeedType.RSS),
        ("not_a_feed.html", URL, FeedType.RSS),  # feedparser then says what is wrong
        ("news_sitemap.xml", URL, FeedType.SITEMAP),  # past a stylesheet and a comment
        ("sitemap_index.xml", URL, FeedType.SITEMAP),
        ("jsonfeed_1_1.json", URL, FeedType.JSONFEED),
        ("robots_disallow.txt", "https://caucasus.example.com/robots.txt", FeedType.SITEMAP),
    ],
)
def test_the_type_is_told_from_the_document(name: str, url: str, kind: FeedType) -> None:
    assert detect((FEEDS / name).read_bytes(), url) is kind


def test_a_comment_naming_a_sitemap_root_does_not_make_a_feed_a_sitemap() -> None:
    data = b'<?xml version="1.0"?><!-- not a <urlset> --><rss version="2.0"></rss>'
    assert detect(data, URL) is FeedType.RSS
    assert detect(b'\xef\xbb\xbf  {"items": []}', URL) is FeedType.JSONFEED  # BOM


def test_a_pinned_type_reads_the_document_as_that_type() -> None:
    data = (FEEDS / "rss2_content_creator.xml").read_bytes()
    with pytest.raises(InvalidInput, match="not a sitemap: its root element is <rss>"):
        parse_document(data, FeedType.SITEMAP, origin=URL, url=URL)
    with pytest.raises(InvalidInput, match="malformed JSON Feed"):
        parse_document(data, FeedType.JSONFEED, origin=URL, url=URL)
    kind, parsed = parse_document(data, FeedType.AUTO, origin=URL, url=URL)
    assert (kind, len(parsed.entries)) == (FeedType.RSS, 3)


def test_robots_txt_sitemap_lines_are_an_index() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n\nSitemap: https://x.example/news.xml\n"
    robots += b"sitemap: https://x.example/news.xml\nSITEMAP: https://cdn.x.example/all.xml.gz\n"
    kind, parsed = parse_document(
        robots, FeedType.AUTO, origin=URL, url="https://x.example/robots.txt"
    )
    assert kind is FeedType.SITEMAP
    assert parsed.sitemaps == ("https://x.example/news.xml", "https://cdn.x.example/all.xml.gz")
    with pytest.raises(InvalidInput, match="lists no sitemap"):
        parse_document(b"User-agent: *\nDisallow:\n", FeedType.AUTO, origin=URL,
                       url="https://x.example/robots.txt")  # fmt: skip
