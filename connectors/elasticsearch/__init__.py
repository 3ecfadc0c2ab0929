"""Elasticsearch connector: configuration, index setup, and the bulk sink transform."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PCollection

from connectors.elasticsearch.admin import IndexStatus, SetupResult, index_status, setup_index
from connectors.elasticsearch.bulk import EncodedDoc, ItemResult, Outcome, write_bulk
from connectors.elasticsearch.client import make_client
from connectors.elasticsearch.config import BulkPolicy, EsConfig
from connectors.elasticsearch.sink import BulkWriteFn
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER


class WriteToElasticsearch(beam.PTransform):  # type: ignore[misc]
    """Articles in; (ItemResults, dead letters) out. Idempotent thanks to deterministic ids."""

    def __init__(self, config: EsConfig, clock: Clock = utc_now) -> None:
        super().__init__()
        self._config = config
        self._clock = clock

    def expand(self, articles: PCollection) -> tuple[PCollection, PCollection]:
        max_docs = self._config.bulk.max_docs
        written = (
            articles
            | "Encode" >> beam.Map(EncodedDoc.of)
            | "Batch"
            >> beam.BatchElements(min_batch_size=min(16, max_docs), max_batch_size=max_docs)
            | "Bulk"
            >> beam.ParDo(BulkWriteFn(self._config, self._clock)).with_outputs(
                DEAD_LETTER, main="results"
            )
        )
        return written["results"], written[DEAD_LETTER]


__all__ = [
    "BulkPolicy",
    "EncodedDoc",
    "EsConfig",
    "IndexStatus",
    "ItemResult",
    "Outcome",
    "SetupResult",
    "WriteToElasticsearch",
    "index_status",
    "make_client",
    "setup_index",
    "write_bulk",
]
