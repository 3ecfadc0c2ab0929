"""Benchmark: names + entity linking throughput, with and without NER, and memory.

    python -m tests.benchmarks.bench_entities [--articles 500] [--kb-size 100000]

Each measurement runs in a child process, so its peak RSS is its own:

1. KB linking only, starter KB (the KB before the gazetteer): normalisation +
   automaton + fuzzy + coreference;
2. KB linking only, full KB: the starter KB plus the compiled open-data gazetteer
   (GeoNames, ISO 3166, CLDR) as the stage runs by default; "build s" is the load of
   the compiled artifact (compiled beforehand, as ``make kb`` does);
3. the full KB with spaCy NER on (``nlp.pipe`` batches);
4. KB linking with the starter KB plus N synthetic entities (two aliases each, names
   drawn from syllables of the region's names): build time, articles/s, peak RSS.

Articles are the five seeds' texts, repeated. No Elasticsearch is involved. Rows 1
and 2 are measured in the same run, so their ratio holds on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from pipeline.entities import EntityConfig, EntityStage, KbEntity, KnowledgeBase, starter_kb
from pipeline.entities.compiled import artifact_path, artifact_version, build_artifact
from schemas import EntityType

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_SYLLABLES = [
    "ka",
    "ra",
    "ba",
    "gh",
    "za",
    "lin",
    "sk",
    "ov",
    "ev",
    "an",
    "ur",
    "gr",
    "oz",
    "ni",
    "mi",
    "ha",
    "il",
    "am",
    "al",
    "ye",
    "ter",
    "in",
    "burg",
    "sh",
    "ch",
    "dz",
]
_TYPES = (EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION)


def synthetic_kb(size: int, seed: int = 7) -> KnowledgeBase:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    extra = [
        KbEntity(
            id=f"syn:{i}",
            type=_TYPES[i % 3],
            name=f"{word()} {word()}" if i % 3 == 0 else word(),
            aliases=(word(), f"{word()} {word()}"),
            country="XX",
        )
        for i in range(size)
    ]
    return starter_kb().plus(extra)


def _texts(count: int) -> list[str]:
    seeds = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [seeds[i % len(seeds)] for i in range(count)]


def measure(mode: str, articles: int, kb_size: int) -> dict[str, object]:
    started = time.perf_counter()
    kb = synthetic_kb(kb_size) if mode == "big-kb" else starter_kb()
    config = EntityConfig(ner=mode == "ner", gazetteer=mode in ("full-kb", "ner"))
    stage = EntityStage(config, kb=kb)
    built = time.perf_counter() - started
    texts = _texts(articles)
    stage.mentions(texts[:5])  # warm caches and the model
    started = time.perf_counter()
    for batch in range(0, len(texts), 16):
        stage.mentions(texts[batch : batch + 16])
    elapsed = time.perf_counter() - started
    return {
        "mode": mode,
        "kb_entities": len(kb) + len(stage.linker.gazetteer or ()),
        "articles": articles,
        "build_s": round(built, 2),
        "articles_per_s": round(articles / elapsed, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _child(mode: str, articles: int, kb_size: int) -> dict[str, object]:
    command = [sys.executable, "-m", "tests.benchmarks.bench_entities", "--child", mode]
    command += ["--articles", str(articles), "--kb-size", str(kb_size)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--ner-articles", type=int, default=100)
    parser.add_argument("--kb-size", type=int, default=100_000)
    parser.add_argument(
        "--child", choices=["kb", "full-kb", "ner", "big-kb"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.articles, args.kb_size)))
        return
    artifact = artifact_path(EntityConfig().kb_cache_dir, artifact_version())
    if not artifact.exists():
        print(f"compiling the gazetteer first (make kb): {build_artifact(artifact.parent)}")
    runs = [
        _child("kb", args.articles, 0),
        _child("full-kb", args.articles, 0),
        _child("ner", args.ner_articles, 0),
        _child("big-kb", args.articles, args.kb_size),
    ]
    header = ("mode", "KB entities", "articles", "build s", "art/s", "peak MiB")
    print(f"{header[0]:8} " + " ".join(f"{h:>11}" for h in header[1:]))
    for r in runs:
        values = (r["kb_entities"], r["articles"], r["build_s"], r["articles_per_s"])
        print(f"{r['mode']!s:8} " + " ".join(f"{v!s:>11}" for v in (*values, r["peak_rss_mib"])))
    ratio = float(str(runs[1]["articles_per_s"])) / float(str(runs[0]["articles_per_s"]))
    print(f"full KB / starter KB linking speed: {ratio:.2f}")
    print(f"compiled gazetteer: {artifact.stat().st_size / 2**20:.1f} MiB ({artifact})")


if __name__ == "__main__":
    main()
