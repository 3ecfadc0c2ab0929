"""``newsflow deadletter replay``: re-process dead letters through the same stages.

Dead letters re-enter where they failed (``pipeline.app.resume``), so a fixed
parser re-reads, a fixed extractor re-extracts, and documents that failed only
because Elasticsearch was down are indexed as they were. What fails again becomes
a new dead letter (same stage, new reason). Letters that cannot be replayed (no
inlined input) are copied to the output file unchanged, so nothing is lost.

When the input is the dead-letter file itself, it is first moved aside to
``<file>.replayed-<UTC time>``: the run then writes only what still fails.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.pvalue import TaggedOutput

from connectors.deadletter import DeadLetterConfig, WriteDeadLetters, append, read
from connectors.elasticsearch import EsConfig
from pipeline.app.assembly import Resumed, index_articles
from pipeline.app.indices import prepare_indices
from pipeline.app.resume import ARTICLE_STAGES, replayable, resume
from pipeline.app.runner_options import beam_options
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig
from pipeline.stages.beam import to_articles
from schemas import ConfigError, DeadLetter, IngestError, RawDocument

logger = logging.getLogger(__name__)
_RAW = "raw"


@dataclass(frozen=True, slots=True)
class DeadLetterReplaySummary:
    source: str
    archived_to: str | None
    replayed: int  # dead letters fed back into the pipeline
    kept: int  # not replayable, copied unchanged to the output
    read: int  # documents they turned into
    indexed: int
    duplicate: int
    dead_lettered: int  # failed again; now in the output file
    output: str


class ResumeFn(beam.DoFn):  # type: ignore[misc]
    """DeadLetter -> RawDocuments (main output), or Articles on the output named after
    the stage they failed at (dedup, entities, sink), or a new dead letter."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self._clock = clock

    def process(self, letter: DeadLetter) -> Iterator[RawDocument | TaggedOutput]:
        try:
            documents = resume(letter)
        except IngestError as err:
            metrics.count_by_source(metrics.READ, metrics.source_of(letter))
            yield TaggedOutput(DEAD_LETTER, _again(letter, err, self._clock()))
            return
        for document in documents:
            metrics.count_by_source(metrics.READ, metrics.source_of(letter))
            yield (
                document
                if isinstance(document, RawDocument)
                else TaggedOutput(letter.stage, document)
            )


def _again(letter: DeadLetter, err: IngestError, now: datetime) -> DeadLetter:
    return DeadLetter.build(
        stage=letter.stage,
        error=err,
        origin=letter.origin,
        payload=letter.original_bytes(),
        failed_at=now,
        source_feed=letter.source_feed,
    )


def build(
    pipeline: beam.Pipeline,
    letters: list[DeadLetter],
    es: EsConfig,
    output: DeadLetterConfig,
    dedup: DedupConfig,
    entities: EntityConfig,
    clock: Clock = utc_now,
) -> None:
    """Letters -> resume -> the same stages as a replay, each letter re-entering at the
    stage it failed at; failures -> ``output``."""
    resumed = (
        pipeline
        | "Letters" >> beam.Create(letters)
        | "Resume"
        >> beam.ParDo(ResumeFn(clock)).with_outputs(DEAD_LETTER, *ARTICLE_STAGES, main=_RAW)
    )
    articles, dead_stages = to_articles(resumed[_RAW], clock)
    _results, dead_indexing = index_articles(
        articles,
        es,
        dedup,
        entities,
        clock,
        Resumed(resumed["dedup"], resumed["entities"], resumed["sink"]),
    )
    _ = (
        (resumed[DEAD_LETTER], *dead_stages, *dead_indexing)
        | "AllDeadLetters" >> beam.Flatten()
        | "DeadLetters" >> WriteDeadLetters(output, es)
    )


def replay_dead_letters(
    source: str,
    es: EsConfig,
    output: DeadLetterConfig,
    *,
    dedup: DedupConfig,
    entities: EntityConfig,
    clock: Clock = utc_now,
) -> DeadLetterReplaySummary:
    """Re-process the dead letters in ``source``; see the module docstring."""
    if not Path(source).is_file():
        raise ConfigError(f"{source}: no such dead-letter file")
    letters = list(_read(source))
    archived = _move_aside(source, clock) if _same_file(source, output.path) else None
    todo = [letter for letter in letters if replayable(letter)]
    kept = [letter for letter in letters if not replayable(letter)]
    if kept:
        append(output.path, kept)
    counts: dict[str, int] = {}
    if todo:
        prepare_indices(es, dedup, entities)
        pipeline = beam.Pipeline(options=beam_options([]))
        build(pipeline, todo, es, output, dedup, entities, clock)
        result = pipeline.run()
        result.wait_until_finish()
        counts = _counts(result)
    summary = DeadLetterReplaySummary(
        source=source,
        archived_to=archived,
        replayed=len(todo),
        kept=len(kept),
        read=counts.get(metrics.READ, 0),
        indexed=counts.get(metrics.INDEXED, 0),
        duplicate=counts.get(metrics.DUPLICATE, 0),
        dead_lettered=counts.get(metrics.DEAD_LETTERED, 0),
        output=output.path,
    )
    logger.info(
        "replayed %d dead letters from %s",
        summary.replayed,
        source,
        extra={
            "replayed": summary.replayed,
            "kept": summary.kept,
            "indexed": summary.indexed,
            "duplicate": summary.duplicate,
            "dead_lettered": summary.dead_lettered,
        },
    )
    return summary


def _read(source: str) -> Iterator[DeadLetter]:
    try:
        yield from read(source)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(f"{source}: not a newsflow dead-letter file ({exc})") from exc


def _same_file(a: str, b: str) -> bool:
    return os.path.exists(b) and os.path.samefile(a, b)


def _move_aside(source: str, clock: Clock) -> str:
    stamp = clock().strftime("%Y%m%dT%H%M%SZ")
    target = f"{source}.replayed-{stamp}"
    os.replace(source, target)
    return target


def _counts(result: beam.runners.runner.PipelineResult) -> dict[str, int]:
    query = result.metrics().query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    counts: dict[str, int] = {}
    for counter in query["counters"]:
        name = counter.key.metric.name
        counts[name] = counts.get(name, 0) + int(counter.committed or 0)
    return counts


__all__ = ["DeadLetterReplaySummary", "build", "replay_dead_letters"]
