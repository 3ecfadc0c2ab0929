"""Continuous mode (``newsflow run --config FILE``): a driver loop of small bounded cycles.

Each cycle runs the same Beam transforms a streaming job would (poll -> pages ->
extract -> identify -> Elasticsearch -> commit feed states) over the feeds that
are due, as one bounded pipeline on the local runner; between cycles the driver
sleeps until the next feed is due. Why not a streaming pipeline on Prism is in
the README ("Continuous mode"); in short, what this loop guarantees:

- latency: a new entry is indexed within its feed's poll interval plus one cycle;
- memory: each cycle's pipeline and thread pools are released after it, and the C
  heap is trimmed (``pipeline.app.memory``); what the run keeps is built once and
  bounded: the fetcher (connections, robots.txt cache, per-host throttle), the
  entity stage (KB, NER model) and the feed states;
- stopping: SIGINT/SIGTERM raise a stop flag that fetchers see at once; the cycle
  in flight finishes what it already fetched (indexes it, dead-letters, saves feed
  states) and leaves the rest for the next run; a watchdog exits after 25 s;
- restarts: feed states are saved only after a cycle's articles settled, so a
  crash loses nothing (the next run redoes the cycle; indexing is idempotent).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TextIO

import apache_beam as beam
from apache_beam.utils.shared import Shared

from connectors.elasticsearch import make_client
from connectors.elasticsearch.admin import article_index_uuid
from connectors.http import Fetcher
from connectors.rss import FEEDS_COMMITTED, FeedStateStore, PollTask
from connectors.rss.lanes import FetcherFactory
from connectors.rss.state import FeedStatus, is_due, state_for
from pipeline.app import observability
from pipeline.app.assembly import FeedsSpec, build_feeds
from pipeline.app.config import NewsflowConfig
from pipeline.app.indices import prepare_indices
from pipeline.app.memory import freeze_long_lived, release_memory
from pipeline.app.runner_options import beam_options, flink_defaults, is_local
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.stop import StopFlag
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityStage, EntityStageFactory
from pipeline.entities.config import entity_config_from_env
from schemas import ConfigError, IngestError

STOP_GRACE_S = 25.0  # under the 30 s that service managers usually allow before SIGKILL
MAX_IDLE_S = 30.0  # look at the feed states at least this often
MIN_IDLE_S = 0.2
MAX_ERROR_BACKOFF_S = 60.0
# A cycle holds all its new articles in memory between stages (FnApiRunner), so it
# takes at most this many feeds (x feed_defaults.max_new_entries); others wait for the
# next cycle, which starts at once, the longest-waiting first.
MAX_FEEDS_PER_CYCLE = 50
EARLY_SHARE = 0.1  # a feed may be polled this share of its interval early...
MAX_EARLY_S = 30.0  # ...but never more than this, to join a cycle that runs anyway
EXIT_FORCED = 1


@dataclass
class RunTotals:
    """What a run did so far, in constant space: it may run for months."""

    cycles: int = 0
    failed_cycles: int = 0
    unaccounted_cycles: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, cycle: CycleSummary) -> None:
        self.cycles += 1
        self.unaccounted_cycles += not cycle.accounted
        # Totals only: the per-source and per-host copies (``name|key=value``) are
        # what the metrics endpoint is for.
        self.counts.update({name: n for name, n in cycle.counts.items() if "|" not in name})

    def get(self, name: str) -> int:
        return self.counts.get(name, 0)


@dataclass(frozen=True, slots=True)
class CycleSummary:
    number: int
    feeds: int
    counts: dict[str, int]
    seconds: float

    def get(self, name: str) -> int:
        return self.counts.get(name, 0)

    @property
    def accounted(self) -> bool:
        """Every entry read ended in exactly one outcome (or was left for the next run)."""
        settled = sum(
            self.get(name)
            for name in (
                metrics.INDEXED,
                metrics.DUPLICATE,
                metrics.DEAD_LETTERED,
                metrics.DEFERRED,
            )
        )
        return self.get(metrics.READ) == settled

    def line(self) -> str:
        return (
            f"cycle {self.number}: polled {self.get(metrics.FEEDS_POLLED)} of {self.feeds} due "
            f"feeds ({self.get(metrics.FEEDS_NOT_MODIFIED)} not modified, "
            f"{self.get(metrics.FEEDS_FAILED)} failed); {self.get(metrics.READ)} new: "
            f"indexed {self.get(metrics.INDEXED)}, duplicate {self.get(metrics.DUPLICATE)}, "
            f"dead-lettered {self.get(metrics.DEAD_LETTERED)}, "
            f"deferred {self.get(metrics.DEFERRED)} ({self.seconds:.1f} s)"
        )


class FeedRunner:
    """The driver loop. ``request_stop`` may be called from a signal handler or a thread.

    Stopping takes no lock on purpose: a signal handler runs on the main thread between
    two bytecodes, possibly while that thread holds a lock (inside Event.wait, say), and
    taking it again would deadlock. So the stop is a plain flag plus the flag file, and
    the driver sleeps by polling the file (``StopFlag.wait``).
    """

    def __init__(
        self,
        config: NewsflowConfig,
        *,
        beam_args: list[str] | None = None,
        clock: Clock = utc_now,
        stream: TextIO = sys.stdout,
        registry: observability.MetricsRegistry | None = None,
    ) -> None:
        self._config = config
        self._registry = registry  # Prometheus running totals, when served (--metrics-port)
        self._beam_args = list(beam_args or [])
        # Dedup and entity settings come from the environment, as for `replay`
        # (NEWSFLOW_DEDUP_THRESHOLD, NEWSFLOW_KB, NEWSFLOW_NER).
        self._dedup = DedupConfig.from_env()
        self._entities = entity_config_from_env(os.environ)
        self._clock = clock
        self._stream = stream
        self._stopping = False
        self._failures = 0  # cycles failed in a row, for the backoff
        self._dir = tempfile.mkdtemp(prefix="newsflow-run-")
        self._flag = StopFlag(str(Path(self._dir) / "stop"))
        # One fetcher for the whole run: its robots.txt cache, per-host throttle and
        # keep-alive connections outlive each cycle. Holding it here keeps the Shared
        # object alive; the cycles' DoFns acquire this same instance.
        self._fetchers = Shared()
        self._fetcher: Fetcher = self._fetchers.acquire(
            FetcherFactory(config.http, self._flag.path, clock)
        )
        # Likewise one entity stage (KB automaton, spaCy model) for the whole run, when
        # the cycles run in this process; it is loaded by the first cycle that needs it.
        # This strong reference is what keeps it: Beam's Shared itself keeps alive only
        # the object acquired last, as often the fetcher as the stage.
        self._in_process = is_local(beam_options(self._beam_args))
        self._entity_stages = EntityStageFactory(self._entities, ship_kb=not self._in_process)
        self._entity_stage: EntityStage | None = None
        # One Elasticsearch client for the driver's own requests (state index, feed
        # states); it reconnects by itself after the cluster restarts.
        self._client = make_client(config.es)
        self.totals = RunTotals()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def request_stop(self) -> None:
        self._stopping = True
        self._flag.set()

    def run(self, *, once: bool = False) -> RunTotals:
        """Poll until stopped (or, with ``once``, poll every feed once); what it did."""
        try:
            self._prepare(once=once)
            while not self.stopping:
                tasks = self._tasks()
                if tasks is None:
                    continue
                if once:
                    for start in range(0, len(tasks), MAX_FEEDS_PER_CYCLE):
                        if not self.stopping:
                            self._cycle(tasks[start : start + MAX_FEEDS_PER_CYCLE], once=True)
                    break
                due = self._due(tasks)
                if due:
                    self._cycle(due, once=False)
                    continue
                self._flag.wait(self._idle_seconds(tasks))
        finally:
            self._fetcher.close()
            self._client.close()
            shutil.rmtree(self._dir, ignore_errors=True)
        return self.totals

    def _prepare(self, *, once: bool) -> None:
        """Index template, alias and state index; waits while Elasticsearch is unavailable
        (a long-running service outlives a restart of its cluster), unless ``once``."""
        for delay in self._backoff():
            try:
                prepare_indices(self._config.es, self._dedup, self._entities)
                store = FeedStateStore(self._client, self._config.feeds_index)
                store.setup()
                forgotten = store.follow(article_index_uuid(self._client, self._config.es.index))
                if forgotten:
                    self._say(
                        f"newsflow: {self._config.es.index!r} was created afresh: forgot the "
                        f"state of {forgotten} feeds in {store.index!r}, every entry is read again"
                    )
                return
            except ConfigError:
                raise
            except IngestError as err:
                if once:
                    raise
                self._say(f"newsflow: {err}; retrying in {delay:.0f} s")
            if self._flag.wait(delay):
                return

    def _tasks(self) -> list[PollTask] | None:
        """Every configured feed with its stored state; None (after a wait) if ES is down."""
        feeds = self._config.feeds
        store = FeedStateStore(self._client, self._config.feeds_index)
        try:
            stored = store.load([f.id for f in feeds])
        except ConfigError:
            raise  # e.g. the credentials stopped working: waiting will not mend that
        except IngestError as err:
            self._say(f"newsflow: {err}; retrying in {MAX_IDLE_S / 2:.0f} s")
            self._flag.wait(MAX_IDLE_S / 2)
            return None
        tasks = [PollTask(spec, state_for(spec, stored.get(spec.id))) for spec in feeds]
        if self._registry is not None:
            statuses = Counter(task.state.status for task in tasks)
            for status in FeedStatus:
                self._registry.set(observability.FEEDS, statuses[status], {"status": status})
        return tasks

    def _due(self, tasks: list[PollTask]) -> list[PollTask]:
        """The due feeds, and with them those due a little later: every cycle has a fixed
        cost (~0.5 s to build and run a pipeline), so feeds due within a tenth of their
        interval (at most 30 s) join the cycle rather than start one of their own."""
        now = self._clock()
        if not any(is_due(task.state, now) for task in tasks):
            return []
        due = [task for task in tasks if is_due(task.state, now, _early_s(task))]
        return sorted(due, key=_waiting_since)[:MAX_FEEDS_PER_CYCLE]

    def _idle_seconds(self, tasks: list[PollTask]) -> float:
        now = self._clock()
        upcoming = [t.state.next_poll_at for t in tasks if t.state.next_poll_at is not None]
        if not upcoming:
            return MAX_IDLE_S
        return max(MIN_IDLE_S, min(MAX_IDLE_S, _seconds_until(min(upcoming), now)))

    def _cycle(self, tasks: list[PollTask], *, once: bool) -> None:
        """One bounded pipeline over ``tasks``. A failed cycle is redone later (its feed
        states were not saved); with ``once`` its error goes to the caller instead."""
        started = time.monotonic()
        options = flink_defaults(beam_options(self._beam_args))
        spec = FeedsSpec(
            es=self._config.es,
            http=self._config.http,
            policy=self._config.policy,
            dead_letter=self._config.dead_letter,
            feeds_index=self._config.feeds_index,
            stop_path=self._flag.path,
            dedup=self._dedup,
            entities=self._entities,
        )
        if self._in_process and self._entity_stage is None:
            self._entity_stage = self._entity_stages()
            freeze_long_lived()
        pipeline = beam.Pipeline(options=options)
        build_feeds(pipeline, spec, tasks, self._clock, self._fetchers, self._entity_stages)
        try:
            result = pipeline.run()
            result.wait_until_finish()
        except IngestError as err:  # e.g. Elasticsearch went away while saving feed states
            if once:
                raise
            self._failures += 1
            self.totals.failed_cycles += 1
            if self._registry is not None:
                self._registry.inc(observability.CYCLES_FAILED)
            delay = min(MAX_ERROR_BACKOFF_S, 2.0**self._failures)
            self._say(f"newsflow: cycle failed: {err}; its feeds are polled again in {delay:.0f} s")
            self._flag.wait(delay)
            return
        self._failures = 0
        summary = CycleSummary(
            number=self.totals.cycles + 1,
            feeds=len(tasks),
            counts=metrics.committed_counts(result),
            seconds=time.monotonic() - started,
        )
        self.totals.add(summary)
        if self._registry is not None:
            self._observe(result, summary)
        release_memory()
        self._say(summary.line())
        if summary.get(FEEDS_COMMITTED) != summary.get(metrics.FEEDS_POLLED):
            self._say("newsflow: warning: not every polled feed's state was saved")

    def _observe(self, result: beam.runners.runner.PipelineResult, cycle: CycleSummary) -> None:
        assert self._registry is not None
        observability.add_from_beam(self._registry, result.metrics())
        self._registry.inc(observability.CYCLES)
        self._registry.add_summary(observability.CYCLE_SECONDS, 1, cycle.seconds)
        self._registry.set(observability.LAST_CYCLE, time.time())

    def _backoff(self) -> Iterator[float]:
        delay = 1.0
        while True:
            yield delay
            delay = min(MAX_ERROR_BACKOFF_S, delay * 2)

    def _say(self, line: str) -> None:
        print(line, file=self._stream, flush=True)


def _waiting_since(task: PollTask) -> datetime:
    return task.state.next_poll_at or datetime.min.replace(tzinfo=UTC)


def _early_s(task: PollTask) -> float:
    return min(MAX_EARLY_S, EARLY_SHARE * task.spec.poll_interval_s)


def _seconds_until(when: datetime, now: datetime) -> float:
    return (when - now).total_seconds()


@contextmanager
def stop_on_signals(
    runner: FeedRunner,
    *,
    grace_s: float = STOP_GRACE_S,
    stream: TextIO = sys.stderr,
    force_exit: Callable[[int], None] = os._exit,
) -> Iterator[None]:
    """SIGINT/SIGTERM: stop after the work in flight; a second signal, or ``grace_s``
    without finishing, exits at once (the next run redoes the unfinished cycle).

    The handler only writes with ``os.write`` and sets flags: no Python-level lock (a
    buffered stream's, an Event's) may be taken in it, see ``FeedRunner``. The watchdog
    thread is started here, not in the handler, for the same reason.
    """
    fd = stream.fileno()
    done = threading.Event()  # set by this (main) thread only, never by the handler

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if runner.stopping:
            force_exit(128 + signum)
            return
        name = signal.Signals(signum).name
        message = (
            f"newsflow: {name}: stopping after the work in flight (send it again to exit at once)"
        )
        os.write(fd, f"{message}\n".encode())
        runner.request_stop()

    def watchdog() -> None:
        while not runner.stopping:
            if done.wait(0.1):
                return
        if done.wait(grace_s):
            return
        message = (
            f"newsflow: in-flight work did not finish within {grace_s:.0f} s; exiting now "
            "(the feeds of this cycle are polled again on the next run)"
        )
        os.write(fd, f"{message}\n".encode())
        force_exit(EXIT_FORCED)

    watcher = threading.Thread(target=watchdog, name="stop-watchdog", daemon=True)
    watcher.start()
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        done.set()
        watcher.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
