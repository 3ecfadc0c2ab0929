"""The feed state machine: what a poll's outcome does to a feed's state. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from connectors.http import Validators
from connectors.rss import FeedPolicy, FeedSpec, FeedState, FeedStatus
from connectors.rss.state import (
    after_failure,
    after_fetch,
    after_not_modified,
    is_due,
    next_poll_at,
    remember,
    state_for,
    without_deferred,
)
from schemas import FetchRejected, FetchUnavailable

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
SPEC = FeedSpec(id="wire", url="https://wire.example/rss", poll_interval_s=600)
POLICY = FeedPolicy(failing_after=3, max_backoff_s=3600, jitter=0.0)


def _no_jitter() -> float:
    return 0.0


def _fetched(state: FeedState, keys: list[str], new: int) -> FeedState:
    return after_fetch(
        state,
        SPEC,
        POLICY,
        now=NOW,
        validators=Validators('"v2"', "Wed, 09 Jul 2025 11:00:00 GMT"),
        current_keys=keys,
        new_count=new,
        problem=None,
        rand=_no_jitter,
    )


def test_success_remembers_validators_keys_and_schedules_one_interval_later() -> None:
    state = _fetched(state_for(SPEC, None), ["k1", "k2"], 2)
    assert state.status is FeedStatus.OK
    assert (state.etag, state.last_modified) == ('"v2"', "Wed, 09 Jul 2025 11:00:00 GMT")
    assert state.seen_keys == ("k1", "k2")
    assert (state.items_seen, state.last_new_items) == (2, 2)
    assert state.next_poll_at == NOW + timedelta(seconds=600)
    assert not is_due(state, NOW)
    assert is_due(state, NOW + timedelta(seconds=600))
    assert is_due(state, NOW, early_s=600)  # may join a cycle that runs anyway


def test_not_modified_keeps_keys_and_counts_resets_failures() -> None:
    failing = replace(_fetched(state_for(SPEC, None), ["k1"], 1), consecutive_failures=2)
    state = after_not_modified(
        failing, SPEC, POLICY, now=NOW, validators=Validators('"v2"'), rand=_no_jitter
    )
    assert state.status is FeedStatus.NOT_MODIFIED
    assert state.seen_keys == ("k1",)
    assert state.items_seen == 1
    assert state.consecutive_failures == 0
    assert state.last_error is None


def test_failures_back_off_exponentially_to_the_cap_and_turn_failing() -> None:
    state = state_for(SPEC, None)
    delays = []
    for _ in range(5):
        state = after_failure(state, SPEC, POLICY, FetchRejected("404"), now=NOW, rand=_no_jitter)
        assert state.next_poll_at is not None
        delays.append((state.next_poll_at - NOW).total_seconds())
    assert delays == [600, 1200, 2400, 3600, 3600]
    assert state.status is FeedStatus.FAILING
    assert state.last_error == "FetchRejected: 404"
    recovered = _fetched(state, ["k"], 1)
    assert recovered.status is FeedStatus.OK
    assert recovered.consecutive_failures == 0


def test_error_before_failing_after_and_retry_after_is_honoured_up_to_a_day() -> None:
    state = after_failure(
        state_for(SPEC, None), SPEC, POLICY, FetchUnavailable("429", 7200), now=NOW, rand=_no_jitter
    )
    assert state.status is FeedStatus.ERROR
    assert state.next_poll_at == NOW + timedelta(seconds=7200)
    week = 7 * 86400.0
    late = next_poll_at(SPEC, POLICY, now=NOW, failures=1, rand=_no_jitter, retry_after_s=week)
    assert late == NOW + timedelta(days=1)


def test_jitter_spreads_polls_within_a_share_of_the_interval() -> None:
    policy = FeedPolicy(jitter=0.1)
    latest = next_poll_at(SPEC, policy, now=NOW, failures=0, rand=lambda: 1.0)
    assert latest == NOW + timedelta(seconds=660)


def test_remember_keeps_current_keys_first_and_caps() -> None:
    assert remember(["a", "b", "c"], ["d", "a"], 3) == ("d", "a", "b")


def test_deferred_entries_are_forgotten_and_the_next_poll_is_unconditional_and_due() -> None:
    state = _fetched(state_for(SPEC, None), ["k1", "k2", "k3"], 3)
    kept = without_deferred(state, {"k2", "k3"}, NOW)
    assert kept.seen_keys == ("k1",)
    assert (kept.etag, kept.last_modified) == (None, None)
    assert kept.next_poll_at == NOW
    assert kept.items_seen == 1
    assert without_deferred(state, set(), NOW) is state


def test_a_changed_url_starts_afresh() -> None:
    stored = _fetched(state_for(SPEC, None), ["k1"], 1)
    moved = state_for(replace(SPEC, url="https://wire.example/feed.xml"), stored)
    assert moved.etag is None
    assert moved.seen_keys == ()
    assert moved.items_seen == 1
    assert state_for(SPEC, stored) is stored


def test_document_round_trip() -> None:
    state = replace(_fetched(state_for(SPEC, None), ["k1"], 1), problem="ill-formed")
    assert FeedState.from_document(state.to_document()) == state
