"""The state indices honour --replicas, so a single-node cluster stays green."""

from __future__ import annotations

import pytest
from elasticsearch import Elasticsearch

from connectors.dedupstate import setup_state_index
from connectors.rss import FeedStateStore, feeds_index
from pipeline.dedup.config import DedupConfig

pytestmark = pytest.mark.es


def _replicas(client: Elasticsearch, index: str) -> tuple[str, str]:
    settings = client.indices.get_settings(index=index)[index]["settings"]["index"]
    health = client.cluster.health(index=index, timeout="10s")["status"]
    return settings["number_of_replicas"], health


def test_state_indices_are_created_without_replicas_and_take_the_ones_asked_for(
    es_client: Elasticsearch, index_name: str
) -> None:
    dedup = setup_state_index(es_client, index_name, DedupConfig())
    feeds = FeedStateStore(es_client, feeds_index(index_name))
    feeds.setup()
    for index in (dedup, feeds.index):
        assert _replicas(es_client, index) == ("0", "green")
    # `es setup --replicas 1`: the existing indices get a replica (yellow on one node)
    setup_state_index(es_client, index_name, DedupConfig(), replicas=1)
    feeds.setup(replicas=1)
    for index in (dedup, feeds.index):
        assert _replicas(es_client, index) == ("1", "yellow")
    setup_state_index(es_client, index_name, DedupConfig())  # a replay: left as it is
    assert _replicas(es_client, dedup) == ("1", "yellow")
