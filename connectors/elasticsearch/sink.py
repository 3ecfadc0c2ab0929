"""The Beam DoFn around ``write_bulk``: counts outcomes and dead-letters failures."""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput

from connectors.elasticsearch.bulk import EncodedDoc, ItemResult, Outcome, write_bulk
from connectors.elasticsearch.client import make_client
from connectors.elasticsearch.config import EsConfig
from connectors.elasticsearch.revisions import Change, settle_duplicates
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, dead_letter
from schemas import DeadLetter, DocumentRejected, SinkUnavailable, Stage

STAGE = Stage.SINK


class BulkWriteFn(beam.DoFn):  # type: ignore[misc]
    """Writes one batch of EncodedDocs; outputs ItemResults, each failed item a dead letter.

    Run guarded (``Guarded``, split by ``list``): if the request itself fails, each
    document of the batch is dead-lettered."""

    def __init__(self, config: EsConfig, clock: Clock = utc_now) -> None:
        self._config = config
        self._clock = clock

    def setup(self) -> None:
        self._client = make_client(self._config)
        self._counted = {Outcome.INDEXED: metrics.INDEXED, Outcome.DUPLICATE: metrics.DUPLICATE}
        self._linked = metrics.counter(metrics.LINKED)
        self._recorded = metrics.counter(metrics.RECORDED)
        self._updated = metrics.counter(metrics.UPDATED)
        self._request_docs = metrics.distribution(metrics.SINK_REQUEST_DOCS)
        self._retries = metrics.counter(metrics.SINK_RETRIES)

    def process(self, batch: list[EncodedDoc]) -> Iterator[ItemResult | TaggedOutput]:
        results = write_bulk(
            self._client, self._config.index, batch, self._config.bulk, observe=self._request
        )
        results = settle_duplicates(self._client, results)
        for result in results:
            counted = self._counted.get(result.outcome)
            if counted is not None:
                metrics.count_by_source(counted, metrics.source_of(result.doc))
                if result.outcome is Outcome.INDEXED and result.doc.duplicate_of:
                    self._linked.inc()
                if result.change == Change.COPY:
                    self._recorded.inc()
                elif result.change == Change.UPDATE:
                    self._updated.inc()
                yield result
            else:
                yield TaggedOutput(DEAD_LETTER, self._dead_letter(result))

    def _request(self, documents: int, attempt: int) -> None:
        self._request_docs.update(documents)
        if attempt:
            self._retries.inc()

    def teardown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()

    def _dead_letter(self, result: ItemResult) -> DeadLetter:
        error_type = DocumentRejected if result.outcome is Outcome.REJECTED else SinkUnavailable
        error = error_type(result.reason or result.outcome.value)
        return dead_letter(STAGE, result.doc, error, self._clock())
