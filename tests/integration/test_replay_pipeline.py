"""The replay pipeline on Beam's local runner, writing to the real node."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig, read
from connectors.elasticsearch import EsConfig, setup_index
from pipeline.app.assembly import ReplaySpec, build_replay
from tests.conftest import SEEDS

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


def _run(spec: ReplaySpec) -> dict[str, int]:
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_replay(pipeline, spec, _clock)
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_namespace("newsflow"))["counters"]
    return {c.key.metric.name: int(c.committed) for c in counters}


def _spec(
    path: Path, es: EsConfig, tmp_path: Path, dead_letter_index: str | None = None
) -> ReplaySpec:
    letters = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"), index=dead_letter_index)
    return ReplaySpec(path=str(path), es=es, dead_letter=letters)


def test_seed_replay_is_idempotent(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    setup_index(es_client, es_config.index)
    first = _run(_spec(SEEDS, es_config, tmp_path))
    second = _run(_spec(SEEDS, es_config, tmp_path))
    es_client.indices.refresh(index=es_config.index)
    assert (first["read"], first["indexed"], first.get("duplicate", 0)) == (5, 5, 0)
    assert (second["read"], second.get("indexed", 0), second["duplicate"]) == (5, 0, 5)
    assert es_client.count(index=es_config.index)["count"] == 5
    docs = es_client.search(index=es_config.index, size=10)["hits"]["hits"]
    assert all(
        d["_source"]["title"] and d["_source"]["ingested_at"] == "2025-07-09T00:00:00Z"
        for d in docs
    )


def test_malformed_files_are_dead_lettered_and_do_not_stop_the_run(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    (folder / "junk.txt").write_bytes(os.urandom(2048) + b"\x00" * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Café in Bakı — naïve text".encode("latin-1", "replace"))
    with open(folder / "huge.txt", "wb") as handle:  # 50 MB, sparse: cheap to make
        handle.truncate(50 * 1024 * 1024)
    (folder / "mixed.jsonl").write_text(
        '{"title": "Fine", "text": "A perfectly fine record about Baku and Moscow relations."}\n'
        "{broken json\n",
        encoding="utf-8",
    )
    setup_index(es_client, es_config.index)
    dead_index = f"{es_config.index}-deadletter"
    counts = _run(_spec(folder, es_config, tmp_path, dead_letter_index=dead_index))
    es_client.indices.refresh(index=f"{es_config.index}*")
    assert counts["files"] == 10
    assert counts["read"] == 11
    assert counts["indexed"] == 6
    assert counts["dead_lettered"] == 5
    assert counts["dead_lettered.read"] == 5
    assert (
        counts["read"] == counts["indexed"] + counts.get("duplicate", 0) + counts["dead_lettered"]
    )
    assert es_client.count(index=es_config.index)["count"] == 6
    letters = {Path(d.origin.split(":")[0]).name: d for d in read(str(tmp_path / "dead.jsonl"))}
    assert set(letters) == {"junk.txt", "empty.txt", "latin1.txt", "huge.txt", "mixed.jsonl"}
    assert "binary data" in letters["junk.txt"].reason
    assert "empty" in letters["empty.txt"].reason
    assert "not valid UTF-8" in letters["latin1.txt"].reason
    assert "52,428,800 bytes" in letters["huge.txt"].reason
    assert letters["huge.txt"].payload is None
    assert letters["huge.txt"].payload_bytes == 0
    assert letters["mixed.jsonl"].payload == "{broken json"
    assert all(d.stage == "read" and d.error_type == "InvalidInput" for d in letters.values())
    assert letters["latin1.txt"].original_bytes() == (folder / "latin1.txt").read_bytes()
    indexed = es_client.search(index=dead_index, size=10)["hits"]["hits"]
    assert sorted(Path(h["_source"]["origin"].split(":")[0]).name for h in indexed) == sorted(
        letters
    )
    es_client.indices.delete(index=dead_index)


def test_elasticsearch_down_dead_letters_everything_with_reason(tmp_path: Path) -> None:
    from connectors.elasticsearch import BulkPolicy
    from tests.support.faulty_proxy import closed_port_url

    es = EsConfig(
        url=closed_port_url(),
        index="news",
        request_timeout_s=1,
        bulk=BulkPolicy(max_retries=1, initial_backoff_s=0.01, max_backoff_s=0.01),
    )
    counts = _run(_spec(SEEDS, es, tmp_path))
    assert counts["read"] == 5
    # The dedup stage is the first to need Elasticsearch (its state lives there).
    assert counts["dead_lettered.dedup"] == 5
    letters = list(read(str(tmp_path / "dead.jsonl")))
    assert len(letters) == 5
    assert all(d.stage == "dedup" and d.transient and "cannot reach" in d.reason for d in letters)
    assert all(d.payload and '"title"' in d.payload for d in letters)
