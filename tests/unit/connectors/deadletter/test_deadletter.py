"""The dead-letter sink on real files: the JSON Lines file, and the Beam writer that fills it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter

from connectors.deadletter import (
    AppendDeadLetters,
    DeadLetterConfig,
    WriteDeadLetters,
    append,
    read,
)
from pipeline.core import metrics
from schemas import DeadLetter, InvalidInput, SinkUnavailable, Stage

NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _letter(stage: Stage, origin: str, payload: bytes | None = b"text", feed: str | None = None):
    return DeadLetter.build(
        stage=stage,
        error=InvalidInput(f"{origin} is bad"),
        origin=origin,
        payload=payload,
        failed_at=NOW,
        source_feed=feed,
    )


def test_letters_round_trip_through_the_file_one_line_each(tmp_path: Path) -> None:
    path = str(tmp_path / "state" / "dead.jsonl")  # the directory is created
    letters = [_letter(Stage.READ, "/a.txt"), _letter(Stage.SINK, "/b.txt", b"\xff\xfe")]
    assert append(path, letters[:1]) == 1
    assert append(path, letters[1:]) == 1
    assert list(read(path)) == letters
    lines = Path(path).read_text("utf-8").splitlines()
    assert [json.loads(line)["stage"] for line in lines] == ["read", "sink"]
    assert list(read(path))[1].original_bytes() == b"\xff\xfe"  # binary input, base64


def test_reading_a_missing_file_yields_nothing(tmp_path: Path) -> None:
    assert list(read(str(tmp_path / "none.jsonl"))) == []


def test_stored_stage_names_still_read() -> None:
    stored = _letter(Stage.EXTRACT, "/a.txt").model_dump(mode="json")
    assert stored["stage"] == "extract"
    for name in ("poll", "fetch", "read", "extract", "identify", "dedup", "entities", "sink"):
        assert DeadLetter.model_validate({**stored, "stage": name}).stage == name


def _counters(result: beam.runners.runner.PipelineResult) -> dict[str, int]:
    query = result.metrics().query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    return {c.key.metric.name: c.committed for c in query["counters"]}


def test_the_writer_appends_every_letter_and_counts_it_per_stage_and_source(
    tmp_path: Path,
) -> None:
    config = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    letters = [
        _letter(Stage.READ, "/a.txt"),
        _letter(Stage.POLL, "http://x.example/feed", None, "http://x.example/feed"),
    ]
    pipeline = beam.Pipeline(runner="FnApiRunner")
    _ = pipeline | beam.Create(letters) | WriteDeadLetters(config)
    result = pipeline.run()
    result.wait_until_finish()
    assert sorted(read(config.path), key=lambda d: d.origin) == letters
    counters = _counters(result)
    assert counters[metrics.DEAD_LETTERED] == 2
    assert counters["dead_lettered.read"] == counters["dead_lettered.poll"] == 1
    source = metrics.labelled(metrics.DEAD_LETTERED, source="http://x.example/feed")
    assert counters[source] == 1


def test_bookkeeping_letters_are_kept_but_not_counted_as_outcomes(tmp_path: Path) -> None:
    config = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    letter = DeadLetter.build(
        stage=Stage.COMMIT,
        error=SinkUnavailable("down"),
        origin="http://x.example/feed",
        payload=None,
        failed_at=NOW,
    )
    pipeline = beam.Pipeline(runner="FnApiRunner")
    _ = pipeline | beam.Create([letter]) | AppendDeadLetters(config, outcome=False)
    result = pipeline.run()
    result.wait_until_finish()
    assert list(read(config.path)) == [letter]
    counters = _counters(result)
    assert counters["dead_lettered.commit"] == 1
    assert metrics.DEAD_LETTERED not in counters
