"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PCollection

from connectors.deadletter.config import DeadLetterConfig
from connectors.deadletter.sink import AppendDeadLetterFn, WriteDeadLetterFn
from connectors.elasticsearch.config import EsConfig
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, MAIN, Guarded, with_dead_letters
from schemas import Stage


class WriteDeadLetters(beam.PTransform):  # type: ignore[misc]
    """Dead letters in; the same letters out, once written (to the file, and the index
    when configured). A letter the writer fails on is appended to the file as it is, with
    the failure as its reason (see ``Guarded``), so even a bug here loses nothing."""

    def __init__(
        self, config: DeadLetterConfig, es: EsConfig | None = None, clock: Clock = utc_now
    ) -> None:
        super().__init__()
        self._config = config
        self._es = es
        self._clock = clock

    def expand(self, letters: PCollection) -> PCollection:
        write = Guarded(Stage.DEAD_LETTER, WriteDeadLetterFn(self._config, self._es), self._clock)
        written = with_dead_letters(letters, "Write", write)
        rescued = written[DEAD_LETTER] | "Rescue" >> AppendDeadLetters(self._config)
        return (written[MAIN], rescued) | "Written" >> beam.Flatten()


class AppendDeadLetters(beam.PTransform):  # type: ignore[misc]
    """Dead letters appended to the file only: for steps after the dead-letter sink (the
    sink's own failures, feed-state commits), which cannot send theirs through it."""

    def __init__(self, config: DeadLetterConfig, *, outcome: bool = True) -> None:
        super().__init__()
        self._config = config
        self._outcome = outcome

    def expand(self, letters: PCollection) -> PCollection:
        return letters | "Append" >> beam.ParDo(
            AppendDeadLetterFn(self._config.path, outcome=self._outcome)
        )
