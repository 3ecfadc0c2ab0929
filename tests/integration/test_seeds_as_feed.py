"""The seeds served as a news site (one HTML page per article, listed by an RSS feed,
a JSON Feed or a Google News sitemap) give the same five documents as replaying the
seed files, whichever of the three lists them.

"The same document" is judged on what search users see: the same title, the same
text (equal ``content_hash``: every word, in order, whatever the whitespace), the
same authors and the same date. Ids differ by design: a document with a URL is
identified by its canonical URL (the feed path), one without by its text hash (the
file path), so the two runs write into two indices and are compared field by field.
The outlet may differ too: the file path infers it from a dateline, the feed path
reads the page's og:site_name, or the site's host when there is none.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
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
from tests.support.seed_site import seed_keywords, stage_seed_feeds
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


@pytest.fixture(scope="module")
def from_files(
    es_url: str, es_client: Elasticsearch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, Any]]]:
    """The seed files replayed once for every feed type, into an alias of their own."""
    alias = f"test-{uuid.uuid4().hex[:10]}-files"
    es = EsConfig(url=es_url, index=alias)
    try:
        setup_index(es_client, alias)
        replay = BeamTestPipeline(runner="FnApiRunner")
        letters = DeadLetterConfig(path=str(tmp_path_factory.mktemp("files") / "dead.jsonl"))
        build_replay(replay, ReplaySpec(path=str(SEEDS), es=es, dead_letter=letters), _clock)
        replay.run().wait_until_finish()
        yield _documents(es_client, alias)
    finally:
        drop_alias(es_client, alias)


@pytest.mark.parametrize("kind", ["rss", "jsonfeed", "sitemap"])
def test_seed_feed_and_seed_files_give_the_same_five_documents(
    kind: str,
    from_files: dict[str, dict[str, Any]],
    es_config: EsConfig,
    es_client: Elasticsearch,
    index_name: str,
    tmp_path: Path,
) -> None:
    letters = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    setup_index(es_client, es_config.index)
    with serve() as site:
        url = stage_seed_feeds(site)[kind]
        spec = FeedsSpec(
            es=es_config,
            http=HttpConfig(allow_private_networks=True, per_host_delay_s=0.0),
            policy=FeedPolicy(),
            dead_letter=letters,
            feeds_index=f"{index_name}-feeds",
        )
        FeedStateStore(es_client, spec.feeds_index).setup()
        feed = FeedSpec(id="seeds", url=url)  # its type told from the document
        pipeline = BeamTestPipeline(runner="FnApiRunner")
        build_feeds(pipeline, spec, [PollTask(feed, state_for(feed, None))], _clock)
        result = pipeline.run()
        result.wait_until_finish()
        pages = len([r for r in site.seen if r.path.startswith("/0")])
    from_feed = _documents(es_client, es_config.index)

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
        if kind == "sitemap":  # the news sitemap's keywords arrive as tags
            slug = doc["url"].rsplit("/", 1)[-1]
            assert set(seed_keywords(slug)) <= set(doc["tags"]), title
    assert {d["id"] for d in from_feed.values()}.isdisjoint(d["id"] for d in from_files.values())
