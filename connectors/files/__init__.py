"""Local files connector: a file, directory or glob of .txt/.html/.json/.jsonl/.xml files."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PBegin, PCollection

from connectors.files.discover import SUPPORTED_SUFFIXES, discover
from connectors.files.source import STAGE, ReadFileFn
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector, Guarded

# The seeds are ~10 KB; a 10 MiB "article" is a mistake or an attack, not news.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


class ReadFiles(beam.PTransform):  # type: ignore[misc]
    """Reads every supported file under ``pattern``; outputs RawDocuments, failures to ``dead``.

    Only file paths enter the graph (``beam.Create`` over paths is cheap); contents
    are read inside the pipeline, so large replays do not bloat the job graph.
    """

    def __init__(
        self,
        pattern: str,
        dead: DeadLetterCollector,
        max_bytes: int = DEFAULT_MAX_FILE_BYTES,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self._paths = discover(pattern)  # fails at build time on a bad path
        self._dead = dead
        self._max_bytes = max_bytes
        self._clock = clock

    @property
    def paths(self) -> list[str]:
        return list(self._paths)

    def expand(self, begin: PBegin) -> PCollection:
        paths = begin | "Paths" >> beam.Create(self._paths) | "Spread" >> beam.Reshuffle()
        read = ReadFileFn(self._max_bytes, self._clock)
        guarded = Guarded(STAGE, read, self._clock, counts_as=metrics.READ)
        return self._dead.step(paths, "Read", guarded)


__all__ = ["DEFAULT_MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ReadFiles", "discover"]
