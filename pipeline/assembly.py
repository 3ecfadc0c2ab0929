"""Wiring the stages into pipelines. Only wiring: the work is in stages/ and connectors/."""

from __future__ import annotations

from dataclasses import dataclass, field

import apache_beam as beam

from connectors.deadletter import DeadLetterConfig, WriteDeadLetters
from connectors.dedupstate import Deduplicate
from connectors.elasticsearch import EsConfig, ItemResult, Outcome, WriteToElasticsearch
from connectors.files import DEFAULT_MAX_FILE_BYTES, ReadFiles
from pipeline.clock import Clock, utc_now
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig
from pipeline.progress import ProgressTapFn
from pipeline.transforms import link_entities, to_articles


@dataclass(frozen=True, slots=True)
class ReplaySpec:
    """Everything a replay needs, fixed before the pipeline is built."""

    path: str
    es: EsConfig
    dead_letter: DeadLetterConfig
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    progress_path: str | None = None
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)


def build_replay(pipeline: beam.Pipeline, spec: ReplaySpec, clock: Clock = utc_now) -> ReadFiles:
    """Files -> extract -> identify -> dedup -> Elasticsearch, every failure dead-lettered."""
    source = ReadFiles(spec.path, spec.max_file_bytes, clock)
    raw, dead_read = pipeline | "ReadFiles" >> source
    articles, dead_stages = to_articles(raw, clock)
    deduped, dead_dedup = articles | "Dedup" >> Deduplicate(spec.es, spec.dedup, clock)
    linked, dead_entities = link_entities(deduped, spec.entities, clock)
    results, dead_sink = linked | "Index" >> WriteToElasticsearch(spec.es, clock)
    dead = (
        (dead_read, *dead_stages, dead_dedup, dead_entities, dead_sink)
        | "AllDeadLetters" >> beam.Flatten()
        | "DeadLetters" >> WriteDeadLetters(spec.dead_letter, spec.es)
    )
    if spec.progress_path:
        indexed = results | "Indexed" >> beam.Filter(_is_outcome, Outcome.INDEXED)
        duplicate = results | "Duplicate" >> beam.Filter(_is_outcome, Outcome.DUPLICATE)
        _ = indexed | "TapIndexed" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"i"))
        _ = duplicate | "TapDuplicate" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"d"))
        _ = dead | "TapDead" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"x"))
    return source


def _is_outcome(result: ItemResult, outcome: Outcome) -> bool:
    return result.outcome is outcome
