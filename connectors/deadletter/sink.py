"""The DoFn that persists dead letters and counts them per stage."""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
from elasticsearch import ApiError, TransportError

from connectors.deadletter import jsonl
from connectors.deadletter.config import DeadLetterConfig
from connectors.elasticsearch.client import make_client
from connectors.elasticsearch.config import EsConfig
from pipeline.core import metrics
from schemas import DeadLetter


class WriteDeadLetterFn(beam.DoFn):  # type: ignore[misc]
    def __init__(self, config: DeadLetterConfig, es: EsConfig | None) -> None:
        self._config = config
        self._es = es

    def setup(self) -> None:
        self._client = make_client(self._es) if self._config.index and self._es else None

    def process(self, letter: DeadLetter) -> Iterator[DeadLetter]:
        jsonl.append(self._config.path, [letter])
        if self._client is not None and self._config.index:
            try:
                self._client.index(
                    index=self._config.index, document=letter.model_dump(mode="json")
                )
            except (ApiError, TransportError):
                # The file above already holds the record; the index is a convenience copy.
                metrics.counter("dead_letter_index_failures").inc()
        metrics.count_by_source(metrics.DEAD_LETTERED, metrics.source_of(letter))
        metrics.dead_letter_counter(letter.stage).inc()
        yield letter

    def teardown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
