"""Benchmark: the whole pipeline against the limits it is held to, in one run.

    python -m tests.benchmarks.bench_replay [--sizes 1000 10000] [--ner-sizes 1000 2000]
        [--workers 1 2] [--profile 1000]

For each N it writes N plain-text articles made from the seeds (paragraphs
shuffled, a third of the words replaced, so every text is its own story) and
replays them with the same code path as `newsflow replay`, in a child process
whose tree (driver and worker processes) is sampled for peak RSS. Then:

- NER off (``--sizes``): the very documents the replay produced are bulk-indexed
  with ``elasticsearch.helpers.bulk`` into a fresh index: the ceiling of what
  indexing alone costs;
- NER on (``--ner-sizes``, fewer articles: NER is the slowest stage): the spaCy
  model alone over the texts the pipeline gives it (English ones), with
  ``nlp.pipe(n_process=<cores>)``, in a child process: the ceiling of NER alone;
- ``--profile N``: the per-stage breakdown (``profile_stages``), in a child.

Every replay is run once per ``--workers`` count (default: one per core), so a
before/after on a busy machine is measured side by side. Prints articles/s, the
ceilings, the ratios, the load average, and peak RSS of every process. Uses
NEWSFLOW_ES_URL if set, otherwise starts the local node on port 9260.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from elasticsearch import helpers
from wordfreq import top_n_list

from connectors.elasticsearch import EsConfig, make_client, setup_index
from pipeline.app.workers import default_workers
from tests.benchmarks.process_tree import TreeSampler
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
    """Runs in a child process: one replay and its wall time."""
    from connectors.deadletter import DeadLetterConfig
    from pipeline.app.assembly import ReplaySpec
    from pipeline.app.memory import cap_malloc_arenas
    from pipeline.app.replay import run_replay
    from pipeline.entities import EntityConfig

    cap_malloc_arenas()  # as `newsflow replay` does
    spec = ReplaySpec(
        path=path,
        es=EsConfig(url=url, index=index),
        dead_letter=DeadLetterConfig(path=dead_letter),
        entities=EntityConfig(ner=ner),
    )
    start = time.perf_counter()
    summary = run_replay(spec, show_progress=False, workers=workers)
    return {
        "seconds": time.perf_counter() - start,
        "indexed": summary.counts.indexed,
        "duplicate": summary.counts.duplicate,
        "dead_lettered": summary.counts.dead_lettered,
    }


def ner_alone_child(folder: str, processes: int) -> dict[str, float]:
    """Runs in a child process: the NER model alone, ``nlp.pipe(n_process=...)``, over
    the texts the pipeline gives it (read, extracted, identified; English only)."""
    import importlib
    from datetime import UTC, datetime

    from pipeline.entities import EntityConfig
    from pipeline.entities.ner import _UNUSED_COMPONENTS, MAX_NER_CHARS, chunks
    from pipeline.entities.ner_ru import RUSSIAN_MODEL
    from pipeline.stages.fallback import extract_with_fallback
    from pipeline.stages.identify import identify
    from tests.benchmarks.profile_stages import _read

    config = EntityConfig()
    now = datetime.now(UTC)
    articles = [identify(extract_with_fallback(r), ingested_at=now) for r in _read(Path(folder))]
    english = next(name for name in config.ner_models if name != RUSSIAN_MODEL)
    nlp = importlib.import_module(english).load(exclude=list(_UNUSED_COMPONENTS))
    # the pieces the stage gives the model (``NerModel.spans``)
    english_texts = [a.text for a in articles if a.language == nlp.lang]
    pieces = [piece for text in english_texts for _, piece in chunks(text[:MAX_NER_CHARS])]
    start = time.perf_counter()
    for _ in nlp.pipe(pieces, batch_size=config.ner_batch_size, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "docs": len(english_texts), "articles": len(articles)}


def _child(args: list[str]) -> tuple[dict[str, float], str]:
    """Run ``bench_replay`` with ``args`` in a child process; its JSON result and the
    peak RSS of its whole process tree."""
    command = [sys.executable, "-m", "tests.benchmarks.bench_replay", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    )
    sampler = TreeSampler(process.pid)
    out, err = process.communicate()
    peaks = sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {err.strip()[-2000:]}")
    return json.loads(out.strip().splitlines()[-1]), peaks.line()


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def measure(n: int, url: str, ner: bool, workers: int, folder: Path) -> dict[str, Any]:
    """One replay of the articles in ``folder``; NER off: against helpers.bulk."""
    client = make_client(EsConfig(url=url))
    index = f"bench-{uuid.uuid4().hex[:8]}"
    ceiling_index = f"{index}-ceiling"
    load_before = _load()
    try:
        with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
            replay, rss = _child(
                [
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
                ]
            )
        ok, ceiling_s = 0, 0.0
        if not ner:
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
    return {
        "n": n,
        "workers": workers,
        "ner": ner,
        "indexed": replay["indexed"],
        "duplicate": replay["duplicate"],
        "dead_lettered": replay["dead_lettered"],
        "replay_s": round(replay["seconds"], 2),
        "articles_per_s": round(replay["indexed"] / replay["seconds"], 1),
        "bulk_docs_per_s": round(ok / ceiling_s, 1) if ceiling_s else None,
        "rss": rss,
        "load": f"{load_before} -> {_load()}",
    }


def ner_alone(folder: Path, processes: int) -> dict[str, Any]:
    result, rss = _child(["--ner-alone", str(folder), "--processes", str(processes)])
    return {
        "docs_per_s": round(result["docs"] / result["seconds"], 1),
        "english": result["docs"],
        "articles": result["articles"],
        "rss": rss,
    }


def _ner_off(sizes: list[int], url: str, workers: list[int]) -> None:
    print("\nNER off: the pipeline against helpers.bulk of the same documents")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="newsflow-articles-") as tmp:
            generate(n, Path(tmp))
            for count in workers:
                r = measure(n, url, ner=False, workers=count, folder=Path(tmp))
                rate, ceiling = float(r["articles_per_s"]), float(r["bulk_docs_per_s"] or 0)
                ratio = rate / ceiling if ceiling else 0.0
                _row(r, f"bulk {ceiling:.1f} docs/s; ratio {ratio:.3f}")


def _row(r: dict[str, Any], against: str) -> None:
    print(
        f"  N={r['n']:>6} workers={r['workers']}: {r['articles_per_s']:>6} articles/s "
        f"({r['replay_s']} s, indexed {r['indexed']}, dead-lettered {r['dead_lettered']}); "
        f"{against}; {r['load']}\n      peak RSS {r['rss']}",
        flush=True,
    )
    print(json.dumps(r), file=sys.stderr)


def _ner_on(sizes: list[int], url: str, workers: list[int]) -> None:
    cores = default_workers()
    print(f"\nNER on: the pipeline against the NER model alone, nlp.pipe(n_process={cores})")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="newsflow-articles-") as tmp:
            generate(n, Path(tmp))
            alone = ner_alone(Path(tmp), cores)
            print(
                f"  N={n:>6} NER alone: {alone['docs_per_s']} docs/s over the "
                f"{alone['english']} English texts of {alone['articles']}; {_load()}\n"
                f"      peak RSS {alone['rss']}",
                flush=True,
            )
            for count in workers:
                r = measure(n, url, ner=True, workers=count, folder=Path(tmp))
                rate = float(r["articles_per_s"])
                # The pipeline's rate counts every article, NER's only the English ones:
                # compare time per English text, the work NER does in both.
                english_rate = rate * int(alone["english"]) / int(alone["articles"])
                ratio = english_rate / float(alone["docs_per_s"])
                _row(r, f"ratio {ratio:.3f} of NER alone")


def _breakdown(n: int, url: str) -> None:
    print(f"\nPer-stage breakdown (profile_stages, {n} articles, one process)", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.profile_stages", "--n", str(n)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "NEWSFLOW_ES_URL": url},
        check=True,
    )
    print("\n".join(f"  {line}" for line in done.stdout.strip().splitlines()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--ner-sizes", type=int, nargs="*", default=[1000, 2000])
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[default_workers()],
        help="worker processes for the replays; several values: one replay each",
    )
    parser.add_argument("--profile", type=int, default=1000, help="0: no stage breakdown")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--ner-alone", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    parser.add_argument("--dead-letter", help=argparse.SUPPRESS)
    parser.add_argument("--ner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child = replay_child(
            args.child, args.url, args.index, args.dead_letter, args.ner, args.workers[0]
        )
        print(json.dumps(child))
        return
    if args.ner_alone:
        print(json.dumps(ner_alone_child(args.ner_alone, args.processes)))
        return
    with es_node(BENCH_PORT) as url:
        print(
            f"machine: {os.cpu_count()} cores, Elasticsearch at {url} on the same machine; "
            f"{_load()} at the start; {time.strftime('%Y-%m-%d %H:%M %Z')}",
            flush=True,
        )
        _ner_off(args.sizes, url, args.workers)
        _ner_on(args.ner_sizes, url, args.workers)
        if args.profile:
            _breakdown(args.profile, url)


if __name__ == "__main__":
    main()
