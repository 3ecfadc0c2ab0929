"""The dedup state protocol against the real node: batches, races, restarts, shape checks."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from connectors.dedupstate import EsStateStore, setup_state_index
from connectors.elasticsearch import BulkPolicy, EsConfig, make_client
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Decision
from pipeline.dedup.fingerprint import Fingerprint
from pipeline.dedup.protocol import decide_batch
from schemas import ConfigError
from tests.conftest import FIXTURES, SEEDS
from tests.support.dedup import NOW, check_groups, fixture_prints

pytestmark = pytest.mark.es
CONFIG = DedupConfig()


def _prints(*folders: Path) -> list[tuple[str, Fingerprint]]:
    return fixture_prints(*folders, config=CONFIG)


@pytest.fixture
def store(es_client: Elasticsearch, index_name: str) -> EsStateStore:
    return EsStateStore(es_client, setup_state_index(es_client, index_name, CONFIG), BulkPolicy())


def test_two_copies_in_the_same_batch(store: EsStateStore) -> None:
    prints = _prints(FIXTURES / "dedup" / "event")
    original = next(fp for story, fp in prints if story == "wire_raid_report")
    copy = _prints(FIXTURES / "dedup" / "event_copies")
    edited = next(fp for story, fp in copy if story == "wire_raid_report")
    decisions = decide_batch(store, [edited, original], CONFIG, now=NOW)
    first, second = sorted(decisions.values(), key=lambda d: d.duplicate_of is not None)
    assert first.duplicate_of is None
    assert second.duplicate_of == first.article_id
    assert second.similarity is not None
    assert second.similarity >= CONFIG.threshold
    # Deciding them again (a replay, a retried bundle) changes nothing.
    assert decide_batch(store, [original, edited], CONFIG, now=NOW) == decisions


def test_distinct_articles_on_one_event_stay_originals(store: EsStateStore) -> None:
    prints = _prints(SEEDS, FIXTURES / "dedup" / "event")
    decisions = decide_batch(store, [fp for _story, fp in prints], CONFIG, now=NOW)
    assert len(decisions) == 13
    assert all(d.duplicate_of is None for d in decisions.values())


def test_parallel_deciders_racing_on_one_corpus_agree_on_one_original_per_story(
    es_url: str, store: EsStateStore, index_name: str
) -> None:
    prints = _prints(SEEDS, FIXTURES / "dedup" / "seed_copies")
    stories = {fp.article_id: story for story, fp in prints}
    random.Random(5).shuffle(prints)
    workers = 4
    results: dict[str, Decision] = {}
    errors: list[Exception] = []
    start = threading.Barrier(workers)
    lock = threading.Lock()

    def worker(share: list[Fingerprint]) -> None:
        client = make_client(EsConfig(url=es_url, index=index_name))
        mine = EsStateStore(client, store.index, BulkPolicy())
        try:
            start.wait()
            for i in range(0, len(share), 3):  # small batches: many interleavings
                decided = decide_batch(mine, share[i : i + 3], CONFIG, now=datetime.now(UTC))
                with lock:
                    results.update(decided)
        except Exception as exc:  # noqa: BLE001 - re-raised by the main thread's assert
            errors.append(exc)
        finally:
            client.close()

    shares = [[fp for _s, fp in prints[w::workers]] for w in range(workers)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == len(prints)
    check_groups(stories, results, expected_groups=5)


def test_restart_remembers_across_processes(store: EsStateStore, es_client: Elasticsearch) -> None:
    prints = _prints(SEEDS, FIXTURES / "dedup" / "seed_copies")
    stories = {fp.article_id: story for story, fp in prints}
    half = [fp for _story, fp in prints[::2]]
    first = decide_batch(store, half, CONFIG, now=NOW)
    # A new process: a new client and store, nothing in memory but the state index.
    fresh = EsStateStore(es_client, store.index, BulkPolicy())
    everything = decide_batch(fresh, [fp for _story, fp in prints], CONFIG, now=NOW)
    assert all(everything[i] == d for i, d in first.items())
    check_groups(stories, everything, expected_groups=5)


def test_a_state_index_of_another_signature_shape_is_refused(
    es_client: Elasticsearch, index_name: str
) -> None:
    setup_state_index(es_client, index_name, CONFIG)
    with pytest.raises(ConfigError, match="w4-p128-b6x2"):
        setup_state_index(es_client, index_name, DedupConfig(bands=16, rows=4))
