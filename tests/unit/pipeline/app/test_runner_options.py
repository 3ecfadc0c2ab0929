"""Beam options from the command line: dashed spellings, typos caught on local runners."""

from __future__ import annotations

import pytest
from apache_beam.options.pipeline_options import (
    FlinkRunnerOptions,
    PortableOptions,
    StandardOptions,
)

from pipeline.app.runner_options import (
    DEFAULT_RUNNER,
    beam_options,
    flink_defaults,
    is_local,
    local_workers,
    pool_size,
)
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


def test_a_stray_argument_on_the_local_runner_is_a_config_error() -> None:
    """`newsflow replay a/*.txt` unquoted: the shell passes a second path, which Beam
    would otherwise drop without a word."""
    with pytest.raises(ConfigError, match=r"unexpected argument 'b\.txt'.*quote a glob"):
        beam_options(["b.txt"])
    assert beam_options(["--runner", "FnApiRunner"]).view_as(StandardOptions).runner


def test_portable_runners_may_take_options_only_the_job_server_knows() -> None:
    # Flink's job server adds its own options (e.g. checkpointing) at submission.
    options = beam_options(["--runner", "PortableRunner", "--checkpointing-interval", "1000"])
    assert options.view_as(StandardOptions).runner == "PortableRunner"


def test_flink_runner_alone_gets_an_embedded_flink_and_the_local_job_server() -> None:
    options = flink_defaults(beam_options(["--runner", "FlinkRunner"]), lambda: "/built/js.jar")
    flink = options.view_as(FlinkRunnerOptions)
    assert (flink.flink_master, flink.flink_job_server_jar) == ("[local]", "/built/js.jar")


def test_flink_options_given_are_kept() -> None:
    def never() -> str:
        raise AssertionError("no jar is looked up when one is given")

    given = ["--runner=FlinkRunner", "--flink-master=jm:8081", "--flink-job-server-jar=/my.jar"]
    flink = flink_defaults(beam_options(given), never).view_as(FlinkRunnerOptions)
    assert (flink.flink_master, flink.flink_job_server_jar) == ("jm:8081", "/my.jar")
    endpoint = ["--runner=FlinkRunner", "--job-endpoint=localhost:8099"]
    options = flink_defaults(beam_options(endpoint), never)
    assert options.view_as(FlinkRunnerOptions).flink_job_server_jar is None
    local = flink_defaults(beam_options([]), never)
    assert local.view_as(StandardOptions).runner == DEFAULT_RUNNER


def test_worker_processes_only_on_the_local_runner_unless_beam_options_say_otherwise() -> None:
    assert pool_size(2, []) == 2
    assert pool_size(2, ["--runner", "FnApiRunner"]) == 2
    assert pool_size(1, []) == 1
    # Flink has its own workers; Beam's own local worker options are the user's choice.
    assert pool_size(2, ["--runner", "FlinkRunner"]) == 1
    assert pool_size(2, ["--direct-num-workers=3"]) == 1
    assert pool_size(2, ["--direct_running_mode", "multi_threading"]) == 1
    assert local_workers(beam_options(["--direct_num_workers=2"])) == 2
    assert local_workers(beam_options(["--runner", "FlinkRunner"])) == 1
