"""The retry delay every connector uses: capped exponential backoff with equal jitter."""

from __future__ import annotations

from collections.abc import Callable


def equal_jitter(attempt: int, initial_s: float, max_s: float, rand: Callable[[], float]) -> float:
    """Delay before retry ``attempt + 1``: half of the capped exponential step is fixed,
    half random, so clients that failed together do not retry together."""
    ceiling = min(max_s, initial_s * (2**attempt))
    return float(ceiling / 2 + rand() * ceiling / 2)
