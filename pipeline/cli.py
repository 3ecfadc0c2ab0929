"""The ``newsflow`` command line.

Errors a user can cause (a bad path, Elasticsearch unreachable, bad settings)
print one line on stderr and exit non-zero; tracebacks are for our bugs only.
"""

from __future__ import annotations

import logging

# Importing Beam logs a warning about optional Google Cloud libraries through the
# root logger, which would configure it and print noise before our own output.
# Configure the root logger first: third-party libraries speak only on errors.
logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

import argparse
import json
import os
import sys
from collections.abc import Sequence

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import BulkPolicy, EsConfig, index_status, make_client, setup_index
from connectors.elasticsearch import local as local_es
from connectors.elasticsearch.config import DEFAULT_INDEX, DEFAULT_URL, ENV_INDEX, ENV_URL
from connectors.files import DEFAULT_MAX_FILE_BYTES
from connectors.rss import FeedStateStore
from pipeline import cli_ops
from pipeline.assembly import ReplaySpec
from pipeline.clock import utc_now
from pipeline.config import load_config
from pipeline.dedup.config import DEFAULT_THRESHOLD, ENV_THRESHOLD, DedupConfig
from pipeline.entities import EntityConfig, EntityStage, Linker
from pipeline.entities.config import ENV_KB, ENV_NER, entity_config_from_env
from pipeline.entities.query import query_entity_ids
from pipeline.entities.report import explain, format_explanation, resolve_names
from pipeline.entities.stage import build_linker, synonyms_for
from pipeline.feeds_status import feed_rows, format_table
from pipeline.memory import cap_malloc_arenas
from pipeline.replay import ReplaySummary, run_replay
from pipeline.run import FeedRunner, stop_on_signals
from pipeline.search import fetch_document, format_hit, search
from schemas import ConfigError, IngestError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    cap_malloc_arenas()  # before any thread starts (the metrics server's, Beam's): see memory
    parser = _parser()
    args, beam_args = parser.parse_known_args(argv)
    if beam_args and args.command not in ("replay", "run"):
        parser.error(f"unrecognized arguments: {' '.join(beam_args)}")
    try:
        with cli_ops.observe(args):
            return int(args.handler(args, beam_args))
    except ConfigError as err:
        print(f"newsflow: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except IngestError as err:
        print(f"newsflow: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("newsflow: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
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
    cli_ops.add_global_options(parser)
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
        "--dead-letter", help="dead-letter JSON Lines file (env NEWSFLOW_DEAD_LETTER)"
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
        "--no-ner",
        action="store_true",
        help=f"link KB entities only, no statistical NER (env {ENV_NER}=0)",
    )
    replay.add_argument("--json", action="store_true", help="print the summary as JSON")
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
    run.set_defaults(handler=_run)

    feeds = commands.add_parser("feeds", help="feed health")
    feeds_commands = feeds.add_subparsers(dest="feeds_command", required=True)
    feeds_status = feeds_commands.add_parser("status", help="a table of every feed's health")
    feeds_status.add_argument("--config", required=True, help="the config file `run` uses")
    feeds_status.add_argument("--json", action="store_true", help="print the states as JSON")
    feeds_status.set_defaults(handler=_feeds_status)

    find = commands.add_parser("search", parents=[common, knowledge], help="search the index")
    find.add_argument("query", nargs="+", help="words to search for")
    find.add_argument("--size", type=int, default=10, help="number of hits (default 10)")
    find.add_argument("--json", action="store_true", help="print hits as JSON")
    find.set_defaults(handler=_search)

    names = commands.add_parser("names", help="name normalisation")
    names_commands = names.add_subparsers(dest="names_command", required=True)
    resolve = names_commands.add_parser(
        "resolve",
        parents=[knowledge],
        help="name key and KB entity of each name (JSON lines)",
        description="Prints one JSON object per name: input, key, entity_id, canonical, "
        "type, score. Names come from the arguments, or from stdin, one per line.",
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


def _es_config(args: argparse.Namespace, bulk: BulkPolicy | None = None) -> EsConfig:
    return EsConfig.from_env(url=args.es_url, index=args.index, bulk=bulk)


def _replay(args: argparse.Namespace, beam_args: list[str]) -> int:
    if args.max_file_bytes < 1:
        raise ConfigError("--max-file-bytes must be positive")
    es = _es_config(args, BulkPolicy(op_type="index" if args.overwrite else "create"))
    spec = ReplaySpec(
        path=args.path,
        es=es,
        dead_letter=DeadLetterConfig.from_env(args.dead_letter, args.dead_letter_index),
        max_file_bytes=args.max_file_bytes,
        dedup=DedupConfig.from_env(threshold=args.dedup_threshold),
        entities=_entity_config(args, ner=False if args.no_ner else None),
    )
    summary = run_replay(
        spec,
        beam_args=beam_args,
        show_progress=not args.no_progress and not args.json,
        registry=args.metrics,
    )
    if args.json:
        print(json.dumps(_summary_json(summary, es.index)))
    else:
        print(_summary_text(summary, es.index))
    return EXIT_OK if summary.accounted else EXIT_FAILED


def _summary_json(summary: ReplaySummary, index: str) -> dict[str, object]:
    return {
        "index": index,
        "files": summary.files,
        "read": summary.read,
        "indexed": summary.indexed,
        "linked": summary.linked,
        "duplicate": summary.duplicate,
        "dead_lettered": summary.dead_lettered,
        "dead_lettered_by_stage": summary.dead_lettered_by_stage,
        "dead_letter_path": summary.dead_letter_path,
        "accounted": summary.accounted,
    }


def _summary_text(summary: ReplaySummary, index: str) -> str:
    lines = [
        f"replayed {summary.files} files into {index!r}: read {summary.read}, "
        f"indexed {summary.indexed}, duplicate {summary.duplicate}, "
        f"dead-lettered {summary.dead_lettered}"
    ]
    if summary.linked:
        lines.append(
            f"of the indexed, {summary.linked} are copies of an earlier article "
            "(linked by duplicate_of)"
        )
    if summary.dead_lettered:
        stages = ", ".join(f"{k} {v}" for k, v in sorted(summary.dead_lettered_by_stage.items()))
        lines.append(f"dead letters ({stages}) are in {summary.dead_letter_path}")
    if not summary.accounted:
        lines.append("warning: some documents are unaccounted for; this is a bug, please report")
    return "\n".join(lines)


def _entity_config(args: argparse.Namespace, ner: bool | None = None) -> EntityConfig:
    return entity_config_from_env(os.environ, kb_paths=args.kb, ner=ner)


def _linker(args: argparse.Namespace) -> Linker:
    return build_linker(_entity_config(args, ner=False))


def _run(args: argparse.Namespace, beam_args: list[str]) -> int:
    config = load_config(args.config)
    runner = FeedRunner(config, beam_args=beam_args, registry=args.metrics)
    print(
        f"newsflow: polling {len(config.feeds)} feeds into {config.es.index!r} at "
        f"{config.es.url} (feed states in {config.feeds_index!r}); SIGINT or SIGTERM stops",
        file=sys.stderr,
        flush=True,
    )
    with stop_on_signals(runner):
        totals = runner.run(once=args.once)
    print(
        f"newsflow: stopped after {totals.cycles} cycles ({totals.failed_cycles} failed): "
        f"indexed {totals.get('indexed')}, "
        f"duplicate {totals.get('duplicate')}, dead-lettered {totals.get('dead_lettered')}",
        file=sys.stderr,
        flush=True,
    )
    if totals.unaccounted_cycles:
        print("warning: some documents are unaccounted for; this is a bug, please report")
    return EXIT_OK if not totals.unaccounted_cycles else EXIT_FAILED


def _feeds_status(args: argparse.Namespace, _beam_args: list[str]) -> int:
    config = load_config(args.config)
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


def _search(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = _es_config(args)
    query = " ".join(args.query)
    entity_ids = query_entity_ids(_linker(args), query)
    client = make_client(es)
    try:
        hits = search(client, es.index, query, size=args.size, entity_ids=entity_ids)
    finally:
        client.close()
    if args.json:
        print(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False))
    elif not hits:
        print(f"no hits for {' '.join(args.query)!r} in {es.index!r}")
    else:
        print("\n".join(format_hit(rank, hit) for rank, hit in enumerate(hits, start=1)))
    return EXIT_OK


def _es_setup(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = _es_config(args)
    client = make_client(es)
    try:
        synonyms = synonyms_for(_entity_config(args, ner=False))
        result = setup_index(client, es.index, replicas=args.replicas, synonyms=synonyms)
    finally:
        client.close()
    state = "created" if result.created_index else "already existed"
    print(
        f"template {result.template} applied; index {result.index} {state}; "
        f"alias {result.alias} -> {result.index}"
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
