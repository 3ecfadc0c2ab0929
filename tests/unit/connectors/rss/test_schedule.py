"""The scheduling policy of ``newsflow run``: which feeds a cycle takes, and the sleep. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from connectors.rss import FeedSpec, PollTask
from connectors.rss.schedule import (
    MAX_EARLY_S,
    MAX_FEEDS_PER_CYCLE,
    MAX_IDLE_S,
    MIN_IDLE_S,
    cycles,
    due,
    idle_seconds,
)
from connectors.rss.state import state_for

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)


def _task(name: str, in_s: float | None, interval_s: float = 600) -> PollTask:
    """A feed polled every ``interval_s``, next due in ``in_s`` (None: never polled)."""
    spec = FeedSpec(id=name, url=f"https://{name}.example/rss", poll_interval_s=interval_s)
    state = state_for(spec, None)
    if in_s is not None:
        state = replace(state, next_poll_at=NOW + timedelta(seconds=in_s))
    return PollTask(spec, state)


def _ids(tasks: list[PollTask]) -> list[str]:
    return [task.spec.id for task in tasks]


def test_nothing_is_due_until_one_feed_is_even_if_others_are_almost() -> None:
    assert due([_task("a", 20), _task("b", 50)], NOW) == []


def test_feeds_due_a_tenth_of_their_interval_later_join_the_cycle() -> None:
    tasks = [
        _task("now", 0),
        _task("soon", 19, 200),
        _task("later", 21, 200),
        _task("hourly", 31, 3600),
    ]
    # 10 % of 200 s is 20 s: "soon" joins, "later" waits; 10 % of an hour is capped at 30 s
    assert _ids(due(tasks, NOW)) == ["now", "soon"]
    assert MAX_EARLY_S == 30.0
    assert _ids(due([_task("now", 0), _task("hourly", 29, 3600)], NOW)) == ["now", "hourly"]


def test_the_longest_waiting_go_first_and_a_cycle_is_capped() -> None:
    tasks = [_task(f"f{n}", -n) for n in range(MAX_FEEDS_PER_CYCLE + 5)]
    tasks.append(_task("new", None))  # never polled: waiting longest of all
    chosen = due(tasks, NOW)
    assert len(chosen) == MAX_FEEDS_PER_CYCLE
    assert _ids(chosen)[:3] == ["new", f"f{MAX_FEEDS_PER_CYCLE + 4}", f"f{MAX_FEEDS_PER_CYCLE + 3}"]


def test_once_polls_every_feed_in_capped_cycles() -> None:
    tasks = [_task(f"f{n}", 1000) for n in range(2 * MAX_FEEDS_PER_CYCLE + 1)]
    assert [len(cycle) for cycle in cycles(tasks)] == [MAX_FEEDS_PER_CYCLE, MAX_FEEDS_PER_CYCLE, 1]
    assert cycles([]) == []


def test_the_driver_sleeps_until_the_next_feed_is_due_within_bounds() -> None:
    assert idle_seconds([_task("a", 12.5), _task("b", 20)], NOW) == 12.5
    assert idle_seconds([_task("a", 3600)], NOW) == MAX_IDLE_S
    assert idle_seconds([_task("a", -5)], NOW) == MIN_IDLE_S
    assert idle_seconds([_task("a", None)], NOW) == MAX_IDLE_S
    assert idle_seconds([], NOW) == MAX_IDLE_S
