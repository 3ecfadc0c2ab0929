"""Beam pipeline options from the command line, checked before anything runs.

``newsflow replay`` passes the options it does not know to Beam (``--runner
FlinkRunner --flink_master HOST:PORT ...``). Two traps are closed here:

- Beam spells its options with underscores and silently ignores the dashed
  spelling: ``--flink-master HOST`` would run on an embedded Flink instead of
  HOST. Dashes in option names are turned into underscores.
- Beam drops options it does not know with a log warning, so ``--runer
  FlinkRunner`` would quietly run locally. On the local runners an unknown
  option is a configuration error. Portable runners (Flink, ...) add their own
  options at submission time, so there unknown options are left to Beam.

And ``--runner FlinkRunner`` needs nothing else: Beam would download a job-server
jar from the internet, so without ``--flink_job_server_jar`` (or a job endpoint)
newsflow uses the one ``deploy/flink-job-server`` builds from Maven Central,
building it on first use; without ``--flink_master`` Flink runs embedded
(``[local]``).
"""

from __future__ import annotations

import argparse
import difflib
import functools
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from apache_beam.options.pipeline_options import (
    DirectOptions,
    FlinkRunnerOptions,
    PipelineOptions,
    PortableOptions,
    StandardOptions,
)

from schemas import ConfigError

# FnApiRunner runs a bounded pipeline in this process. The default DirectRunner
# would first try to download the Prism binary, which this network does not allow.
DEFAULT_RUNNER = "FnApiRunner"
LOCAL_RUNNERS = frozenset({"FnApiRunner", "DirectRunner", "BundleBasedDirectRunner", "PrismRunner"})
EMBEDDED_FLINK = "[local]"
JOB_SERVER_SCRIPT = (
    Path(__file__).resolve().parents[2] / "deploy" / "flink-job-server" / "flink-job-server.sh"
)
JOB_SERVER_JAR = JOB_SERVER_SCRIPT.parent / "target" / "newsflow-flink-job-server.jar"
JOB_SERVER_BUILD_TIMEOUT_S = 1800


def beam_options(args: Sequence[str], default_runner: str = DEFAULT_RUNNER) -> PipelineOptions:
    """PipelineOptions for ``args``; raises ConfigError for an unknown option on a local runner."""
    flags = [_underscored(arg) for arg in args]
    options = PipelineOptions(flags)
    standard = options.view_as(StandardOptions)
    if not standard.runner:
        standard.runner = default_runner
    if is_local(options):
        unknown = _unknown_flags(options, flags)
        if unknown:
            raise ConfigError(_unknown_message(options, unknown[0]))
    return options


def _runner_name(options: PipelineOptions) -> str:
    return str(options.view_as(StandardOptions).runner or DEFAULT_RUNNER).split(".")[-1]


def flink_defaults(
    options: PipelineOptions, job_server_jar: Callable[[], str] | None = None
) -> PipelineOptions:
    """For FlinkRunner: an embedded Flink and the job server jar deploy/flink-job-server
    builds (``job_server_jar``, default ``local_job_server_jar``), unless the options name
    others. Called just before a pipeline runs, since it may build the jar."""
    if _runner_name(options) != "FlinkRunner":
        return options
    flink = options.view_as(FlinkRunnerOptions)
    if flink.flink_master in (None, "", "[auto]"):
        flink.flink_master = EMBEDDED_FLINK
    if options.view_as(PortableOptions).job_endpoint:
        return options  # a running job server: nothing to start
    if not flink.flink_job_server_jar:
        flink.flink_job_server_jar = (job_server_jar or local_job_server_jar)()
    return options


@functools.cache
def local_job_server_jar() -> str:
    """The jar deploy/flink-job-server builds (building it now if it is missing or stale);
    looked up once per process (``run`` submits a job per cycle)."""
    if not JOB_SERVER_SCRIPT.is_file():
        raise ConfigError(
            "--runner FlinkRunner needs Beam's Flink job server: pass "
            "--flink-job-server-jar JAR or --job-endpoint HOST:PORT (deploy/flink-job-server "
            "is not beside this installation)"
        )
    if not JOB_SERVER_JAR.is_file():
        print(
            "newsflow: building Beam's Flink job server with Maven (first use only: "
            "downloads ~150 MB from Maven Central, a few minutes) ...",
            file=sys.stderr,
            flush=True,
        )
    done = subprocess.run(
        ["bash", str(JOB_SERVER_SCRIPT), "jar"],
        capture_output=True,
        text=True,
        timeout=JOB_SERVER_BUILD_TIMEOUT_S,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        detail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise ConfigError(f"could not build Beam's Flink job server: {detail}")
    return lines[-1]


def local_workers(options: PipelineOptions) -> int:
    """How many workers a local runner deals each stage out to (1 on other runners)."""
    if not is_local(options):
        return 1
    return int(options.view_as(DirectOptions).direct_num_workers or 1)


# Options by which a user runs Beam's local workers their own way: then no pool of ours.
_OWN_WORKER_OPTIONS = ("--direct_num_workers", "--direct_running_mode", "--environment_type")


def pool_size(workers: int, args: Sequence[str]) -> int:
    """The worker processes to start for ``workers`` (``newsflow --workers``): none (1)
    on other runners (Flink has its own), or when ``args`` set Beam's local workers."""
    flags = [_underscored(arg) for arg in args]
    if not is_local(beam_options(flags)):
        return 1
    if any(flag.split("=", 1)[0] in _OWN_WORKER_OPTIONS for flag in flags):
        return 1
    return workers


def is_local(options: PipelineOptions) -> bool:
    """True when the runner executes in this process (progress taps, local files work)."""
    return _runner_name(options) in LOCAL_RUNNERS


def _underscored(arg: str) -> str:
    if not arg.startswith("--") or arg == "--":
        return arg
    name, sep, value = arg[2:].partition("=")
    return "--" + name.replace("-", "_") + sep + value


def _unknown_flags(options: PipelineOptions, flags: list[str]) -> list[str]:
    # Beam builds its parser from every registered options class; the hook hands
    # it to us so the check uses exactly what Beam itself will accept.
    unknown: list[str] = []

    def collect(parser: argparse.ArgumentParser) -> None:
        unknown.extend(parser.parse_known_args(flags)[1])

    options.get_all_options(add_extra_args_fn=collect)
    return unknown


def _unknown_message(options: PipelineOptions, flag: str) -> str:
    if not flag.startswith("-"):
        # A second PATH (an unquoted glob the shell expanded) would be dropped silently.
        return (
            f"unexpected argument {flag!r}: neither newsflow nor Beam takes it "
            "(replay takes one PATH: quote a glob so the shell does not expand it)"
        )
    name = flag.split("=", 1)[0]
    known = [f"--{key}" for key in options.get_all_options()]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown option {name}{hint}: neither newsflow nor Beam knows it"
