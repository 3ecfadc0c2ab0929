"""Which feeds a cycle of ``newsflow run`` polls, and how long the driver may sleep (pure).

A feed is due when its state says so (``state.is_due``). Every cycle has a fixed cost
(~0.5 s to build and run a pipeline), so feeds due a little later join a cycle that
runs anyway: up to a tenth of their interval early (``EARLY_SHARE``), never more than
``MAX_EARLY_S``. A cycle holds all its new articles in memory between stages
(FnApiRunner), so it takes at most ``MAX_FEEDS_PER_CYCLE`` feeds (x
``max_new_entries``); the others wait for the next cycle, which starts at once, the
longest-waiting first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from connectors.rss.poll import PollTask
from connectors.rss.state import is_due

MAX_FEEDS_PER_CYCLE = 50
EARLY_SHARE = 0.1  # a feed may be polled this share of its interval early...
MAX_EARLY_S = 30.0  # ...but never more than this, to join a cycle that runs anyway
MAX_IDLE_S = 30.0  # look at the feed states at least this often
MIN_IDLE_S = 0.2


def due(tasks: Sequence[PollTask], now: datetime) -> list[PollTask]:
    """The feeds of the next cycle: none unless one is due; then every feed due now or
    a little later, longest-waiting first, at most ``MAX_FEEDS_PER_CYCLE``."""
    if not any(is_due(task.state, now) for task in tasks):
        return []
    soon = [task for task in tasks if is_due(task.state, now, early_s(task))]
    return sorted(soon, key=waiting_since)[:MAX_FEEDS_PER_CYCLE]


def cycles(tasks: Sequence[PollTask]) -> list[list[PollTask]]:
    """Every feed, due or not, in cycles of at most ``MAX_FEEDS_PER_CYCLE`` (``run --once``)."""
    return [
        list(tasks[start : start + MAX_FEEDS_PER_CYCLE])
        for start in range(0, len(tasks), MAX_FEEDS_PER_CYCLE)
    ]


def idle_seconds(tasks: Sequence[PollTask], now: datetime) -> float:
    """How long to sleep before the next feed is due, within [MIN_IDLE_S, MAX_IDLE_S]."""
    upcoming = [t.state.next_poll_at for t in tasks if t.state.next_poll_at is not None]
    if not upcoming:
        return MAX_IDLE_S
    return max(MIN_IDLE_S, min(MAX_IDLE_S, (min(upcoming) - now).total_seconds()))


def early_s(task: PollTask) -> float:
    return min(MAX_EARLY_S, EARLY_SHARE * task.spec.poll_interval_s)


def waiting_since(task: PollTask) -> datetime:
    return task.state.next_poll_at or datetime.min.replace(tzinfo=UTC)
