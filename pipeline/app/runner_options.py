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
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence

from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from schemas import ConfigError

# FnApiRunner runs a bounded pipeline in this process. The default DirectRunner
# would first try to download the Prism binary, which this network does not allow.
DEFAULT_RUNNER = "FnApiRunner"
LOCAL_RUNNERS = frozenset({"FnApiRunner", "DirectRunner", "BundleBasedDirectRunner", "PrismRunner"})


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


def is_local(options: PipelineOptions) -> bool:
    """True when the runner executes in this process (progress taps, local files work)."""
    runner = options.view_as(StandardOptions).runner or DEFAULT_RUNNER
    return str(runner).split(".")[-1] in LOCAL_RUNNERS


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
        unknown.extend(arg for arg in parser.parse_known_args(flags)[1] if arg.startswith("-"))

    options.get_all_options(add_extra_args_fn=collect)
    return unknown


def _unknown_message(options: PipelineOptions, flag: str) -> str:
    name = flag.split("=", 1)[0]
    known = [f"--{key}" for key in options.get_all_options()]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown option {name}{hint}: neither newsflow nor Beam knows it"
