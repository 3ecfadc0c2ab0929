"""Sitemap parsing on fixture files shaped like real sitemaps, and on hostile bytes."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from connectors.http import gunzipped
from connectors.rss.sitemap import parse_sitemap
from schemas import DateSource, DocumentKind, FetchRejected, InvalidInput
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
URL = "https://caucasus.example.com/news-sitemap.xml"


def test_news_sitemap_entries_newest_first_with_their_news_fields() -> None:
    parsed = parse_sitemap((FEEDS / "news_sitemap.xml").read_bytes(), origin=URL)
    aktau, envoy, about = parsed.entries
    assert aktau.url == "https://caucasus.example.com/2025/07/09/aktau-report/"
    assert aktau.title == "Aktau crash: interim report & what it says"
    assert envoy.published_at == datetime(2025, 7, 8, 9, 40, tzinfo=UTC)  # 12:40 +0300
    assert envoy.date_source is DateSource.FEED
    assert envoy.tags == ("Azerbaijan", "Russia", "diplomacy")
    assert (envoy.language, envoy.source, envoy.source_feed) == ("en", "Caucasus Wire", URL)
    assert envoy.kind is DocumentKind.FEED_ENTRY
    assert envoy.payload == ""  # a sitemap has no text: the page is the article
    assert (about.title, about.published_at, about.tags) == (None, None, ())
    assert about.date_source is DateSource.NONE
    assert parsed.problem is None
    (rejected,) = parsed.rejected
    assert rejected.origin == f"{URL}#url-4"
    assert "without an http(s) <loc>" in str(rejected.error)
    assert "An entry without its location" in rejected.payload


def test_the_configured_source_wins_and_a_cap_keeps_the_newest() -> None:
    data = (FEEDS / "news_sitemap.xml").read_bytes()
    parsed = parse_sitemap(data, origin=URL, source="Wire", max_entries=1)
    (only,) = parsed.entries
    assert (only.source, only.url) == (
        "Wire",
        "https://caucasus.example.com/2025/07/09/aktau-report/",
    )


def test_an_index_lists_its_sitemaps_newest_first_and_resolved() -> None:
    parsed = parse_sitemap((FEEDS / "sitemap_index.xml").read_bytes(), origin=URL)
    assert parsed.entries == ()
    assert parsed.sitemaps == (
        "https://caucasus.example.com/news-sitemap.xml",
        "https://caucasus.example.com/sitemap-posts.xml.gz",
        "https://caucasus.example.com/sitemap-pages.xml",
    )


def test_a_truncated_sitemap_keeps_what_it_has_and_says_what_broke() -> None:
    parsed = parse_sitemap((FEEDS / "sitemap_truncated.xml").read_bytes(), origin=URL)
    assert parsed.entries[0].title == "Aktau crash: interim report"
    assert "line" in (parsed.problem or "")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "malformed sitemap"),
        (b"\x00\xff garbage", "malformed sitemap"),
        (b"<html><body><p>Not found</p></body></html>", "root element is <html>"),
        (b'<rss version="2.0"><channel></channel></rss>', "root element is <rss>"),
        (b"<urlset><url><loc>https://x.example/a", "malformed sitemap"),  # nothing complete
    ],
)
def test_what_is_no_sitemap_is_invalid_input(data: bytes, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        parse_sitemap(data, origin=URL)


def test_entities_are_never_expanded() -> None:
    """Billion laughs and an external entity: neither is expanded nor fetched."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    data = (
        f'<!DOCTYPE u [<!ENTITY l0 "lol">{laughs}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<urlset><url><loc>https://x.example/&l9;&x;</loc></url></urlset>"
    ).encode()
    parsed = parse_sitemap(data, origin=URL)
    for doc in parsed.entries:
        assert len(doc.origin) < 200
        assert "root:" not in doc.origin
    for bad in parsed.rejected:
        assert len(bad.payload) < 1000


def test_empty_news_sitemap_is_no_error() -> None:
    """A news sitemap lists the last two days' stories only; a quiet site has none."""
    data = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    parsed = parse_sitemap(data, origin=URL)
    assert (parsed.entries, parsed.problem) == ((), None)


def test_gzip_sitemaps_decompress_under_the_cap() -> None:
    data = (FEEDS / "news_sitemap.xml").read_bytes()
    assert gunzipped(gzip.compress(data), 1 << 20, origin=URL) == data
    assert gunzipped(data, 10, origin=URL) == data  # not gzip: as it is
    bomb = gzip.compress(b"<urlset>" + b" " * (8 << 20))
    assert len(bomb) < 10_000
    with pytest.raises(FetchRejected, match="decompresses to more than"):
        gunzipped(bomb, 1 << 20, origin=URL)
    with pytest.raises(FetchRejected, match="does not decode"):
        gunzipped(b"\x1f\x8b" + b"not deflate at all" * 4, 1 << 20, origin=URL)
