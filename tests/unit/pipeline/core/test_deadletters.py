"""The Beam wrappers around the pure stages, on TestPipeline (no Elasticsearch needed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.core.deadletters import DEAD_LETTER, DeadLetterCollector, Guarded, apply_stage
from pipeline.stages.beam import to_articles
from schemas import (
    DocumentKind,
    ExtractionFailed,
    IngestError,
    RawDocument,
    SinkUnavailable,
    Stage,
)

NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


def _raw(origin: str, payload: str, kind: DocumentKind = DocumentKind.JSON_RECORD) -> RawDocument:
    return RawDocument(origin=origin, kind=kind, payload=payload, title=f"Title of {origin}")


def _shape(letter: object) -> tuple[str, str, str, bool]:
    return (letter.stage, letter.error_type, letter.origin, letter.transient)  # type: ignore[attr-defined]


def _halve(x: int) -> int:
    if x == 3:
        raise ExtractionFailed("three cannot be halved here")
    if x == 5:
        raise ZeroDivisionError("a bug, not bad input")
    return x // 2


def test_apply_stage_routes_ingest_errors_and_bugs_to_dead_letters() -> None:
    with BeamTestPipeline(runner="FnApiRunner") as p:
        with DeadLetterCollector() as letters:
            ok = apply_stage(p | beam.Create([2, 3, 4, 5]), Stage.EXTRACT, _halve, letters, _clock)
        dead = letters.output()
        assert_that(ok, equal_to([1, 2]), label="ok")
        reasons = dead | beam.Map(lambda d: (d.stage, d.error_type, d.reason.split(":")[0]))
        assert_that(
            reasons,
            equal_to(
                [
                    ("extract", "ExtractionFailed", "three cannot be halved here"),
                    ("extract", "RuntimeError", "unexpected ZeroDivisionError in stage extract"),
                ]
            ),
            label="dead",
        )


def test_to_articles_extracts_and_dead_letters_empty_documents() -> None:
    docs = [
        _raw("a.json", "Baku and Moscow argue again over the crash near Aktau in Kazakhstan."),
        _raw("b.json", "   "),
        _raw(
            "c.html",
            "<html><body><article><p>Flights to Grozny resume after a pause of several months.</p>"
            "</article></body></html>",
            DocumentKind.HTML,
        ),
    ]
    with BeamTestPipeline(runner="FnApiRunner") as p:
        with DeadLetterCollector() as dead:
            articles = to_articles(p | beam.Create(docs), dead, _clock)
        assert_that(
            articles | beam.Map(lambda a: (a.origin, a.title, a.ingested_at)),
            equal_to([("a.json", "Title of a.json", NOW), ("c.html", "Title of c.html", NOW)]),
            label="articles",
        )
        letters = dead.output()
        assert_that(
            letters | beam.Map(_shape),
            equal_to([("extract", "ExtractionFailed", "b.json", False)]),
            label="dead",
        )


class _Fails(beam.DoFn):  # type: ignore[misc]
    """Fails every element: with an IngestError the run must see, or with a bug."""

    def __init__(self, error: Exception) -> None:
        self._error = error

    def process(self, element: str) -> Iterator[str]:
        yield element.upper()
        raise self._error


def test_guarded_outputs_dead_letters_only_never_half_of_an_inputs_outputs() -> None:
    guarded = Guarded(Stage.READ, _Fails(KeyError("bug")), _clock)
    outputs = list(guarded.process("/in/a.txt"))
    assert [(o.tag, o.value.origin, o.value.reason) for o in outputs] == [
        (DEAD_LETTER, "/in/a.txt", "unexpected KeyError in stage read: 'bug'")
    ]


def test_guarded_keeps_an_ingest_errors_type_and_transience() -> None:
    guarded = Guarded(Stage.SINK, _Fails(SinkUnavailable("down")), _clock)
    (output,) = guarded.process("/in/a.txt")
    assert (output.value.error_type, output.value.reason, output.value.transient) == (
        "SinkUnavailable",
        "down",
        True,
    )


def test_guarded_lets_fatal_errors_fail_the_run() -> None:
    guarded = Guarded(Stage.COMMIT, _Fails(SinkUnavailable("down")), fatal=(IngestError,))
    with pytest.raises(SinkUnavailable):
        list(guarded.process("feed"))
    bug = Guarded(Stage.COMMIT, _Fails(KeyError("bug")), _clock, fatal=(IngestError,))
    assert [o.value.stage for o in bug.process("feed")] == ["commit"]
