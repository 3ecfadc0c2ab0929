"""Dead-letter plumbing: one way for every step to give up on an element.

Three pieces, used by every DoFn of the pipeline:

- ``dead_letter(stage, element, error, failed_at)`` turns a failure into the
  ``DeadLetter`` record (origin, payload and feed taken from the element);
- ``Guarded`` runs a DoFn so that whatever escapes it, an ``IngestError`` or a bug
  (any other exception), turns its input into dead letters on the ``DEAD_LETTER``
  output, with the stage and the reason; nothing is lost and the pipeline goes on;
- ``DeadLetterCollector`` is Beam's ``ErrorHandler`` for those outputs: steps add
  theirs as they are built, and the assembly flattens them once, into the sink.

A DoFn still handles the failures it expects itself where it knows more than the
guard (a file's bytes, a feed's state); the guard is for the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import apache_beam as beam
from apache_beam.pvalue import PCollection, TaggedOutput
from apache_beam.transforms.error_handling import ErrorHandler
from apache_beam.typehints.decorators import no_annotations

from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.metrics import source_feed_of
from schemas import Article, DeadLetter, IngestError, RawDocument, Stage

DEAD_LETTER = "dead_letter"
MAIN = "main"


class _Derived:
    """Marks an argument of ``dead_letter`` taken from the element."""


DERIVED = _Derived()


def origin_of(element: object) -> str:
    if isinstance(element, str):
        return element  # a path or a URL
    origin = getattr(element, "origin", None)
    return origin if isinstance(origin, str) else repr(element)[:200]


def payload_of(element: object) -> str | bytes | None:
    if isinstance(element, RawDocument | Article):
        return element.model_dump_json()
    if isinstance(element, DeadLetter):
        return element.original_bytes()
    payload = getattr(element, "payload", None)
    return payload if isinstance(payload, str | bytes) else None


def dead_letter(
    stage: Stage,
    element: object,
    error: Exception,
    failed_at: datetime,
    *,
    origin: str | None = None,
    payload: str | bytes | _Derived | None = DERIVED,
    source_feed: str | None = None,
) -> DeadLetter:
    """The dead letter of ``element`` failing at ``stage`` with ``error``; origin, payload
    and feed come from the element unless given. A dead letter that fails again (being
    replayed or written) keeps its stage and its input, so it can be replayed later."""
    return DeadLetter.build(
        stage=element.stage if isinstance(element, DeadLetter) else stage,
        error=error,
        origin=origin if origin is not None else origin_of(element),
        payload=payload_of(element) if isinstance(payload, _Derived) else payload,
        failed_at=failed_at,
        source_feed=source_feed if source_feed is not None else source_feed_of(element),
    )


def unexpected(stage: Stage, exc: BaseException) -> RuntimeError:
    """A bug (an exception that is not an IngestError) in ``stage``, as dead letters name it."""
    return RuntimeError(f"unexpected {type(exc).__name__} in stage {stage}: {exc}")


def as_ingest_error(stage: Stage, exc: Exception) -> Exception:
    """``exc`` itself when it is an IngestError (its type and transience are kept), else the bug."""
    return exc if isinstance(exc, IngestError) else unexpected(stage, exc)


def itself(element: Any) -> list[Any]:
    """The elements a failed input stands for: itself (most DoFns take one element)."""
    return [element]


class Guarded(beam.DoFn):  # type: ignore[misc]
    """Runs ``fn``; an exception escaping its ``process`` dead-letters the input instead.

    ``split`` says which elements a failed input stands for (a batch: its members), so
    each becomes its own dead letter. ``fatal`` exceptions are let through, to fail the
    run: for steps at the very end (feed states, the dead-letter file), whose failure
    the next run redoes. A source names the counter its inputs count in (``counts_as``,
    ``read``), so what it could not read still counts as read once, and the totals add
    up. Outputs are held until ``process`` returns, so a failed input emits dead
    letters only, never half of its outputs.
    """

    def __init__(
        self,
        stage: Stage,
        fn: beam.DoFn,
        clock: Clock = utc_now,
        *,
        split: Callable[[Any], Iterable[Any]] = itself,
        fatal: tuple[type[BaseException], ...] = (),
        counts_as: str | None = None,
    ) -> None:
        self._stage = stage
        self._fn = fn
        self._clock = clock
        self._split = split
        self._fatal = fatal
        self._counts_as = counts_as

    def setup(self) -> None:
        self._fn.setup()

    def start_bundle(self) -> None:
        self._fn.start_bundle()

    # The wrapped DoFn's types are its own; Beam would read the *args hint as one argument.
    @no_annotations  # type: ignore[untyped-decorator]
    def process(self, element: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            outputs = list(self._fn.process(element, *args, **kwargs) or ())
        except self._fatal:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes dead letters, below
            yield from self.dead_letters(element, exc)
            return
        yield from outputs

    def dead_letters(self, element: Any, exc: Exception) -> Iterator[TaggedOutput]:
        error = as_ingest_error(self._stage, exc)
        now = self._clock()
        for item in self._split(element):
            letter = dead_letter(self._stage, item, error, now)
            if self._counts_as is not None:
                metrics.count_by_source(self._counts_as, metrics.source_of(letter))
            yield TaggedOutput(DEAD_LETTER, letter)

    def finish_bundle(self) -> Any:
        return self._fn.finish_bundle()

    def teardown(self) -> None:
        self._fn.teardown()


def with_dead_letters(
    pcoll: PCollection,
    label: str,
    fn: beam.DoFn,
    *,
    tags: tuple[str, ...] = (),
    **side_inputs: Any,
) -> Any:
    """``pcoll | label >> ParDo(fn)`` with its outputs: ``MAIN``, ``DEAD_LETTER`` and each
    of ``tags``. Every step that dead-letters is wired here, so they all name their outputs
    alike; ``fn`` is ``Guarded``, or guards its items itself (the fetch lanes)."""
    return pcoll | label >> beam.ParDo(fn, **side_inputs).with_outputs(
        DEAD_LETTER, *tags, main=MAIN
    )


class DeadLetterCollector(ErrorHandler):  # type: ignore[misc]
    """Beam's ``ErrorHandler`` for DeadLetters: every step adds its dead-letter output;
    ``close`` flattens them once into ``consumer`` (the dead-letter sink; by default
    nothing, for tests). Beam refuses to run a pipeline whose collector was not closed,
    so no step's dead letters can be left out.

        with DeadLetterCollector(WriteDeadLetters(...)) as dead:
            articles = apply_stage(raw, Stage.EXTRACT, extract, dead)
        written = dead.output()
    """

    def __init__(self, consumer: beam.PTransform | None = None) -> None:
        super().__init__(consumer or _Identity())

    def add(self, letters: PCollection) -> None:
        self.add_error_pcollection(letters)

    def step(
        self,
        pcoll: PCollection,
        label: str,
        guarded: Guarded,
        *,
        tags: tuple[str, ...] = (),
        **side_inputs: Any,
    ) -> Any:
        """``pcoll | label >> ParDo(guarded)``, its dead letters added here. Returns the main
        output, or with ``tags`` the outputs (main under ``MAIN``, and each tag)."""
        results = with_dead_letters(pcoll, label, guarded, tags=tags, **side_inputs)
        self.add(results[DEAD_LETTER])
        return results if tags else results[MAIN]

    def close(self) -> None:
        letters = tuple(self._error_pcolls)
        self._output = (
            letters | "AllDeadLetters" >> beam.Flatten() | "DeadLetters" >> (self._consumer)
        )
        self._closed = True


class _Identity(beam.PTransform):  # type: ignore[misc]
    def expand(self, pcoll: PCollection) -> PCollection:
        return pcoll


class StageFn(beam.DoFn):  # type: ignore[misc]
    """Applies one pure stage to one element (its failures are the guard's)."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self._fn = fn

    def process(self, element: Any) -> Iterator[Any]:
        yield self._fn(element)


def apply_stage(
    pcoll: PCollection,
    stage: Stage,
    fn: Callable[[Any], Any],
    dead: DeadLetterCollector,
    clock: Clock = utc_now,
) -> PCollection:
    """The outputs of ``fn`` over ``pcoll`` as stage ``stage``; failures go to ``dead``."""
    return dead.step(pcoll, str(stage), Guarded(stage, StageFn(fn), clock))


class BatchStageFn(beam.DoFn):  # type: ignore[misc]
    """Applies a batch stage built once per worker in ``setup`` (a KB, a model).

    A failure fails the whole batch: the guard dead-letters each of its elements.
    """

    def __init__(self, factory: Callable[[], Callable[[list[Any]], list[Any]]]) -> None:
        self._factory = factory
        self._fn: Callable[[list[Any]], list[Any]] | None = None

    def setup(self) -> None:
        self._fn = self._factory()

    def process(self, batch: list[Any]) -> Iterator[Any]:
        assert self._fn is not None, "setup() builds the stage"
        yield from self._fn(batch)


def apply_batch_stage(
    pcoll: PCollection,
    stage: Stage,
    factory: Callable[[], Callable[[list[Any]], list[Any]]],
    batch_size: int,
    dead: DeadLetterCollector,
    clock: Clock = utc_now,
) -> PCollection:
    """Like ``apply_stage``, for a stage that works on batches of up to ``batch_size``."""
    batches = pcoll | f"{stage}.batch" >> beam.BatchElements(
        min_batch_size=1, max_batch_size=batch_size
    )
    return dead.step(batches, str(stage), Guarded(stage, BatchStageFn(factory), clock, split=list))
