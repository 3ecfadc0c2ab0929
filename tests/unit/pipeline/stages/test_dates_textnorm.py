from datetime import UTC, datetime

import pytest

from pipeline.stages.boilerplate import parse_date_line
from pipeline.stages.dates import parse_date
from pipeline.stages.textnorm import shorten, tidy_text, word_count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-02", datetime(2025, 2, 2, tzinfo=UTC)),
        ("2025-02-02T10:30:00Z", datetime(2025, 2, 2, 10, 30, tzinfo=UTC)),
        ("2025-02-02T13:30:00+03:00", datetime(2025, 2, 2, 10, 30, tzinfo=UTC)),
        ("Sun, 02 Feb 2025 10:30:00 GMT", datetime(2025, 2, 2, 10, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_tidy_text_collapses_spaces_and_blank_lines_and_drops_controls() -> None:
    raw = "  One\u00a0 two\x07 \r\n\r\n\n\n three\u200b\n"
    assert tidy_text(raw) == "One two\n\nthree"


def test_tidy_text_joins_words_a_soft_hyphen_cut() -> None:
    # From a real German page (trafilatura's evaluation data): the soft hyphens cut
    # "Transkriptase" into Tran / skrip / ta / se for search and linking alike.
    raw = "Die rever\u00adse Tran\u00adskrip\u00adta\u00adse ist ein Enzym."
    assert tidy_text(raw) == "Die reverse Transkriptase ist ein Enzym."
    assert word_count(tidy_text(raw)) == 6


def test_word_count_and_shorten() -> None:
    assert word_count("Əliyev met Putin in Baku, twice.") == 6
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3. März 2024", datetime(2024, 3, 3, tzinfo=UTC)),
        ("12 de octubre de 2024", datetime(2024, 10, 12, tzinfo=UTC)),
        ("15 ocak 2025 14:30", datetime(2025, 1, 15, 14, 30, tzinfo=UTC)),
        ("12 septembre 2023", datetime(2023, 9, 12, tzinfo=UTC)),
        ("5 blah 2024", None),
        ("2025年1月14日 01時28分 (1月14日 01時40分更新)", datetime(2025, 1, 14, 1, 28, tzinfo=UTC)),
        ("2024年4月24日（水）", datetime(2024, 4, 24, tzinfo=UTC)),
        ("2025년 1월 14일 14:30", datetime(2025, 1, 14, 14, 30, tzinfo=UTC)),
        ("2025年1月14日に地震があった。", None),
    ],
)
def test_date_lines_in_the_languages_we_index(line: str, expected: datetime | None) -> None:
    assert parse_date_line(line) == expected
