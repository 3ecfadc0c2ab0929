"""Extracting a fetched page, with the feed entry it came from as the fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.stages.extract import extract
from pipeline.stages.fallback import extract_with_fallback
from schemas import DateSource, DocumentKind, ExtractionFailed, RawDocument
from tests.conftest import FIXTURES

FEEDS = FIXTURES / "feeds"
FEED_DATE = datetime(2025, 7, 3, 12, 0, tzinfo=UTC)
ENTRY = RawDocument(
    origin="https://caucasus.example.com/2025/07/03/flights-suspended/",
    kind=DocumentKind.FEED_ENTRY,
    payload="<p>Azerbaijan Airlines said flights to Grozny are suspended until further notice.</p>",
    url="https://caucasus.example.com/2025/07/03/flights-suspended/",
    title="Flights between Baku and Grozny suspended",
    source="Caucasus Wire",
    published_at=FEED_DATE,
    date_source=DateSource.FEED,
    tags=("wire",),
)


def _page(name: str) -> RawDocument:
    return RawDocument(
        origin=ENTRY.origin,
        kind=DocumentKind.HTML,
        payload=(FEEDS / name).read_text(encoding="utf-8"),
        url=ENTRY.url,
        title=ENTRY.title,
        source=ENTRY.source,
        published_at=FEED_DATE,
        date_source=DateSource.FEED,
        tags=ENTRY.tags,
        fallback=ENTRY,
    )


def test_the_page_wins_and_its_boilerplate_is_gone() -> None:
    extracted = extract_with_fallback(_page("page_boilerplate.html"))
    assert extracted.title == "Flights between Baku and Grozny suspended"
    assert extracted.text.startswith("Azerbaijan Airlines said on Thursday")
    assert "Travel agents in Baku" in extracted.text
    for boilerplate in ("cookies", "Subscribe", "Related stories", "All rights reserved", "Tweet"):
        assert boilerplate not in extracted.text
    assert extracted.note is None
    assert extracted.tags == ("wire",)


def test_page_date_wins_unless_it_only_confirms_the_feed_entrys_day() -> None:
    # htmldate gives the page's day (2025-07-03); the entry says 12:00 that day: keep 12:00.
    # The rule is extract's: a page document carries its entry's date.
    same_day = extract(_page("page_boilerplate.html"))
    assert same_day.published_at == FEED_DATE
    assert same_day.date_source is DateSource.FEED
    other_day = _page("page_boilerplate.html").model_copy(
        update={"published_at": datetime(2025, 7, 1, 9, 0, tzinfo=UTC)}
    )
    extracted = extract(other_day)
    assert extracted.published_at == datetime(2025, 7, 3, tzinfo=UTC)
    assert extracted.date_source is DateSource.META  # article:published_time


def test_a_page_without_article_text_falls_back_to_the_feed_entry_and_says_so() -> None:
    extracted = extract_with_fallback(_page("page_script_shell.html"))
    assert extracted.text.startswith("Azerbaijan Airlines said flights to Grozny")
    assert extracted.date_source is DateSource.FEED
    assert extracted.note is not None
    assert extracted.note.startswith(f"page {ENTRY.url} yielded no article text")
    assert extracted.note.endswith("the text is the feed entry's own")


def test_no_text_anywhere_is_an_extraction_failure_naming_both() -> None:
    empty_entry = ENTRY.model_copy(update={"payload": ""})
    page = _page("page_script_shell.html").model_copy(update={"fallback": empty_entry})
    with pytest.raises(ExtractionFailed, match="and neither did its feed entry"):
        extract_with_fallback(page)


def test_documents_without_fallback_are_extracted_as_before() -> None:
    with pytest.raises(ExtractionFailed, match="no article text left"):
        extract_with_fallback(ENTRY.model_copy(update={"payload": " "}))
