"""Unit tests for the line-level boilerplate rules, one rule at a time.

Each line under test is placed between two prose paragraphs, so the edge rules (which
only look at the start and end of a document) stay out of the way unless a test is
about the edges.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.stages.boilerplate import (
    RemovedLine,
    byline_names,
    clean_lines,
    parse_date_line,
    source_line_value,
)

BEFORE = "The ministry said on Monday that the talks would continue later this month in Baku."
AFTER = "Officials on both sides declined to comment on the details of the draft agreement."
LAST = "The next round of talks is expected to take place in Moscow in the autumn."


def rule_for(line: str) -> str | None:
    """The rule that removes ``line`` when it sits between two prose paragraphs."""
    _, removed = clean_lines([BEFORE, line, AFTER])
    rules = [item.rule for item in removed if item.line == line.strip()]
    return rules[0] if rules else None


def test_clean_lines_strips_lines_and_drops_blanks_silently() -> None:
    kept, removed = clean_lines(["", f"  {BEFORE}  ", "   ", AFTER, ""])
    assert kept == [BEFORE, AFTER]
    assert removed == []


def test_byte_order_marks_and_zero_width_spaces_do_not_hide_a_line() -> None:
    kept, removed = clean_lines(["\ufeffMenu", f"\u200b{BEFORE}", AFTER])
    assert kept == [BEFORE, AFTER]
    assert removed == [RemovedLine("Menu", "nav")]


def test_removed_lines_come_back_in_document_order() -> None:
    _, removed = clean_lines(["Menu", BEFORE, "Share", AFTER, "Back to top"])
    assert removed == [
        RemovedLine("Menu", "nav"),
        RemovedLine("Share", "nav"),
        RemovedLine("Back to top", "nav"),
    ]


@pytest.mark.parametrize(
    "line",
    ["  • $ 106.99 -0.51", "• 102.56 +0.42", "• ¥ 13.87 +0.16", "EUR/USD 1.0845 -0.12%",
     "Brent ▼ 74.20", "BIST 100 9,876.54 +1.2%", "€ 98,40 −0,15"],
)  # fmt: skip
def test_ticker_lines_are_removed(line: str) -> None:
    assert rule_for(line) == "ticker"


@pytest.mark.parametrize(
    "line",
    ["The index fell 2% to 1,500 points on Friday.", "In 2024, GDP grew 3%.",
     "Real Madrid 2-1 Barcelona", "1991"],
)  # fmt: skip
def test_sentences_with_numbers_are_not_tickers(line: str) -> None:
    assert rule_for(line) is None


@pytest.mark.parametrize(
    "line",
    ["You are not logged in.", "Vous n'êtes pas connecté", "Vous n’êtes pas connecté",
     "Sie sind nicht angemeldet. Jetzt einloggen", "No has iniciado sesión",
     "Вы не авторизованы", "Oturum açmadınız", "Giriş yapmadınız"],
)  # fmt: skip
def test_login_banners_in_several_languages(line: str) -> None:
    assert rule_for(line) == "login-banner"


def test_a_sentence_about_logging_in_is_not_a_banner() -> None:
    line = "The suspect said he was not logged in to the system when the data was copied."
    assert rule_for(line) is None


@pytest.mark.parametrize(
    "line",
    ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
     "Оставить комментарий", "Bir yanıt yazın", "Deja una respuesta"],
)  # fmt: skip
def test_comment_form_lines(line: str) -> None:
    assert rule_for(line) == "comment-form"


@pytest.mark.parametrize(
    "line",
    ["(tagstotranslate) Azerbaijan (T) Baku (T) Russia", "Tags: energy, gas, Europe",
     "Теги: Екатеринбург, мосты", "Azerbaijan (T) Baku (T) Russia"],
)  # fmt: skip
def test_tag_lines(line: str) -> None:
    assert rule_for(line) == "tags"


@pytest.mark.parametrize(
    "line",
    ["Image Caption: Exterior of the Azerbaijani National Assembly Building",
     "President of Azerbaijan Ilham Aliyev. Photo: president.az",
     "Photo credit: Reuters/Jane Doe", "Фото: Иван Петров / ТАСС", "Photo by John Smith",
     "© AFP 2024"],
)  # fmt: skip
def test_caption_and_credit_lines(line: str) -> None:
    assert rule_for(line) == "caption"


def test_a_paragraph_mentioning_a_photo_is_not_a_caption() -> None:
    line = "He showed reporters a photo of the damaged bridge and said repairs would take months."
    assert rule_for(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("Author: Dmitry Rogdionov", ("Dmitry Rogdionov",)),
        ("Автор: Иван Петров", ("Иван Петров",)),
        ("Written by Mary-Jane O'Neil, Ali al-Hassan", ("Mary-Jane O'Neil", "Ali al-Hassan")),
        ("By 2030 the government plans to double output.", ()),
        ("By Dr. Sinem Cengiz In recent days, relations have entered a new phase...", ()),
    ],
)
def test_byline_names(line: str, names: tuple[str, ...]) -> None:
    assert byline_names(line) == names
    assert rule_for(line) == ("byline" if names else None)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Source:mehrnews", "mehrnews"),
        ("Source: Reuters", "Reuters"),
        ("Original article: https://example.com/a/1/", "https://example.com/a/1/"),
        ("Источник: ТАСС", "ТАСС"),
        ("Source: officials in the ministry who spoke on condition of anonymity.", None),
    ],
)
def test_source_lines(line: str, value: str | None) -> None:
    assert source_line_value(line) == value
    assert rule_for(line) == ("source-line" if value else None)


@pytest.mark.parametrize(
    "line",
    ["Statement: This article represents the views of the author. Please express your "
     "opinion by clicking on the [Up/Down] buttons below.",
     "Disclaimer: the views expressed are those of the author.",
     "Subscribe to our newsletter for the latest updates.",
     "If you found a typo, select it and press Ctrl+Enter.",
     "Подписывайтесь на наш канал в Telegram"],
)  # fmt: skip
def test_disclaimers_and_calls_to_action(line: str) -> None:
    assert rule_for(line) == "cta"


def test_a_sentence_about_a_button_is_not_a_call_to_action() -> None:
    assert rule_for("Users can vote by clicking a button in the app, the company said.") is None


@pytest.mark.parametrize("line", ["Menu", "Меню", "Share", "Back to top button", "» All news"])
def test_ui_phrases_are_removed_anywhere(line: str) -> None:
    assert rule_for(line) == "nav"


@pytest.mark.parametrize(
    "line",
    ["Home truths about the budget", "The aftermath", "Background", "Tax credit: what changes",
     "The big picture: why the talks failed", "Image problems for the Kremlin"],
)  # fmt: skip
def test_subheadings_inside_the_body_stay(line: str) -> None:
    assert rule_for(line) is None


def test_read_more_label_takes_one_link_title_and_nothing_else() -> None:
    question = "What does the tension between Russia and Azerbaijan mean?"
    link = "New York Times: Creating a new party in America is harder than sending humans to Mars!"
    kept, removed = clean_lines([BEFORE, "Read more:", link, question, AFTER])
    assert kept == [BEFORE, question, AFTER]
    assert removed == [RemovedLine("Read more:", "read-more"), RemovedLine(link, "read-more")]


def test_read_also_label_takes_a_bulleted_list() -> None:
    items = ["• Мэрия назвала сроки ремонта", "• В центре ограничат движение"]
    kept, removed = clean_lines([BEFORE, "Читайте также:", *items, AFTER])
    assert kept == [BEFORE, AFTER]
    assert [item.rule for item in removed] == ["read-more"] * 3


def test_inline_read_also_line() -> None:
    assert rule_for("Read also: Baku recalls its ambassador for consultations") == "read-more"


def test_read_more_label_never_takes_a_long_paragraph() -> None:
    paragraph = " ".join([BEFORE, AFTER, BEFORE])
    kept, _ = clean_lines([BEFORE, "Read more:", paragraph, AFTER])
    assert paragraph in kept


TEASER = "Serhii Danylov believes that the growing tensions between Azerbaijan and Russia are..."
OTHER_TEASER = "The European Parliament has adopted a resolution expressing firm support for the…"


def test_a_repeated_teaser_is_removed_everywhere() -> None:
    kept, removed = clean_lines([TEASER, BEFORE, AFTER, TEASER])
    assert kept == [BEFORE, AFTER]
    assert [item.rule for item in removed] == ["teaser", "teaser"]


def test_a_list_of_teasers_is_removed() -> None:
    kept, removed = clean_lines([BEFORE, AFTER, TEASER, OTHER_TEASER])
    assert kept == [BEFORE, AFTER]
    assert {item.rule for item in removed} == {"teaser"}


@pytest.mark.parametrize(
    "line",
    ['"Some people think all this is Turkey\'s attempt to make us fall out..."',
     "The water rose... and then it kept rising for three more days, residents said.",
     "For now, officials say, the waiting goes on..."],
)  # fmt: skip
def test_real_content_with_an_ellipsis_stays(line: str) -> None:
    assert rule_for(line) is None


def test_a_repeated_paragraph_keeps_its_first_copy() -> None:
    kept, removed = clean_lines([BEFORE, AFTER, BEFORE])
    assert kept == [BEFORE, AFTER]
    assert removed == [RemovedLine(BEFORE, "repeated")]


def test_short_lines_may_repeat() -> None:
    lines = [BEFORE, "We will rebuild.", AFTER, "* * *", "We will rebuild.", "* * *", LAST]
    kept, removed = clean_lines(lines)
    assert kept == lines
    assert removed == []


def test_short_lines_at_the_edges_are_navigation() -> None:
    kept, removed = clean_lines(
        ["Politics", "Home › World › Europe", "Putin visits Baku", BEFORE, AFTER, "Aggregators"]
    )
    assert kept == ["Putin visits Baku", BEFORE, AFTER]
    assert [item.rule for item in removed] == ["nav", "nav", "nav"]


def test_date_lines_near_the_top_and_bottom() -> None:
    lines = ["A headline with four words", "March 3, 2024 14:05", BEFORE, AFTER, "02.02.2025"]
    kept, removed = clean_lines(lines)
    assert kept == ["A headline with four words", BEFORE, AFTER]
    assert [item.rule for item in removed] == ["date-line", "date-line"]


def test_a_date_line_between_paragraphs_stays() -> None:
    assert rule_for("March 3, 2024") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("02.02.2025", datetime(2025, 2, 2, tzinfo=UTC)),
        ("2025-02-02", datetime(2025, 2, 2, tzinfo=UTC)),
        ("2 February 2025", datetime(2025, 2, 2, tzinfo=UTC)),
        ("February 2, 2025", datetime(2025, 2, 2, tzinfo=UTC)),
        ("March 3, 2024 14:05", datetime(2024, 3, 3, 14, 5, tzinfo=UTC)),
        ("Sunday, March 3, 2024 at 2:05 pm", datetime(2024, 3, 3, 14, 5, tzinfo=UTC)),
        ("Published: Mar. 3, 2024", datetime(2024, 3, 3, tzinfo=UTC)),
        ("2024-03-03T14:05:00+03:00", datetime(2024, 3, 3, 11, 5, tzinfo=UTC)),
        ("2024-03-03 14:05 UTC", datetime(2024, 3, 3, 14, 5, tzinfo=UTC)),
        ("3 марта 2024, 14:05", datetime(2024, 3, 3, 14, 5, tzinfo=UTC)),
        ("31.02.2025", None),
        ("March 2024", None),
        ("On March 3, 2024 the talks resumed.", None),
    ],
)
def test_parse_date_line(line: str, expected: datetime | None) -> None:
    assert parse_date_line(line) == expected
