"""Wiring the stages into pipelines. Only wiring: the work is in stages/ and connectors/."""

from __future__ import annotations

from dataclasses import dataclass, field

import apache_beam as beam
from apache_beam.pvalue import PCollection
from apache_beam.utils.shared import Shared

from connectors.deadletter import DeadLetterConfig, WriteDeadLetters
from connectors.dedupstate import Deduplicate
from connectors.elasticsearch import EsConfig, ItemResult, Outcome, WriteToElasticsearch
from connectors.files import DEFAULT_MAX_FILE_BYTES, Found, ReadFiles
from connectors.folders import CommitFileStates, ReadWatchedFiles, WatchedFile
from connectors.http import HttpConfig
from connectors.rss import (
    DEFAULT_FEEDS_INDEX,
    CommitFeedStates,
    FeedPolicy,
    FetchArticles,
    PollFeeds,
    PollTask,
)
from pipeline.app.progress import ProgressTapFn
from pipeline.app.runner_options import local_workers
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig, EntityStageFactory
from pipeline.entities.beam import link_entities
from pipeline.stages.beam import to_articles


@dataclass(frozen=True, slots=True)
class ReplaySpec:
    """Everything a replay needs, fixed before the pipeline is built."""

    path: str
    es: EsConfig
    dead_letter: DeadLetterConfig
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    follow_outside_links: bool = False  # read files symlinks lead to outside ``path``
    progress_path: str | None = None
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)


@dataclass(frozen=True, slots=True)
class Resumed:
    """Articles re-entering the pipeline after the stage where they once failed
    (``newsflow deadletter replay``): each joins the flow just before that stage."""

    at_dedup: PCollection | None = None
    at_entities: PCollection | None = None
    at_sink: PCollection | None = None


def index_articles(
    articles: PCollection,
    es: EsConfig,
    dedup: DedupConfig,
    entities: EntityConfig,
    dead: DeadLetterCollector,
    clock: Clock = utc_now,
    resumed: Resumed = Resumed(),
    entity_stage: EntityStageFactory | None = None,
) -> PCollection:
    """Articles -> dedup -> entities -> Elasticsearch: the stages every source shares.
    Returns the sink's ItemResults; failures go to ``dead``. ``entity_stage`` shares
    one loaded entity stage between pipelines (see ``EntityStageFactory``)."""
    deduped = _join(articles, resumed.at_dedup, "dedup") | "Dedup" >> Deduplicate(
        es, dedup, dead, clock, spread=local_workers(articles.pipeline.options) > 1
    )
    linked = link_entities(
        _spread(_join(deduped, resumed.at_entities, "entities")),
        entities,
        dead,
        clock,
        entity_stage,
    )
    return _join(linked, resumed.at_sink, "sink") | "Index" >> WriteToElasticsearch(es, dead, clock)


def _spread(flow: PCollection) -> PCollection:
    """With several local worker processes, the decided articles are dealt out again:
    the dedup decision is keyed (one decider by default) and Beam's local runner runs a
    stage holding keyed state on one worker, so without a reshuffle the worker that
    decides would also link and index every article while the others idle (the same
    holds before the decision: ``Deduplicate(spread=...)``). Other runners (Flink) get
    the pipeline as it was."""
    if local_workers(flow.pipeline.options) < 2:
        return flow
    return flow | "Spread" >> beam.Reshuffle()


def _join(flow: PCollection, extra: PCollection | None, stage: str) -> PCollection:
    if extra is None:
        return flow
    return (flow, extra) | f"Resume.{stage}" >> beam.Flatten()


def build_replay(
    pipeline: beam.Pipeline,
    spec: ReplaySpec,
    clock: Clock = utc_now,
    entity_stage: EntityStageFactory | None = None,
    found: list[Found] | None = None,
) -> ReadFiles:
    """Files -> extract -> identify -> dedup -> entities -> Elasticsearch, every failure
    dead-lettered. ``entity_stage``: as for ``index_articles``; ``found``: which of the
    files under ``spec.path`` (``survey``), by default all."""
    with DeadLetterCollector(WriteDeadLetters(spec.dead_letter, spec.es, clock)) as dead:
        source = ReadFiles(
            spec.path,
            dead,
            spec.max_file_bytes,
            clock,
            follow_outside_links=spec.follow_outside_links,
            found=found,
        )
        articles = to_articles(pipeline | "ReadFiles" >> source, dead, clock)
        results = index_articles(
            articles, spec.es, spec.dedup, spec.entities, dead, clock, entity_stage=entity_stage
        )
    if spec.progress_path:
        indexed = results | "Indexed" >> beam.Filter(_is_outcome, Outcome.INDEXED)
        duplicate = results | "Duplicate" >> beam.Filter(_is_outcome, Outcome.DUPLICATE)
        _ = indexed | "TapIndexed" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"i"))
        _ = duplicate | "TapDuplicate" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"d"))
        _ = dead.output() | "TapDead" >> beam.ParDo(ProgressTapFn(spec.progress_path, b"x"))
    return source


@dataclass(frozen=True, slots=True)
class WatchSpec:
    """Everything one cycle over watched files needs (``newsflow run``'s folders, and
    ``replay --pace``), fixed before it is built. Without ``folders_index`` the files
    are not recorded as read (a paced replay reads them all again next time)."""

    es: EsConfig
    dead_letter: DeadLetterConfig
    folders_index: str | None = None
    serves: str = ""  # the article index's uuid, which the file states name
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)


def build_watched(
    pipeline: beam.Pipeline,
    spec: WatchSpec,
    files: list[WatchedFile],
    clock: Clock = utc_now,
    entity_stage: EntityStageFactory | None = None,
) -> None:
    """Files -> read -> extract -> identify -> dedup -> entities -> Elasticsearch ->
    record the files as read: ``build_replay``'s stages over a list of files."""
    with DeadLetterCollector(WriteDeadLetters(spec.dead_letter, spec.es, clock)) as dead:
        found = pipeline | "Files" >> beam.Create(files)
        articles = to_articles(found | "ReadFiles" >> ReadWatchedFiles(dead, clock), dead, clock)
        results = index_articles(
            articles, spec.es, spec.dedup, spec.entities, dead, clock, entity_stage=entity_stage
        )
    if spec.folders_index is None:
        return
    settled = (results, dead.output()) | "Settled" >> beam.Flatten()
    _ = (found, settled) | "CommitFileStates" >> CommitFileStates(
        spec.es, spec.dead_letter, spec.folders_index, spec.serves, clock
    )


@dataclass(frozen=True, slots=True)
class FeedsSpec:
    """Everything one polling cycle of ``newsflow run`` needs, fixed before it is built."""

    es: EsConfig
    http: HttpConfig
    policy: FeedPolicy
    dead_letter: DeadLetterConfig
    feeds_index: str = DEFAULT_FEEDS_INDEX
    stop_path: str | None = None
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)


def build_feeds(
    pipeline: beam.Pipeline,
    spec: FeedsSpec,
    tasks: list[PollTask],
    clock: Clock = utc_now,
    fetchers: Shared | None = None,
    entity_stage: EntityStageFactory | None = None,
) -> None:
    """Due feeds -> poll -> pages -> extract -> identify -> dedup -> entities ->
    Elasticsearch -> commit states.

    ``fetchers`` shares one fetcher (robots.txt cache, per-host throttle) between
    feeds and pages, and between cycles when the caller keeps the handle;
    ``entity_stage`` likewise shares the loaded entity stage (KB, NER model).
    """
    fetchers = fetchers or Shared()
    stop = spec.stop_path
    with DeadLetterCollector(WriteDeadLetters(spec.dead_letter, spec.es, clock)) as dead:
        polls, entries = (
            pipeline
            | "DueFeeds" >> beam.Create(tasks)
            | "PollFeeds"
            >> PollFeeds(
                spec.http, spec.policy, dead, fetchers=fetchers, stop_path=stop, clock=clock
            )
        )
        raw, deferred = entries | "FetchArticles" >> FetchArticles(
            spec.http, dead, fetchers=fetchers, stop_path=stop, clock=clock
        )
        articles = to_articles(raw, dead, clock)
        results = index_articles(
            articles, spec.es, spec.dedup, spec.entities, dead, clock, entity_stage=entity_stage
        )
    settled = (results, dead.output()) | "Settled" >> beam.Flatten()
    _ = (polls, deferred, settled) | "CommitFeedStates" >> CommitFeedStates(
        spec.es, spec.dead_letter, spec.feeds_index, clock
    )


def _is_outcome(result: ItemResult, outcome: Outcome) -> bool:
    return result.outcome is outcome
