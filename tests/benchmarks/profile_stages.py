"""Where an article's time goes: every stage's cost in ms/article, measured alone.

    python -m tests.benchmarks.profile_stages [--n 500] [--no-ner]

Generates N seed-like articles (``bench_replay.generate``: the benchmark's own
corpus) and runs each stage's pure function over all of them, one stage after the
other, timing each stage as a whole: read (file bytes -> RawDocument), extract,
identify, dedup fingerprint, dedup state (``decide_batch`` against the real node, in
the pipeline's batches), KB linking, NER (the spaCy model over the same texts) and
the sink (``write_bulk`` into the real node). One process, one core: the breakdown
says what each article costs, not how fast a run on all cores is (``make bench``).

Also counts the Elasticsearch documents the dedup state wrote per article, the
write amplification a cluster pays for race-free deduplication.
Uses NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9259.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from connectors.dedupstate import EsStateStore, setup_state_index
from connectors.elasticsearch import BulkPolicy, EsConfig, make_client, setup_index
from connectors.elasticsearch.bulk import EncodedDoc, write_bulk
from connectors.files.decode import decode_text
from connectors.files.parse import parse_file
from pipeline.dedup.config import DEFAULT_BANDS, DEFAULT_ROWS, DedupConfig
from pipeline.dedup.fingerprint import Fingerprinter
from pipeline.dedup.protocol import decide_batch
from pipeline.entities import EntityConfig
from pipeline.entities.stage import EntityStage
from pipeline.stages.fallback import extract_with_fallback
from pipeline.stages.identify import identify
from schemas import RawDocument
from tests.benchmarks.bench_replay import generate
from tests.support.es import drop_alias, es_node

PROFILE_PORT = 9259
T = TypeVar("T")
R = TypeVar("R")


def _timed(rows: list[tuple[str, float]], name: str, n: int, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    rows.append((name, (time.perf_counter() - start) * 1000 / n))
    return result


def _each(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    return [fn(item) for item in items]


def _batches(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _read(folder: Path) -> list[RawDocument]:
    docs: list[RawDocument] = []
    for path in sorted(folder.iterdir()):
        parsed = parse_file(str(path), decode_text(path.read_bytes(), str(path)))
        docs += [d for d in parsed if isinstance(d, RawDocument)]
    return docs


def profile(
    n: int, url: str, ner: bool, dedup: DedupConfig
) -> tuple[list[tuple[str, float]], dict[str, Any]]:
    rows: list[tuple[str, float]] = []
    now = datetime.now(UTC)
    client = make_client(EsConfig(url=url))
    alias = f"bench-profile-{uuid.uuid4().hex[:8]}"
    try:
        with tempfile.TemporaryDirectory(prefix="newsflow-profile-") as tmp:
            folder = Path(tmp)
            generate(n, folder)
            raw = _timed(rows, "read", n, lambda: _read(folder))
        extracted = _timed(rows, "extract", n, lambda: _each(extract_with_fallback, raw))
        articles = _timed(
            rows, "identify", n, lambda: [identify(e, ingested_at=now) for e in extracted]
        )
        prints = _timed(rows, "dedup fingerprint", n, lambda: _each(Fingerprinter(dedup), articles))
        state_index = setup_state_index(client, alias, dedup)
        store = EsStateStore(client, state_index, BulkPolicy())
        _timed(
            rows,
            "dedup state",
            n,
            lambda: [
                decide_batch(store, [p.fingerprint for p in batch], dedup, now=now)
                for batch in _batches(prints, dedup.batch_size)
            ],
        )
        client.indices.refresh(index=state_index)
        state_docs = int(client.count(index=state_index)["count"])
        stats = client.indices.stats(index=state_index, metric="store")
        state_bytes = int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
        kb_stage = EntityStage(EntityConfig(ner=False))
        linked = _timed(
            rows, "KB linking", n, lambda: [a for b in _batches(articles, 64) for a in kb_stage(b)]
        )
        if ner:
            models = EntityStage(EntityConfig(ner=True)).ner  # language -> model
            by_language = [
                (model, [a.text for a in articles if a.language == language])
                for language, model in models.items()
            ]
            _timed(
                rows,
                "NER (models alone, each on its language)",
                n,
                lambda: [m.spans(texts, 64) for m, texts in by_language if texts],
            )
        setup_index(client, alias)
        docs = [EncodedDoc.of(a) for a in linked]
        _timed(rows, "sink", n, lambda: write_bulk(client, alias, docs, BulkPolicy()))
    finally:
        drop_alias(client, alias)
        client.close()
    return rows, {
        "articles": len(articles),
        "dedup_state_docs_per_article": state_docs / n,
        "dedup_state_bytes_per_article": state_bytes / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--no-ner", action="store_true", help="skip the NER row")
    parser.add_argument("--bands", type=int, default=DEFAULT_BANDS, help="dedup LSH bands")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="dedup rows per band")
    args = parser.parse_args()
    dedup = DedupConfig(bands=args.bands, rows=args.rows)
    with es_node(PROFILE_PORT) as url:
        rows, extra = profile(args.n, url, not args.no_ner, dedup)
    total = sum(ms for _name, ms in rows)
    print(
        f"machine: {os.cpu_count()} cores; {args.n} generated articles; one process; "
        f"dedup signature {dedup.shape}"
    )
    print(f"{'stage':<20} {'ms/article':>10} {'share':>6}")
    for name, ms in rows:
        print(f"{name:<20} {ms:>10.2f} {ms / total:>6.1%}")
    print(f"{'total':<20} {total:>10.2f}")
    docs, size = extra["dedup_state_docs_per_article"], extra["dedup_state_bytes_per_article"]
    print(f"dedup state: {docs:.1f} Elasticsearch documents/article, {size:.0f} bytes/article")


if __name__ == "__main__":
    main()
