"""The feed health table of `newsflow feeds status`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from connectors.rss import FeedSpec, FeedState, FeedStatus
from pipeline.app.feeds_status import feed_rows, format_table

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)


def test_table_shows_every_configured_feed_with_its_health() -> None:
    feeds = (
        FeedSpec(id="wire", url="https://wire.example/rss"),
        FeedSpec(id="dead", url="https://dead.example/rss"),
        FeedSpec(id="fresh", url="https://fresh.example/rss"),
    )
    stored = {
        "wire": FeedState(
            feed_id="wire",
            url="https://wire.example/rss",
            status=FeedStatus.OK,
            last_poll_at=NOW - timedelta(minutes=3),
            next_poll_at=NOW + timedelta(minutes=12),
            items_seen=42,
            problem="SAXParseException: undefined entity",
        ),
        "dead": FeedState(
            feed_id="dead",
            url="https://dead.example/rss",
            status=FeedStatus.FAILING,
            last_poll_at=NOW - timedelta(hours=2),
            next_poll_at=NOW + timedelta(hours=4),
            consecutive_failures=7,
            last_error="FetchRejected: https://dead.example/rss answered 404 Not Found",
        ),
    }
    table = format_table(feed_rows(feeds, stored), NOW).splitlines()
    assert table[0].split() == ["FEED", "STATUS", "LAST", "POLL", "NEXT", "POLL", "FAILS", "ITEMS",
                                "NOTE"]  # fmt: skip
    assert table[1].split()[:9] == [
        "wire",
        "ok",
        "3m",
        "ago",
        "in",
        "12m",
        "0",
        "42",
        "ill-formed:",
    ]
    assert "failing  2h ago" in table[2]
    assert "answered 404" in table[2]
    assert table[3].split() == ["fresh", "new", "never", "now", "0", "0"]
    assert table[-1] == "3 feeds, 1 failing"


def test_json_rows_leave_out_validators_and_keys() -> None:
    state = FeedState(feed_id="a", url="https://a.example/", etag='"x"', seen_keys=("k",))
    (row,) = feed_rows((FeedSpec(id="a", url="https://a.example/"),), {"a": state})
    doc = row.as_json()
    assert doc["conditional"] is True
    assert "seen_keys" not in doc
    assert "etag" not in doc
    assert replace(state, etag=None) != state
