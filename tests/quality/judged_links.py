"""Links the entity stage stores for real pages in several languages, with default
settings (KB, gazetteer and NER), and their precision as judged by hand.

    python -m tests.quality.judged_links            # precision of the judged links
    python -m tests.quality.judged_links --sample   # draw the sample to judge (JSON Lines)

Pages: the 80 English news bodies of the Fundus evaluation set
(tests/fixtures/entities/fundus/) and the 166 pages of Fundus' parser tests from
publishers in 41 countries (tests/fixtures/eval/fundus-multilingual/), both MIT. The
stage links each body with its language detected as it is in the pipeline.

The sample is drawn with a fixed seed (the links of lowest seeded hash, so a change
that adds or removes some links leaves the others' draw as it was), uniformly within
each stratum (what the KB
links and what NER adds, in each language; at most ``PER_STRATUM`` links of each), so
that every language and both groups are judged; a precision over several strata
weights each stratum's precision by its share of all links made (a stratified
estimate).
tests/fixtures/entities/links_judged.jsonl holds the verdicts (``ok``; ``why`` for the
wrong ones), keyed by page, offset and entity id.

``--pages trafilatura`` measures a second set of pages instead, drawn and judged after
the entity rules were written (2026-12-07): the 201 German, Austrian, Swiss, Latin
American, French, Italian and English news and blog pages of trafilatura's evaluation
data (tests/fixtures/eval/trafilatura-evaldata/, Apache-2.0), bodies extracted by the
pipeline's own extraction (the set has no gold bodies); verdicts in
tests/fixtures/entities/links_judged_trafilatura.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.entities import EntityConfig, EntityStage
from pipeline.stages.identify import detect_language
from tests.quality.real_pages import link_record

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
ENGLISH = ROOT / "entities" / "fundus" / "ground_truth.json"
MULTILINGUAL = ROOT / "eval" / "fundus-multilingual" / "gold.json"
JUDGED = ROOT / "entities" / "links_judged.jsonl"
SEED = 2026
PER_STRATUM = 20
# The stratum with the most links and the least precision gets a larger sample.
LARGER_STRATA = {"ner:en": 50}
CONTEXT_CHARS = 70


def fundus_pages() -> dict[str, str]:
    """Page name -> body text (paragraphs joined by blank lines)."""
    found: dict[str, str] = {}
    for path, prefix in ((ENGLISH, "fundus/"), (MULTILINGUAL, "multilingual/")):
        data: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
        for name, page in data.items():
            body = page["body"]
            text = "\n\n".join(body) if isinstance(body, list) else str(body)
            if text.strip():
                found[prefix + name] = text
    return found


def extracted_pages(eval_set: str, prefix: str) -> dict[str, str]:
    """The bodies newsflow's extraction finds in the pages of an extraction evaluation
    set (``tests/fixtures/eval/``)."""
    from tests.benchmarks.eval_extraction import load, newsflow_text

    found = {}
    for page in load(eval_set):
        text = newsflow_text(page)
        if text.strip():
            found[prefix + page.name] = text
    return found


@dataclass(frozen=True)
class PageSet:
    """Pages to link (name -> body text), where their verdicts are, and the larger
    strata of their sample."""

    name: str
    pages: Callable[[], dict[str, str]]
    judged: Path
    larger: dict[str, int]


FUNDUS = PageSet("fundus", fundus_pages, JUDGED, LARGER_STRATA)
# German KB links are most of this set's links (520 of 854 when drawn).
TRAFILATURA = PageSet(
    "trafilatura",
    partial(extracted_pages, "trafilatura-evaldata", "trafilatura/"),
    ROOT / "entities" / "links_judged_trafilatura.jsonl",
    {"kb:de": 60, "ner:en": 40, "kb:en": 30, "kb:es": 30},
)
# English links are most of this set's links.
READABILITY = PageSet(
    "readability",
    partial(extracted_pages, "readability-testpages", "readability/"),
    ROOT / "entities" / "links_judged_readability.jsonl",
    {"kb:en": 50, "ner:en": 50},
)
GOOSE3 = PageSet(
    "goose3",
    partial(extracted_pages, "goose3-testpages", "goose3/"),
    ROOT / "entities" / "links_judged_goose3.jsonl",
    {"kb:en": 40, "ner:en": 40},
)
# Drawn and judged on 2026-12-07 before any rule changed for it.
NEWSPAPER = PageSet(
    "newspaper",
    partial(extracted_pages, "newspaper-testpages", "newspaper/"),
    ROOT / "entities" / "links_judged_newspaper.jsonl",
    {"kb:en": 40, "ner:en": 40},
)
PAGE_SETS = {s.name: s for s in (FUNDUS, TRAFILATURA, READABILITY, GOOSE3, NEWSPAPER)}


def links(stage: EntityStage, page_set: PageSet = FUNDUS) -> list[dict[str, Any]]:
    """One record per link the stage makes: page, language, surface, entity, method,
    and the text around it."""
    texts = page_set.pages()
    records = []
    for name, text in texts.items():
        language = detect_language(text) or "?"
        for m in stage.mentions([text])[0]:
            records.append({**link_record(name, text, m, CONTEXT_CHARS), "language": language})
    return records


def group(record: dict[str, Any]) -> str:
    """ "ner" for what the NER models add (provisional ids, and KB names found through
    an inflected form), "kb" for the KB and gazetteer's own links."""
    if record["id"].startswith("new:") or record["method"] == "lemma":
        return "ner"
    return "kb"


def stratum(record: dict[str, Any]) -> str:
    return f"{group(record)}:{record['language']}"


def sample(
    records: list[dict[str, Any]], per_stratum: int = PER_STRATUM, page_set: PageSet = FUNDUS
) -> list[dict[str, Any]]:
    """Uniformly within each (group, language), at most ``per_stratum`` links of each
    (more in the page set's larger strata)."""
    strata: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        strata[stratum(r)].append(r)
    chosen = []
    for name in sorted(strata):
        ranked = sorted(strata[name], key=_draw)
        chosen.extend(ranked[: page_set.larger.get(name, per_stratum)])
    return chosen


def _draw(record: dict[str, Any]) -> str:
    """A link's place in a seeded random order of its stratum (the k first are a uniform
    sample), fixed by the link itself: links that come or go leave the rest in place."""
    key = f"{SEED}:{record['page']}:{record['start']}:{record['id']}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def judged(page_set: PageSet = FUNDUS) -> dict[tuple[str, int, str], dict[str, Any]]:
    verdicts = {}
    for line in page_set.judged.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            verdicts[(record["page"], record["start"], record["id"])] = record
    return verdicts


@dataclass(frozen=True)
class Precision:
    """Judged-right / judged links, per stratum; ``overall`` weights the languages."""

    right: dict[str, int]
    seen: dict[str, int]
    estimate: dict[str, float]  # "all", "kb", "ner", "lang:en", "kb:en": stratified
    unjudged: int
    wrong: list[dict[str, Any]]


def precision(
    records: list[dict[str, Any]], own_sample: bool = False, page_set: PageSet = FUNDUS
) -> Precision:
    """Among the links made now, those judged: right/seen per language, per group
    (kb/ner) and in all; links made now that were judged wrong are listed.
    ``own_sample``: only the judged links of these records' own sample (``sample``),
    the unbiased estimate for this run; else every judged link made now (which holds
    up when linking changes a little and the sample is drawn anew)."""
    verdicts = judged(page_set)
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    made: Counter[str] = Counter(stratum(r) for r in records)
    unjudged = 0
    wrong = []
    for r in sample(records, page_set=page_set) if own_sample else records:
        verdict = verdicts.get((r["page"], r["start"], r["id"]))
        if verdict is None:
            unjudged += 1
            continue
        ok = bool(verdict["ok"])
        if not ok:
            wrong.append(verdict)
        for what in (f"lang:{r['language']}", group(r), stratum(r), "all"):
            seen[what] += 1
            right[what] += ok
    estimates = {
        what: _weighted(made, right, seen, lambda s, w=what: _in(s, w))
        for what in {*seen, *(f"lang:{lang}" for lang in {s.split(":")[1] for s in made})}
    }
    return Precision(dict(right), dict(seen), estimates, unjudged, wrong)


def _in(stratum_name: str, what: str) -> bool:
    """Is the stratum "kb:en" part of "all", "kb", "lang:en" or "kb:en"?"""
    kind, language = stratum_name.split(":")
    return what in ("all", kind, f"lang:{language}", stratum_name)


def _weighted(made: Counter[str], right: Counter[str], seen: Counter[str], inside: Any) -> float:
    """Precision over the strata ``inside`` accepts, each weighted by its links made."""
    strata = [s for s in made if inside(s) and seen[s]]
    total = sum(made[s] for s in strata)
    if not total:
        return 1.0
    return sum(made[s] / total * right[s] / seen[s] for s in strata)


def report(
    records: list[dict[str, Any]], own_sample: bool = True, page_set: PageSet = FUNDUS
) -> list[str]:
    result = precision(records, own_sample, page_set)
    made = Counter(stratum(r) for r in records)
    lines = [
        f"real pages ({page_set.name}): {len(records)} links on "
        f"{len({r['page'] for r in records})} pages with links; judged links of "
        + ("this run's own sample" if own_sample else "every judged link made")
    ]
    for what in sorted(result.seen, key=lambda w: (w.count(":"), w)):
        count = sum(n for s, n in made.items() if _in(s, what))
        lines.append(
            f"  {what}: {result.estimate[what]:.3f} (judged {result.right[what]}/"
            f"{result.seen[what]} right, of {count} links)"
        )
    what = "of the sample" if own_sample else "made now"
    lines.append(f"  links {what} that nobody judged: {result.unjudged}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, help="write the sample to judge here")
    parser.add_argument("--dump", type=Path, help="write every link as JSON Lines")
    parser.add_argument("--links", type=Path, help="report on links dumped before (--dump)")
    parser.add_argument(
        "--all-judged", action="store_true", help="every judged link made, not the sample"
    )
    parser.add_argument("--pages", choices=sorted(PAGE_SETS), default=FUNDUS.name)
    args = parser.parse_args()
    page_set = PAGE_SETS[args.pages]
    if args.links:
        records = [json.loads(line) for line in args.links.read_text("utf-8").splitlines()]
    else:
        records = links(EntityStage(EntityConfig()), page_set)
    for path, chosen in (
        (args.dump, records),
        (args.sample, sample(records, page_set=page_set) if args.sample else []),
    ):
        if path:
            with open(path, "w", encoding="utf-8") as out:
                for r in chosen:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
    if page_set.judged.exists():
        print("\n".join(report(records, not args.all_judged, page_set)))


if __name__ == "__main__":
    main()
