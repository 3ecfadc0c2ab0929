"""Beam options on the `newsflow replay` command line, as a user types them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))


def test_a_mistyped_beam_option_is_one_line_before_anything_runs() -> None:
    done = subprocess.run(
        [NEWSFLOW, "replay", str(SEEDS), "--es-url", "http://127.0.0.1:9", "--runer", "Flink"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "newsflow: error: unknown option --runer (did you mean --runner?): "
        "neither newsflow nor Beam knows it\n"
    )
