"""``replay --pace``: the duration it takes."""

from __future__ import annotations

import pytest

from pipeline.app.paced import parse_pace
from schemas import ConfigError


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2s", 2.0), ("2", 2.0), ("500ms", 0.5), ("1.5m", 90.0), ("1h", 3600.0), (" .5s ", 0.5)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_pace(text) == seconds


@pytest.mark.parametrize("text", ["", "fast", "2 seconds", "-1s", "0s", "1d"])
def test_bad_durations_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="--pace"):
        parse_pace(text)
