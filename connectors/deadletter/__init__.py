"""Dead-letter sink: every failure, with stage and reason, kept for re-processing."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PCollection

from connectors.deadletter.config import DeadLetterConfig
from connectors.deadletter.jsonl import append, read
from connectors.deadletter.sink import WriteDeadLetterFn
from connectors.elasticsearch.config import EsConfig


class WriteDeadLetters(beam.PTransform):  # type: ignore[misc]
    def __init__(self, config: DeadLetterConfig, es: EsConfig | None = None) -> None:
        super().__init__()
        self._config = config
        self._es = es

    def expand(self, letters: PCollection) -> PCollection:
        return letters | "Write" >> beam.ParDo(WriteDeadLetterFn(self._config, self._es))


__all__ = ["DeadLetterConfig", "WriteDeadLetters", "append", "read"]
