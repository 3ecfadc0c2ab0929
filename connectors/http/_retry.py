"""When to try a request again, and how long to wait first. Pure: no clock, no network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from connectors.backoff import equal_jitter
from connectors.http._config import HttpConfig

# Statuses where the same request may succeed later: request timeout, too many
# requests, and the server-side failures a proxy or a restarting site answers.
# Every other 4xx/5xx is terminal: retrying a 404 or a 501 only adds load.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def backoff_delay(attempt: int, config: HttpConfig, rand: Callable[[], float]) -> float:
    return equal_jitter(attempt, config.initial_backoff_s, config.max_backoff_s, rand)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date.

    Returns None when the header is missing or unreadable; a date in the past means 0.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def retry_wait(
    attempt: int,
    retry_after_s: float | None,
    config: HttpConfig,
    rand: Callable[[], float],
) -> float:
    """How long to wait before retry number ``attempt + 1``: the server's word, if longer."""
    delay = backoff_delay(attempt, config, rand)
    return max(delay, retry_after_s) if retry_after_s is not None else delay
