"""The rule that completes a body trafilatura cut short (pipeline/stages/repair.py)."""

from __future__ import annotations

from pipeline.stages.repair import PARAGRAPH_WORDS, coverage, repair_truncated, resiliparse_lines

BODY = [
    " ".join(f"{word}{n}" for n in range(PARAGRAPH_WORDS + 5))
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")
]
REFERENCE = [
    "Home » World",
    BODY[0],
    "Photo: Agency",
    BODY[1],
    "Read more",
    "A related story teaser",
    *BODY[2:],
    "© 2025 The Outlet",
]


def test_a_text_holding_the_paragraphs_stands() -> None:
    assert repair_truncated(BODY, REFERENCE) is None
    assert repair_truncated(BODY[:4], REFERENCE) is None  # two thirds held


def test_a_truncated_text_is_completed_in_page_order_without_the_short_lines() -> None:
    kept = [BODY[0], "Photo: Agency", BODY[1]]
    completed = repair_truncated(kept, REFERENCE)
    assert completed == [BODY[0], "Photo: Agency", BODY[1], *BODY[2:]]


def test_nothing_shared_or_nothing_to_compare_stands() -> None:
    assert repair_truncated(["Something else entirely"], REFERENCE) is None
    assert repair_truncated([], REFERENCE) is None
    assert repair_truncated(BODY[:1], ["short", "lines only"]) is None


def test_coverage_counts_characters_of_scripts_without_spaces() -> None:
    assert coverage(["東京都は"], ["東京都は今日"]) == 4 / 6
    assert coverage([], []) == 1.0


def test_resiliparse_reads_the_main_content_one_line_per_block() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Title</h1>"
        f"<p>{BODY[0]}</p><p>{BODY[1]}</p></article><footer>© Outlet</footer></body></html>"
    )
    lines = resiliparse_lines(html)
    assert BODY[0] in lines
    assert BODY[1] in lines
    assert "Home" not in lines
