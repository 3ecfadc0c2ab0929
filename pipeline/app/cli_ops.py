"""The operations commands of the CLI: ``kibana setup`` and ``deadletter replay``,
plus the process-wide ``--log-format``/``--log-level`` and ``--metrics-port`` options.

Kept apart from ``pipeline.app.cli`` so each command's code reads in one place; the CLI
only calls ``add_global_options``, ``add_commands`` and ``observe``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager

from connectors.kibana import import_saved_objects
from connectors.kibana.config import ENV_URL as ENV_KIBANA_URL
from pipeline.app import logformat, observability, settings
from pipeline.app.deadletter_replay import DeadLetterReplaySummary, replay_dead_letters
from pipeline.app.settings import ENV_DEAD_LETTER, Environ, flags
from schemas import ConfigError

ENV_LOG_FORMAT = "NEWSFLOW_LOG_FORMAT"
ENV_LOG_LEVEL = "NEWSFLOW_LOG_LEVEL"
ENV_METRICS_PORT = "NEWSFLOW_METRICS_PORT"
ENV_METRICS_HOST = "NEWSFLOW_METRICS_HOST"


def add_global_options(parser: argparse.ArgumentParser, environ: Environ) -> None:
    parser.add_argument(
        "--log-format",
        choices=logformat.FORMATS,
        default=environ.get(ENV_LOG_FORMAT, "text"),
        help=f"log lines as text or one JSON object per line (env {ENV_LOG_FORMAT})",
    )
    parser.add_argument(
        "--log-level",
        choices=logformat.LEVELS,
        default=environ.get(ENV_LOG_LEVEL, "warning"),
        help=f"level of newsflow's own log lines (env {ENV_LOG_LEVEL}, default warning)",
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        default=_int_env(environ, ENV_METRICS_PORT),
        help=f"serve Prometheus metrics on this port at /metrics (env {ENV_METRICS_PORT})",
    )
    parser.add_argument(
        "--metrics-host",
        default=environ.get(ENV_METRICS_HOST, "127.0.0.1"),
        help=f"address the metrics server binds (env {ENV_METRICS_HOST}, default 127.0.0.1)",
    )


def _int_env(environ: Environ, name: str) -> int | None:
    value = environ.get(name)
    if not value:
        return None
    if not value.isdigit():
        raise SystemExit(f"newsflow: error: {name} must be a port number, got {value!r}")
    return int(value)


@contextmanager
def observe(args: argparse.Namespace) -> Iterator[None]:
    """Set up logging and, with ``--metrics-port``, the metrics endpoint for one command.

    The registry is ``args.metrics`` (None without a port): commands that run a
    pipeline add to it with ``observability.add_from_beam``.
    """
    logformat.configure(args.log_format, args.log_level)
    args.metrics = None
    if args.metrics_port is None:
        yield
        return
    if not 0 <= args.metrics_port <= 65535:
        raise ConfigError(f"--metrics-port must be a port number, got {args.metrics_port}")
    registry = observability.MetricsRegistry()
    observability.declare_all(registry)
    try:
        server = observability.MetricsServer(registry, args.metrics_port, args.metrics_host)
    except OSError as exc:
        raise ConfigError(
            f"cannot serve metrics on {args.metrics_host}:{args.metrics_port}: {exc.strerror}"
        ) from exc
    args.metrics = registry
    with server:
        yield


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    kibana = commands.add_parser("kibana", help="Kibana data views, searches and dashboard")
    kibana_commands = kibana.add_subparsers(dest="kibana_command", required=True)
    setup = kibana_commands.add_parser(
        "setup",
        parents=[common],
        help="import newsflow's saved objects (overwrites earlier versions of them)",
    )
    setup.add_argument("--kibana-url", help=f"Kibana URL (env {ENV_KIBANA_URL})")
    setup.add_argument("--space", help="Kibana space id (default: the default space)")
    setup.set_defaults(handler=_kibana_setup)

    letters = commands.add_parser("deadletter", help="the dead-letter sink")
    letter_commands = letters.add_subparsers(dest="deadletter_command", required=True)
    replay = letter_commands.add_parser(
        "replay",
        parents=[common],
        help="re-process dead letters from the stage they failed at",
        description="Re-process the dead letters in FILE (default: the dead-letter file). "
        "What fails again is written to the dead-letter file; when FILE is that file, "
        "it is first moved aside to FILE.replayed-<time>.",
    )
    replay.add_argument("file", nargs="?", help="dead-letter JSON Lines file")
    replay.add_argument("--dead-letter", help=f"where new dead letters go (env {ENV_DEAD_LETTER})")
    replay.add_argument("--dead-letter-index", help="also write new dead letters to this index")
    replay.add_argument("--json", action="store_true", help="print the summary as JSON")
    replay.set_defaults(handler=_deadletter_replay)


def _kibana_setup(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = settings.es_config(args.environ, flags(args))
    kibana = settings.kibana_config(args.environ, url=args.kibana_url, space=args.space)
    result = import_saved_objects(kibana, es.index)
    kinds = sorted({kind for kind, _ in result.objects})
    print(
        f"imported {result.imported} saved objects into Kibana at {kibana.url} "
        f"({', '.join(kinds)}); data view {es.index!r} -> dashboard 'newsflow overview'"
    )
    return 0


def _deadletter_replay(args: argparse.Namespace, _beam_args: list[str]) -> int:
    resolved = settings.resolve(args.environ, flags(args))
    es, output = resolved.es, resolved.dead_letter
    summary = replay_dead_letters(
        args.file or output.path, es, output, dedup=resolved.dedup, entities=resolved.entities
    )
    if args.json:
        print(json.dumps(_summary_json(summary)))
    else:
        print(_summary_text(summary, es.index))
    return 0 if summary.read == summary.indexed + summary.duplicate + summary.dead_lettered else 1


def _summary_json(summary: DeadLetterReplaySummary) -> dict[str, object]:
    return {
        "source": summary.source,
        "archived_to": summary.archived_to,
        "replayed": summary.replayed,
        "kept": summary.kept,
        "read": summary.read,
        "indexed": summary.indexed,
        "duplicate": summary.duplicate,
        "dead_lettered": summary.dead_lettered,
        "output": summary.output,
    }


def _summary_text(summary: DeadLetterReplaySummary, index: str) -> str:
    lines = [
        f"replayed {summary.replayed} dead letters from {summary.source} into {index!r}: "
        f"read {summary.read}, indexed {summary.indexed}, duplicate {summary.duplicate}, "
        f"dead-lettered again {summary.dead_lettered}"
    ]
    if summary.kept:
        lines.append(f"{summary.kept} could not be replayed (no inlined input); kept")
    if summary.archived_to:
        lines.append(f"the replayed file was moved to {summary.archived_to}")
    if summary.dead_lettered or summary.kept:
        lines.append(f"remaining dead letters are in {summary.output}")
    return "\n".join(lines)
