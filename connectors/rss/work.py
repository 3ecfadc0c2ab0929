"""What the fetch lanes do with feeds and with entries: thin objects around poll and pages."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apache_beam.pvalue import TaggedOutput

from connectors.http import Fetcher, site_of
from connectors.rss.config import FeedPolicy
from connectors.rss.pages import page_document
from connectors.rss.poll import STAGE as POLL_STAGE
from connectors.rss.poll import NewEntry, PollResult, PollTask, poll_feed
from connectors.rss.state import after_failure
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, dead_letter, payload_of, unexpected
from schemas import DeadLetter, DocumentKind, Interrupted, RawDocument, Stage

ENTRIES = "entries"
DEFERRED = "deferred"


class PollWork:
    """Poll a feed: main output PollResult; NewEntry on ENTRIES; dead letters.

    A poll interrupted by a stop emits nothing: the feed's state is unchanged, so it
    is still due when the run starts again.
    """

    stage = POLL_STAGE

    def __init__(
        self, policy: FeedPolicy, clock: Clock = utc_now, rand: Callable[[], float] = random.random
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._rand = rand

    def site(self, task: PollTask) -> str:
        return site_of(task.spec.url)

    def identity(self, task: PollTask) -> str:
        return task.spec.url

    def source(self, task: PollTask) -> str:
        return task.spec.url

    def payload(self, task: PollTask) -> str | bytes | None:
        return None  # a feed is polled again, not replayed from a dead letter

    def handle(self, fetcher: Fetcher, task: PollTask) -> list[Any]:
        now = self._clock()
        try:
            polled = poll_feed(task, fetcher, self._policy, now=now, rand=self._rand)
        except Interrupted:
            return []
        except Exception as exc:  # noqa: BLE001 - a bug: the feed must still back off
            return self._bug(task, exc, now)
        outputs: list[Any] = [polled.result]
        outputs.extend(TaggedOutput(ENTRIES, entry) for entry in polled.entries)
        if polled.dead_letter is not None:
            outputs.append(TaggedOutput(DEAD_LETTER, polled.dead_letter))
        outputs.extend(TaggedOutput(DEAD_LETTER, letter) for letter in polled.rejected)
        return outputs

    def _bug(self, task: PollTask, exc: Exception, now: datetime) -> list[Any]:
        """A failed poll (its state saved, so the feed backs off and can be marked
        failing) and a dead letter naming the bug. Without the state the feed would
        stay due and be polled again at once, every cycle."""
        error = unexpected(self.stage, exc)
        spec = task.spec
        failed = after_failure(task.state, spec, self._policy, error, now=now, rand=self._rand)
        letter = dead_letter(
            self.stage, spec.url, error, now, payload=self.payload(task), source_feed=spec.url
        )
        return [PollResult(spec.id, failed, failed=True), TaggedOutput(DEAD_LETTER, letter)]

    def counters(self, output: Any) -> tuple[str, ...]:
        if isinstance(output, PollResult):
            if output.failed:
                return (metrics.FEEDS_POLLED, metrics.FEEDS_FAILED)
            if output.not_modified:
                return (metrics.FEEDS_POLLED, metrics.FEEDS_NOT_MODIFIED)
            return (metrics.FEEDS_POLLED,)
        if isinstance(output, TaggedOutput) and output.tag == DEAD_LETTER:
            return (metrics.READ,)  # a feed nothing could be read from counts as one input
        return ()


class PageWork:
    """Fetch an entry's page: main output RawDocument (page or entry); (feed, key) on DEFERRED."""

    stage = Stage.FETCH

    def site(self, entry: NewEntry) -> str:
        return site_of(entry.document.url) if entry.document.url else "(no link)"

    def identity(self, entry: NewEntry) -> str:
        return entry.document.url or entry.document.origin

    def source(self, entry: NewEntry) -> str:
        return metrics.source_of(entry.document)

    def payload(self, entry: NewEntry) -> str | bytes | None:
        return payload_of(entry.document)  # the entry as JSON: a replay fetches it again

    def handle(self, fetcher: Fetcher, entry: NewEntry) -> list[Any]:
        try:
            return [page_document(entry.document, fetcher)]
        except Interrupted:
            return [TaggedOutput(DEFERRED, (entry.feed_id, entry.key))]

    def counters(self, output: Any) -> tuple[str, ...]:
        if isinstance(output, RawDocument):
            fetched = output.kind is DocumentKind.HTML
            return (metrics.READ, metrics.PAGES_FETCHED if fetched else metrics.PAGES_FALLBACK)
        if isinstance(output, TaggedOutput) and output.tag == DEFERRED:
            return (metrics.READ, metrics.DEFERRED)
        if isinstance(output, TaggedOutput) and isinstance(output.value, DeadLetter):
            return (metrics.READ,)
        return ()
