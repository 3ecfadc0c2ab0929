"""Polling one feed: conditional GET, parse, keep only new entries, compute the next state.

The fetcher and the clock are passed in; everything else is pure, so the whole
decision (what is new, what the state becomes, what is dead-lettered) is tested
on fixture bytes with a local server or none at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from connectors.http import Fetcher, Validators
from connectors.rss.config import FeedPolicy, FeedSpec
from connectors.rss.read import read_feed
from connectors.rss.state import (
    FeedState,
    after_failure,
    after_fetch,
    after_not_modified,
    entry_key,
    without_deferred,
)
from pipeline.core.deadletters import dead_letter
from schemas import DeadLetter, IngestError, Interrupted, InvalidInput, RawDocument, Stage

STAGE = Stage.POLL
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, "
    "application/json;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class PollTask:
    """A due feed and the state it is polled with."""

    spec: FeedSpec
    state: FeedState


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry not seen before, on its way to the page fetcher."""

    feed_id: str
    key: str
    document: RawDocument


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll did; committed to the state store after the entries are indexed."""

    feed_id: str
    state: FeedState
    entries: int = 0
    new_entries: int = 0
    not_modified: bool = False
    failed: bool = False

    @property
    def origin(self) -> str:
        """The feed's URL, as a dead letter of this poll names it."""
        return self.state.url

    @property
    def source_feed(self) -> str:
        return self.state.url


@dataclass(frozen=True, slots=True)
class Polled:
    result: PollResult
    entries: tuple[NewEntry, ...] = ()
    dead_letter: DeadLetter | None = None
    rejected: tuple[DeadLetter, ...] = ()  # entries of a readable feed that cannot be read


def poll_feed(
    task: PollTask,
    fetcher: Fetcher,
    policy: FeedPolicy,
    *,
    now: datetime,
    rand: Callable[[], float],
) -> Polled:
    """Poll ``task``'s feed once. Raises only ``Interrupted`` (the run is stopping)."""
    spec, state = task.spec, task.state
    try:
        fetched = fetcher.fetch(spec.url, state.validators, accept=FEED_ACCEPT)
    except Interrupted:
        raise
    except IngestError as err:
        failed = after_failure(state, spec, policy, err, now=now, rand=rand)
        return Polled(PollResult(spec.id, failed, failed=True))
    if fetched.not_modified:
        kept = after_not_modified(
            state, spec, policy, now=now, validators=fetched.validators, rand=rand
        )
        return Polled(PollResult(spec.id, kept, not_modified=True))
    try:
        read = read_feed(fetched, spec, fetcher, max_entries=policy.max_seen)
    except Interrupted:
        raise
    except IngestError as err:
        failed = after_failure(state, spec, policy, err, now=now, rand=rand)
        if not isinstance(err, InvalidInput):  # a gzip bomb, an index's sitemaps unreachable
            return Polled(PollResult(spec.id, failed, failed=True))
        letter = dead_letter(STAGE, spec.url, err, now, payload=fetched.body, source_feed=spec.url)
        return Polled(PollResult(spec.id, failed, failed=True), dead_letter=letter)
    parsed = read.feed
    documents = [_with_feed_hints(entry, spec) for entry in parsed.entries]
    keys = [entry_key(doc) for doc in documents]
    seen = set(state.seen_keys)
    unseen = [
        NewEntry(spec.id, key, doc)
        for key, doc in dict(zip(keys, documents, strict=True)).items()
        if key not in seen
    ]
    new = tuple(unseen[: policy.max_new_entries])
    next_state = after_fetch(
        state,
        spec,
        policy,
        now=now,
        # the validators of an index say nothing of the sitemaps it lists: see read
        validators=Validators() if read.followed else fetched.validators,
        current_keys=keys,
        new_count=len(new),
        problem=parsed.problem,
        rand=rand,
    )
    # A backlog beyond the cap waits for the next cycle, which comes at once: it is
    # left unremembered and the validators dropped, exactly as for a stopped run.
    later = {entry.key for entry in unseen[policy.max_new_entries :]}
    next_state = without_deferred(next_state, later, now, already_counted=True)
    rejected = tuple(
        DeadLetter.build(
            stage=STAGE,
            error=bad.error,
            origin=bad.origin,
            payload=bad.payload,
            failed_at=now,
            source_feed=spec.url,
        )
        for bad in parsed.rejected
    )
    return Polled(PollResult(spec.id, next_state, len(documents), len(new)), new, None, rejected)


def _with_feed_hints(entry: RawDocument, spec: FeedSpec) -> RawDocument:
    """What the config says about every entry of this feed: language, tags."""
    tags = tuple(dict.fromkeys((*entry.tags, *spec.tags)))  # the entry's own, then the feed's
    return entry.model_copy(update={"language": entry.language or spec.language, "tags": tags})
