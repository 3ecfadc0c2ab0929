"""Feed parsing on fixture files shaped like real feeds. Bytes in, RawDocuments out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connectors.rss import ParsedFeed, parse_feed
from schemas import DateSource, DocumentKind, InvalidInput
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"


def _parse(name: str, url: str, content_type: str = "application/rss+xml") -> ParsedFeed:
    return parse_feed(
        (FEEDS / name).read_bytes(),
        origin=url,
        feed_url=url,
        headers={"content-type": content_type},
    )


def test_rss2_content_encoded_creator_utc_dates_and_an_entry_without_link() -> None:
    feed = _parse("rss2_content_creator.xml", "https://caucasus.example.com/feed/")
    first, second, linkless = feed.entries
    assert feed.problem is None
    assert first.kind is DocumentKind.FEED_ENTRY
    assert first.payload.startswith("<p>Officials in Baku accused Moscow")  # the full body
    assert first.authors == ("Leyla Mammadova",)
    assert first.published_at == datetime(2025, 7, 2, 5, 15, tzinfo=UTC)  # 08:15 +0300
    assert first.date_source is DateSource.FEED
    assert first.source == "Caucasus Wire"
    assert second.payload.startswith("Azerbaijan Airlines said")  # only a description
    assert linkless.url is None
    assert linkless.origin == "https://caucasus.example.com/feed/#live-2025-07-04"
    assert linkless.published_at == datetime(2025, 7, 4, 5, 30, tzinfo=UTC)


def test_atom_relative_links_resolve_against_base_and_feed_url() -> None:
    feed = _parse(
        "atom_relative_links.xml",
        "https://news.example.org/feeds/desk.atom",
        "application/atom+xml",
    )
    kurenkov, armenia = feed.entries
    assert kurenkov.url == "https://news.example.org/eurasia/2025/07/kurenkov-baku"
    assert armenia.url == "https://news.example.org/feeds/articles/armenia-watches"
    assert kurenkov.published_at == datetime(2025, 7, 8, 8, 0, tzinfo=UTC)
    assert armenia.published_at == datetime(2025, 7, 7, 18, 30, tzinfo=UTC)  # <updated> only
    assert kurenkov.authors == ("Joshua Kucera",)


def test_a_redirected_feed_resolves_links_at_its_new_address_but_keeps_its_configured_one() -> None:
    feed = parse_feed(
        (FEEDS / "atom_relative_links.xml").read_bytes(),
        origin="https://news.example.org/desk.atom",  # the config's URL, which redirected
        feed_url="https://news.example.org/feeds/desk.atom",
        headers={"content-type": "application/atom+xml"},
    )
    armenia = feed.entries[1]
    assert armenia.url == "https://news.example.org/feeds/articles/armenia-watches"
    assert {entry.source_feed for entry in feed.entries} == {"https://news.example.org/desk.atom"}


def test_rss1_rdf_items_outside_the_channel() -> None:
    feed = _parse("rss1_rdf.xml", "https://agency.example.net/rss", "application/rdf+xml")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Caucasus on the line of crisis", "Aliyev went with trump cards"]
    first = feed.entries[0]
    assert first.url == "https://agency.example.net/news/1001"
    assert first.published_at == datetime(2025, 7, 6, 6, 0, tzinfo=UTC)
    assert first.authors == ("International Desk",)


def test_rss091_in_a_legacy_encoding_without_dates() -> None:
    feed = _parse("rss091_userland.xml", "http://courrier.example.fr/rss", "text/xml")
    cafe, bakou = feed.entries
    assert cafe.title == "Café diplomatique à Tbilissi"
    assert bakou.url == "http://courrier.example.fr/2025/bakou-moscou"
    assert cafe.published_at is None
    assert cafe.date_source is DateSource.NONE


def test_ill_formed_feed_is_parsed_as_far_as_possible_and_reported() -> None:
    feed = _parse("malformed_truncated.xml", "https://handmade.example.com/rss")
    titles = [e.title for e in feed.entries]
    assert titles == ["First story\xa0from Tbilisi", "Second story"]  # &nbsp; recovered
    assert feed.problem
    assert "undefined entity" in feed.problem


def test_not_a_feed_raises_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="malformed feed"):
        _parse("not_a_feed.html", "https://broken.example.com/rss", "text/html")
