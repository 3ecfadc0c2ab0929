"""The entity stage in Beam: batches through the kernel's dead-letter wrapper
(``pipeline.core.deadletters.apply_batch_stage``), the stage built once per worker."""

from __future__ import annotations

from apache_beam.pvalue import PCollection

from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import apply_batch_stage
from pipeline.entities.config import EntityConfig
from pipeline.entities.stage import EntityStageFactory


def link_entities(
    articles: PCollection,
    config: EntityConfig,
    clock: Clock = utc_now,
    stage: EntityStageFactory | None = None,
) -> tuple[PCollection, PCollection]:
    """Articles with entities, facets and entity ids filled; and dead letters.

    ``stage`` (built from ``config``) lets a caller share one loaded stage between
    pipelines; by default each pipeline loads its own."""
    factory = stage or EntityStageFactory(config)
    return apply_batch_stage(articles, "entities", factory, config.ner_batch_size, clock)
