"""The seeds served as a news site (an RSS feed, one HTML page per article) give the
same five documents as replaying the seed files.

"The same document" is judged on what search users see: the same title, the same
text (equal ``content_hash``: every word, in order, whatever the whitespace), the
same authors and the same date. Ids differ by design: a document with a URL is
identified by its canonical URL (the feed path), one without by its text hash (the
file path), so the two runs write into two indices and are compared field by field.
The outlet may differ too: the file path infers it from a dateline, the feed path
reads the page's og:site_name, or the site's host when there is none.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig, setup_index
from connectors.http import HttpConfig
from connectors.rss import FeedPolicy, FeedSpec, FeedStateStore, PollTask
from connectors.rss.state import state_for
from pipeline.app.assembly import FeedsSpec, ReplaySpec, build_feeds, build_replay
from pipeline.core import metrics
from tests.conftest import SEEDS
from tests.support.es import drop_alias
from tests.support.seed_site import stage_seed_site
from tests.support.web import serve

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


def _documents(client: Elasticsearch, index: str) -> dict[str, dict[str, Any]]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, size=20)["hits"]["hits"]
    return {hit["_source"]["title"]: hit["_source"] for hit in hits}


def _seen(doc: dict[str, Any]) -> tuple[object, ...]:
    return (doc["content_hash"], tuple(doc["authors"]), doc["published_at"], doc["word_count"])


def test_seed_feed_and_seed_files_give_the_same_five_documents(
    es_config: EsConfig, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    letters = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    setup_index(es_client, es_config.index)
    replay = BeamTestPipeline(runner="FnApiRunner")
    build_replay(replay, ReplaySpec(path=str(SEEDS), es=es_config, dead_letter=letters), _clock)
    replay.run().wait_until_finish()
    from_files = _documents(es_client, es_config.index)

    feed_alias = f"{index_name}-feed"
    feed_es = EsConfig(url=es_config.url, index=feed_alias)
    try:
        setup_index(es_client, feed_alias)
        with serve() as site:
            url, _seeds = stage_seed_site(site)
            spec = FeedsSpec(
                es=feed_es,
                http=HttpConfig(allow_private_networks=True, per_host_delay_s=0.0),
                policy=FeedPolicy(),
                dead_letter=letters,
                feeds_index=f"{index_name}-feeds",
            )
            FeedStateStore(es_client, spec.feeds_index).setup()
            feed = FeedSpec(id="seeds", url=url)
            pipeline = BeamTestPipeline(runner="FnApiRunner")
            build_feeds(pipeline, spec, [PollTask(feed, state_for(feed, None))], _clock)
            result = pipeline.run()
            result.wait_until_finish()
            pages = len([r for r in site.seen if r.path.startswith("/0")])
        from_feed = _documents(es_client, feed_alias)
    finally:
        drop_alias(es_client, feed_alias)

    counts = metrics.committed_counts(result)
    assert (counts[metrics.READ], counts[metrics.PAGES_FETCHED], counts[metrics.INDEXED]) == (
        5,
        5,
        5,
    )
    assert pages == 5
    assert sorted(from_feed) == sorted(from_files)  # the same five titles
    for title, doc in from_feed.items():
        assert _seen(doc) == _seen(from_files[title]), title
        assert doc["extraction_note"] is None  # every text came from its page
        assert doc["url"].startswith(site.base_url)
        assert doc["source_feed"] == url
    assert {d["id"] for d in from_feed.values()}.isdisjoint(d["id"] for d in from_files.values())
