"""Retry policy of the fetcher: which statuses, how long to wait, Retry-After. No network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connectors.http import RETRYABLE_STATUSES, HttpConfig
from connectors.http._retry import backoff_delay, parse_retry_after, retry_wait

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
CONFIG = HttpConfig(initial_backoff_s=1.0, max_backoff_s=8.0)


def test_retryable_statuses_are_named_and_exclude_client_errors() -> None:
    assert {429, 500, 502, 503, 504} <= RETRYABLE_STATUSES
    assert not {400, 401, 403, 404, 410, 501} & RETRYABLE_STATUSES


@pytest.mark.parametrize(
    ("attempt", "low", "high"),
    [(0, 0.5, 1.0), (1, 1.0, 2.0), (2, 2.0, 4.0), (3, 4.0, 8.0), (9, 4.0, 8.0)],
)
def test_backoff_doubles_with_equal_jitter_and_is_capped(
    attempt: int, low: float, high: float
) -> None:
    assert backoff_delay(attempt, CONFIG, lambda: 0.0) == low
    assert backoff_delay(attempt, CONFIG, lambda: 1.0) == high


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Wed, 09 Jul 2025 12:01:30 GMT", 90.0),
        ("Wed, 09 Jul 2025 11:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("-3", None),
        (None, None),
    ],
)
def test_retry_after_seconds_or_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_retry_after_wins_when_longer_than_backoff() -> None:
    assert retry_wait(0, 30.0, CONFIG, lambda: 1.0) == 30.0
    assert retry_wait(3, 0.1, CONFIG, lambda: 1.0) == 8.0
    assert retry_wait(0, None, CONFIG, lambda: 0.0) == 0.5
