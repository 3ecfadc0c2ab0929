"""Benchmark: replay N generated articles into the real node, against a helpers.bulk ceiling.

    python -m tests.benchmarks.bench_replay --sizes 1000 10000

For each N it writes N plain-text articles made from the seeds (paragraphs
shuffled, a third of the words replaced, so every text is its own story),
replays them with the same code path as `newsflow replay` in a child process
(so peak RSS is that run's alone), then bulk-indexes the very documents the
replay produced with ``elasticsearch.helpers.bulk`` into a fresh index: the
ceiling of what indexing alone costs. Prints articles/s, peak RSS and the ratio.
Uses NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9260.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from elasticsearch import helpers
from wordfreq import top_n_list

from connectors.elasticsearch import EsConfig, make_client, setup_index
from tests.support.es import drop_alias, es_node

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
BENCH_PORT = 9260


def generate(n: int, folder: Path, seed: int = 7) -> None:
    """N distinct articles shaped like the seeds: each seed's lines (title, outlet,
    date, boilerplate) kept, its body paragraphs shuffled, and a third of the body's
    words replaced by common English words (wordfreq's list), so every article is its
    own story to the deduplicator, as a day of real news would be, not a copy."""
    rng = random.Random(seed)
    vocabulary = top_n_list("en", 5000)
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(n):
        # Drop the "Original article: URL" line: a URL would give every variant of
        # that seed one id (same story), and the benchmark wants N distinct articles.
        lines = [
            line
            for line in texts[i % len(texts)].split("\n")
            if not line.startswith("Original article:")
        ]
        head, body = lines[:3], lines[3:]
        rng.shuffle(body)
        body = [_replace_words(line, vocabulary, rng) for line in body]
        text = "\n".join(head + body)
        text += f"\nThis is generated article number {i} of the benchmark run {seed}.\n"
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")


def _replace_words(line: str, vocabulary: list[str], rng: random.Random) -> str:
    words = line.split(" ")
    if len(words) < 8:  # short lines are boilerplate and tags: kept as they are
        return line
    return " ".join(rng.choice(vocabulary) if rng.random() < 1 / 3 else w for w in words)


def replay_child(
    path: str, url: str, index: str, dead_letter: str, ner: bool, workers: int
) -> dict[str, float]:
    """Runs in a child process: one replay, its wall time and this process's peak RSS."""
    from connectors.deadletter import DeadLetterConfig
    from pipeline.app.assembly import ReplaySpec
    from pipeline.app.replay import run_replay
    from pipeline.entities import EntityConfig

    spec = ReplaySpec(
        path=path,
        es=EsConfig(url=url, index=index),
        dead_letter=DeadLetterConfig(path=dead_letter),
        entities=EntityConfig(ner=ner),
    )
    start = time.perf_counter()
    summary = run_replay(spec, show_progress=False, workers=workers)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "indexed": summary.counts.indexed,
        "dead_lettered": summary.counts.dead_lettered,
        "peak_rss_mib": peak_kib / 1024,
    }


def measure(n: int, url: str, ner: bool, workers: int = 1) -> dict[str, float]:
    client = make_client(EsConfig(url=url))
    index = f"bench-{uuid.uuid4().hex[:8]}"
    ceiling_index = f"{index}-ceiling"
    try:
        with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            generate(n, folder)
            child = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.benchmarks.bench_replay",
                    "--child",
                    str(folder),
                    "--url",
                    url,
                    "--index",
                    index,
                    "--dead-letter",
                    str(Path(tmp) / "dead.jsonl"),
                    *(["--ner"] if ner else []),
                    "--workers",
                    str(workers),
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            replay = json.loads(child.stdout.strip().splitlines()[-1])
        docs = [hit["_source"] for hit in helpers.scan(client, index=index)]
        setup_index(client, ceiling_index)
        actions = ({"_index": ceiling_index, "_id": d["id"], "_source": d} for d in docs)
        start = time.perf_counter()
        ok, _errors = helpers.bulk(client, actions, chunk_size=500, refresh=True)
        ceiling_s = time.perf_counter() - start
    finally:
        for alias in (index, ceiling_index):
            drop_alias(client, alias)
        client.close()
    rate = replay["indexed"] / replay["seconds"]
    ceiling_rate = ok / ceiling_s
    return {
        "n": n,
        "indexed": replay["indexed"],
        "dead_lettered": replay["dead_lettered"],
        "replay_s": round(replay["seconds"], 2),
        "articles_per_s": round(rate, 1),
        "peak_rss_mib": round(replay["peak_rss_mib"], 1),
        "ceiling_s": round(ceiling_s, 2),
        "ceiling_docs_per_s": round(ceiling_rate, 1),
        "ratio_of_ceiling": round(rate / ceiling_rate, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--ner", action="store_true", help="run spaCy NER too (the slowest stage; off by default)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Beam worker processes for the replay (default 1: the in-process runner)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    parser.add_argument("--dead-letter", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child = replay_child(
            args.child, args.url, args.index, args.dead_letter, args.ner, args.workers
        )
        print(json.dumps(child))
        return
    with es_node(BENCH_PORT) as url:
        ner = "on" if args.ner else "off"
        print(
            f"machine: {os.cpu_count()} cores; Elasticsearch at {url}; NER {ner}; "
            f"{args.workers} worker process(es)"
        )
        header = ("N", "replay s", "articles/s", "peak RSS MiB", "bulk s", "bulk docs/s", "ratio")
        print("{:>7} {:>9} {:>11} {:>13} {:>8} {:>12} {:>6}".format(*header))
        for n in args.sizes:
            r = measure(n, url, args.ner, args.workers)
            print(
                f"{r['n']:>7} {r['replay_s']:>9} {r['articles_per_s']:>11} {r['peak_rss_mib']:>13} "
                f"{r['ceiling_s']:>8} {r['ceiling_docs_per_s']:>12} {r['ratio_of_ceiling']:>6}"
            )
            print(json.dumps(r), file=sys.stderr)


if __name__ == "__main__":
    main()
