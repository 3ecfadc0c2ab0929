"""Continuous mode (``newsflow run --config FILE``): a driver loop of small bounded cycles.

Each cycle runs the same Beam transforms a streaming job would (poll -> pages ->
extract -> identify -> Elasticsearch -> commit feed states) over the feeds that
are due, as one bounded pipeline on the local runner; between cycles the driver
sleeps until the next feed is due. Watched folders (``pipeline.app.watch``) are
scanned between feed cycles, and each batch of settled new or changed files is one
cycle of its own (read -> extract -> ... -> Elasticsearch -> record the files as
read, ``assembly.build_watched``). Why not a streaming pipeline on Prism is in
the README ("Continuous mode"); in short, what this loop guarantees:

- latency: a new entry is indexed within its feed's poll interval plus one cycle,
  a new file within its folder's poll interval plus its settle time plus one cycle;
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
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TextIO

from apache_beam.utils.shared import Shared

from connectors.elasticsearch import make_client
from connectors.elasticsearch.admin import article_index_uuid
from connectors.folders import FILES_COMMITTED, FileStateStore, WatchedFile
from connectors.http import Fetcher
from connectors.rss import FEEDS_COMMITTED, FeedStateStore, PollTask, schedule
from connectors.rss.lanes import FetcherFactory, set_cycle_deadline
from connectors.rss.state import FeedStatus, state_for
from pipeline.app import observability
from pipeline.app.assembly import FeedsSpec, WatchSpec, build_feeds, build_watched
from pipeline.app.bounded import Build, Counts, run_bounded
from pipeline.app.config import NewsflowConfig
from pipeline.app.indices import prepare_indices
from pipeline.app.memory import freeze_long_lived, release_memory
from pipeline.app.runner_options import beam_options, is_local, pool_size
from pipeline.app.summary import outcomes
from pipeline.app.watch import FolderWatcher, cycle_line
from pipeline.app.workers import WorkerPool
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.stop import StopFlag
from pipeline.entities import EntityStage, EntityStageFactory
from schemas import ConfigError, IngestError

STOP_GRACE_S = 25.0  # under the 30 s that service managers usually allow before SIGKILL
MAX_ERROR_BACKOFF_S = 60.0
EXIT_FORCED = 1
WORKERS_READY_S = 300.0  # a worker building its entity stage for longer is not waited for


@dataclass
class RunTotals:
    """What a run did so far, in constant space: it may run for months."""

    cycles: int = 0
    failed_cycles: int = 0
    unaccounted_cycles: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, cycle: CycleSummary) -> None:
        self.cycles += 1
        self.unaccounted_cycles += not cycle.counts.accounted
        # Totals only: the per-source and per-host copies (``name|key=value``) are
        # what the metrics endpoint is for.
        by_name = cycle.counts.by_name
        self.counts.update({name: n for name, n in by_name.items() if "|" not in name})

    def get(self, name: str) -> int:
        return self.counts.get(name, 0)


@dataclass(frozen=True, slots=True)
class CycleSummary:
    number: int
    feeds: int
    counts: Counts
    seconds: float

    def get(self, name: str) -> int:
        return self.counts.get(name)

    def line(self) -> str:
        counts = self.counts
        return (
            f"cycle {self.number}: polled {self.get(metrics.FEEDS_POLLED)} of {self.feeds} due "
            f"feeds ({self.get(metrics.FEEDS_NOT_MODIFIED)} not modified, "
            f"{self.get(metrics.FEEDS_FAILED)} failed); {counts.read} new: "
            f"{outcomes(counts)}, deferred {counts.deferred} ({self.seconds:.1f} s)"
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
        workers: int = 1,
    ) -> None:
        """``workers`` processes run the cycles' stages on the local runner, started
        once for the run (``pipeline.app.workers``); 1: every cycle in this process."""
        _check_timeouts(config)
        self._config = config
        self._registry = registry  # Prometheus running totals, when served (--metrics-port)
        self._beam_args = list(beam_args or [])
        # Dedup and entity settings come from the config file, else the environment, as
        # for `replay` (pipeline.app.settings resolved them when the file was loaded).
        self._dedup = config.dedup
        self._entities = config.entities
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
        fetcher = FetcherFactory(config.http, self._flag.path, clock)
        self._fetcher: Fetcher = self._fetchers.acquire(fetcher)
        # What each worker process builds and keeps, when the cycles run in workers.
        self._fetcher_factory = partial(self._fetchers.acquire, fetcher)
        # Likewise one entity stage (KB automaton, spaCy model) for the whole run, when
        # the cycles run in this process; it is loaded by the first cycle that needs it.
        # This strong reference is what keeps it: Beam's Shared itself keeps alive only
        # the object acquired last, as often the fetcher as the stage.
        local = is_local(beam_options(self._beam_args))
        self._pool_size = pool_size(workers, self._beam_args)
        self._pool: WorkerPool | None = None
        self._in_process = local and self._pool_size == 1
        self._entity_stages = EntityStageFactory(self._entities, ship_kb=not local)
        self._entity_stage: EntityStage | None = None
        # One Elasticsearch client for the driver's own requests (state index, feed
        # states); it reconnects by itself after the cluster restarts.
        self._client = make_client(config.es)
        self._watcher = FolderWatcher(config.folders, self._say)
        self._serves = ""  # the article index's uuid, which file states name (_prepare)
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
            if self._pool_size > 1:
                # Started once: each worker builds the entity stage at once, while this
                # process prepares the indices, and keeps it for every cycle of the run.
                keep: list[Callable[[], object]] = [self._fetcher_factory, self._entity_stages]
                self._pool = WorkerPool(self._pool_size, keep=keep)
            self._prepare(once=once)
            self._wait_for_workers()
            while not self.stopping:
                tasks = self._tasks()
                if tasks is None:
                    continue
                if once:
                    for cycle in schedule.cycles(tasks):
                        if not self.stopping:
                            self._cycle(cycle, once=True)
                    self._watch_once()
                    break
                due = schedule.due(tasks, self._clock())
                if due:
                    self._cycle(due, once=False)
                # Folders are scanned after every feed cycle: many due feeds never starve them.
                if (not self.stopping and self._watch()) or due:
                    continue
                idle = schedule.idle_seconds(tasks, self._clock())
                if self._config.folders:
                    idle = min(idle, self._watcher.idle_seconds(time.monotonic()))
                self._flag.wait(idle)
        finally:
            if self._pool is not None:
                self._pool.close()
            self._fetcher.close()
            self._client.close()
            shutil.rmtree(self._dir, ignore_errors=True)
        return self.totals

    def _wait_for_workers(self) -> None:
        """The first cycle starts when the workers have built their entity stage, so
        that its fetching, and the cycle deadline that bounds it, does not wait for
        them. A worker that takes longer than ``WORKERS_READY_S`` is not waited for:
        the pipelines then build the stage themselves."""
        if self._pool is None:
            return
        deadline = time.monotonic() + WORKERS_READY_S
        while not self.stopping and time.monotonic() < deadline:
            if self._pool.wait_ready(0.5):
                return

    def _prepare(self, *, once: bool) -> None:
        """Index template, alias and state index; waits while Elasticsearch is unavailable
        (a long-running service outlives a restart of its cluster), unless ``once``."""
        for delay in self._backoff():
            try:
                prepare_indices(self._config.es, self._dedup, self._entities)
                store = FeedStateStore(self._client, self._config.feeds_index)
                store.setup()
                self._serves = article_index_uuid(self._client, self._config.es.index)
                forgotten = store.follow(self._serves)
                if self._config.folders:
                    self._file_store().setup()
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
            self._say(f"newsflow: {err}; retrying in {schedule.MAX_IDLE_S / 2:.0f} s")
            self._flag.wait(schedule.MAX_IDLE_S / 2)
            return None
        tasks = [PollTask(spec, state_for(spec, stored.get(spec.id))) for spec in feeds]
        if self._registry is not None:
            statuses = Counter(task.state.status for task in tasks)
            for status in FeedStatus:
                self._registry.set(observability.FEEDS, statuses[status], {"status": status})
        return tasks

    def _cycle(self, tasks: list[PollTask], *, once: bool) -> None:
        """One bounded pipeline over ``tasks``. A failed cycle is redone later (its feed
        states were not saved); with ``once`` its error goes to the caller instead."""
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
        build = partial(
            build_feeds,
            spec=spec,
            tasks=tasks,
            clock=self._clock,
            fetchers=self._fetchers,
            entity_stage=self._entity_stages,
        )
        set_cycle_deadline(self._flag.path, time.time() + self._config.policy.cycle_deadline_s)
        summary = self._run_cycle(build, len(tasks), once=once, again="its feeds are polled")
        if summary is None:
            return
        self._say(summary.line())
        if summary.get(FEEDS_COMMITTED) != summary.get(metrics.FEEDS_POLLED):
            self._say("newsflow: warning: not every polled feed's state was saved")

    def _watch(self) -> bool:
        """Scan the due folders and read what is ready; whether a cycle ran."""
        now = time.monotonic()
        if not self._config.folders or not self._watcher.due(now):
            return False
        try:
            files = self._watcher.scan(self._file_store(), now)
        except ConfigError:
            raise
        except IngestError as err:
            delay = schedule.MAX_IDLE_S / 2
            self._say(f"newsflow: {err}; folders are scanned again in {delay:.0f} s")
            self._watcher.postpone(now, delay)
            return False
        if not files:
            return False
        self._files_cycle(files, once=False)
        return True

    def _watch_once(self) -> None:
        """``run --once``: read every settled new or changed file of every folder (a
        first scan, a wait of the settle time, then scans until nothing is ready)."""
        if not self._config.folders:
            return
        store = self._file_store()
        self._watcher.scan(store, time.monotonic(), every=True)
        if not self._watcher.settling or self._flag.wait(self._watcher.max_settle_s):
            return
        while not self.stopping:
            files = self._watcher.scan(store, time.monotonic(), every=True)
            if not files:
                return
            self._files_cycle(files, once=True)

    def _files_cycle(self, files: list[WatchedFile], *, once: bool) -> None:
        """One bounded pipeline over watched files; they count as read once it succeeded."""
        spec = WatchSpec(
            es=self._config.es,
            dead_letter=self._config.dead_letter,
            folders_index=self._config.folders_index,
            serves=self._serves,
            dedup=self._dedup,
            entities=self._entities,
        )
        build = partial(
            build_watched,
            spec=spec,
            files=files,
            clock=self._clock,
            entity_stage=self._entity_stages,
        )
        summary = self._run_cycle(build, 0, once=once, again="its files are read")
        if summary is None:
            return
        self._watcher.read(files)
        self._say(cycle_line(summary.number, len(files), summary.counts, summary.seconds))
        if summary.get(FILES_COMMITTED) != len(files):
            self._say("newsflow: warning: not every file read was recorded as read")

    def _file_store(self) -> FileStateStore:
        return FileStateStore(self._client, self._config.folders_index, self._serves)

    def _run_cycle(
        self, build: Build, feeds: int, *, once: bool, again: str
    ) -> CycleSummary | None:
        """Run one cycle's pipeline and add it to the totals; None when it failed (then it
        is redone after a backoff; with ``once`` its error goes to the caller)."""
        started = time.monotonic()
        if self._in_process and self._entity_stage is None:
            self._entity_stage = self._entity_stages()
            freeze_long_lived()
        try:
            counts = run_bounded(
                build, beam_args=self._beam_args, registry=self._registry, pool=self._pool
            )
        except IngestError as err:  # e.g. Elasticsearch went away while saving states
            if once:
                raise
            self._failures += 1
            self.totals.failed_cycles += 1
            if self._registry is not None:
                self._registry.inc(observability.CYCLES_FAILED)
            delay = min(MAX_ERROR_BACKOFF_S, 2.0**self._failures)
            self._say(f"newsflow: cycle failed: {err}; {again} again in {delay:.0f} s")
            self._flag.wait(delay)
            return None
        self._failures = 0
        summary = CycleSummary(
            number=self.totals.cycles + 1,
            feeds=feeds,
            counts=counts,
            seconds=time.monotonic() - started,
        )
        self.totals.add(summary)
        if self._registry is not None:
            self._observe(summary)
        release_memory()
        return summary

    def _observe(self, cycle: CycleSummary) -> None:
        """The driver's own metrics of a cycle (its pipeline's were added by run_bounded)."""
        assert self._registry is not None
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


def _check_timeouts(config: NewsflowConfig) -> None:
    """Every request must end within the stop grace, or a stop would wait on it: body
    reads see the stop flag between pieces, a silent server is bounded by its timeouts."""
    http = config.http
    for key, value in (
        ("connect_timeout", http.connect_timeout_s),
        ("read_timeout", http.read_timeout_s),
        ("total_timeout", http.total_timeout_s),
    ):
        if value >= STOP_GRACE_S:
            raise ConfigError(
                f"{config.path}: http.{key} is {value:g} s; it must be shorter than the "
                f"{STOP_GRACE_S:g} s a stop waits for work in flight"
            )


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
