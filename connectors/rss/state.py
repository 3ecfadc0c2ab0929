"""Feed state and how a poll changes it. Pure: the time and the randomness are passed in.

The state is what makes a restart cheap and idempotent: the HTTP validators
(conditional GET), the keys of entries already handed to the pipeline (no page
is fetched twice), and the failure count that drives backoff and the ``failing``
status ops see in ``newsflow feeds status`` and Kibana.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from connectors.http import Validators
from connectors.rss.config import FeedPolicy, FeedSpec
from pipeline.stages.dates import parse_date
from schemas import FetchUnavailable, RawDocument

# Retry-After beyond a day is a misconfigured server; we ask again after a day.
MAX_RETRY_AFTER_S = 24 * 3600.0


class FeedStatus(StrEnum):
    NEW = "new"  # never polled
    OK = "ok"  # the last poll fetched and parsed the feed
    NOT_MODIFIED = "not_modified"  # the last poll got 304 Not Modified
    ERROR = "error"  # the last poll failed; polled again with backoff
    FAILING = "failing"  # failed `failing_after` times in a row; still polled, at the cap


@dataclass(frozen=True, slots=True)
class FeedState:
    feed_id: str
    url: str
    status: FeedStatus = FeedStatus.NEW
    last_poll_at: datetime | None = None
    last_success_at: datetime | None = None
    next_poll_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    consecutive_failures: int = 0
    last_error: str | None = None
    problem: str | None = None  # parsed, but ill-formed (feedparser's bozo reason)
    items_seen: int = 0  # entries handed to the pipeline since the feed was added
    last_new_items: int = 0
    seen_keys: tuple[str, ...] = ()

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.etag, last_modified=self.last_modified)

    def to_document(self) -> dict[str, Any]:
        """The ``newsflow-feeds`` document (its ``_id`` is the feed id)."""
        doc: dict[str, Any] = {
            "feed_id": self.feed_id,
            "url": self.url,
            "status": self.status.value,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "consecutive_failures": self.consecutive_failures,
            "last_error": self.last_error,
            "problem": self.problem,
            "items_seen": self.items_seen,
            "last_new_items": self.last_new_items,
            "seen_keys": list(self.seen_keys),
        }
        for name in ("last_poll_at", "last_success_at", "next_poll_at"):
            value = getattr(self, name)
            doc[name] = value.isoformat() if value else None
        return doc

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> FeedState:
        return cls(
            feed_id=str(doc["feed_id"]),
            url=str(doc["url"]),
            status=FeedStatus(doc.get("status") or FeedStatus.NEW),
            last_poll_at=parse_date(doc.get("last_poll_at")),
            last_success_at=parse_date(doc.get("last_success_at")),
            next_poll_at=parse_date(doc.get("next_poll_at")),
            etag=doc.get("etag"),
            last_modified=doc.get("last_modified"),
            consecutive_failures=int(doc.get("consecutive_failures") or 0),
            last_error=doc.get("last_error"),
            problem=doc.get("problem"),
            items_seen=int(doc.get("items_seen") or 0),
            last_new_items=int(doc.get("last_new_items") or 0),
            seen_keys=tuple(doc.get("seen_keys") or ()),
        )


def state_for(spec: FeedSpec, stored: FeedState | None) -> FeedState:
    """The state to poll ``spec`` with. A feed whose URL changed starts afresh:
    validators and entry keys of another URL mean nothing."""
    if stored is None:
        return FeedState(feed_id=spec.id, url=spec.url)
    if stored.url != spec.url:
        return FeedState(feed_id=spec.id, url=spec.url, items_seen=stored.items_seen)
    return stored


def is_due(state: FeedState, now: datetime, early_s: float = 0.0) -> bool:
    """True when the feed's next poll is at most ``early_s`` seconds away."""
    return state.next_poll_at is None or state.next_poll_at <= now + timedelta(seconds=early_s)


def entry_key(entry: RawDocument) -> str:
    """A short stable key for a feed entry: its link, else its origin (feed + guid/title)."""
    identity = entry.url or entry.origin
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:20]


def next_poll_at(
    spec: FeedSpec,
    policy: FeedPolicy,
    *,
    now: datetime,
    failures: int,
    rand: Callable[[], float],
    retry_after_s: float | None = None,
) -> datetime:
    """Interval, doubled per consecutive failure up to the cap; Retry-After when longer.

    Exponential rather than Media Cloud's linear backoff because our intervals are
    short (minutes): a dead feed reaches the cap within a few polls.
    """
    delay = spec.poll_interval_s
    if failures:
        delay = min(policy.max_backoff_s, spec.poll_interval_s * 2 ** (failures - 1))
        delay = max(delay, spec.poll_interval_s)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, MAX_RETRY_AFTER_S))
    delay += rand() * policy.jitter * spec.poll_interval_s
    return now + timedelta(seconds=delay)


def remember(seen: Iterable[str], current: Iterable[str], max_seen: int) -> tuple[str, ...]:
    """Keys of the current document first, then older ones, at most ``max_seen``."""
    ordered = dict.fromkeys(current)
    for key in seen:
        ordered.setdefault(key)
    return tuple(ordered)[:max_seen]


def after_fetch(
    state: FeedState,
    spec: FeedSpec,
    policy: FeedPolicy,
    *,
    now: datetime,
    validators: Validators,
    current_keys: list[str],
    new_count: int,
    problem: str | None,
    rand: Callable[[], float],
) -> FeedState:
    return replace(
        _answered(state, spec, policy, FeedStatus.OK, now, validators, rand),
        problem=problem,
        items_seen=state.items_seen + new_count,
        last_new_items=new_count,
        seen_keys=remember(state.seen_keys, current_keys, policy.max_seen),
    )


def after_not_modified(
    state: FeedState,
    spec: FeedSpec,
    policy: FeedPolicy,
    *,
    now: datetime,
    validators: Validators,
    rand: Callable[[], float],
) -> FeedState:
    return replace(
        _answered(state, spec, policy, FeedStatus.NOT_MODIFIED, now, validators, rand),
        last_new_items=0,
    )


def _answered(
    state: FeedState,
    spec: FeedSpec,
    policy: FeedPolicy,
    status: FeedStatus,
    now: datetime,
    validators: Validators,
    rand: Callable[[], float],
) -> FeedState:
    """What every answered poll (200 or 304) records: success, validators, next poll."""
    return replace(
        state,
        status=status,
        last_poll_at=now,
        last_success_at=now,
        next_poll_at=next_poll_at(spec, policy, now=now, failures=0, rand=rand),
        etag=validators.etag,
        last_modified=validators.last_modified,
        consecutive_failures=0,
        last_error=None,
    )


def after_failure(
    state: FeedState,
    spec: FeedSpec,
    policy: FeedPolicy,
    error: Exception,
    *,
    now: datetime,
    rand: Callable[[], float],
) -> FeedState:
    """A failed poll: backed off, and marked failing after ``policy.failing_after`` in a
    row. ``error`` is usually an IngestError; a bug in polling backs off the same way."""
    failures = state.consecutive_failures + 1
    retry_after = error.retry_after_s if isinstance(error, FetchUnavailable) else None
    return replace(
        state,
        status=FeedStatus.FAILING if failures >= policy.failing_after else FeedStatus.ERROR,
        last_poll_at=now,
        next_poll_at=next_poll_at(
            spec, policy, now=now, failures=failures, rand=rand, retry_after_s=retry_after
        ),
        consecutive_failures=failures,
        last_error=f"{type(error).__name__}: {error}",
        last_new_items=0,
    )


def without_deferred(
    state: FeedState, deferred: set[str], now: datetime, *, already_counted: bool = False
) -> FeedState:
    """The state to save when some new entries were left for later (the run stopped,
    or the feed had more new entries than one poll takes).

    Those entries are forgotten and the validators dropped, so the next poll is an
    unconditional GET that finds them again; it is due at once. ``already_counted``:
    the entries were never counted in ``items_seen``, so there is nothing to take back.
    """
    if not deferred:
        return state
    taken_back = 0 if already_counted else len(deferred)
    return replace(
        state,
        etag=None,
        last_modified=None,
        next_poll_at=now,
        items_seen=state.items_seen - taken_back,
        last_new_items=state.last_new_items - taken_back,
        seen_keys=tuple(key for key in state.seen_keys if key not in deferred),
    )
