"""Precision and recall of duplicate detection on the syndication corpus, and a sweep.

    python -m tests.benchmarks.eval_dedup [--threshold 0.6]

Runs every file of tests/fixtures/dedup/manifest.json (and the seeds) through the
pipeline's own extract -> identify -> fingerprint, then decides them in manifest
order (originals first, as they would be published) with the pipeline's decision
rules over an in-memory copy of the claim state (first claimant owns a key, as
Elasticsearch arbitrates it). Files that share an article id (same canonical URL,
or same text and no URL) are one document and are counted once.

A pair of documents is *predicted* to be the same story when they end in the same
group (same root) and *is* the same story when the manifest says so. Precision
and recall are over such pairs; "links" counts copies whose duplicate_of is an
original of their own story. The sweep shows, for each threshold, the same
figures, with the lowest similarity of a true copy and the highest of two
different stories, which is why the default threshold sits where it does.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from connectors.files.parse import parse_file
from pipeline.dedup.config import DEFAULT_THRESHOLD, DedupConfig
from pipeline.dedup.decide import Candidate, Decision, choose
from pipeline.dedup.fingerprint import Fingerprint, fingerprint, similarity
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import RawDocument

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "dedup"
SWEEP = (0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


@dataclass(frozen=True, slots=True)
class Document:
    story: str
    transform: str
    fingerprint: Fingerprint


@dataclass(frozen=True, slots=True)
class Report:
    threshold: float
    documents: int
    stories: int
    precision: float
    recall: float
    copies: int
    copies_linked: int
    wrong_links: int


def load(config: DedupConfig) -> list[Document]:
    """Every distinct document of the corpus, in manifest order."""
    manifest = json.loads((CORPUS / "manifest.json").read_text("utf-8"))
    found: dict[str, Document] = {}
    now = datetime(2025, 7, 9, tzinfo=UTC)
    for name, meta in manifest.items():
        path = REPO / name if name.startswith("seeds/") else CORPUS / name
        for raw in parse_file(str(path), path.read_text("utf-8")):
            assert isinstance(raw, RawDocument), raw
            article = identify(extract(raw), ingested_at=now)
            doc = Document(meta["story"], meta["transform"], fingerprint(article, config))
            found.setdefault(article.id, doc)
    return list(found.values())


def decide_in_order(docs: list[Document], threshold: float) -> dict[str, Decision]:
    """The pipeline's decision rules, one document at a time, state in memory."""
    owner: dict[str, str] = {}
    decisions: dict[str, Decision] = {}
    prints = {d.fingerprint.article_id: d.fingerprint for d in docs}
    for position, doc in enumerate(docs):
        me = doc.fingerprint
        others = set()
        for key in me.claim_keys:
            holder = owner.setdefault(key, me.article_id)
            if holder != me.article_id:
                others.add(holder)
        candidates = [
            Candidate(o, similarity(me, prints[o]), (0, o), True, decisions[o]) for o in others
        ]
        choice = choose((position, me.article_id), candidates, threshold)
        if choice.via is None or choice.via.decision is None:
            decisions[me.article_id] = Decision(me.article_id)
        else:
            root = choice.via.decision.root
            score = similarity(me, prints[root])
            decisions[me.article_id] = Decision(me.article_id, root, score)
    return decisions


def evaluate(docs: list[Document], threshold: float) -> Report:
    decisions = decide_in_order(docs, threshold)
    story = {d.fingerprint.article_id: d.story for d in docs}
    tp = fp = fn = 0
    for a, b in itertools.combinations(docs, 2):
        same = a.story == b.story
        grouped = (
            decisions[a.fingerprint.article_id].root == decisions[b.fingerprint.article_id].root
        )
        tp += same and grouped
        fp += grouped and not same
        fn += same and not grouped
    copies = [d for d in docs if d.transform != "original"]
    linked = [decisions[d.fingerprint.article_id] for d in copies]
    return Report(
        threshold=threshold,
        documents=len(docs),
        stories=len(set(story.values())),
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        copies=len(copies),
        copies_linked=sum(
            1
            for d, x in zip(copies, linked, strict=True)
            if x.duplicate_of and story[x.root] == d.story
        ),
        wrong_links=sum(
            1 for x in decisions.values() if x.duplicate_of and story[x.root] != story[x.article_id]
        ),
    )


def pair_scores(docs: list[Document]) -> tuple[list[float], list[float]]:
    """Similarities of every copy to its original, and of every cross-story pair."""
    originals = {d.story: d for d in docs if d.transform == "original"}
    copies = [
        similarity(d.fingerprint, originals[d.story].fingerprint)
        for d in docs
        if d.transform != "original"
    ]
    cross = [
        similarity(a.fingerprint, b.fingerprint)
        for a, b in itertools.combinations(docs, 2)
        if a.story != b.story
    ]
    return copies, cross


def margins(docs: list[Document]) -> tuple[float, str, float, str]:
    """The lowest similarity of a copy to its original, the highest across stories."""
    originals = {d.story: d for d in docs if d.transform == "original"}
    low = min(
        (similarity(d.fingerprint, originals[d.story].fingerprint), d.story + " " + d.transform)
        for d in docs
        if d.transform != "original"
    )
    high = max(
        (similarity(a.fingerprint, b.fingerprint), f"{a.story} {a.transform} / {b.story}")
        for a, b in itertools.combinations(docs, 2)
        if a.story != b.story
    )
    return low[0], low[1], high[0], high[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    config = DedupConfig(threshold=args.threshold)
    docs = load(config)
    report = evaluate(docs, args.threshold)
    low, low_what, high, high_what = margins(docs)
    print(
        f"corpus: {report.documents} distinct documents, {report.stories} stories, "
        f"{report.copies} copies (signature {config.shape})"
    )
    print(
        f"threshold {report.threshold}: precision {report.precision:.3f}, recall "
        f"{report.recall:.3f} (pairs); copies linked to their original "
        f"{report.copies_linked}/{report.copies}; wrong links {report.wrong_links}"
    )
    print(f"lowest similarity of a copy to its original: {low:.3f} ({low_what})")
    print(f"highest similarity of two different stories:  {high:.3f} ({high_what})")
    copies, cross = pair_scores(docs)
    print(
        "\nthreshold  precision  recall  linked  wrong | "
        "copy pairs below  cross-story pairs at/above"
    )
    for threshold in SWEEP:
        r = evaluate(docs, threshold)
        below = sum(s < threshold for s in copies)
        above = sum(s >= threshold for s in cross)
        print(
            f"{threshold:9.2f}  {r.precision:9.3f}  {r.recall:6.3f}  "
            f"{r.copies_linked:3d}/{r.copies}  {r.wrong_links:5d} | "
            f"{below:16d}  {above:25d}"
        )
    print(
        "(the last two columns score every pair, as if LSH proposed them all: the "
        "pipeline verifies only the pairs LSH proposes, which is why precision can stay "
        "at 1 below the gap; a threshold there would rely on luck.)"
    )
    print(
        f"\nWhy {DEFAULT_THRESHOLD}: every threshold between the highest cross-story and the "
        "lowest copy similarity separates this corpus perfectly; the default sits in "
        "that gap with room on both sides: below it, follow-ups that reuse background "
        "paragraphs start to merge; above it, heavily edited or truncated copies split off."
    )


if __name__ == "__main__":
    main()
