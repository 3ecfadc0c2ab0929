"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.pvalue import PCollection

from connectors.elasticsearch.bulk import EncodedDoc
from connectors.elasticsearch.config import EsConfig
from connectors.elasticsearch.sink import STAGE, BulkWriteFn
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector, Guarded, apply_stage


class WriteToElasticsearch(beam.PTransform):  # type: ignore[misc]
    """Articles in; ItemResults out, failures to ``dead``. Idempotent thanks to
    deterministic ids."""

    def __init__(self, config: EsConfig, dead: DeadLetterCollector, clock: Clock = utc_now) -> None:
        super().__init__()
        self._config = config
        self._dead = dead
        self._clock = clock

    def expand(self, articles: PCollection) -> PCollection:
        max_docs = self._config.bulk.max_docs
        encoded = apply_stage(articles, STAGE, EncodedDoc.of, self._dead, self._clock)
        batches = encoded | "Batch" >> beam.BatchElements(
            min_batch_size=min(16, max_docs), max_batch_size=max_docs
        )
        bulk = BulkWriteFn(self._config, self._clock)
        return self._dead.step(batches, "Bulk", Guarded(STAGE, bulk, self._clock, split=list))
