"""The Beam wrappers around the pure stages, on TestPipeline (no Elasticsearch needed)."""

from __future__ import annotations

from datetime import UTC, datetime

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.core.deadletters import apply_stage
from pipeline.stages.beam import to_articles
from schemas import DocumentKind, ExtractionFailed, RawDocument

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
        ok, dead = apply_stage(p | beam.Create([2, 3, 4, 5]), "halve", _halve, _clock)
        assert_that(ok, equal_to([1, 2]), label="ok")
        reasons = dead | beam.Map(lambda d: (d.stage, d.error_type, d.reason.split(":")[0]))
        assert_that(
            reasons,
            equal_to(
                [
                    ("halve", "ExtractionFailed", "three cannot be halved here"),
                    ("halve", "RuntimeError", "unexpected ZeroDivisionError in stage halve"),
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
        articles, dead = to_articles(p | beam.Create(docs), _clock)
        assert_that(
            articles | beam.Map(lambda a: (a.origin, a.title, a.ingested_at)),
            equal_to([("a.json", "Title of a.json", NOW), ("c.html", "Title of c.html", NOW)]),
            label="articles",
        )
        letters = tuple(dead) | "all" >> beam.Flatten()
        assert_that(
            letters | beam.Map(_shape),
            equal_to([("extract", "ExtractionFailed", "b.json", False)]),
            label="dead",
        )
