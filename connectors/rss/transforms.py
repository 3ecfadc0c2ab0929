"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
from apache_beam.pvalue import AsList, AsSingleton, PCollection
from apache_beam.utils.shared import Shared

from connectors.deadletter import AppendDeadLetters, DeadLetterConfig
from connectors.elasticsearch import EsConfig, make_client
from connectors.http import HttpConfig
from connectors.rss.config import FeedPolicy
from connectors.rss.lanes import FetchBySite
from connectors.rss.poll import PollResult
from connectors.rss.state import FeedState, without_deferred
from connectors.rss.store import DEFAULT_FEEDS_INDEX, FeedStateStore
from connectors.rss.work import DEFERRED, ENTRIES, PageWork, PollWork
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import (
    DEAD_LETTER,
    MAIN,
    DeadLetterCollector,
    Guarded,
    with_dead_letters,
)
from schemas import IngestError, Stage

FEEDS_COMMITTED = "feeds_committed"


class PollFeeds(beam.PTransform):  # type: ignore[misc]
    """Conditional GET of each due feed, by site; new entries only."""

    def __init__(
        self,
        http: HttpConfig,
        policy: FeedPolicy,
        dead: DeadLetterCollector,
        *,
        fetchers: Shared | None = None,
        stop_path: str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        work = PollWork(policy, clock)
        self._lanes = FetchBySite(
            work, http, (ENTRIES,), dead, fetchers=fetchers, stop_path=stop_path, clock=clock
        )

    def expand(self, tasks: PCollection) -> tuple[PCollection, PCollection]:
        polled = tasks | "Poll" >> self._lanes
        return polled[MAIN], polled[ENTRIES]


class FetchArticles(beam.PTransform):  # type: ignore[misc]
    """Each new entry's page (robots.txt, politeness, limits), or the entry as fallback."""

    def __init__(
        self,
        http: HttpConfig,
        dead: DeadLetterCollector,
        *,
        fetchers: Shared | None = None,
        stop_path: str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self._lanes = FetchBySite(
            PageWork(), http, (DEFERRED,), dead, fetchers=fetchers, stop_path=stop_path, clock=clock
        )

    def expand(self, entries: PCollection) -> tuple[PCollection, PCollection]:
        fetched = entries | "Fetch" >> self._lanes
        return fetched[MAIN], fetched[DEFERRED]


class CommitFeedStates(beam.PTransform):  # type: ignore[misc]
    """Saves each polled feed's new state once everything else of the run has settled.

    ``settled`` (a count of every indexed, duplicate and dead-lettered element) is a
    side input, so on a batch runner the states are written only after the articles
    reached Elasticsearch or the dead-letter sink: a crash before that loses nothing,
    the next run polls the same entries again (and indexing is idempotent).

    Elasticsearch failing here fails the run (the cycle is redone); a bug dead-letters
    the polls (stage ``commit``) into ``dead_letter``'s file, and their feeds, whose
    states were not saved, are polled again.
    """

    def __init__(
        self,
        es: EsConfig,
        dead_letter: DeadLetterConfig,
        index: str = DEFAULT_FEEDS_INDEX,
        clock: Clock = utc_now,
    ):
        super().__init__()
        self._es = es
        self._dead_letter = dead_letter
        self._index = index
        self._clock = clock

    def expand(self, inputs: tuple[PCollection, PCollection, PCollection]) -> None:
        polls, deferred, settled = inputs
        count = settled | "CountSettled" >> beam.combiners.Count.Globally()
        commit = _CommitFn(self._es, self._index, self._clock)
        guarded = Guarded(Stage.COMMIT, commit, self._clock, split=list, fatal=(IngestError,))
        everything = polls | "All" >> beam.combiners.ToList()
        saved = with_dead_letters(
            everything, "Save", guarded, deferred=AsList(deferred), settled=AsSingleton(count)
        )
        _ = saved[DEAD_LETTER] | "DeadLetters" >> AppendDeadLetters(
            self._dead_letter, outcome=False
        )


class _CommitFn(beam.DoFn):  # type: ignore[misc]
    """Saves the new states of every polled feed in one request."""

    def __init__(self, es: EsConfig, index: str, clock: Clock) -> None:
        self._es = es
        self._index = index
        self._clock = clock

    def setup(self) -> None:
        self._client = make_client(self._es)
        self._store = FeedStateStore(self._client, self._index)
        self._committed = metrics.counter(FEEDS_COMMITTED)

    def process(
        self, results: list[PollResult], deferred: list[tuple[str, str]], settled: int
    ) -> Iterator[None]:
        now = self._clock()
        states: list[FeedState] = []
        for result in results:
            mine = {key for feed_id, key in deferred if feed_id == result.feed_id}
            states.append(without_deferred(result.state, mine, now))
        self._committed.inc(self._store.save(states))
        yield from ()

    def teardown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
