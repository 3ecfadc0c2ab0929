"""Durable dedup state in Elasticsearch and the Beam step that decides duplicates.

``Deduplicate`` takes Articles and returns them with ``duplicate_of`` and
``duplicate_similarity`` set on copies (nothing is dropped), plus dead letters.
How the state makes decisions durable and race-free is explained in
pipeline/dedup/protocol.py (the claim protocol, typed against a small store
protocol) and in the README's "Deduplication" section; this package holds the
Elasticsearch store, its admin and the Beam step.
"""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.pvalue import PCollection

from connectors.dedupstate.admin import STATE_VERSION, setup_state_index, state_index
from connectors.dedupstate.decider import STAGE, DecideBatchFn, decider_key
from connectors.dedupstate.store import EsStateStore
from connectors.elasticsearch.config import EsConfig
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, apply_stage
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprinter


class Deduplicate(beam.PTransform):  # type: ignore[misc]
    """Articles in; (the same articles, copies linked; dead letters) out.

    Fingerprinting runs in parallel. The decision step is keyed
    (``DedupConfig.deciders`` keys, one by default) and batched with keyed state
    (``GroupIntoBatches``), so copies that arrive together meet on one worker.
    """

    def __init__(self, es: EsConfig, config: DedupConfig, clock: Clock = utc_now) -> None:
        super().__init__()
        self._es = es
        self._config = config
        self._clock = clock

    def expand(self, articles: PCollection) -> tuple[PCollection, PCollection]:
        config = self._config
        # A processing-time flush only matters when the input never ends. On a bounded
        # run the end of input flushes every batch, and FnApiRunner refuses to finish
        # with a processing-time timer still pending ("time-pending bundles").
        streaming = articles.pipeline.options.view_as(StandardOptions).streaming
        buffering = config.max_buffering_s if streaming else None
        fingerprinted, dead_print = apply_stage(articles, STAGE, Fingerprinter(config), self._clock)
        decided = (
            fingerprinted
            | "ByDecider"
            >> beam.Map(decider_key, config.deciders).with_output_types(beam.typehints.KV[int, Any])
            | "Gather"
            >> beam.GroupIntoBatches(config.batch_size, max_buffering_duration_secs=buffering)
            | "Decide"
            >> beam.ParDo(DecideBatchFn(self._es, config, self._clock)).with_outputs(
                DEAD_LETTER, main="articles"
            )
        )
        dead = (dead_print, decided[DEAD_LETTER]) | "DeadLetters" >> beam.Flatten()
        return decided["articles"], dead


__all__ = [
    "STAGE",
    "STATE_VERSION",
    "Deduplicate",
    "EsStateStore",
    "setup_state_index",
    "state_index",
]
