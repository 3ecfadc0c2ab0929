"""The ``newsflow search`` command: arguments, entity names resolved through the KB, output.

Kept apart from ``pipeline.app.cli`` like ``cli_ops``; the query itself is built in
``pipeline.app.search``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime

from connectors.elasticsearch import make_client
from pipeline.app import settings
from pipeline.app.search import (
    Filters,
    Request,
    Result,
    format_facets,
    format_hit,
    search_stories,
)
from pipeline.app.settings import flags
from pipeline.entities import Linker
from pipeline.entities.query import query_entity_ids
from pipeline.entities.stage import build_linker
from schemas import ConfigError


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    find = commands.add_parser(
        "search",
        parents=parents,
        help="search the index: one hit per story",
        description="Stories matching every word (stemmed or exact; any spelling of a known "
        "name), copies folded under their original. Filters combine with AND.",
    )
    find.add_argument("query", nargs="*", help="words to search for (none: every story)")
    find.add_argument("--size", type=int, default=10, help="number of stories (default 10)")
    find.add_argument(
        "--source", action="append", default=[], metavar="OUTLET", help="only this outlet"
    )
    find.add_argument("--lang", action="append", default=[], help="only this language (en, ru)")
    find.add_argument("--since", type=_when, help="published on or after (YYYY-MM-DD or ISO time)")
    find.add_argument("--until", type=_when, help="published on or before (a date: that whole day)")
    find.add_argument(
        "--entity",
        action="append",
        default=[],
        metavar="NAME",
        help="only stories linked to this knowledge-base entity, in any spelling; repeatable",
    )
    find.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    find.add_argument(
        "--facets", action="store_true", help="top people, places, organisations and outlets"
    )
    find.add_argument(
        "--json",
        action="store_true",
        help="print the hits as JSON (a list; with --facets an object: total, hits, facets)",
    )
    find.set_defaults(handler=_search)


def _when(text: str) -> date | datetime:
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _search(args: argparse.Namespace, _beam_args: list[str]) -> int:
    es = settings.es_config(args.environ, flags(args))
    query = " ".join(args.query)
    if not query and not (args.source or args.lang or args.since or args.until or args.entity):
        raise ConfigError("search needs words to look for, or a filter (--entity, --source, ...)")
    config = settings.entity_config(args.environ, flags(args, ner=False))
    linker = build_linker(config)
    filters = Filters(
        sources=tuple(args.source),
        languages=tuple(args.lang),
        since=args.since,
        until=args.until,
        entities=tuple(_entity(linker, name) for name in args.entity),
    )
    client = make_client(es)
    try:
        request = Request(
            query,
            size=args.size,
            entity_ids=tuple(query_entity_ids(linker, query)) if query else (),
            filters=filters,
            sort=args.sort,
            facets=args.facets,
        )
        result = search_stories(client, es.index, request)
    finally:
        client.close()
    print(_render(result, args, es.index))
    return 0


def _entity(linker: Linker, name: str) -> tuple[str, ...]:
    ids = tuple(query_entity_ids(linker, name))
    if not ids:
        raise ConfigError(f"no knowledge-base entity is called {name!r} (in any spelling)")
    return ids


def _render(result: Result, args: argparse.Namespace, index: str) -> str:
    if args.json:
        if args.facets:
            return json.dumps(result.as_json(), ensure_ascii=False)
        return json.dumps([hit.as_json() for hit in result.hits], ensure_ascii=False)
    lines = [format_hit(rank, hit) for rank, hit in enumerate(result.hits, start=1)]
    if not lines:
        lines.append(f"no hits for {' '.join(args.query)!r} in {index!r}")
    if args.facets:
        lines.append(format_facets(result.facets))
    return "\n".join(lines)
