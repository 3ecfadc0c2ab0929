"""Feeds that crashed the parser (issue 14): every one now parses or is InvalidInput.

The fixtures are in tests/fixtures/hostile/ (its README says what each one is).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.files.parse import RecordError, parse_file
from connectors.rss.parse import parse_feed
from connectors.rss.sitemap import parse_sitemap
from schemas import InvalidInput
from tests.conftest import FIXTURES
from tests.fuzz.targets import run_feed

HOSTILE = FIXTURES / "hostile" / "feeds"
FUZZED = sorted((HOSTILE / "fuzz").glob("*.xml"))


@pytest.mark.parametrize(
    ("name", "good_title"),
    [
        ("charref_above_unicode.xml", "Good story from Baku"),
        ("charref_surrogate.xml", "Good story from Tbilisi"),
        ("atom_year_zero.xml", "Good story from Yerevan"),
        ("encoding_declaration_not_utf8.xml", "Good story from Aktau"),
    ],
)
def test_a_hostile_feed_keeps_its_good_entries(name: str, good_title: str) -> None:
    feed = parse_feed((HOSTILE / name).read_bytes(), origin=f"https://example.com/{name}")
    titles = [entry.title for entry in feed.entries]
    assert good_title in titles
    assert feed.rejected == ()


def test_references_to_no_character_read_as_the_replacement_character() -> None:
    feed = parse_feed((HOSTILE / "charref_surrogate.xml").read_bytes(), origin="x")
    odd = feed.entries[1].payload
    assert "\ufffd" in odd
    odd.encode("utf-8")  # a lone surrogate could not be indexed or written


def test_a_date_no_calendar_has_is_no_date() -> None:
    feed = parse_feed((HOSTILE / "atom_year_zero.xml").read_bytes(), origin="x")
    assert [entry.published_at is None for entry in feed.entries] == [False, True]


def test_a_feed_that_breaks_the_parser_half_way_keeps_the_entries_that_parse() -> None:
    feed = parse_feed((HOSTILE / "fuzz" / "feedparser_keyerror.xml").read_bytes(), origin="x")
    assert len(feed.entries) == 18
    assert feed.problem is not None
    assert feed.problem.startswith("the parser raised KeyError")


def test_a_feed_of_which_nothing_parses_is_invalid_input_with_the_reason() -> None:
    good = b"<item><title>Good</title><link>https://example.com/g</link></item>"
    # An embedded NUL in the encoding declaration breaks feedparser outright, for the
    # feed and for each entry parsed with the feed's head.
    data = b'<?xml version="1.0" encoding="ut\x00f-8"?><rss><channel>' + good + b"</channel></rss>"
    with pytest.raises(InvalidInput, match=r"malformed feed x: the parser raised ValueError"):
        parse_feed(data, origin="x")


@pytest.mark.parametrize("path", FUZZED, ids=[p.name for p in FUZZED])
def test_fuzzed_feeds_that_crashed_now_parse_or_are_invalid_input(path: Path) -> None:
    run_feed(path.read_bytes())  # raises on an escape: anything but an IngestError


def test_a_feed_file_turns_rejected_entries_into_record_errors() -> None:
    text = (HOSTILE / "charref_above_unicode.xml").read_text(encoding="utf-8")
    parsed = parse_file("/replay/charref_above_unicode.xml", text)
    assert not [item for item in parsed if isinstance(item, RecordError)]
    assert len(parsed) == 2


@pytest.mark.parametrize(
    ("name", "entries", "rejected", "sitemaps"),
    [
        ("sitemap_root_name.xml", None, 0, 0),
        ("sitemap_child_name.xml", 0, 0, 3),
        ("sitemap_tostring_unicode.xml", None, 0, 0),
        ("sitemap_text_unicode.xml", 2, 2, 0),
        ("sitemap_text_valueerror.xml", 1, 1, 0),
    ],
)
def test_sitemaps_that_broke_lxml_are_read_or_invalid_input(
    name: str, entries: int | None, rejected: int, sitemaps: int
) -> None:
    """Fuzzed feeds read as sitemaps (issue 17): lxml raised on what recover let through."""
    data = (HOSTILE / "fuzz" / name).read_bytes()
    if entries is None:
        with pytest.raises(InvalidInput):
            parse_sitemap(data, origin="https://example.com/sitemap.xml")
        return
    parsed = parse_sitemap(data, origin="https://example.com/sitemap.xml")
    assert (len(parsed.entries), len(parsed.rejected), len(parsed.sitemaps)) == (
        entries,
        rejected,
        sitemaps,
    )
    assert parsed.problem is not None
