"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PBegin, PCollection

from connectors.files.discover import Found, survey
from connectors.files.source import STAGE, ReadFileFn
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector, Guarded

# The seeds are ~10 KB; a 10 MiB "article" is a mistake or an attack, not news.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


class ReadFiles(beam.PTransform):  # type: ignore[misc]
    """Reads every supported file under ``pattern``; outputs RawDocuments, failures to ``dead``.

    Only file paths enter the graph (``beam.Create`` over paths is cheap); contents
    are read inside the pipeline, so large replays do not bloat the job graph. Files
    discovery does not read (see ``discover``) go in too, to become dead letters.
    """

    def __init__(
        self,
        pattern: str,
        dead: DeadLetterCollector,
        max_bytes: int = DEFAULT_MAX_FILE_BYTES,
        clock: Clock = utc_now,
        *,
        follow_outside_links: bool = False,
        found: list[Found] | None = None,
    ) -> None:
        """``found``: the files to read, already surveyed under ``pattern`` (a replay
        runs them as several pipelines); by default all of them."""
        super().__init__()
        if found is None:  # fails at build time on a bad path
            found = survey(pattern, follow_outside_links=follow_outside_links)
        self._found = found
        self._dead = dead
        self._max_bytes = max_bytes
        self._clock = clock

    @property
    def paths(self) -> list[str]:
        """Every file accounted for, read or not, as messages show it."""
        return [found.shown for found in self._found]

    def expand(self, begin: PBegin) -> PCollection:
        found = begin | "Paths" >> beam.Create(self._found) | "Spread" >> beam.Reshuffle()
        read = ReadFileFn(self._max_bytes, self._clock)
        guarded = Guarded(STAGE, read, self._clock, counts_as=metrics.READ)
        return self._dead.step(found, "Read", guarded)
