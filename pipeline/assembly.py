"""Wiring the stages into pipelines. Only wiring: the work is in stages/ and connectors/."""

from __future__ import annotations

from dataclasses import dataclass

import apache_beam as beam
from apache_beam.utils.shared import Shared

from connectors.deadletter import DeadLetterConfig, WriteDeadLetters
from connectors.elasticsearch import EsConfig, ItemResult, Outcome, WriteToElasticsearch
from connectors.files import DEFAULT_MAX_FILE_BYTES, ReadFiles
from connectors.http import HttpConfig
from connectors.rss import (
    DEFAULT_FEEDS_INDEX,
    CommitFeedStates,
    FeedPolicy,
    FetchArticles,
    PollFeeds,
    PollTask,
)
from pipeline.clock import Clock, utc_now
from pipeline.progress import ProgressTapFn
from pipeline.transforms import to_articles


@dataclass(frozen=True, slots=True)
class ReplaySpec:
    """Everything a replay needs, fixed before the pipeline is built."""

    path: str
    es: EsConfig
    dead_letter: DeadLetterConfig
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    progress_path: str | None = None


def build_replay(pipeline: beam.Pipeline, spec: ReplaySpec, clock: Clock = utc_now) -> ReadFiles:
    """Files -> extract -> identify -> Elasticsearch, with every failure dead-lettered."""
    source = ReadFiles(spec.path, spec.max_file_bytes, clock)
    raw, dead_read = pipeline | "ReadFiles" >> source
    articles, dead_stages = to_articles(raw, clock)
    results, dead_sink = articles | "Index" >> WriteToElasticsearch(spec.es, clock)
    dead = (
        (dead_read, *dead_stages, dead_sink)
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


@dataclass(frozen=True, slots=True)
class FeedsSpec:
    """Everything one polling cycle of ``newsflow run`` needs, fixed before it is built."""

    es: EsConfig
    http: HttpConfig
    policy: FeedPolicy
    dead_letter: DeadLetterConfig
    feeds_index: str = DEFAULT_FEEDS_INDEX
    stop_path: str | None = None


def build_feeds(
    pipeline: beam.Pipeline,
    spec: FeedsSpec,
    tasks: list[PollTask],
    clock: Clock = utc_now,
    fetchers: Shared | None = None,
) -> None:
    """Due feeds -> poll -> pages -> extract -> identify -> Elasticsearch -> commit states.

    ``fetchers`` shares one fetcher (robots.txt cache, per-host throttle) between
    feeds and pages, and between cycles when the caller keeps the handle.
    """
    fetchers = fetchers or Shared()
    stop = spec.stop_path
    polls, entries, dead_poll = (
        pipeline
        | "DueFeeds" >> beam.Create(tasks)
        | "PollFeeds"
        >> PollFeeds(spec.http, spec.policy, fetchers=fetchers, stop_path=stop, clock=clock)
    )
    raw, deferred, dead_fetch = entries | "FetchArticles" >> FetchArticles(
        spec.http, fetchers=fetchers, stop_path=stop, clock=clock
    )
    articles, dead_stages = to_articles(raw, clock)
    results, dead_sink = articles | "Index" >> WriteToElasticsearch(spec.es, clock)
    dead = (
        (dead_poll, dead_fetch, *dead_stages, dead_sink)
        | "AllDeadLetters" >> beam.Flatten()
        | "DeadLetters" >> WriteDeadLetters(spec.dead_letter, spec.es)
    )
    settled = (results, dead) | "Settled" >> beam.Flatten()
    _ = (polls, deferred, settled) | "CommitFeedStates" >> CommitFeedStates(
        spec.es, spec.feeds_index, clock
    )


def _is_outcome(result: ItemResult, outcome: Outcome) -> bool:
    return result.outcome is outcome
