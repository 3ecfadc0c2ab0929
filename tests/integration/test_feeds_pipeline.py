"""One polling cycle end to end: local newsroom -> Beam (FnApiRunner) -> the real node.

Every failure mode of issue 3 is served at once; each must end as a clear record
(an article with an extraction note, a feed status, a dead letter, or a retry) and
none may stop the cycle. A second cycle must send conditional requests only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig, read
from connectors.elasticsearch import EsConfig, setup_index
from connectors.http import HttpConfig
from connectors.rss import FeedPolicy, FeedSpec, FeedState, FeedStateStore, FeedStatus, PollTask
from connectors.rss.state import state_for
from pipeline.app.assembly import FeedsSpec, build_feeds
from pipeline.core import metrics
from tests.support.newsroom import stage_newsroom
from tests.support.web import Site, serve

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
HTTP = HttpConfig(
    allow_private_networks=True,
    read_timeout_s=0.5,
    max_retries=1,
    initial_backoff_s=0.01,
    max_backoff_s=0.05,
    max_retry_after_s=2.0,
    per_host_delay_s=0.0,
    per_host_concurrency=4,
    max_body_bytes=1024 * 1024,
)


def _clock() -> datetime:
    return NOW


@dataclass
class Newsroom:
    site: Site
    feeds: tuple[FeedSpec, ...]
    spec: FeedsSpec
    store: FeedStateStore


@pytest.fixture
def newsroom(
    es_config: EsConfig, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> Iterator[Newsroom]:
    with serve() as site:
        urls = stage_newsroom(site)
        feeds = tuple(
            FeedSpec(id=feed_id, url=url, tags=("test",)) for feed_id, url in urls.items()
        )
        spec = FeedsSpec(
            es=es_config,
            http=HTTP,
            policy=FeedPolicy(failing_after=2, jitter=0.0),
            dead_letter=DeadLetterConfig(path=str(tmp_path / "dead.jsonl")),
            feeds_index=f"{index_name}-feeds",
        )
        setup_index(es_client, es_config.index)
        store = FeedStateStore(es_client, spec.feeds_index)
        store.setup()
        yield Newsroom(site, feeds, spec, store)


def _cycle(room: Newsroom) -> dict[str, int]:
    stored = room.store.load([feed.id for feed in room.feeds])
    tasks = [PollTask(feed, state_for(feed, stored.get(feed.id))) for feed in room.feeds]
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_feeds(pipeline, room.spec, tasks, _clock)
    result = pipeline.run()
    result.wait_until_finish()
    return metrics.committed_counts(result)


def _articles(client: Elasticsearch, index: str) -> dict[str, dict[str, Any]]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, size=100)["hits"]["hits"]
    return {hit["_source"]["title"]: hit["_source"] for hit in hits}


def _states(room: Newsroom) -> dict[str, FeedState]:
    return room.store.load([feed.id for feed in room.feeds])


def test_every_failure_mode_ends_in_a_clear_record_and_the_cycle_completes(
    newsroom: Newsroom, es_client: Elasticsearch, es_config: EsConfig
) -> None:
    counts = _cycle(newsroom)
    assert counts[metrics.FEEDS_POLLED] == 9
    assert counts["feeds_committed"] == 9
    assert counts[metrics.READ] == counts[metrics.INDEXED] + counts[metrics.DEAD_LETTERED]

    articles = _articles(es_client, es_config.index)
    accusations = articles["Baku and Moscow trade accusations over Yekaterinburg raid"]
    assert accusations["extraction_note"] is None  # 500 then 200: retried, page used
    assert "ignoring the deaths of two Azerbaijani citizens" in accusations["text"]
    assert "Share" not in accusations["text"]
    assert accusations["authors"] == ["Leyla Mammadova"]
    assert accusations["tags"] == ["Politics", "test"]  # the entry's category, then the feed's
    flights = articles["Flights between Baku and Grozny suspended"]
    assert flights["published_at_source"] == "feed"  # the page only confirms the feed's day
    assert "cookies" not in flights["text"]
    live = articles["Editor's note: live coverage continues"]
    assert live["extraction_note"] == "the feed entry has no link; the text is the feed entry's own"
    assert live["url"] is None

    russian = articles["Задержания в Екатеринбурге: Баку вызвал посла России"]
    assert "Азербайджана вызвало посла России" in russian["text"]  # windows-1251 decoded
    armenia = articles["Armenia watches the Baku-Moscow rift"]
    assert "timed out" in armenia["extraction_note"]
    assert armenia["text"].startswith("Yerevan has steadily lost")

    crisis = articles["Caucasus on the line of crisis"]
    assert "robots.txt disallows" in crisis["extraction_note"]
    trump = articles["Aliyev went with trump cards"]
    assert "yielded no article text" in trump["extraction_note"]
    assert trump["published_at_source"] == "feed"

    tbilisi = articles["First story from Tbilisi"]
    assert "answered 404 Not Found" in tbilisi["extraction_note"]
    assert len(articles) == 9

    states = _states(newsroom)
    assert states["wire"].status is FeedStatus.OK
    assert states["wire"].items_seen == 3
    assert states["wire"].etag == '"v1"'
    assert "undefined entity" in (states["broken"].problem or "")
    assert states["busy"].status is FeedStatus.OK  # 429 + Retry-After, then fine
    for feed_id, error in [
        ("gateway", "InvalidInput: malformed feed"),
        ("down", "gave up after 2 attempts"),
        ("loop", "redirect loop"),
        ("huge", "sent more than 1,048,576 bytes"),
    ]:
        assert states[feed_id].status is FeedStatus.ERROR, feed_id
        assert error in (states[feed_id].last_error or ""), states[feed_id].last_error
    letters = list(read(newsroom.spec.dead_letter.path))
    assert [(d.stage, d.origin) for d in letters] == [("poll", newsroom.site.url("/gateway.xml"))]

    # Second cycle: conditional GETs answered 304, no page fetched, nothing re-indexed;
    # the failing feeds fail again and turn `failing` (failing_after=2).
    pages_before = len(newsroom.site.seen)
    counts = _cycle(newsroom)
    assert counts.get(metrics.INDEXED, 0) == 0
    assert counts.get(metrics.READ, 0) == counts[metrics.DEAD_LETTERED] == 1  # the gateway again
    assert counts[metrics.FEEDS_NOT_MODIFIED] == 4  # wire, desk, agency, broken
    states = _states(newsroom)
    assert states["wire"].status is FeedStatus.NOT_MODIFIED
    assert states["down"].status is FeedStatus.FAILING
    assert states["down"].consecutive_failures == 2
    new_requests = newsroom.site.seen[pages_before:]
    conditional = [r for r in new_requests if r.path in ("/feed/", "/feeds/desk.atom", "/rss")]
    assert len(conditional) == 3
    assert all("if-none-match" in r.headers for r in conditional)
    paths = {r.path for r in new_requests}
    assert not paths & {"/2025/07/03/flights-suspended/", "/eurasia/2025/07/kurenkov-baku"}
    assert es_client.count(index=es_config.index)["count"] == 9
