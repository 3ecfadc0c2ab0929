"""Fetching by site: one ordered lane per site, many sites at once.

This is StormCrawler's design (URLs partitioned by host, one fetch queue per host)
in Beam terms: items are keyed by site and grouped, so every item of a site goes
through one lane, in order, whatever the runner and however many workers it has.
Within a worker, lanes run on a thread pool; ``per_host_concurrency`` > 1 splits a
site into that many lanes, and the fetcher's throttle keeps the delay between them.

Outputs are emitted from the bundle's thread only (Beam's receivers are not
thread-safe), as windowed values carrying the window of the lane they came from.

The fetcher (its connection pool, per-host throttle and robots.txt cache) is a
per-process singleton through Beam's ``Shared``: feeds and pages of one site share
one politeness budget, and ``newsflow run`` keeps it alive from cycle to cycle.
"""

from __future__ import annotations

import os
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import apache_beam as beam
from apache_beam.pvalue import PCollection, TaggedOutput
from apache_beam.utils.shared import Shared
from apache_beam.utils.windowed_value import WindowedValue

from connectors.http import Fetcher, FetchRecord, HttpConfig, recording
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import (
    DEAD_LETTER,
    DeadLetterCollector,
    dead_letter,
    unexpected,
    with_dead_letters,
)
from pipeline.core.stop import StopFlag
from schemas import DeadLetter, Stage


class LaneWork(Protocol):
    """What a lane does with each item; a picklable object, not a lambda."""

    stage: Stage

    def site(self, item: Any) -> str: ...

    def identity(self, item: Any) -> str: ...

    def source(self, item: Any) -> str:
        """The per-source metrics label of the item's outputs (its feed's URL)."""
        ...

    def payload(self, item: Any) -> str | bytes | None:
        """What a dead letter keeps of an item a bug stopped, for replaying it."""
        ...

    def handle(self, fetcher: Fetcher, item: Any) -> list[Any]: ...

    def counters(self, output: Any) -> tuple[str, ...]: ...


class FetchBySite(beam.PTransform):  # type: ignore[misc]
    """Items in; ``work``'s outputs out (``MAIN`` and each of ``tags``), dead letters to ``dead``.

    The lanes are not run through ``Guarded``: they run items on pool threads, and each
    item is guarded there, on its own (``_run_lane``), the same way.
    """

    def __init__(
        self,
        work: LaneWork,
        http: HttpConfig,
        tags: tuple[str, ...],
        dead: DeadLetterCollector,
        *,
        fetchers: Shared | None = None,
        stop_path: str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self._work = work
        self._tags = tags
        self._dead = dead
        self._lanes = http.per_host_concurrency
        self._fetch = _LaneFn(
            work, fetchers or Shared(), FetcherFactory(http, stop_path, clock), clock
        )

    def expand(self, items: PCollection) -> Any:
        lanes = (
            items
            | "KeyBySite" >> beam.Map(lane_key, self._work, self._lanes)
            | "GroupBySite" >> beam.GroupByKey()
        )
        outputs = with_dead_letters(lanes, "Lanes", self._fetch, tags=self._tags)
        self._dead.add(outputs[DEAD_LETTER])
        return outputs


def lane_key(item: Any, work: LaneWork, lanes: int) -> tuple[str, Any]:
    """``site#n``: a site's items spread over ``lanes`` lanes, stably by identity."""
    lane = zlib.crc32(work.identity(item).encode("utf-8")) % lanes
    return f"{work.site(item)}#{lane}", item


class FetcherFactory:
    """Builds the process's fetcher; a picklable object, so workers can build their own."""

    def __init__(self, http: HttpConfig, stop_path: str | None, clock: Clock) -> None:
        self.http = http
        self._stop_path = stop_path
        self._clock = clock

    def __call__(self) -> Fetcher:
        stop = CycleStop(self._stop_path) if self._stop_path else threading.Event()
        return Fetcher(self.http, stop=stop, now=self._clock)


class CycleStop(StopFlag):
    """The fetchers' stop signal in ``newsflow run``: set when the run is stopping (the
    stop file exists) or when the cycle's deadline has passed.

    The deadline (epoch seconds, in a file beside the stop file, written by the driver
    as each cycle starts: ``set_cycle_deadline``) keeps one slow site from holding the
    cycle, and with it every other feed's next poll: past it, requests in flight end at
    their next piece of body or wait, and what was not fetched is deferred to the next
    cycle exactly as a stop defers it (pages counted as ``deferred``; feeds not polled
    stay due). Without a deadline file it is a plain stop flag.
    """

    def is_set(self) -> bool:
        return super().is_set() or _past(deadline_path(self.path))


def deadline_path(stop_path: str) -> str:
    return f"{stop_path}.deadline"


def set_cycle_deadline(stop_path: str, deadline_epoch_s: float) -> None:
    """Written whole (rename), so a fetcher never reads half a number."""
    target = deadline_path(stop_path)
    Path(f"{target}.tmp").write_text(repr(deadline_epoch_s), encoding="ascii")
    os.replace(f"{target}.tmp", target)


def _past(path: str) -> bool:
    try:
        return time.time() > float(Path(path).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return False


class _LaneFn(beam.DoFn):  # type: ignore[misc]
    def __init__(
        self, work: LaneWork, fetchers: Shared, new_fetcher: FetcherFactory, clock: Clock
    ) -> None:
        self._work = work
        self._fetchers = fetchers
        self._new_fetcher = new_fetcher
        self._clock = clock

    def setup(self) -> None:
        self._fetcher: Fetcher = self._fetchers.acquire(self._new_fetcher)
        workers = self._new_fetcher.http.max_connections
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="lane")

    def start_bundle(self) -> None:
        self._pending: list[tuple[Future[_LaneDone], Any, Any]] = []

    def process(
        self,
        keyed: tuple[str, Iterable[Any]],
        window: Any = beam.DoFn.WindowParam,
        timestamp: Any = beam.DoFn.TimestampParam,
    ) -> Iterator[Any]:
        _site, items = keyed
        future = self._pool.submit(self._run_lane, list(items))
        self._pending.append((future, window, timestamp))
        yield from self._finished(wait=False)

    def finish_bundle(self) -> Iterator[Any]:
        yield from self._finished(wait=True)

    def teardown(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        # The fetcher is shared: whoever holds it last lets it go (see FetcherFactory).

    def _run_lane(self, items: list[Any]) -> _LaneDone:
        """Runs on a pool thread: Beam metrics are counted later, on the bundle's thread."""
        outputs: list[tuple[Any, str]] = []
        with recording() as fetches:
            for item in items:
                source = self._work.source(item)
                try:
                    outputs.extend((out, source) for out in self._work.handle(self._fetcher, item))
                except Exception as exc:  # noqa: BLE001 - a bug must not lose the item (below)
                    # As ``Guarded`` does: the item becomes a dead letter naming the bug,
                    # and the lane goes on with the next item.
                    outputs.append((TaggedOutput(DEAD_LETTER, self._bug(item, exc)), source))
        return _LaneDone(outputs, fetches)

    def _bug(self, item: Any, exc: Exception) -> DeadLetter:
        stage = self._work.stage
        return dead_letter(
            stage,
            item,
            unexpected(stage, exc),
            self._clock(),
            origin=self._work.identity(item),
            payload=self._work.payload(item),
            source_feed=self._work.source(item),
        )

    def _finished(self, *, wait: bool) -> Iterator[Any]:
        """Outputs of the lanes that are done (with ``wait``, of all, as they finish), so
        the next stages work on finished sites while slower ones are still fetching."""
        pending = {future: (window, timestamp) for future, window, timestamp in self._pending}
        finished = as_completed(pending) if wait else [f for f in pending if f.done()]
        for future in finished:
            window, timestamp = pending.pop(future)
            done = future.result()
            _count_fetches(done.fetches)
            for output, source in done.outputs:
                for name in self._work.counters(output):
                    if name in _BY_SOURCE:
                        metrics.count_by_source(name, source)
                    else:
                        metrics.counter(name).inc()
                yield _windowed(output, window, timestamp)
        self._pending = [(future, *where) for future, where in pending.items()]


_BY_SOURCE = frozenset({metrics.READ, metrics.DEFERRED})


@dataclass(frozen=True, slots=True)
class _LaneDone:
    outputs: list[tuple[Any, str]]  # each output with its item's source label
    fetches: list[FetchRecord]


def _count_fetches(fetches: list[FetchRecord]) -> None:
    for fetch in fetches:
        metrics.distribution(metrics.labelled(metrics.FETCH_MS, host=fetch.host)).update(
            round(fetch.seconds * 1000)
        )
        if fetch.error:
            name = metrics.labelled(metrics.FETCH_ERRORS, host=fetch.host, error=fetch.error)
            metrics.counter(name).inc()


def _windowed(output: Any, window: Any, timestamp: Any) -> Any:
    if isinstance(output, TaggedOutput):
        return TaggedOutput(output.tag, WindowedValue(output.value, timestamp, [window]))
    return WindowedValue(output, timestamp, [window])
