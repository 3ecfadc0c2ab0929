"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

from typing import Any

import apache_beam as beam
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.pvalue import PCollection

from connectors.dedupstate.decider import STAGE, DecideBatchFn, batch_articles, decider_key
from connectors.elasticsearch.config import EsConfig
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector, Guarded, apply_stage
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprinter


class Deduplicate(beam.PTransform):  # type: ignore[misc]
    """Articles in; the same articles out, copies linked; failures to ``dead``.

    Fingerprinting runs in parallel. The decision step is keyed
    (``DedupConfig.deciders`` keys, one by default) and batched with keyed state
    (``GroupIntoBatches``), so copies that arrive together meet on one worker.

    ``spread``: break the fusion between fingerprinting and the keyed step (a
    ``Reshuffle``). Beam's local runner runs a fused stage that holds keyed state on
    one worker only, so without the break every stage fused before it (reading,
    extraction, fingerprinting) runs there too while the other workers idle. Only
    for several local workers: a runner that partitions state by key (Flink) does
    not need it.
    """

    def __init__(
        self,
        es: EsConfig,
        config: DedupConfig,
        dead: DeadLetterCollector,
        clock: Clock = utc_now,
        *,
        spread: bool = False,
    ) -> None:
        super().__init__()
        self._es = es
        self._dead = dead
        self._config = config
        self._clock = clock
        self._spread = spread

    def expand(self, articles: PCollection) -> PCollection:
        config = self._config
        # A processing-time flush only matters when the input never ends. On a bounded
        # run the end of input flushes every batch, and FnApiRunner refuses to finish
        # with a processing-time timer still pending ("time-pending bundles").
        streaming = articles.pipeline.options.view_as(StandardOptions).streaming
        buffering = config.max_buffering_s if streaming else None
        fingerprinted = apply_stage(articles, STAGE, Fingerprinter(config), self._dead, self._clock)
        by_decider = beam.Map(decider_key, config.deciders)
        keyed = fingerprinted | "ByDecider" >> by_decider.with_output_types(
            beam.typehints.KV[int, Any]
        )
        if self._spread:
            keyed = keyed | "Unfuse" >> beam.Reshuffle()
        batches = keyed | "Gather" >> beam.GroupIntoBatches(
            config.batch_size, max_buffering_duration_secs=buffering
        )
        decide = DecideBatchFn(self._es, config, self._clock)
        guarded = Guarded(STAGE, decide, self._clock, split=batch_articles)
        return self._dead.step(batches, "Decide", guarded)
