"""Soak: `newsflow run` for a while against feeds that keep growing; is memory flat?

    python -m tests.benchmarks.soak_run --minutes 10 --feeds 10

Runs the driver loop in this process (poll interval 2 s, so hours of 15-minute
polling are compressed into minutes of cycles) against feeds served from
127.0.0.1 that gain an item every few seconds, and prints RSS, threads and open
files every 30 s. Flat numbers mean nothing accumulates from cycle to cycle.
Uses NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9262.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import psutil

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig, make_client
from connectors.http import HttpConfig
from connectors.rss import FeedPolicy, FeedSpec
from pipeline.app import settings
from pipeline.app.config import NewsflowConfig
from pipeline.app.memory import cap_malloc_arenas
from pipeline.app.run import FeedRunner
from tests.benchmarks import cache_bounds
from tests.support.es import drop_alias, es_node
from tests.support.newsroom import article_page, rss_feed, rss_item
from tests.support.web import Reply, Resource, Site, serve

SOAK_PORT = 9262


def _feed(site: Site, count: int) -> bytes:
    items = (
        rss_item(f"Item {n}", site.url(f"/a/{n}"))
        for n in range(max(0, count - 30), count)  # a window of the latest 30, like real feeds
    )
    return rss_feed(items, title="Soak")


def soak(minutes: float, feeds: int, es_url: str, every_s: float = 3.0) -> None:
    index = f"soak-{uuid.uuid4().hex[:8]}"
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        # The servers share this process: they must not keep a log of every request.
        sites = [stack.enter_context(serve(Site(record=False))) for _ in range(feeds)]
        resources = []
        for site in sites:
            site.add("/robots.txt", Reply(404, b""))
            for n in range(5000):
                body = article_page(
                    f"Item {n}", [f"Item {n} says Baku and Moscow talk again. " * 8]
                )
                site.add(f"/a/{n}", Reply(body=body))
            resources.append(Resource(_feed(site, 1)))
            site.add("/feed.xml", resources[-1])
        config = NewsflowConfig(
            path="soak",
            feeds=tuple(
                FeedSpec(id=f"f{n}", url=site.url("/feed.xml"), poll_interval_s=2.0)
                for n, site in enumerate(sites)
            ),
            policy=FeedPolicy(),
            es=EsConfig(url=es_url, index=index),
            feeds_index=f"{index}-feeds",
            http=HttpConfig(allow_private_networks=True, per_host_delay_s=0.0),
            dead_letter=DeadLetterConfig(path=str(Path(tmp) / "dead.jsonl")),
            # NEWSFLOW_NER, NEWSFLOW_KB, NEWSFLOW_DEDUP_THRESHOLD, as `newsflow run` reads them
            dedup=settings.dedup_config(os.environ),
            entities=settings.entity_config(os.environ),
        )
        with open(os.devnull, "w") as quiet:
            runner = FeedRunner(config, stream=quiet)
            me = psutil.Process()

            def drive() -> None:
                started, count = time.monotonic(), 1
                next_report = started + 30
                header = ("min", "cycles", "indexed", "RSS MiB", "threads", "fds")
                print("{:>5} {:>7} {:>8} {:>8} {:>8} {:>5}".format(*header))
                while time.monotonic() - started < minutes * 60:
                    time.sleep(every_s)
                    count += 1
                    for site, resource in zip(sites, resources, strict=True):
                        resource.update(
                            _feed(site, count), f"Wed, 09 Jul 2025 {count % 24:02d}:00:00 GMT"
                        )
                    if time.monotonic() >= next_report:
                        next_report += 30
                        indexed = runner.totals.get("indexed")
                        print(
                            f"{(time.monotonic() - started) / 60:>5.1f} {runner.totals.cycles:>7} "
                            f"{indexed:>8} {me.memory_info().rss / 2**20:>8.0f} "
                            f"{threading.active_count():>8} {me.num_fds():>5}",
                            flush=True,
                        )
                runner.request_stop()

            threading.Thread(target=drive, daemon=True).start()
            runner.run()
    client = make_client(EsConfig(url=es_url))
    drop_alias(client, index)
    client.close()


def main() -> None:
    cap_malloc_arenas()  # as `newsflow` does first thing, before the servers' threads start
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument(
        "--every", type=float, default=3.0, help="seconds between new items (all feeds)"
    )
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="fill the article path's bounded caches first (tests.benchmarks.cache_bounds), "
        "so the run starts in the steady state a long run reaches",
    )
    args = parser.parse_args()
    if args.prewarm:
        cache_bounds.fill_all()
    with es_node(SOAK_PORT) as url:
        soak(args.minutes, args.feeds, url, args.every)


if __name__ == "__main__":
    main()
