"""Benchmark: what the ``entity_names`` field costs in the index, and its query latency.

    python -m tests.benchmarks.bench_entity_names --es-url URL [--repeat 20]

Replays the five seeds and the 80 Fundus news pages (NER off, as by default in tests)
into an index, copies it into a second index without ``entity_names`` (same template),
force-merges both, and prints their store sizes and the median latency of a plain
query-string search (what Kibana sends: every field) for 50 spellings of the linked
entities on both, and on the text field alone. Both run in the same
run, on the same node, so the ratios hold on a busy machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig, make_client, setup_index
from pipeline.app.assembly import ReplaySpec, build_replay
from pipeline.entities import EntityConfig
from schemas.templates import versioned_index
from tests.quality.real_pages import pages

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ALIAS = "bench-entity-names"


def _replay(es: EsConfig, folder: Path, work: Path) -> None:
    spec = ReplaySpec(
        path=str(folder),
        es=es,
        dead_letter=DeadLetterConfig(path=str(work / "dead.jsonl")),
        entities=EntityConfig(ner=False),
    )
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_replay(pipeline, spec, lambda: datetime.now(UTC))
    pipeline.run().wait_until_finish()


def _median_ms(
    client: Elasticsearch, index: str, queries: list[str], field: str | None, n: int, size: int
) -> float:
    times = []
    for _ in range(n):
        for q in queries:
            body = {"query": q} if field is None else {"query": q, "default_field": field}
            started = time.perf_counter()
            client.search(index=index, query={"query_string": body}, size=size)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--es-url", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    client = make_client(EsConfig(url=args.es_url))
    client.indices.delete(index=f"{ALIAS}-v*", ignore_unavailable=True)
    setup_index(client, ALIAS)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        folder = work / "pages"
        folder.mkdir()
        for seed in SEEDS.glob("*.txt"):
            (folder / seed.name).write_bytes(seed.read_bytes())
        for i, text in enumerate(pages().values()):
            (folder / f"fundus_{i:02d}.txt").write_text(text, "utf-8")
        _replay(EsConfig(url=args.es_url, index=ALIAS), folder, work)
    full = versioned_index(ALIAS)
    bare = f"{full}-without-names"
    client.indices.refresh(index=full)
    for hit in client.search(index=full, size=1000)["hits"]["hits"]:  # this node has no _reindex
        source = {k: v for k, v in hit["_source"].items() if k != "entity_names"}
        client.index(index=bare, id=hit["_id"], document=source)
    for index in (full, bare):
        client.indices.forcemerge(index=index, max_num_segments=1)
    client.indices.refresh(index=[full, bare])
    sizes = {
        i: client.indices.stats(index=i)["indices"][i]["primaries"]["store"]["size_in_bytes"]
        for i in (full, bare)
    }
    docs = client.count(index=full)["count"]
    names = [
        n
        for hit in client.search(index=full, size=100, source=["entity_names"])["hits"]["hits"]
        for n in hit["_source"].get("entity_names", [])
    ]
    queries = random.Random(12).sample(sorted(set(names)), min(50, len(set(names))))
    with_names = _median_ms(client, full, queries, None, args.repeat, 10)
    all_without = _median_ms(client, bare, queries, None, args.repeat, 10)
    text_only = _median_ms(client, bare, queries, "text", args.repeat, 10)
    match_only = [_median_ms(client, i, queries, None, args.repeat, 0) for i in (full, bare)]
    print(f"documents: {docs}; entity_names values: {len(names)}")
    print(f"store with entity_names: {sizes[full] / 2**20:.2f} MiB")
    print(f"store without: {sizes[bare] / 2**20:.2f} MiB (ratio {sizes[full] / sizes[bare]:.3f})")
    print(
        f"query_string median (Kibana: every field), with entity_names: {with_names:.2f} ms, "
        f"without: {all_without:.2f} ms (ratio {with_names / all_without:.2f}); "
        f"text field only, without: {text_only:.2f} ms"
    )
    print(
        f"the same, counting hits only (no documents fetched): {match_only[0]:.2f} ms with, "
        f"{match_only[1]:.2f} ms without (ratio {match_only[0] / match_only[1]:.2f})"
    )
    client.indices.delete(index=bare)
    client.indices.delete(index=full)
    client.close()


if __name__ == "__main__":
    main()
