"""Benchmark: N feeds x M items served from 127.0.0.1, fetched, extracted and indexed.

    python -m tests.benchmarks.bench_feeds --feeds 20 --items 50

A server process serves N feeds, each on its own port (a site of its own, as feeds
of different outlets are), each listing M items whose pages are seed articles with
shuffled paragraphs, a unique sentence and news-site boilerplate. A measuring
process (so its peak RSS is its own) then:

1. fetches and extracts every page through PollFeeds -> FetchArticles -> to_articles
   (no Elasticsearch): pages fetched and extracted per second;
2. runs one `newsflow run --once` cycle into a fresh index: articles per second
   end to end (poll, fetch, extract, identify, bulk index, commit feed states);
3. runs a second cycle, where every feed answers 304: the cost of an idle poll.

Uses NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9261.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

BENCH_PORT = 9261
REPO = Path(__file__).resolve().parents[2]


def serve(feeds: int, items: int) -> None:
    """Server process: print the feed URLs as one JSON line, serve until stdin closes."""
    from tests.support.newsroom import rss_feed, rss_item
    from tests.support.seed_site import replayed_seeds, seed_page
    from tests.support.web import Reply, Resource, Site
    from tests.support.web import serve as serve_site

    rng = random.Random(7)
    seeds = [doc for _slug, doc in replayed_seeds()]
    urls = []
    with ExitStack() as stack:
        for f in range(feeds):
            site = stack.enter_context(serve_site(Site()))
            site.add("/robots.txt", Reply(404, b""))
            entries = []
            for i in range(items):
                seed = seeds[(f * items + i) % len(seeds)]
                paragraphs = seed.text.split("\n")
                rng.shuffle(paragraphs)
                unique = f"This is article {i} of feed {f} in benchmark run 7."
                doc = dataclasses.replace(
                    seed,
                    title=f"{seed.title[:80]} ({f}-{i})",
                    text="\n".join([*paragraphs, unique]),
                )
                site.add(f"/article/{i}", Reply(body=seed_page(doc)))
                entries.append(rss_item(doc.title, site.url(f"/article/{i}"), unique))
            urls.append(site.add("/feed.xml", Resource(rss_feed(entries, title=f"Site {f}"))))
        print(json.dumps(urls), flush=True)
        sys.stdin.read()


def measure(urls: list[str], es_url: str) -> dict[str, float]:
    """Measuring process: the three phases of the module docstring."""
    import apache_beam as beam

    from connectors.deadletter import DeadLetterConfig
    from connectors.elasticsearch import EsConfig, make_client
    from connectors.http import HttpConfig
    from connectors.rss import FeedPolicy, FeedSpec, FetchArticles, PollFeeds, PollTask
    from connectors.rss.state import state_for
    from pipeline.app import settings
    from pipeline.app.config import NewsflowConfig
    from pipeline.app.memory import cap_malloc_arenas
    from pipeline.app.run import FeedRunner
    from pipeline.core import metrics
    from pipeline.stages.beam import to_articles
    from tests.support.es import drop_alias

    cap_malloc_arenas()  # as `newsflow` does first thing: these are newsflow run's figures
    http = HttpConfig(allow_private_networks=True, per_host_delay_s=0.0, per_host_concurrency=2)
    feeds = tuple(FeedSpec(id=f"feed-{n}", url=url) for n, url in enumerate(urls))
    tasks = [PollTask(spec, state_for(spec, None)) for spec in feeds]

    pipeline = beam.Pipeline(runner="FnApiRunner")
    _polls, entries, _dead = pipeline | beam.Create(tasks) | PollFeeds(http, FeedPolicy())
    raw, _deferred, _dead_fetch = entries | FetchArticles(http)
    articles, _dead_stages = to_articles(raw)
    _ = articles | beam.Map(lambda _article: metrics.counter("extracted").inc())
    started = time.perf_counter()
    result = pipeline.run()
    result.wait_until_finish()
    extract_s = time.perf_counter() - started
    extracted = metrics.committed_counts(result).get("extracted", 0)

    index = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        config = NewsflowConfig(
            path="bench",
            feeds=feeds,
            policy=FeedPolicy(),
            es=EsConfig(url=es_url, index=index),
            feeds_index=f"{index}-feeds",
            http=http,
            dead_letter=DeadLetterConfig(path=str(Path(tmp) / "dead.jsonl")),
            # NEWSFLOW_NER, NEWSFLOW_KB, NEWSFLOW_DEDUP_THRESHOLD, as `newsflow run` reads them
            dedup=settings.dedup_config(os.environ),
            entities=settings.entity_config(os.environ),
        )
        client = make_client(config.es)
        try:
            with open(os.devnull, "w") as quiet:
                started = time.perf_counter()
                first = FeedRunner(config, stream=quiet).run(once=True)
                end_to_end_s = time.perf_counter() - started
                started = time.perf_counter()
                idle = FeedRunner(config, stream=quiet).run(once=True)
                idle_s = time.perf_counter() - started
        finally:
            drop_alias(client, index)
            client.close()
    return {
        "feeds": len(urls),
        "pages": extracted,
        "extract_s": round(extract_s, 2),
        "pages_per_s": round(extracted / extract_s, 1),
        "indexed": first.get(metrics.INDEXED),
        "end_to_end_s": round(end_to_end_s, 2),
        "articles_per_s": round(first.get(metrics.INDEXED) / end_to_end_s, 1),
        "idle_cycle_s": round(idle_s, 2),
        "idle_not_modified": idle.get(metrics.FEEDS_NOT_MODIFIED),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(feeds: int, items: int, es_url: str) -> dict[str, float]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bench_feeds", "--serve", str(feeds), str(items)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        urls = server.stdout.readline()
        child = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_feeds", "--measure", es_url],
            input=urls, capture_output=True, text=True, check=True, cwd=REPO,
        )  # fmt: skip
        result: dict[str, float] = json.loads(child.stdout.strip().splitlines()[-1])
        return {"items_per_feed": items, **result}
    finally:
        server.terminate()  # stopping 100 servers one by one takes a while; nothing to keep
        server.communicate(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, nargs="+", default=[20])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--serve", type=int, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    if args.measure:
        print(json.dumps(measure(json.loads(sys.stdin.readline()), args.measure)))
        return
    from tests.support.es import es_node

    with es_node(BENCH_PORT) as url:
        print(f"machine: {os.cpu_count()} cores; Elasticsearch at {url}")
        header = ("feeds x items", "pages/s", "articles/s", "e2e s", "idle cycle s", "peak MiB")
        print("{:>14} {:>8} {:>11} {:>7} {:>13} {:>9}".format(*header))
        for feeds in args.feeds:
            r = run(feeds, args.items, url)
            size = f"{r['feeds']} x {r['items_per_feed']}"
            print(
                f"{size:>14} {r['pages_per_s']:>8} {r['articles_per_s']:>11} "
                f"{r['end_to_end_s']:>7} {r['idle_cycle_s']:>13} {r['peak_rss_mib']:>9}"
            )
            print(json.dumps(r), file=sys.stderr)


if __name__ == "__main__":
    main()
