"""One bounded run: build options -> prepare indices -> build -> run -> wait -> count.

``newsflow replay``, ``newsflow deadletter replay`` and each cycle of ``newsflow run``
are all one bounded pipeline; they differ only in what they build and what they do
around it. ``Counts`` is what every one of them reports from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import apache_beam as beam

from pipeline.app.observability import MetricsRegistry, add_from_beam
from pipeline.app.runner_options import beam_options, flink_defaults
from pipeline.app.workers import WorkerPool
from pipeline.core import metrics

# Builds the pipeline; may return what to hold open while it runs (a progress bar).
Build = Callable[[beam.Pipeline], AbstractContextManager[object] | None]


@dataclass(frozen=True, slots=True)
class Counts:
    """Every newsflow counter of a finished run, by name (labelled ones included)."""

    by_name: Mapping[str, int] = field(default_factory=dict)

    def get(self, name: str) -> int:
        return self.by_name.get(name, 0)

    @property
    def read(self) -> int:
        return self.get(metrics.READ)

    @property
    def indexed(self) -> int:
        return self.get(metrics.INDEXED)

    @property
    def duplicate(self) -> int:
        return self.get(metrics.DUPLICATE)

    @property
    def dead_lettered(self) -> int:
        return self.get(metrics.DEAD_LETTERED)

    @property
    def deferred(self) -> int:
        return self.get(metrics.DEFERRED)

    @property
    def dead_lettered_by_stage(self) -> dict[str, int]:
        prefix = f"{metrics.DEAD_LETTERED}."
        return {
            name[len(prefix) :]: n for name, n in self.by_name.items() if name.startswith(prefix)
        }

    def __add__(self, other: Counts) -> Counts:
        """Both runs' counts together (a replay run as several pipelines)."""
        total = Counter(self.by_name)
        total.update(other.by_name)
        return Counts(dict(total))

    @property
    def accounted(self) -> bool:
        """Every document read ended in exactly one outcome (or was left for the next run)."""
        return self.read == self.indexed + self.duplicate + self.dead_lettered + self.deferred


def run_bounded(
    build: Build,
    *,
    beam_args: Sequence[str] = (),
    prepare: Callable[[], object] | None = None,
    registry: MetricsRegistry | None = None,
    pool: WorkerPool | None = None,
) -> Counts:
    """Run the pipeline ``build`` builds to its end and count what it did (into
    ``registry`` too, when metrics are served). ``prepare`` sets up the indices first;
    with ``pool`` the local runner runs the stages in its worker processes."""
    extra = pool.beam_args() if pool is not None else []
    options = flink_defaults(beam_options([*beam_args, *extra]))
    if prepare is not None:
        prepare()
    runner = pool.runner() if pool is not None else None
    pipeline = beam.Pipeline(runner=runner, options=options)
    with build(pipeline) or nullcontext():
        result = pipeline.run()
        result.wait_until_finish()
    if registry is not None:
        add_from_beam(registry, result.metrics())
    return Counts(metrics.committed_counts(result))
