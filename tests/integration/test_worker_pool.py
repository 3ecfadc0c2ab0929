"""The local runner on a pool of worker processes (pipeline.app.workers): the work is
dealt out to the workers, what a worker builds once stays for the next pipeline, and
every document is counted once, indexed or dead-lettered, whoever handled it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig, read
from connectors.elasticsearch import EsConfig
from pipeline.app.assembly import ReplaySpec
from pipeline.app.replay import REPLAY_BATCH_FILES, run_replay
from pipeline.app.workers import WorkerPool
from pipeline.entities import EntityConfig, EntityStageFactory
from tests.conftest import SEEDS

# The starter KB alone: quick to build, and built by the worker that uses it.
STARTER = EntityConfig(ner=False, gazetteer=False)


class _WhoBuilt(beam.DoFn):  # type: ignore[misc]
    """Says which process handled an element and which entity stage it used."""

    def __init__(self, factory: EntityStageFactory) -> None:
        self._factory = factory

    def setup(self) -> None:
        self._stage = self._factory()

    def process(self, element: int) -> Iterator[tuple[int, int]]:
        Metrics.counter("test", "seen").inc()
        yield os.getpid(), id(self._stage)


def test_every_worker_takes_part_and_keeps_its_entity_stage_between_pipelines(
    tmp_path: Path,
) -> None:
    factory = EntityStageFactory(STARTER)
    pool = WorkerPool(2)
    try:
        first, seen_first = _collect(pool, factory, tmp_path / "first", 40)
        second, seen_second = _collect(pool, factory, tmp_path / "second", 40)
        children = set(pool.pids)
    finally:
        pool.close()
    assert seen_first == seen_second == 40  # counters summed over the workers
    assert {pid for pid, _ in first} == {pid for pid, _ in second} == children
    assert os.getpid() not in children
    # One stage per worker process, the same object in the second pipeline as in the first.
    stages_first, stages_second = dict(first), dict(second)
    assert len(first) == len(second) == 2
    assert stages_first == stages_second


class _Record(beam.DoFn):  # type: ignore[misc]
    """Appends each (pid, stage id) to a file: the workers' results, read by the test."""

    def __init__(self, path: str) -> None:
        self._path = path

    def process(self, pair: tuple[int, int]) -> None:
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(f"{pair[0]} {pair[1]}\n")


def _collect(
    pool: WorkerPool, factory: EntityStageFactory, path: Path, n: int
) -> tuple[set[tuple[int, int]], int]:
    options = PipelineOptions(pool.beam_args())
    pipeline = beam.Pipeline(runner=pool.runner(), options=options)
    _ = (
        pipeline
        | beam.Create(range(n))
        | beam.Reshuffle()
        | beam.ParDo(_WhoBuilt(factory))
        | beam.ParDo(_Record(str(path)))
    )
    result = pipeline.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_name("seen"))["counters"]
    lines = path.read_text(encoding="utf-8").split()
    pairs = {(int(a), int(b)) for a, b in zip(lines[::2], lines[1::2], strict=True)}
    assert len(lines) == 2 * n  # every element recorded once
    return pairs, sum(int(c.committed) for c in counters)


@pytest.mark.es
@pytest.mark.parametrize("batch_files", [REPLAY_BATCH_FILES, 4])
def test_replay_on_two_workers_counts_and_dead_letters_every_document_once(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path, batch_files: int
) -> None:
    """In one pipeline, and in three (4 files each: the copies come after their
    originals, in later pipelines, and are still found)."""
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    for i in range(3):  # the seeds again under other names: exact copies, duplicates
        shutil.copy(sorted(SEEDS.glob("*.txt"))[i], folder / f"copy-{i}.txt")
    (folder / "junk.txt").write_bytes(os.urandom(2048) + b"\x00" * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "mixed.jsonl").write_text(
        '{"title": "Fine", "text": "A perfectly fine record about Baku and Moscow relations."}\n'
        "{broken json\n",
        encoding="utf-8",
    )
    spec = ReplaySpec(
        path=str(folder),
        es=es_config,
        dead_letter=DeadLetterConfig(path=str(tmp_path / "dead.jsonl")),
        entities=STARTER,
    )
    summary = run_replay(spec, show_progress=False, workers=2, batch_files=batch_files)
    counts = summary.counts
    assert counts.get("files") == 11
    assert counts.read == 12  # 8 texts, junk, empty, and the two records of mixed.jsonl
    # The copies are exact: each is recorded in its original's copies, not indexed.
    assert (counts.indexed, counts.duplicate, counts.dead_lettered) == (6, 3, 3)
    assert counts.get("recorded") == 3
    assert counts.dead_lettered_by_stage == {"read": 3}
    assert counts.accounted
    assert es_client.count(index=es_config.index)["count"] == 6
    letters = [Path(d.origin.split(":")[0]).name for d in read(str(tmp_path / "dead.jsonl"))]
    assert sorted(letters) == ["empty.txt", "junk.txt", "mixed.jsonl"]
