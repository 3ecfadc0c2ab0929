"""The ``newsflow`` command line.

Errors a user can cause (a bad path, Elasticsearch unreachable, bad settings)
print one line on stderr and exit non-zero; tracebacks are for our bugs only.
The environment is read once, here, and every command resolves its settings from
its flags over it (``pipeline.app.settings``).
"""

from __future__ import annotations

import logging

# Importing Beam logs a warning about optional Google Cloud libraries through the
# root logger, which would configure it and print noise before our own output.
# Configure the root logger first: third-party libraries speak only on errors.
logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

import argparse
import json
import sys
from collections.abc import Sequence

from connectors.dedupstate.admin import setup_state_index
from connectors.elasticsearch import EsConfig, index_status, make_client, setup_index
from connectors.elasticsearch import local as local_es
from connectors.elasticsearch.config import DEFAULT_INDEX, DEFAULT_URL, ENV_INDEX, ENV_URL
from connectors.files import DEFAULT_MAX_FILE_BYTES
from connectors.http import HttpConfig
from connectors.rss import FeedStateStore, feeds_index
from pipeline.app import cli_ops, cli_search, cli_sources, settings
from pipeline.app.assembly import ReplaySpec
from pipeline.app.bounded import Counts
from pipeline.app.config import load_config, load_http_config
from pipeline.app.discover import as_config, run_discovery
from pipeline.app.discover import as_json as discovery_json
from pipeline.app.feeds_status import feed_rows, format_table
from pipeline.app.memory import cap_malloc_arenas
from pipeline.app.paced import parse_pace, run_paced
from pipeline.app.replay import run_replay
from pipeline.app.run import FeedRunner, stop_on_signals
from pipeline.app.search import fetch_document
from pipeline.app.settings import (
    ENV_DEAD_LETTER,
    ENV_KB,
    ENV_NER,
    ENV_WORKERS,
    Environ,
    flags,
)
from pipeline.app.summary import UNACCOUNTED, outcomes
from pipeline.app.summary import report as summary_report
from pipeline.core.clock import utc_now
from pipeline.dedup.config import DEFAULT_THRESHOLD, ENV_THRESHOLD
from pipeline.entities import EntityConfig, EntityStage, Linker
from pipeline.entities.report import explain, format_explanation, resolve_names
from pipeline.entities.stage import build_linker, synonyms_for
from schemas import ConfigError, IngestError
from schemas.errors import redact_urls

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# `replay`: the run finished and every document is accounted for, but some went to the
# dead-letter sink (the summary says which stage and where), so cron and scripts can alert.
EXIT_DEAD_LETTERED = 4


def main(argv: Sequence[str] | None = None) -> int:
    cap_malloc_arenas()  # before any thread starts (the metrics server's, Beam's): see memory
    environ = settings.environment()
    parser = _parser(environ)
    args, beam_args = parser.parse_known_args(argv)
    args.environ = environ
    if beam_args and args.command not in ("replay", "run"):
        parser.error(f"unrecognized arguments: {' '.join(beam_args)}")
    try:
        with cli_ops.observe(args):
            return int(args.handler(args, beam_args))
    except ConfigError as err:
        print(f"newsflow: error: {redact_urls(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except IngestError as err:
        print(f"newsflow: error: {redact_urls(str(err))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("newsflow: interrupted", file=sys.stderr)
        return 130


def _parser(environ: Environ) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--es-url", help=f"Elasticsearch URL (env {ENV_URL}, default {DEFAULT_URL})"
    )
    common.add_argument(
        "--index", help=f"alias to write and search (env {ENV_INDEX}, default {DEFAULT_INDEX})"
    )
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--kb",
        action="append",
        default=[],
        metavar="FILE",
        help=f"extra knowledge-base file (ours, GeoNames cities*.txt or Wikidata JSON Lines); "
        f"repeatable; env {ENV_KB} (':'-separated)",
    )
    parser = argparse.ArgumentParser(
        prog="newsflow", description="Streaming news ingestion into Elasticsearch."
    )
    cli_ops.add_global_options(parser, environ)
    commands = parser.add_subparsers(dest="command", required=True)

    replay = commands.add_parser(
        "replay",
        parents=[common, knowledge],
        help="replay files (e.g. seeds/) into the index",
        description="Bounded run over a file, directory or glob. Unknown --options are "
        "passed to Beam (e.g. --runner FlinkRunner).",
    )
    replay.add_argument("path", help="file, directory or glob of .txt/.html/.json/.jsonl/.xml")
    replay.add_argument(
        "--dead-letter", help=f"dead-letter JSON Lines file (env {ENV_DEAD_LETTER})"
    )
    replay.add_argument("--dead-letter-index", help="also write dead letters to this index")
    replay.add_argument(
        "--max-file-bytes", type=int, default=DEFAULT_MAX_FILE_BYTES, help="refuse larger files"
    )
    replay.add_argument(
        "--overwrite",
        action="store_true",
        help="re-index documents that already exist (default: count them as duplicates)",
    )
    replay.add_argument(
        "--dedup-threshold",
        type=float,
        help=f"similarity from which a text is a copy (env {ENV_THRESHOLD}, "
        f"default {DEFAULT_THRESHOLD})",
    )
    replay.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay.add_argument(
        "--pace",
        metavar="DURATION",
        help="one file at a time, one every DURATION (e.g. 2s, 500ms), through the "
        "pipeline `run` reads watched folders with: watch articles arrive one by one",
    )
    replay.add_argument(
        "--no-ner",
        action="store_true",
        help=f"link KB entities only, no statistical NER (env {ENV_NER}=0)",
    )
    replay.add_argument(
        "--follow-outside-links",
        action="store_true",
        help="read files that symlinks lead to outside PATH (default: dead-letter them)",
    )
    replay.add_argument("--json", action="store_true", help="print the summary as JSON")
    _add_workers(replay, f"env {ENV_WORKERS}, default: one per core")
    replay.set_defaults(handler=_replay)

    run = commands.add_parser(
        "run",
        help="poll the configured feeds continuously",
        description="Poll every feed of the config file forever, indexing new articles, "
        "until SIGINT/SIGTERM. Unknown --options are passed to Beam.",
    )
    run.add_argument("--config", required=True, help="YAML config file (or an OPML feed list)")
    run.add_argument(
        "--once", action="store_true", help="poll every feed once, index what is new, and exit"
    )
    _add_workers(run, f"env {ENV_WORKERS}, default: one per core")
    run.set_defaults(handler=_run)

    feeds = commands.add_parser("feeds", help="feed health")
    feeds_commands = feeds.add_subparsers(dest="feeds_command", required=True)
    feeds_status = feeds_commands.add_parser("status", help="a table of every feed's health")
    feeds_status.add_argument("--config", required=True, help="the config file `run` uses")
    feeds_status.add_argument("--json", action="store_true", help="print the states as JSON")
    feeds_status.set_defaults(handler=_feeds_status)
    feeds_discover = feeds_commands.add_parser(
        "discover",
        help="find a site's feeds and sitemaps from its home page; prints them as config",
    )
    feeds_discover.add_argument("url", help="the site's home page (or any page of it)")
    feeds_discover.add_argument(
        "--config", help="take the http: section (timeouts, caps, user agent) from this file"
    )
    feeds_discover.add_argument(
        "--sample", type=int, default=3, help="entries shown per feed (default 3)"
    )
    feeds_discover.add_argument(
        "--no-guess", action="store_true", help="do not try the common feed and sitemap paths"
    )
    feeds_discover.add_argument("--json", action="store_true", help="print what was found as JSON")
    feeds_discover.set_defaults(handler=_feeds_discover)
    feeds_reset = feeds_commands.add_parser(
        "reset",
        help="forget feed states (validators, seen items): the next run reads every entry",
    )
    feeds_reset.add_argument("--config", required=True, help="the config file `run` uses")
    feeds_reset.add_argument(
        "--feed", action="append", default=[], metavar="ID", help="only this feed; repeatable"
    )
    feeds_reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    feeds_reset.set_defaults(handler=_feeds_reset)

    cli_search.add_command(commands, [common, knowledge])
    cli_sources.add_command(commands)

    names = commands.add_parser("names", help="name normalisation")
    names_commands = names.add_subparsers(dest="names_command", required=True)
    resolve = names_commands.add_parser(
        "resolve",
        parents=[knowledge],
        help="name key and KB entity of each name (JSON lines)",
        description="Prints one JSON object per name: input, key, entity_id, canonical, "
        "type, score. key is the name key of a name that resolves, else the key that "
        "groups names no KB knows (a person's first and last name, an organisation's "
        "name without its legal form). Names come from the arguments, or from stdin, "
        "one per line.",
    )
    resolve.add_argument("name", nargs="*", help="names to resolve (default: stdin)")
    resolve.set_defaults(handler=_names_resolve)

    entities = commands.add_parser(
        "entities", parents=[common, knowledge], help="what was linked in an article, and why"
    )
    entities.add_argument("article_id", help="the article's id (as `search` prints it)")
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.set_defaults(handler=_entities)

    es = commands.add_parser("es", help="Elasticsearch administration")
    es_commands = es.add_subparsers(dest="es_command", required=True)
    setup = es_commands.add_parser(
        "setup", parents=[common, knowledge], help="apply template and alias"
    )
    setup.add_argument("--replicas", type=int, default=0, help="replicas per shard (default 0)")
    setup.set_defaults(handler=_es_setup)
    status = es_commands.add_parser("status", parents=[common], help="cluster and index status")
    status.set_defaults(handler=_es_status)
    local = es_commands.add_parser("local", help="the development node in deploy/local-es")
    local.add_argument("action", choices=["start", "stop", "status"])
    local.add_argument("--port", type=int, help="HTTP port (env NEWSFLOW_ES_PORT, default 9200)")
    local.set_defaults(handler=_es_local)
    cli_ops.add_commands(commands, common)
    return parser


def _add_workers(command: argparse.ArgumentParser, default: str) -> None:
    command.add_argument(
        "--workers",
        type=int,
        help=f"worker processes for the stages on the local runner ({default}; "
        "1 runs everything in this process)",
    )


def _es_config(args: argparse.Namespace) -> EsConfig:
    return settings.es_config(args.environ, flags(args))


def _replay(args: argparse.Namespace, beam_args: list[str]) -> int:
    if args.max_file_bytes < 1:
        raise ConfigError("--max-file-bytes must be positive")
    resolved = settings.resolve(args.environ, flags(args))
    es = resolved.es
    spec = ReplaySpec(
        path=args.path,
        es=es,
        dead_letter=resolved.dead_letter,
        max_file_bytes=args.max_file_bytes,
        follow_outside_links=args.follow_outside_links,
        dedup=resolved.dedup,
        entities=resolved.entities,
    )
    if args.pace is not None:
        pace_s = parse_pace(args.pace)
        summary = run_paced(spec, pace_s, beam_args=beam_args, registry=args.metrics)
    else:
        summary = run_replay(
            spec,
            beam_args=beam_args,
            show_progress=not args.no_progress and not args.json,
            registry=args.metrics,
            workers=settings.workers(args.environ, args.workers),
        )
    if not summary_report(summary, es.index, as_json=args.json):
        return EXIT_FAILED
    return EXIT_DEAD_LETTERED if summary.counts.dead_lettered else EXIT_OK


def _entity_config(args: argparse.Namespace, ner: bool | None = None) -> EntityConfig:
    return settings.entity_config(args.environ, flags(args, ner=ner))


def _linker(args: argparse.Namespace) -> Linker:
    return build_linker(_entity_config(args, ner=False))


def _run(args: argparse.Namespace, beam_args: list[str]) -> int:
    config = load_config(args.config, args.environ)
    workers = settings.workers(args.environ, args.workers)
    runner = FeedRunner(config, beam_args=beam_args, registry=args.metrics, workers=workers)
    print(
        f"newsflow: polling {len(config.feeds)} feeds into {config.es.index!r} at "
        f"{config.es.url} (feed states in {config.feeds_index!r}); SIGINT or SIGTERM stops",
        file=sys.stderr,
        flush=True,
    )
    if config.folders:
        print(cli_sources.watching(config), file=sys.stderr, flush=True)
    with stop_on_signals(runner):
        totals = runner.run(once=args.once)
    print(
        f"newsflow: stopped after {totals.cycles} cycles ({totals.failed_cycles} failed): "
        f"{outcomes(Counts(totals.counts))}",
        file=sys.stderr,
        flush=True,
    )
    if totals.unaccounted_cycles:
        print(UNACCOUNTED)
    return EXIT_OK if not totals.unaccounted_cycles else EXIT_FAILED


def _feeds_status(args: argparse.Namespace, _beam_args: list[str]) -> int:
    config = load_config(args.config, args.environ)
    client = make_client(config.es)
    try:
        store = FeedStateStore(client, config.feeds_index)
        stored = {state.feed_id: state for state in store.load_all()}
    finally:
        client.close()
    rows = feed_rows(config.feeds, stored)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False))
    else:
        print(format_table(rows, utc_now()))
    return EXIT_OK


def _feeds_discover(args: argparse.Namespace, _beam_args: list[str]) -> int:
    http = load_http_config(args.config) if args.config else HttpConfig()
    found = run_discovery(args.url, http, sample=max(args.sample, 0), guess=not args.no_guess)
    for candidate, why in found.skipped:
        print(f"newsflow: not a feed: {candidate}: {redact_urls(why)}", file=sys.stderr)
    if args.json:
        print(json.dumps(discovery_json(found), ensure_ascii=False))
    else:
        print(as_config(found), end="")
    return EXIT_OK if found.found else EXIT_FAILED


def _feeds_reset(args: argparse.Namespace, _beam_args: list[str]) -> int:
    config = load_config(args.config, args.environ)
    known = {feed.id for feed in config.feeds}
    unknown = sorted(set(args.feed) - known)
    if unknown:
        raise ConfigError(f"no feed {', '.join(map(repr, unknown))} in {args.config}")
    which = ", ".join(args.feed) if args.feed else "every feed"
    question = f"forget the state of {which} in {config.feeds_index!r}? [y/N] "
    if not args.yes and not _confirmed(question):
        print("newsflow: nothing reset", file=sys.stderr)
        return EXIT_USAGE
    client = make_client(config.es)
    try:
        forgotten = FeedStateStore(client, config.feeds_index).forget(args.feed or None)
    finally:
        client.close()
    print(f"forgot the state of {forgotten} feeds in {config.feeds_index!r}")
    return EXIT_OK


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise ConfigError("feeds reset asks for confirmation on a terminal; pass --yes")
    return input(question).strip().lower() in ("y", "yes")


def _es_setup(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = _es_config(args)
    client = make_client(es)
    try:
        synonyms = synonyms_for(_entity_config(args, ner=False))
        result = setup_index(client, es.index, replicas=args.replicas, synonyms=synonyms)
        dedup = settings.dedup_config(args.environ, flags(args))
        state = setup_state_index(client, es.index, dedup, replicas=args.replicas)
        feeds = FeedStateStore(client, feeds_index(es.index))
        feeds.setup(replicas=args.replicas)
    finally:
        client.close()
    created = "created" if result.created_index else "already existed"
    print(
        f"template {result.template} applied; index {result.index} {created}; "
        f"alias {result.alias} -> {result.index}; state indices {state}, {feeds.index} "
        f"({args.replicas} replicas)"
    )
    return EXIT_OK


def _names_resolve(args: argparse.Namespace, _beam_args: list[str]) -> int:
    names = args.name or [line.strip() for line in sys.stdin if line.strip()]
    for record in resolve_names(_linker(args), names):
        print(json.dumps(record, ensure_ascii=False))
    return EXIT_OK


def _entities(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = _es_config(args)
    client = make_client(es)
    try:
        document = fetch_document(client, es.index, args.article_id)
    finally:
        client.close()
    if document is None:
        print(f"newsflow: error: no article {args.article_id!r} in {es.index!r}", file=sys.stderr)
        return EXIT_FAILED
    stage = EntityStage(_entity_config(args))
    rows = explain(document, stage.mentions([document["text"]])[0])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print(format_explanation(document.get("title", args.article_id), rows))
    return EXIT_OK


def _es_status(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = _es_config(args)
    client = make_client(es)
    try:
        status = index_status(client, es.index)
    finally:
        client.close()
    indices = ", ".join(status.indices) or "none (run `newsflow es setup`)"
    print(
        f"Elasticsearch {status.version} at {es.url}, cluster {status.cluster!r}: {status.health}"
    )
    print(
        f"alias {status.alias!r} -> {indices}; {status.documents} documents; "
        f"template version {status.template_version}"
    )
    for owned in status.owned:
        print(
            f"  {owned.name:<32} {owned.role:<12} {owned.health:<7} "
            f"{owned.documents:>9} documents, {owned.replicas} replicas"
        )
    return EXIT_OK


def _es_local(args: argparse.Namespace, _beam_args: list[str]) -> int:
    output = local_es.run_script(args.action, port=args.port)
    print(output)
    if args.action == "status" and output.startswith("stopped"):
        return 3
    if args.action == "status" and output.startswith("starting"):
        return 4
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
