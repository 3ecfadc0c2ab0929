"""Benchmark: fingerprinting, candidate lookups, and how lookups grow with the state.

    python -m tests.benchmarks.bench_dedup --sizes 10000 100000 1000000

1. Fingerprinting (pure CPU): articles/s over articles made from the seeds.
2. The state index is grown to each size in turn with synthetic stored signatures
   (random MinHash signatures; for each, its signature document and its claim
   documents, as the pipeline writes them). At each size:
   - candidate lookups: batches of 200 probe articles (half new, half near copies
     of stored ones) look up all their claim keys with one real-time multi-get and
     then the signatures of the owners found, as ``decide_batch`` does; reported as
     articles/s and ms per batch, plus the latency of one article's lookup alone;
   - a full ``decide_batch`` (register, claim, verify, decide: all writes) of 200
     new articles, in articles/s.
Uses NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9260.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
from elasticsearch import Elasticsearch, helpers

from connectors.dedupstate import EsStateStore, setup_state_index
from connectors.elasticsearch import BulkPolicy, EsConfig, make_client
from pipeline.dedup import minhash
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprint, fingerprint
from pipeline.dedup.protocol import claim_id, decide_batch, sig_id
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import Article, DocumentKind, RawDocument
from tests.conftest import SEEDS
from tests.support.es import es_node

BENCH_PORT = 9260
BATCH = 200
CONFIG = DedupConfig()
NOW = datetime(2025, 7, 9, tzinfo=UTC)


def seed_articles(n: int, rng: random.Random) -> list[Article]:
    """N distinct articles shaped like the seeds (paragraphs shuffled, a unique line)."""
    bases = [
        identify(
            extract(
                RawDocument(origin=str(p), kind=DocumentKind.PLAIN_TEXT, payload=p.read_text())
            ),
            ingested_at=NOW,
        )
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    out = []
    for i in range(n):
        base = bases[i % len(bases)]
        paragraphs = base.text.split("\n")
        rng.shuffle(paragraphs)
        text = "\n".join([*paragraphs, f"Generated article {i} of the dedup benchmark."])
        out.append(base.model_copy(update={"id": f"bench{i:08d}", "text": text}))
    return out


def bench_fingerprinting(articles: list[Article]) -> tuple[float, float]:
    start = time.perf_counter()
    for article in articles:
        fingerprint(article, CONFIG)
    seconds = time.perf_counter() - start
    words = statistics.mean(a.word_count for a in articles)
    return len(articles) / seconds, words


def synthetic(i: int, rng: np.random.Generator, near: Fingerprint | None = None) -> Fingerprint:
    """A random stored signature, or a near copy of ``near`` (10% of positions changed)."""
    if near is None:
        sig = rng.integers(0, 1 << 32, size=CONFIG.num_perm, dtype=np.uint64).astype(np.uint32)
    else:
        sig = minhash.from_bytes(near.signature).copy()
        changed = rng.choice(CONFIG.num_perm, size=CONFIG.num_perm // 10, replace=False)
        sig[changed] = rng.integers(0, 1 << 32, size=changed.size, dtype=np.uint64)
    return Fingerprint(
        article_id=f"syn{i:09d}",
        exact_key=f"{rng.integers(1 << 62):064x}",
        lead_key=f"{rng.integers(1 << 62):064x}",
        signature=minhash.to_bytes(sig),
        shingles=800,
        band_keys=minhash.band_keys(sig, CONFIG.bands, CONFIG.rows),
        published_at=None,
        words=900,
    )


def _actions(index: str, start: int, stop: int, seed: int) -> Iterator[dict[str, object]]:
    rng = np.random.default_rng(seed)
    for i in range(start, stop):
        fp = synthetic(i, rng)
        yield {
            "_index": index,
            "_id": sig_id(fp.article_id),
            "_source": {
                "kind": "sig",
                "article": fp.article_id,
                "exact": fp.exact_key,
                "lead": fp.lead_key,
                "sig": base64.b64encode(fp.signature).decode("ascii"),
                "shingles": fp.shingles,
                "at": i,
            },
        }
        for key in fp.claim_keys:
            yield {
                "_index": index,
                "_id": claim_id(key),
                "_source": {"kind": "claim", "owner": fp.article_id},
            }


def grow(client: Elasticsearch, index: str, start: int, stop: int) -> float:
    """Store signatures start..stop; returns documents per second."""
    begin = time.perf_counter()
    docs = 0
    for ok, _info in helpers.parallel_bulk(
        client, _actions(index, start, stop, seed=start), chunk_size=5000, thread_count=2
    ):
        docs += ok
    client.indices.refresh(index=index)
    return docs / (time.perf_counter() - begin)


def near_copies(client: Elasticsearch, index: str, stored: int, count: int) -> list[Fingerprint]:
    """Near copies of stored signatures, read back from the state index."""
    rng = np.random.default_rng(stored)
    ids = [sig_id(f"syn{int(j):09d}") for j in rng.choice(stored, size=count, replace=False)]
    docs = client.mget(index=index, ids=ids)["docs"]
    out = []
    for k, doc in enumerate(docs):
        src = doc["_source"]
        base = Fingerprint(
            src["article"],
            src["exact"],
            src["lead"],
            base64.b64decode(src["sig"]),
            800,
            (),
            None,
            0,
        )
        out.append(synthetic(2 * 10**9 + stored + k, rng, near=base))
    return out


def bench_lookups(client: Elasticsearch, index: str, batch: list[Fingerprint]) -> tuple[float, int]:
    """One batch's candidate lookup: claims, then the owners' signatures. (seconds, hits)"""
    start = time.perf_counter()
    ids = [claim_id(k) for fp in batch for k in fp.claim_keys]
    found = client.mget(index=index, ids=ids, realtime=True)["docs"]
    owners = {d["_source"]["owner"] for d in found if d.get("found")}
    if owners:
        client.mget(index=index, ids=[sig_id(o) for o in owners], realtime=True)
    return time.perf_counter() - start, len(owners)


def measure(client: Elasticsearch, index: str, stored: int, rounds: int) -> dict[str, float]:
    rng = np.random.default_rng(stored + 1)
    batch_s, hits = [], 0
    for r in range(rounds):
        new = [synthetic(3 * 10**9 + stored + r * BATCH + i, rng) for i in range(BATCH // 2)]
        batch = new + near_copies(client, index, stored, BATCH // 2)
        seconds, found = bench_lookups(client, index, batch)
        batch_s.append(seconds)
        hits += found
    single = []
    for _ in range(50):
        one = [synthetic(4 * 10**9 + stored, rng)]
        single.append(bench_lookups(client, index, one)[0])
    store = EsStateStore(client, index, BulkPolicy())
    fresh = [synthetic(5 * 10**9 + stored + i, rng) for i in range(BATCH)]
    start = time.perf_counter()
    decide_batch(store, fresh, CONFIG, now=datetime.now(UTC))
    decide_s = time.perf_counter() - start
    return {
        "stored": stored,
        "lookup_articles_per_s": round(BATCH * rounds / sum(batch_s), 1),
        "lookup_ms_per_batch": round(1000 * statistics.median(batch_s), 1),
        "lookup_ms_one_article": round(1000 * statistics.median(single), 2),
        "near_copies_found": hits,
        "decide_articles_per_s": round(BATCH / decide_s, 1),
        "segments": len(client.cat.segments(index=index, format="json")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--articles", type=int, default=1000, help="fingerprinted articles")
    parser.add_argument("--rounds", type=int, default=10, help="lookup batches per size")
    args = parser.parse_args()
    rate, words = bench_fingerprinting(seed_articles(args.articles, random.Random(7)))
    print(f"machine: {os.cpu_count()} cores")
    print(f"fingerprinting: {rate:,.0f} articles/s ({words:,.0f} words each on average)")
    with es_node(BENCH_PORT) as url:
        client = make_client(EsConfig(url=url, request_timeout_s=120))
        alias = f"bench-dedup-{uuid.uuid4().hex[:8]}"
        index = setup_state_index(client, alias, CONFIG)
        try:
            header = ("stored", "load docs/s", "lookups/s", "ms/batch", "ms/article", "decide/s")
            print("{:>9} {:>12} {:>10} {:>9} {:>11} {:>9}".format(*header))
            have = 0
            for size in sorted(args.sizes):
                load = grow(client, index, have, size)
                have = size
                r = measure(client, index, size, args.rounds)
                print(
                    f"{size:>9,} {load:>12,.0f} {r['lookup_articles_per_s']:>10,.0f} "
                    f"{r['lookup_ms_per_batch']:>9} {r['lookup_ms_one_article']:>11} "
                    f"{r['decide_articles_per_s']:>9,.0f}",
                    flush=True,
                )
                print(json.dumps(r))
        finally:
            client.indices.delete(index=index, ignore_unavailable=True)
            client.close()


if __name__ == "__main__":
    main()
