"""The ``newsflow sources status`` command: every feed and every watched folder of the
config, as tables or JSON. Kept apart from ``pipeline.app.cli`` like ``cli_search``;
``feeds status`` stays as it was (feeds only, its JSON a list of feeds)."""

from __future__ import annotations

import argparse
import json

from elasticsearch import Elasticsearch

from connectors.elasticsearch import make_client
from connectors.elasticsearch.admin import article_index_uuid
from connectors.folders import FileStateStore, FolderRecord, FolderSpec, check_folder
from connectors.rss import FeedStateStore
from pipeline.app import feeds_status, folders_status
from pipeline.app.config import NewsflowConfig, load_config
from pipeline.core.clock import utc_now
from schemas import IngestError, InvalidInput


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sources = commands.add_parser("sources", help="feeds and watched folders")
    sources_commands = sources.add_subparsers(dest="sources_command", required=True)
    status = sources_commands.add_parser(
        "status", help="a table of every feed's and every watched folder's health"
    )
    status.add_argument("--config", required=True, help="the config file `run` uses")
    status.add_argument(
        "--json", action="store_true", help='print {"feeds": [...], "folders": [...]}'
    )
    status.set_defaults(handler=_sources_status)


def watching(config: NewsflowConfig) -> str:
    """The line ``run`` starts with when it watches folders."""
    folders = ", ".join(
        f"{f.id} ({f.pattern}, every {f.poll_interval_s:g} s)" for f in config.folders
    )
    return (
        f"newsflow: watching {len(config.folders)} folders: {folders} "
        f"(file states in {config.folders_index!r})"
    )


def _sources_status(args: argparse.Namespace, _beam_args: list[str]) -> int:
    config = load_config(args.config, args.environ)
    client = make_client(config.es)
    try:
        stored = {s.feed_id: s for s in FeedStateStore(client, config.feeds_index).load_all()}
        records = _folder_records(client, config) if config.folders else {}
    finally:
        client.close()
    feeds = feeds_status.feed_rows(config.feeds, stored)
    folders = [
        folders_status.FolderRow(spec, records.get(spec.id, FolderRecord()), _problem(spec))
        for spec in config.folders
    ]
    if args.json:
        document = {
            "feeds": [row.as_json() for row in feeds],
            "folders": [row.as_json() for row in folders],
        }
        print(json.dumps(document, ensure_ascii=False))
        return 0
    now = utc_now()
    tables = []
    if feeds:
        tables.append(feeds_status.format_table(feeds, now))
    if folders:
        tables.append(folders_status.format_table(folders, now))
    print("\n\n".join(tables))
    return 0


def _folder_records(client: Elasticsearch, config: NewsflowConfig) -> dict[str, FolderRecord]:
    try:
        serves = article_index_uuid(client, config.es.index)
    except IngestError:
        return {}  # no article index yet: nothing was read
    return FileStateStore(client, config.folders_index, serves).summary()


def _problem(spec: FolderSpec) -> str | None:
    try:
        check_folder(spec)  # whether it can be listed; its files are not read for this
    except InvalidInput as err:
        return str(err)
    return None
