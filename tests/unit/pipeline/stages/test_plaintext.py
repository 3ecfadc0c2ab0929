"""Tests for parse_plain_text: the five seed articles and the self-describing fixtures.

Fixture files in tests/fixtures/plaintext/ open with a header of ``#! `` lines: free
text saying what the file tests, then ``#! expect-<key>: <value>`` lines. The header is
stripped before parsing. Keys:

- title, source, url, lead, published (ISO 8601): exact value, or ``None``;
- authors: names separated by ``; `` (empty for none);
- removed: ``rule | line``, every removed line in order (no ``removed`` key: nothing);
- present / absent: a string that must / must not occur in the body text;
- count: ``paragraph | n``, how many body paragraphs start with that text;
- unchanged: ``yes`` if the body must equal the input minus the headline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.stages.plaintext import (
    PlainTextArticle,
    first_sentence,
    parse_plain_text,
    split_dateline,
)

REPO = Path(__file__).resolve().parents[4]
SEEDS = REPO / "seeds"
FIXTURES = REPO / "tests" / "fixtures" / "plaintext"
REQUIRED_KEYS = ("title", "source", "authors", "published", "url", "lead")


def read_seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraphs(article: PlainTextArticle) -> list[str]:
    return article.text.split("\n\n") if article.text else []


def assert_nothing_lost(source: str, article: PlainTextArticle) -> None:
    """Every non-blank input line is the title, a body paragraph (maybe minus its
    dateline) or a removed line, and no removed line except a later copy of a kept
    paragraph survives in the body."""
    body = paragraphs(article)
    removed = {item.line for item in article.removed}
    for line in filter(None, (raw.strip() for raw in source.splitlines())):
        assert line == article.title or line in removed or any(line.endswith(p) for p in body), line
    assert not {item.line for item in article.removed if item.rule != "repeated"} & set(body)


# -- seeds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedCase:
    prefix: str
    title: str | None
    source: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    url: str | None
    lead: str
    removed: tuple[tuple[str, str], ...]  # (rule, start of the removed line), in order
    absent: tuple[str, ...]
    present: tuple[str, ...]  # sentences from the start, middle and end of the article


SEED_CASES = (
    SeedCase(
        prefix="000",
        title=None,
        source="PNN",
        authors=(),
        published_at=None,
        url=None,
        lead="A prominent Turkish expert emphasized that Azerbaijan’s interest in participating "
        "in Western alliances has angered Moscow with Baku’s policies.",
        removed=(
            ("read-more", "Read more:"),
            ("read-more", "New York Times: Creating a new party in America is harder"),
        ),
        absent=("PNN –", "Read more:", "New York Times: Creating a new party"),
        present=(
            "What does the tension between Russia and Azerbaijan mean?",
            "How does Russia view Baku’s policy of turning towards the West?",
            "Napoleon Bonaparte said: Alliances are like morning dew;",
            "History is full of such shifts.",
            "may in the future provoke Moscow’s anger and even create the possibility of a new "
            "crisis similar to the one in Ukraine.",
        ),
    ),
    SeedCase(
        prefix="001",
        title="Tension Rises: Azerbaijan Cuts Ties with Russia Through a Demonstrative Action",
        source=None,
        authors=("Dmitry Rogdionov",),
        published_at=None,
        url="https://www.toutiao.com/article/7521716932014244406/",
        lead="Due to an alleged murder case involving an Azerbaijani citizen of Russian origin "
        "in Yekaterinburg, the Azerbaijani parliamentary delegation canceled its visit to Moscow.",
        removed=(
            ("byline", "Author: Dmitry Rogdionov"),
            ("caption", "Image Caption: Exterior of the Azerbaijani National Assembly Building"),
            ("source-line", "Original article: https://www.toutiao.com/article/"),
            ("cta", "Statement: This article represents the views of the author."),
        ),
        absent=("Author:", "Image Caption", "Original article", "toutiao", "Statement:"),
        present=(
            "Experts Participating in the Discussion:\n\n- Alexander Averin",
            '"Some people think all this is Turkey\'s attempt to make us fall out..."',
            '"Regardless, Baku is likely to publicly respond to this high-profile event',
            'in the late summer and early autumn of 2025."',
        ),
    ),
    SeedCase(
        prefix="002",
        title="Caucasus on the line of crisis; How far will Moscow and Baku?",
        source="Mehr News Agency",
        authors=(),
        published_at=None,
        url=None,
        lead="In recent years, the South Caucasus has once again become the scene of "
        "geopolitical competition; The region that has always been at the intersection of the "
        "interests of the great powers and the historical conflicts and ethnic conflicts have "
        "provided the basis for new tensions.",
        removed=(
            ("nav", "news"),
            ("tags", "(tagstotranslate) Azerbaijan (T) Baku (T)"),
            ("source-line", "Source:mehrnews"),
            ("comment-form", "Leave a Reply"),
            ("comment-form", "Your email address will not be published."),
            ("nav", "Back to top button"),
        ),
        absent=(
            "Mehr News Agency",
            "(T)",
            "mehrnews",
            "Leave a Reply",
            "email address",
            "Back to top",
        ),
        present=(
            "\n\nHistorical and structural contexts of Russian -Baku disputes\n\n",
            "\n\nFrom strategic competition to crisis management; A vague landscape",
            "the severe media and cultural confrontation between the two countries has "
            "practically destroyed the latest traditional diplomatic bridges.",
            "to strengthen their position in the South Caucasus and set the rules of future game.",
        ),
    ),
    SeedCase(
        prefix="003",
        title=None,
        source="Eurasianet",
        authors=(),
        published_at=None,
        url=None,
        lead="Russia is trying to pull the emergency break on what is threatening to become a "
        "runaway train of deteriorating relations with Azerbaijan.",
        removed=(
            ("teaser", "By Dr. Sinem Cengiz In recent days"),
            ("login-banner", "Vous n'êtes pas connecté"),
            ("teaser", "By Dr. Sinem Cengiz In recent days"),
            ("teaser", "According to Ukrinform"),
            ("teaser", "Serhii Danylov"),
            ("teaser", "Serhii Danylov"),
            ("teaser", "MOSCOW (Sputnik)"),
            ("teaser", "MOSCOW/BAKU (Reuters)"),
            ("teaser", "MOSCOW/BAKU (Reuters)"),
            ("teaser", "By Aleksei Zakharov and Rajoli Siddharth Jayaprakash"),
            ("teaser", "The European Parliament has adopted"),
            ("teaser", "The European Parliament has adopted"),
        ),
        absent=(
            "(Eurasianet)",
            "Vous n'êtes",
            "Sinem Cengiz",
            "due to several",
            "Ukrinform",
            "Serhii Danylov",
            "Sputnik",
            "European Parliament",
            "\n",
        ),
        present=(
            "A commentary published July 6 by the state-connected Azerbaijani media outlet "
            "Caliber sheds light on the official thinking in Baku.",
            "this stupidity led Russia to a strategic impasse.”",
        ),
    ),
    SeedCase(
        prefix="004",
        title='Aliyev went with "trump cards": Baku gets involved in dubious games with Moscow',
        source=None,
        authors=(),
        published_at=datetime(2025, 2, 2, tzinfo=UTC),
        url=None,
        lead="Armenia is highly prejudiced about the rapprochement between Russia and "
        "Azerbaijan after the 44-day war in Karabakh in the fall of 2020.",
        removed=(
            ("nav", "Меню"),
            ("ticker", "• $ 106.99 -0.51"),
            ("ticker", "• 102.56 +0.42"),
            ("ticker", "• ¥ 13.87 +0.16"),
            ("caption", "President of Azerbaijan Ilham Aliyev. Photo: president.az"),
            ("nav", "All news"),
            ("date-line", "02.02.2025"),
            ("nav", "Show more news"),
            ("nav", "Aggregators"),
            ("nav", "Information"),
        ),
        absent=(
            "Меню",
            "106.99",
            "13.87",
            "Photo: president.az",
            "All news",
            "02.02.2025",
            "Show more news",
            "Aggregators",
            "Information",
        ),
        present=(
            '"Russian elites perceive this whole situation not so much as a consequence of tense',
            "the interlocutor of Armepress summed up.",
            'Baku\'s attitude to acquire a new "trump card" in relations with Moscow.',
        ),
    ),
)


@pytest.mark.parametrize("case", SEED_CASES, ids=lambda case: case.prefix)
def test_seed(case: SeedCase) -> None:
    source = read_seed(case.prefix)
    article = parse_plain_text(source)
    assert article.title == case.title
    assert article.source == case.source
    assert article.authors == case.authors
    assert article.published_at == case.published_at
    assert article.url == case.url
    assert article.lead_sentence == case.lead
    assert [item.rule for item in article.removed] == [rule for rule, _ in case.removed]
    for item, (_, start) in zip(article.removed, case.removed, strict=True):
        assert item.line.startswith(start)
    for text in case.absent:
        assert text not in article.text
    for text in case.present:
        assert text in article.text
    assert_nothing_lost(source, article)


def test_seed_bodies_start_after_the_headline_and_dateline() -> None:
    starts = {
        "000": "A prominent Turkish expert emphasized",
        "001": "Why is Baku Moving Toward a Breakdown in Relations with Moscow?\n\n",  # subtitle
        "002": "In recent years, the South Caucasus",
        "003": "Russia is trying to pull the emergency break",
        "004": "Armenia is highly prejudiced",
    }
    for prefix, start in starts.items():
        assert parse_plain_text(read_seed(prefix)).text.startswith(start), prefix


def test_line_endings_and_a_byte_order_mark_do_not_change_the_result() -> None:
    source = read_seed("004")
    assert parse_plain_text("\ufeff" + source.replace("\n", "\r\n")) == parse_plain_text(source)


# -- fixtures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    description: str
    expect: dict[str, list[str]]
    body: str


def load_fixture(path: Path) -> Fixture:
    header: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("#!"):
        header.append(lines.pop(0)[2:].strip())
    expect: dict[str, list[str]] = defaultdict(list)
    description = []
    for line in header:
        key, sep, value = line.partition(":")
        if key.startswith("expect-") and sep:
            expect[key.removeprefix("expect-")].append(value.strip())
        else:
            description.append(line)
    return Fixture(" ".join(description), dict(expect), "\n".join(lines) + "\n")


def optional(value: str) -> str | None:
    return None if value == "None" else value


FIXTURE_PATHS = sorted(FIXTURES.glob("*.txt"))


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURE_PATHS) >= 6


@pytest.mark.parametrize("path", FIXTURE_PATHS, ids=lambda path: path.stem)
def test_fixture(path: Path) -> None:
    fixture = load_fixture(path)
    expect = fixture.expect
    assert fixture.description, "a fixture must say what it tests"
    assert all(key in expect for key in REQUIRED_KEYS), f"missing one of {REQUIRED_KEYS}"

    article = parse_plain_text(fixture.body)
    assert article.title == optional(expect["title"][0])
    assert article.source == optional(expect["source"][0])
    assert article.url == optional(expect["url"][0])
    assert article.lead_sentence == optional(expect["lead"][0])
    published = optional(expect["published"][0])
    assert article.published_at == (datetime.fromisoformat(published) if published else None)
    authors = expect["authors"][0]
    assert article.authors == (tuple(authors.split("; ")) if authors else ())
    removed = [tuple(s.strip() for s in item.split(" | ", 1)) for item in expect.get("removed", [])]
    assert [(item.rule, item.line) for item in article.removed] == removed
    for text in expect.get("present", []):
        assert text in article.text
    for text in expect.get("absent", []):
        assert text not in article.text
    for item in expect.get("count", []):
        start, _, count = item.rpartition(" | ")
        assert sum(p.startswith(start) for p in paragraphs(article)) == int(count), start
    if expect.get("unchanged") == ["yes"]:
        lines = [line.strip() for line in fixture.body.splitlines() if line.strip()]
        assert article.text == "\n\n".join(line for line in lines if line != article.title)
    assert_nothing_lost(fixture.body, article)


# -- edge cases ----------------------------------------------------------------------


def test_empty_text() -> None:
    article = parse_plain_text("")
    assert article == PlainTextArticle(None, None, "", None, (), None, None, (), ())


def test_text_of_only_boilerplate_has_no_body() -> None:
    article = parse_plain_text("Menu\nLeave a Reply\nBack to top\n")
    assert (article.title, article.lead_sentence, article.text) == (None, None, "")
    assert [item.rule for item in article.removed] == ["nav", "comment-form", "nav"]


def test_a_headline_needs_three_words_and_no_final_period() -> None:
    body = "The council met on Tuesday to discuss the new budget for the coming year."
    assert parse_plain_text(f"The council met.\n{body}").title is None
    assert parse_plain_text(f"Council meets today\n{body}").title == "Council meets today"


def test_removed_line_is_reexported() -> None:
    from pipeline.stages import boilerplate, plaintext

    assert plaintext.RemovedLine is boilerplate.RemovedLine


@pytest.mark.parametrize(
    ("paragraph", "sentence"),
    [
        ("One sentence only", "One sentence only"),
        ("Dr. Smith arrived. He spoke.", "Dr. Smith arrived."),
        ("The U.S. and the U.K. agreed. Talks end.", "The U.S. and the U.K. agreed."),
        ("Jane M. Doe left on Jan. 5 for Baku. She left.", "Jane M. Doe left on Jan. 5 for Baku."),
        ('"Is it over?" he asked. Nobody answered.', '"Is it over?" he asked.'),
        ("It rose... and rose. Then it fell.", "It rose... and rose."),
    ],
)  # fmt: skip
def test_first_sentence(paragraph: str, sentence: str) -> None:
    assert first_sentence(paragraph) == sentence


@pytest.mark.parametrize(
    ("paragraph", "outlet", "rest"),
    [
        ("(Eurasianet) -- Russia is trying.", "Eurasianet", "Russia is trying."),
        ("MOSCOW (Sputnik) - The ambassador arrived.", "Sputnik", "The ambassador arrived."),
        ("MOSCOW/BAKU (Reuters) -The ministry said.", "Reuters", "The ministry said."),
        ("WASHINGTON, March 3 (Reuters) - The House voted.", "Reuters", "The House voted."),
        ("PNN – A prominent Turkish expert said.", "PNN", "A prominent Turkish expert said."),
        ("Mehr News Agency, International Group: In recent years.", "Mehr News Agency",
         "In recent years."),
        ("MOSCOW — The Kremlin said nothing.", None, "The Kremlin said nothing."),
        ("Yerevan – Baku talks stalled again.", None, "Yerevan – Baku talks stalled again."),
        ("Overall, the Kremlin group: said no.", None, "Overall, the Kremlin group: said no."),
    ],
)  # fmt: skip
def test_split_dateline(paragraph: str, outlet: str | None, rest: str) -> None:
    assert split_dateline(paragraph) == (outlet, rest)
