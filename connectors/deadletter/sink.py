"""The DoFns that persist dead letters and count them per stage."""

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

INDEX_FAILURES = "dead_letter_index_failures"


class WriteDeadLetterFn(beam.DoFn):  # type: ignore[misc]
    """The index copy first, then the file, then the counts: run guarded, a letter that
    fails here is appended once, by ``AppendDeadLetterFn``, never twice."""

    def __init__(self, config: DeadLetterConfig, es: EsConfig | None) -> None:
        self._config = config
        self._es = es

    def setup(self) -> None:
        self._client = make_client(self._es) if self._config.index and self._es else None

    def process(self, letter: DeadLetter) -> Iterator[DeadLetter]:
        if self._client is not None and self._config.index:
            try:
                self._client.index(
                    index=self._config.index, document=letter.model_dump(mode="json")
                )
            except (ApiError, TransportError):
                # The file below holds the record; the index is a convenience copy.
                metrics.counter(INDEX_FAILURES).inc()
        jsonl.append(self._config.path, [letter])
        count(letter)
        yield letter

    def teardown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()


class AppendDeadLetterFn(beam.DoFn):  # type: ignore[misc]
    """The last resort: appends to the file, nothing else. It is not guarded: if the file
    cannot be written, the run fails, and the next run redoes the work (nothing is lost).

    ``outcome``: the letters are documents' outcomes (counted as dead-lettered), not
    failures of bookkeeping such as saving a feed's state."""

    def __init__(self, path: str, *, outcome: bool = True) -> None:
        self._path = path
        self._outcome = outcome

    def process(self, letter: DeadLetter) -> Iterator[DeadLetter]:
        jsonl.append(self._path, [letter])
        if self._outcome:
            count(letter)
        else:
            metrics.dead_letter_counter(letter.stage).inc()
        yield letter


def count(letter: DeadLetter) -> None:
    """One more dead-lettered document, in total, for its source and for its stage."""
    metrics.count_by_source(metrics.DEAD_LETTERED, metrics.source_of(letter))
    metrics.dead_letter_counter(letter.stage).inc()
