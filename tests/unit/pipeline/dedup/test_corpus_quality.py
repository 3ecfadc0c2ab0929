"""The figures quoted in the README hold: precision and recall on the syndication corpus."""

from __future__ import annotations

from pipeline.dedup.config import DEFAULT_THRESHOLD, DedupConfig
from tests.benchmarks.eval_dedup import evaluate, load, margins


def test_default_threshold_links_every_copy_and_merges_no_two_stories() -> None:
    docs = load(DedupConfig())
    report = evaluate(docs, DEFAULT_THRESHOLD)
    assert (report.documents, report.stories, report.copies) == (106, 13, 93)
    assert (report.precision, report.recall) == (1.0, 1.0)
    assert (report.copies_linked, report.wrong_links) == (93, 0)
    lowest_copy, _what, highest_cross, _which = margins(docs)
    assert highest_cross < DEFAULT_THRESHOLD < lowest_copy
