"""Thin Beam wrappers around the pure stages.

A stage function takes one element and returns the next one, or raises an
IngestError; ``StageFn`` turns that error into a DeadLetter on the
``DEAD_LETTER`` output. Exceptions that are not IngestErrors are bugs, but they
must not lose the element either: ``apply_stage`` routes them through Beam's
``with_exception_handling`` to the same dead-letter output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import apache_beam as beam
from apache_beam.pvalue import PCollection, TaggedOutput

from pipeline.core.clock import Clock, utc_now
from pipeline.core.metrics import source_feed_of
from schemas import Article, DeadLetter, IngestError, RawDocument

DEAD_LETTER = "dead_letter"
_OK = "ok"
_BUG = "bug"


def origin_of(element: object) -> str:
    origin = getattr(element, "origin", None)
    return origin if isinstance(origin, str) else repr(element)[:200]


def payload_of(element: object) -> str | bytes | None:
    if isinstance(element, RawDocument):
        return element.model_dump_json()
    if isinstance(element, Article):
        return element.model_dump_json()
    payload = getattr(element, "payload", None)
    return payload if isinstance(payload, str | bytes) else None


class StageFn(beam.DoFn):  # type: ignore[misc]
    """Applies one pure stage; IngestErrors become dead letters with the stage name."""

    def __init__(self, stage: str, fn: Callable[[Any], Any], clock: Clock = utc_now) -> None:
        self._stage = stage
        self._fn = fn
        self._clock = clock

    def process(self, element: Any) -> Iterator[Any]:
        try:
            result = self._fn(element)
        except IngestError as err:
            yield TaggedOutput(DEAD_LETTER, self._dead_letter(element, err))
            return
        yield result

    def _dead_letter(self, element: Any, err: Exception) -> DeadLetter:
        return DeadLetter.build(
            stage=self._stage,
            error=err,
            origin=origin_of(element),
            payload=payload_of(element),
            failed_at=self._clock(),
            source_feed=source_feed_of(element),
        )


def unexpected(stage: str, exc_type: str, detail: str) -> RuntimeError:
    """A bug (an exception that is not an IngestError) in ``stage``, as dead letters name it."""
    return RuntimeError(f"unexpected {exc_type} in stage {stage}: {detail}")


class _BugToDeadLetter(beam.DoFn):  # type: ignore[misc]
    """Beam's exception handler hands us (element, (type, repr, traceback))."""

    def __init__(self, stage: str, clock: Clock) -> None:
        self._stage = stage
        self._clock = clock

    def process(self, bad: tuple[Any, tuple[type, str, list[str]]]) -> Iterator[DeadLetter]:
        element, (exc_type, exc_repr, trace) = bad
        where = trace[-2].strip() if len(trace) >= 2 else ""
        error = unexpected(self._stage, exc_type.__name__, f"{exc_repr} ({where})")
        yield DeadLetter.build(
            stage=self._stage,
            error=error,
            origin=origin_of(element),
            payload=payload_of(element),
            failed_at=self._clock(),
            source_feed=source_feed_of(element),
        )


def apply_stage(
    pcoll: PCollection, stage: str, fn: Callable[[Any], Any], clock: Clock = utc_now
) -> tuple[PCollection, PCollection]:
    """(outputs, dead letters) of running ``fn`` over ``pcoll`` as stage ``stage``."""
    results = pcoll | stage >> beam.ParDo(StageFn(stage, fn, clock)).with_exception_handling(
        main_tag=_OK, dead_letter_tag=_BUG
    )
    bugs = results[_BUG] | f"{stage}.bugs" >> beam.ParDo(_BugToDeadLetter(stage, clock))
    dead = (results[DEAD_LETTER], bugs) | f"{stage}.dead" >> beam.Flatten()
    return results[_OK], dead


class BatchStageFn(beam.DoFn):  # type: ignore[misc]
    """Applies a batch stage built once per worker in ``setup`` (a KB, a model).

    An IngestError fails the whole batch: each of its elements becomes a dead letter.
    """

    def __init__(
        self, stage: str, factory: Callable[[], Callable[[list[Any]], list[Any]]], clock: Clock
    ) -> None:
        self._stage = stage
        self._factory = factory
        self._clock = clock
        self._fn: Callable[[list[Any]], list[Any]] | None = None

    def setup(self) -> None:
        self._fn = self._factory()

    def process(self, batch: list[Any]) -> Iterator[Any]:
        assert self._fn is not None, "setup() builds the stage"
        try:
            results = self._fn(batch)
        except IngestError as err:
            letters = StageFn(self._stage, self._fn, self._clock)
            for element in batch:
                yield TaggedOutput(DEAD_LETTER, letters._dead_letter(element, err))
            return
        yield from results


class _BatchBugsToDeadLetter(_BugToDeadLetter):
    def process(self, bad: tuple[list[Any], tuple[type, str, list[str]]]) -> Iterator[DeadLetter]:
        batch, error = bad
        for element in batch:
            yield from super().process((element, error))


def apply_batch_stage(
    pcoll: PCollection,
    stage: str,
    factory: Callable[[], Callable[[list[Any]], list[Any]]],
    batch_size: int,
    clock: Clock = utc_now,
) -> tuple[PCollection, PCollection]:
    """Like ``apply_stage``, for a stage that works on batches of up to ``batch_size``."""
    batches = pcoll | f"{stage}.batch" >> beam.BatchElements(
        min_batch_size=1, max_batch_size=batch_size
    )
    results = batches | stage >> beam.ParDo(
        BatchStageFn(stage, factory, clock)
    ).with_exception_handling(main_tag=_OK, dead_letter_tag=_BUG)
    bugs = results[_BUG] | f"{stage}.bugs" >> beam.ParDo(_BatchBugsToDeadLetter(stage, clock))
    dead = (results[DEAD_LETTER], bugs) | f"{stage}.dead" >> beam.Flatten()
    return results[_OK], dead
