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
from functools import partial
from pathlib import Path

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput

from connectors.deadletter import DeadLetterConfig, WriteDeadLetters, append, read
from connectors.elasticsearch import EsConfig
from pipeline.app.assembly import Resumed, index_articles
from pipeline.app.bounded import Counts, run_bounded
from pipeline.app.indices import prepare_indices
from pipeline.app.resume import ARTICLE_STAGES, replayable, resume
from pipeline.app.summary import outcomes
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import MAIN, DeadLetterCollector, Guarded
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig
from pipeline.stages.beam import to_articles
from schemas import ConfigError, DeadLetter, RawDocument, Stage

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeadLetterReplaySummary:
    source: str
    archived_to: str | None
    replayed: int  # dead letters fed back into the pipeline
    kept: int  # not replayable, copied unchanged to the output
    counts: Counts  # read: the documents they turned into; dead-lettered: failed again
    output: str

    def lines(self, index: str) -> list[str]:
        lines = [
            f"replayed {self.replayed} dead letters from {self.source} into {index!r}: "
            f"read {self.counts.read}, {outcomes(self.counts, again=True)}"
        ]
        if self.kept:
            lines.append(f"{self.kept} could not be replayed (no inlined input); kept")
        if self.archived_to:
            lines.append(f"the replayed file was moved to {self.archived_to}")
        if self.counts.dead_lettered or self.kept:
            lines.append(f"remaining dead letters are in {self.output}")
        return lines

    def as_json(self, index: str) -> dict[str, object]:
        return {
            "source": self.source,
            "archived_to": self.archived_to,
            "replayed": self.replayed,
            "kept": self.kept,
            "read": self.counts.read,
            "indexed": self.counts.indexed,
            "duplicate": self.counts.duplicate,
            "dead_lettered": self.counts.dead_lettered,
            "output": self.output,
        }


class ResumeFn(beam.DoFn):  # type: ignore[misc]
    """DeadLetter -> RawDocuments (main output), or Articles on the output named after
    the stage they failed at (dedup, entities, sink). Run guarded: a letter that fails
    again becomes a new dead letter of its own stage (``Guarded``, ``dead_letter``)."""

    def process(self, letter: DeadLetter) -> Iterator[RawDocument | TaggedOutput]:
        documents = resume(letter)
        for document in documents:
            metrics.count_by_source(metrics.READ, metrics.source_of(letter))
            yield (
                document
                if isinstance(document, RawDocument)
                else TaggedOutput(str(letter.stage), document)
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
    with DeadLetterCollector(WriteDeadLetters(output, es, clock)) as dead:
        resuming = Guarded(Stage.RESUME, ResumeFn(), clock, counts_as=metrics.READ)
        letters_in = pipeline | "Letters" >> beam.Create(letters)
        resumed = dead.step(letters_in, "Resume", resuming, tags=ARTICLE_STAGES)
        articles = to_articles(resumed[MAIN], dead, clock)
        at = Resumed(
            resumed[str(Stage.DEDUP)], resumed[str(Stage.ENTITIES)], resumed[str(Stage.SINK)]
        )
        index_articles(articles, es, dedup, entities, dead, clock, at)


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
    counts = Counts()
    if todo:
        counts = run_bounded(
            partial(
                build,
                letters=todo,
                es=es,
                output=output,
                dedup=dedup,
                entities=entities,
                clock=clock,
            ),
            prepare=partial(prepare_indices, es, dedup, entities),
        )
    summary = DeadLetterReplaySummary(
        source=source,
        archived_to=archived,
        replayed=len(todo),
        kept=len(kept),
        counts=counts,
        output=output.path,
    )
    logger.info(
        "replayed %d dead letters from %s",
        summary.replayed,
        source,
        extra={
            "replayed": summary.replayed,
            "kept": summary.kept,
            "indexed": counts.indexed,
            "duplicate": counts.duplicate,
            "dead_lettered": counts.dead_lettered,
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


__all__ = ["DeadLetterReplaySummary", "build", "replay_dead_letters"]
