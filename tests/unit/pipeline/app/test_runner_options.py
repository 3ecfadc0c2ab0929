"""Beam options from the command line: dashed spellings, typos caught on local runners."""

from __future__ import annotations

import pytest
from apache_beam.options.pipeline_options import (
    FlinkRunnerOptions,
    PortableOptions,
    StandardOptions,
)

from pipeline.app.runner_options import DEFAULT_RUNNER, beam_options, is_local
from schemas import ConfigError


def test_default_runner_is_the_in_process_one() -> None:
    options = beam_options([])
    assert options.view_as(StandardOptions).runner == DEFAULT_RUNNER
    assert is_local(options)


def test_dashed_option_names_reach_beam() -> None:
    options = beam_options(
        [
            "--runner",
            "FlinkRunner",
            "--flink-master",
            "flink-jm:8081",
            "--environment-type=LOOPBACK",
        ]
    )
    assert options.view_as(FlinkRunnerOptions).flink_master == "flink-jm:8081"
    assert options.view_as(PortableOptions).environment_type == "LOOPBACK"
    assert not is_local(options)


def test_values_keep_their_dashes() -> None:
    options = beam_options(["--runner=FlinkRunner", "--flink_master=my-job-manager:8081"])
    assert options.view_as(FlinkRunnerOptions).flink_master == "my-job-manager:8081"


def test_a_typo_on_the_local_runner_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown option --runer \(did you mean --runner\?\)"):
        beam_options(["--runer", "FlinkRunner"])


def test_portable_runners_may_take_options_only_the_job_server_knows() -> None:
    # Flink's job server adds its own options (e.g. checkpointing) at submission.
    options = beam_options(["--runner", "PortableRunner", "--checkpointing-interval", "1000"])
    assert options.view_as(StandardOptions).runner == "PortableRunner"
