"""The local runner on a pool of worker processes (pipeline.app.workers): the work is
dealt out to the workers, what a worker builds once stays for the next pipeline, and
every document is counted once, indexed or dead-lettered, whoever handled it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig, read
from connectors.dedupstate import Deduplicate, setup_state_index, state_index
from connectors.elasticsearch import EsConfig
from connectors.files.decode import decode_text
from connectors.files.parse import parse_file
from pipeline.app.assembly import ReplaySpec
from pipeline.app.replay import REPLAY_BATCH_FILES, run_replay
from pipeline.app.workers import WorkerPool
from pipeline.core.deadletters import DeadLetterCollector
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig, EntityStageFactory
from pipeline.stages.fallback import extract_with_fallback
from pipeline.stages.identify import identify
from schemas import Article, RawDocument
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


class _RecordPid(beam.DoFn):  # type: ignore[misc]
    """Passes each element on, appending the pid of the process that saw it to a file."""

    def __init__(self, path: str) -> None:
        self._path = path

    def process(self, element: object) -> Iterator[object]:
        with open(self._path, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        yield element


def _seed_articles() -> list[Article]:
    now = datetime.now(UTC)
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        parsed = parse_file(str(path), decode_text(path.read_bytes(), str(path)))
        raw = [d for d in parsed if isinstance(d, RawDocument)]
        articles += [identify(extract_with_fallback(r), ingested_at=now) for r in raw]
    return articles


def _pids_before_dedup(
    pool: WorkerPool, es_config: EsConfig, path: Path, spread: bool
) -> tuple[set[int], int]:
    """Which workers ran the step fused before the dedup decision, and how many
    articles came out of it."""
    articles = _seed_articles() * 8  # copies: the decision links them, nothing is lost
    out = path.with_suffix(".out")
    pipeline = beam.Pipeline(runner=pool.runner(), options=PipelineOptions(pool.beam_args()))
    with DeadLetterCollector() as dead:
        decided = (
            pipeline
            | beam.Create(articles)
            | beam.Reshuffle()
            | beam.ParDo(_RecordPid(str(path)))
            | Deduplicate(es_config, DedupConfig(), dead, spread=spread)
        )
    _ = decided | "Out" >> beam.ParDo(_RecordPid(str(out)))
    pipeline.run().wait_until_finish()
    pids = {int(line) for line in path.read_text(encoding="utf-8").split()}
    return pids, len(out.read_text(encoding="utf-8").split())


@pytest.mark.es
def test_the_stages_before_the_dedup_decision_run_on_every_worker(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    """Beam's local runner runs a fused stage holding keyed state (the decision's
    ``GroupIntoBatches``) on one worker: without ``spread``, reading, extraction and
    fingerprinting, fused before it, ran on one of two workers (seen as one busy and
    one idle worker in ``make bench``)."""
    setup_state_index(es_client, state_index(es_config.index), DedupConfig())
    pool = WorkerPool(2)
    try:
        fused, n_fused = _pids_before_dedup(pool, es_config, tmp_path / "fused", spread=False)
        spread, n_spread = _pids_before_dedup(pool, es_config, tmp_path / "spread", spread=True)
        children = set(pool.pids)
    finally:
        pool.close()
    assert n_fused == n_spread == 40  # every article out of the decision, copies included
    assert len(fused) == 1
    assert fused <= children
    assert spread == children
