"""The page's stated publication dates (JSON-LD, meta, time, URL) and the cross-check
that names the source that won (pipeline/stages/pagedates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import lxml.html
import pytest

from pipeline.stages.pagedates import DateCandidate, cross_check, page_date_candidates, url_date
from schemas import DateSource

JSONLD = """<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Example"},
  {"@type": "NewsArticle", "datePublished": "2024-03-15T21:30:00-05:00",
   "dateModified": "2024-03-18T08:00:00-05:00"}]}
</script>"""
META = '<meta property="article:published_time" content="2024-03-15T09:00:00+01:00">'
TIME = '<time class="entry-date published" datetime="2024-03-14">14 March</time>'


def _page(head: str = "", body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}<p>x</p></body></html>")


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_every_source_is_read_with_the_day_as_the_page_writes_it() -> None:
    page = _page(JSONLD + META, TIME)
    found = page_date_candidates(page, "https://news.example/world/2024/03/13/story")
    assert found == [
        # 21:30 in UTC-5 is the 16th in UTC; the page's readers saw the 15th
        DateCandidate(DateSource.JSONLD, date(2024, 3, 15)),
        DateCandidate(DateSource.META, date(2024, 3, 15)),
        DateCandidate(DateSource.TIME, date(2024, 3, 14)),
        DateCandidate(DateSource.URL, date(2024, 3, 13)),
    ]


def test_the_first_agreeing_source_in_order_of_trust_wins() -> None:
    found = page_date_candidates(_page(JSONLD + META, TIME), None)
    assert cross_check(_day("2024-03-15"), found) == (_day("2024-03-15"), DateSource.JSONLD)
    assert cross_check(_day("2024-03-14"), found) == (_day("2024-03-14"), DateSource.TIME)


def test_a_day_no_named_source_states_is_other_markup() -> None:
    found = page_date_candidates(_page(META), None)
    assert cross_check(_day("2024-02-01"), found) == (_day("2024-02-01"), DateSource.PAGE)
    assert cross_check(None, found) == (None, DateSource.NONE)
    assert cross_check(None, []) == (None, DateSource.NONE)


def test_url_and_marked_up_date_that_agree_overrule_htmldate() -> None:
    # htmldate read the update date; the URL and the meta tag agree on the 15th.
    found = page_date_candidates(_page(META), "https://news.example/2024/03/15/story")
    assert cross_check(_day("2024-03-18"), found) == (_day("2024-03-15"), DateSource.META)
    # the URL alone does not overrule htmldate, it only names the source when it agrees
    alone = page_date_candidates(_page(), "https://news.example/2024/03/15/story")
    assert cross_check(_day("2024-03-18"), alone) == (_day("2024-03-18"), DateSource.PAGE)
    assert cross_check(_day("2024-03-15"), alone) == (_day("2024-03-15"), DateSource.URL)


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://edition.cnn.com/2021/03/08/uk/story/index.html", date(2021, 3, 8)),
        ("https://www.lostiempos.com/actualidad/pais/20220503/juicio-caso", date(2022, 5, 3)),
        ("https://blog.example/2020-04-07-the-post", date(2020, 4, 7)),
        ("https://news.example/2024/13/45/not-a-day", None),
        ("https://news.example/2024/03/only-a-month", None),
        ("https://news.example/story-3529015", None),
    ],
)
def test_url_dates_are_full_dates_only(url: str, day: date | None) -> None:
    assert url_date(url) == day


def test_broken_json_ld_and_unparseable_values_are_skipped() -> None:
    head = (
        '<script type="application/ld+json">{"datePublished": </script>'
        '<meta name="pubdate" content="last Tuesday">'
        '<meta name="dc.date.issued" content="2023-11-08">'
    )
    found = page_date_candidates(_page(head), None)
    assert found == [DateCandidate(DateSource.META, date(2023, 11, 8))]
