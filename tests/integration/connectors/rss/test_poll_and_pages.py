"""Polling feeds and fetching their pages against a real local server (no Elasticsearch)."""

from __future__ import annotations

import re

import pytest

from connectors.http import Fetcher
from connectors.rss import FeedPolicy, FeedSpec, FeedStatus
from connectors.rss.pages import page_document
from connectors.rss.state import state_for
from schemas import DocumentKind, RawDocument
from tests.conftest import FIXTURES
from tests.integration.connectors.rss.conftest import NOW, POLICY, poll_once
from tests.support.web import Reply, Resource, Site

FEEDS = FIXTURES / "feeds"


def test_poll_finds_entries_then_304_then_only_the_new_one(site: Site, fetcher: Fetcher) -> None:
    body = (FEEDS / "rss2_content_creator.xml").read_bytes()
    feed = Resource(body)
    spec = FeedSpec(id="wire", url=site.add("/feed", feed), language="en", tags=("caucasus",))
    first = poll_once(fetcher, spec)
    assert (first.result.entries, first.result.new_entries) == (3, 3)
    assert first.result.state.status is FeedStatus.OK
    assert first.entries[0].document.language == "en"
    assert first.entries[0].document.tags == ("Politics", "caucasus")  # its own, then the feed's

    again = poll_once(fetcher, spec, first.result.state)
    assert again.result.not_modified
    assert again.entries == ()
    assert site.requests_to("/feed")[1].headers["if-none-match"] == '"v1"'

    item = (
        "<item><title>Aktau crash report published</title>"
        "<link>https://caucasus.example.com/2025/07/09/aktau-report/</link>"
        "<description>The interim report on the crash near Aktau was published.</description>"
        "</item>\n    <item>"
    )
    feed.update(body.replace(b"<item>", item.encode(), 1), "Wed, 09 Jul 2025 11:00:00 GMT")
    third = poll_once(fetcher, spec, again.result.state)
    assert [e.document.title for e in third.entries] == ["Aktau crash report published"]
    assert third.result.state.items_seen == 4


def test_a_backlog_beyond_the_cap_comes_with_the_next_polls(site: Site, fetcher: Fetcher) -> None:
    spec = FeedSpec(id="wire", url=site.add("/feed", Resource(
        (FEEDS / "rss2_content_creator.xml").read_bytes())))  # fmt: skip
    capped = FeedPolicy(jitter=0.0, max_new_entries=2)
    first = poll_once(fetcher, spec, policy=capped)
    assert len(first.entries) == 2
    state = first.result.state
    assert (state.items_seen, len(state.seen_keys), state.etag) == (2, 2, None)
    assert state.next_poll_at == NOW  # due again at once, unconditionally
    second = poll_once(fetcher, spec, state, capped)
    assert [e.document.title for e in second.entries] == ["Editor's note: live coverage continues"]
    assert second.result.state.items_seen == 3
    assert second.result.state.etag == '"v1"'
    assert "if-none-match" not in site.requests_to("/feed")[1].headers


def test_ill_formed_feed_keeps_its_entries_and_records_the_problem(
    site: Site, fetcher: Fetcher
) -> None:
    url = site.add("/bad", Reply(body=(FEEDS / "malformed_truncated.xml").read_bytes(),
                                 content_type="application/rss+xml"))  # fmt: skip
    polled = poll_once(fetcher, FeedSpec(id="bad", url=url))
    assert len(polled.entries) == 2
    assert polled.result.state.status is FeedStatus.OK
    assert "undefined entity" in (polled.result.state.problem or "")
    assert polled.dead_letter is None


def test_not_a_feed_fails_the_poll_with_a_dead_letter(site: Site, fetcher: Fetcher) -> None:
    body = (FEEDS / "not_a_feed.html").read_bytes()
    spec = FeedSpec(id="gw", url=site.add("/gw", Reply(body=body)))
    polled = poll_once(fetcher, spec)
    assert polled.result.failed
    assert polled.result.state.status is FeedStatus.ERROR
    assert polled.dead_letter is not None
    assert (polled.dead_letter.stage, polled.dead_letter.error_type) == ("poll", "InvalidInput")
    assert polled.dead_letter.original_bytes() == body


def test_feed_http_errors_fail_the_poll_and_count(site: Site, fetcher: Fetcher) -> None:
    spec = FeedSpec(id="gone", url=site.url("/gone"))
    state = state_for(spec, None)
    for _ in range(POLICY.failing_after):
        state = poll_once(fetcher, spec, state).result.state
    assert state.status is FeedStatus.FAILING
    assert state.consecutive_failures == POLICY.failing_after
    assert "answered 404" in (state.last_error or "")


def _entry(url: str | None, payload: str = "<p>The feed's own text about Baku.</p>") -> RawDocument:
    return RawDocument(
        origin=url or "https://x.example/rss#1",
        kind=DocumentKind.FEED_ENTRY,
        payload=payload,
        url=url,
        title="Entry title",
    )


def test_a_windows_1251_page_is_decoded(site: Site, fetcher: Fetcher) -> None:
    body = (FEEDS / "page_windows1251.html").read_bytes()
    url = site.add("/ru", Reply(body=body, content_type="text/html"))
    doc = page_document(_entry(url), fetcher)
    assert doc.kind is DocumentKind.HTML
    assert "Екатеринбурге" in doc.payload
    assert doc.fallback is not None


@pytest.mark.parametrize(
    ("path", "reply", "why"),
    [
        ("/missing", None, "page not fetched: .* answered 404 Not Found"),
        ("/pdf", Reply(body=b"%PDF-1.7", content_type="application/pdf"),
         "is application/pdf, not HTML"),
        ("/huge", Reply(stream_bytes=16 * 1024 * 1024), "page not fetched: .*sent more than"),
    ],
)  # fmt: skip
def test_unusable_pages_fall_back_to_the_entry_with_a_note(
    site: Site, fetcher: Fetcher, path: str, reply: Reply | None, why: str
) -> None:
    if reply is not None:
        site.add(path, reply)
    doc = page_document(_entry(site.url(path)), fetcher)
    assert doc.kind is DocumentKind.FEED_ENTRY
    assert doc.note is not None
    assert doc.note.endswith("the text is the feed entry's own")
    assert re.search(why, doc.note)


def test_entries_without_link_are_not_fetched(fetcher: Fetcher) -> None:
    doc = page_document(_entry(None), fetcher)
    assert doc.note == "the feed entry has no link; the text is the feed entry's own"
