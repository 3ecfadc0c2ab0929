"""Beam options on the `newsflow replay` command line, as a user types them."""

from __future__ import annotations

from tests.conftest import SEEDS
from tests.support.cli import newsflow


def test_a_mistyped_beam_option_is_one_line_before_anything_runs() -> None:
    done = newsflow(
        "replay", str(SEEDS), "--es-url", "http://127.0.0.1:9", "--runer", "Flink", timeout_s=120
    )
    assert done.returncode == 2
    assert done.stderr == (
        "newsflow: error: unknown option --runer (did you mean --runner?): "
        "neither newsflow nor Beam knows it\n"
    )
