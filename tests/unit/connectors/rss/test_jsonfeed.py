"""JSON Feed 1.0 and 1.1 parsing on fixture files, and on hostile bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from connectors.rss.jsonfeed import parse_json_feed
from schemas import DateSource, DocumentKind, InvalidInput
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
URL = "https://caucasus.example.com/feed.json"


def test_json_feed_1_1_items_become_feed_entries() -> None:
    parsed = parse_json_feed((FEEDS / "jsonfeed_1_1.json").read_bytes(), origin=URL, feed_url=URL)
    envoy, aktau, live, elsewhere = parsed.entries
    assert (parsed.title, parsed.link, parsed.problem) == (
        "Caucasus Wire",
        "https://caucasus.example.com/",
        None,
    )
    assert envoy.kind is DocumentKind.FEED_ENTRY
    assert envoy.payload.startswith("<p>Officials in Baku summoned")  # content_html first
    assert envoy.summary == "Baku summoned the Russian ambassador."
    assert envoy.published_at == datetime(2025, 7, 8, 9, 40, tzinfo=UTC)
    assert envoy.date_source is DateSource.FEED
    assert envoy.authors == ("Leyla Mammadova", "Ivan Petrov")  # a nameless author is no one
    assert envoy.tags == ("Azerbaijan", "Russia")
    assert (envoy.language, envoy.source, envoy.source_feed) == ("en", "Caucasus Wire", URL)
    assert aktau.url == "https://caucasus.example.com/2025/07/09/aktau-report/"  # resolved
    assert aktau.payload == "Казахстан опубликовал промежуточный отчёт."  # content_text
    assert aktau.published_at == datetime(2025, 7, 9, 7, 5, tzinfo=UTC)  # date_modified
    assert aktau.language == "ru"  # the item's own, over the feed's
    assert aktau.authors == ("Caucasus Wire desk",)  # the feed's, as 1.1 says
    assert (live.url, live.origin, live.payload) == (
        None,
        f"{URL}#3",
        "A live page with no link of its own.",
    )
    assert elsewhere.url == "https://other.example.org/story"  # external_url
    (rejected,) = parsed.rejected
    assert rejected.origin == f"{URL}#item-6"
    assert rejected.payload == '"not an item"'


def test_json_feed_1_0_single_author() -> None:
    parsed = parse_json_feed((FEEDS / "jsonfeed_1_0.json").read_bytes(), origin=URL)
    first, second = parsed.entries
    assert first.authors == ("Leyla Mammadova",)
    assert second.authors == ("Caucasus Wire desk",)
    assert (first.language, second.published_at) == (None, None)
    assert second.date_source is DateSource.NONE


def test_a_feed_without_version_is_read_and_reported() -> None:
    data = json.dumps({"items": [{"id": "1", "url": "https://x.example/a", "title": "A"}]})
    parsed = parse_json_feed(data.encode(), origin=URL)
    assert [doc.title for doc in parsed.entries] == ["A"]
    assert parsed.problem == "version None is not a JSON Feed 1.x version"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "malformed JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON Feed"),
        (b"\xff\xfe\x00garbage", "malformed JSON Feed"),
        (b"[" * 100_000 + b"]" * 100_000, "malformed JSON Feed"),  # RecursionError
        (b'["items"]', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "not a JSON Feed"),
        (b"<rss/>", "malformed JSON Feed"),
    ],
)
def test_what_is_no_json_feed_is_invalid_input(data: bytes, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        parse_json_feed(data, origin=URL)


@pytest.mark.parametrize(
    "item",
    [
        {"id": "1", "title": "T", "tags": "not a list"},
        {"id": "1", "title": "T", "authors": "nobody", "url": 5, "date_published": 7},
        {"id": {"nested": True}, "title": ["list"], "content_html": None, "summary": "S"},
    ],
)
def test_odd_items_are_rejected_or_read_never_raised(item: dict[str, object]) -> None:
    data = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]})
    parsed = parse_json_feed(data.encode(), origin=URL)
    assert len(parsed.entries) + len(parsed.rejected) == 1
