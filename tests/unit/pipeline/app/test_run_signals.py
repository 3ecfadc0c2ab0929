"""How `newsflow run` reacts to SIGINT/SIGTERM, with the process exit replaced by a recorder."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig
from connectors.http import HttpConfig
from connectors.rss import FeedPolicy, FeedSpec
from pipeline.app.config import NewsflowConfig
from pipeline.app.run import EXIT_FORCED, FeedRunner, stop_on_signals


def _runner(tmp_path: Path) -> FeedRunner:
    config = NewsflowConfig(
        path="test.yaml",
        feeds=(FeedSpec(id="a", url="https://a.example/rss"),),
        policy=FeedPolicy(),
        es=EsConfig(),
        feeds_index="feeds",
        http=HttpConfig(),
        dead_letter=DeadLetterConfig(path=str(tmp_path / "dead.jsonl")),
    )
    return FeedRunner(config)


def test_first_signal_stops_the_runner_and_the_watchdog_waits_for_it(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    exits: list[int] = []
    with (tmp_path / "err").open("w") as stream:
        with stop_on_signals(runner, grace_s=5.0, stream=stream, force_exit=exits.append):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)  # the in-flight work finishes well within the grace period
            assert runner.stopping
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored
    assert exits == []
    assert (tmp_path / "err").read_text().startswith("newsflow: SIGTERM: stopping after")


def test_the_watchdog_exits_when_the_work_outlasts_the_grace(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    exits: list[int] = []
    with (
        (tmp_path / "err").open("w") as stream,
        stop_on_signals(runner, grace_s=0.2, stream=stream, force_exit=exits.append),
    ):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.6)
    assert exits == [EXIT_FORCED]
    assert "did not finish within 0 s" in (tmp_path / "err").read_text()


def test_a_second_signal_exits_at_once(tmp_path: Path) -> None:
    runner = _runner(tmp_path)
    exits: list[int] = []
    with (
        (tmp_path / "err").open("w") as stream,
        stop_on_signals(runner, grace_s=5.0, stream=stream, force_exit=exits.append),
    ):
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)
    assert exits == [128 + signal.SIGTERM]
