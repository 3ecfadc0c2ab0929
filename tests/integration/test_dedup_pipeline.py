"""Deduplication end to end on Beam's local runner, against the real node.

The syndication corpus is tests/fixtures/dedup (see its manifest.json): copies of
the seeds with other boilerplate, tracking URLs, edited headlines and sentences,
truncations.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig, setup_index
from pipeline.app.assembly import ReplaySpec, build_replay
from tests.conftest import FIXTURES, SEEDS

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)
SEED_COPIES = FIXTURES / "dedup" / "seed_copies"


def _clock() -> datetime:
    return NOW


def _run(path: Path, es: EsConfig, tmp_path: Path) -> dict[str, int]:
    letters = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_replay(pipeline, ReplaySpec(path=str(path), es=es, dead_letter=letters), _clock)
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_namespace("newsflow"))["counters"]
    counts = {c.key.metric.name: int(c.committed) for c in counters}
    assert counts["read"] == (
        counts.get("indexed", 0) + counts.get("duplicate", 0) + counts.get("dead_lettered", 0)
    )
    return counts


def _indexed(client: Elasticsearch, index: str) -> dict[str, dict[str, Any]]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, size=1000, source_excludes=["text"])["hits"]["hits"]
    return {h["_id"]: h["_source"] for h in hits}


def _story(origin: str) -> str:
    """The story a corpus file belongs to: its name up to the first dot."""
    return Path(origin).name.split(".")[0]


def test_seeds_then_their_copies_leave_five_originals_and_a_replay_changes_nothing(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    setup_index(es_client, es_config.index)
    seeds = _run(SEEDS, es_config, tmp_path)
    copies = _run(SEED_COPIES, es_config, tmp_path)
    docs = _indexed(es_client, es_config.index)

    originals = {i: d for i, d in docs.items() if d["duplicate_of"] is None}
    assert sorted(Path(d["origin"]).name for d in originals.values()) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )
    copies_indexed = [d for d in docs.values() if d["duplicate_of"] is not None]
    for copy in copies_indexed:
        original = originals[copy["duplicate_of"]]
        assert _story(copy["origin"]) == _story(original["origin"]), copy["origin"]
        assert 0.6 <= copy["duplicate_similarity"] <= 1.0
    # Every copy file is either indexed and linked, or has the id of a document that
    # is (same canonical URL, or the same text and no URL): nothing is lost.
    assert seeds["indexed"] == 5
    assert copies["read"] == 45
    assert copies["indexed"] == copies["linked"] == len(copies_indexed)
    assert copies["indexed"] + copies["duplicate"] == 45
    assert copies["duplicate"] == 8  # 5 same-URL copies, 3 syndicated texts with no URL

    again = _run(SEED_COPIES, es_config, tmp_path)
    again_seeds = _run(SEEDS, es_config, tmp_path)
    assert (again.get("indexed", 0), again["duplicate"]) == (0, 45)
    assert (again_seeds.get("indexed", 0), again_seeds["duplicate"]) == (0, 5)
    assert _indexed(es_client, es_config.index) == docs


def test_seeds_and_copies_in_one_batch_make_one_original_per_story(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    folder = tmp_path / "together"
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copytree(SEED_COPIES, folder / "copies")
    setup_index(es_client, es_config.index)
    counts = _run(folder, es_config, tmp_path)
    docs = _indexed(es_client, es_config.index)
    originals = [d for d in docs.values() if d["duplicate_of"] is None]
    assert sorted(_story(d["origin"]) for d in originals) == sorted(p.stem for p in SEEDS.glob("*"))
    for doc in docs.values():
        if doc["duplicate_of"] is not None:
            root = docs[doc["duplicate_of"]]
            assert root["duplicate_of"] is None
            assert _story(root["origin"]) == _story(doc["origin"])
    assert counts["read"] == 50
    assert counts["linked"] == len(docs) - 5


def test_restart_replay_half_stop_then_replay_all_indexes_no_duplicates(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    files = sorted(SEED_COPIES.iterdir())
    half, everything = tmp_path / "half", tmp_path / "all"
    half.mkdir()
    shutil.copytree(SEEDS, everything)
    for path in files:
        shutil.copy(path, everything / path.name)
    for path in files[::2]:
        shutil.copy(path, half / path.name)
    setup_index(es_client, es_config.index)
    _run(half, es_config, tmp_path)  # first process, then it stops
    first = _indexed(es_client, es_config.index)
    _run(everything, es_config, tmp_path)  # a new process: only Elasticsearch remembers
    docs = _indexed(es_client, es_config.index)

    # Nothing is rewritten, except that exact copies read only in the second run (a seed
    # whose syndicated twin, same text and no URL, came first) are recorded in `copies`.
    assert all({**docs[i], "copies": d["copies"]} == d for i, d in first.items()), (
        "a restart must not rewrite"
    )
    roots = {d["duplicate_of"] or i for i, d in docs.items()}
    by_story = {_story(docs[r]["origin"]) for r in roots}
    assert len(roots) == len(by_story) == 5, "one original per story, even across runs"
    for doc in docs.values():
        if doc["duplicate_of"] is not None:
            assert docs[doc["duplicate_of"]]["duplicate_of"] is None
