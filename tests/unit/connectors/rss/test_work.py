"""PollWork: a bug while polling still leaves a saved, backed-off feed state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apache_beam.pvalue import TaggedOutput

from connectors.rss import FeedPolicy, FeedSpec, FeedStatus, PollTask
from connectors.rss.poll import PollResult
from connectors.rss.state import state_for
from connectors.rss.work import PollWork
from pipeline.core import metrics
from pipeline.core.deadletters import DEAD_LETTER

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
SPEC = FeedSpec(id="wire", url="https://wire.example/rss", poll_interval_s=600)


class DefectiveFetcher:
    """Stands in for a bug anywhere under poll_feed (not for a fetch failure, which
    poll_feed handles itself): every call raises a non-newsflow exception."""

    def fetch(self, *_args: Any, **_kwargs: Any) -> Any:
        raise KeyError("content-type")


def test_a_bug_in_polling_backs_the_feed_off_and_dead_letters_it() -> None:
    work = PollWork(FeedPolicy(failing_after=2, jitter=0), clock=lambda: NOW, rand=lambda: 0.0)
    task = PollTask(SPEC, state_for(SPEC, None))
    outputs = work.handle(DefectiveFetcher(), task)  # type: ignore[arg-type]
    result, letter = outputs
    assert isinstance(result, PollResult)
    assert result.failed
    assert result.state.status is FeedStatus.ERROR
    assert result.state.consecutive_failures == 1
    assert result.state.next_poll_at is not None
    assert result.state.next_poll_at > NOW
    assert "unexpected KeyError in stage poll" in (result.state.last_error or "")
    assert isinstance(letter, TaggedOutput)
    assert letter.tag == DEAD_LETTER
    assert (letter.value.stage, letter.value.source_feed) == ("poll", SPEC.url)
    assert work.counters(result) == (metrics.FEEDS_POLLED, metrics.FEEDS_FAILED)
    assert work.counters(letter) == (metrics.READ,)
    # twice in a row: failing, as for any failure
    again = work.handle(DefectiveFetcher(), PollTask(SPEC, result.state))  # type: ignore[arg-type]
    assert again[0].state.status is FeedStatus.FAILING
