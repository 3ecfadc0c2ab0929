"""The fuzz suite's bounded CI run: a few hundred mutated feeds and pages, no escape, no hang.

`make fuzz` runs the long version (10,000 of each, see tests/fuzz/run.py). Here the
cases are taken with a seed of their own, so CI does not only repeat what `make
fuzz` already ran; each case must finish within LIMIT_S.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.run import main

FEEDS = 1500
PAGES = 750
LIMIT_S = 30


def test_mutated_feeds_and_pages_neither_escape_nor_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            f"--feeds={FEEDS}",
            f"--pages={PAGES}",
            f"--limit={LIMIT_S}",
            "--seed=14",
            "--jobs=1",
            f"--crashes={tmp_path}",
        ]
    )
    report = capsys.readouterr().out
    assert status == 0, report
    assert f"{FEEDS} feeds, {PAGES} pages" in report
