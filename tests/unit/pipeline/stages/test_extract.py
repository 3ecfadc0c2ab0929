"""extract(): each document kind, the fallbacks, and the failure that dead-letters."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from connectors.files.parse import parse_file
from pipeline.stages.extract import extract
from schemas import DateSource, DocumentKind, ExtractionFailed, RawDocument
from tests.conftest import FIXTURES, SEEDS


def _seed(prefix: str) -> RawDocument:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    [raw] = parse_file(str(path), path.read_text("utf-8"))
    assert isinstance(raw, RawDocument)
    return raw


@pytest.mark.parametrize(
    ("seed", "title", "source", "published"),
    [
        ("000", "A prominent Turkish expert emphasized that Azerbaijan’s interest", "PNN", None),
        ("001", "Tension Rises: Azerbaijan Cuts Ties with Russia Through a Demonstrative Action",
         None, None),
        ("002", "Caucasus on the line of crisis; How far will Moscow and Baku?",
         "Mehr News Agency", None),
        ("003", "Russia is trying to pull the emergency break", "Eurasianet", None),
        ("004", 'Aliyev went with "trump cards": Baku gets involved in dubious games with Moscow',
         None, datetime(2025, 2, 2, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_seed_titles_sources_and_dates(
    seed: str, title: str, source: str | None, published: datetime | None
) -> None:
    doc = extract(_seed(seed))
    assert doc.title.startswith(title)
    assert len(doc.title) <= 160
    assert doc.source == source
    assert doc.published_at == published
    assert doc.date_source is (DateSource.TEXT if published else DateSource.NONE)
    assert len(doc.text.split()) > 500


def test_seed_text_has_no_boilerplate() -> None:
    texts = {seed: extract(_seed(seed)).text for seed in ("000", "001", "002", "003", "004")}
    for junk in ("Read more:", "Back to top button", "Leave a Reply", "Меню", "106.99",
                 "Vous n'êtes pas connecté", "tagstotranslate", "Show more news",
                 "Serhii Danylov, deputy director", "Please express your opinion"):  # fmt: skip
        assert all(junk not in text for text in texts.values()), junk
    assert texts["003"].count("Russia is trying to pull the emergency break") == 1
    assert "What does the tension between Russia and Azerbaijan mean?" in texts["000"]


def test_seed_001_url_and_author_come_from_the_text() -> None:
    doc = extract(_seed("001"))
    assert doc.url == "https://www.toutiao.com/article/7521716932014244406/"
    assert doc.authors == ("Dmitry Rogdionov",)


def test_html_page_uses_metadata_and_drops_page_chrome() -> None:
    path = FIXTURES / "files" / "page.html"
    doc = extract(RawDocument(origin=str(path), kind=DocumentKind.HTML, payload=path.read_text()))
    assert doc.title == "Azerbaijan closes Russian cultural centre"
    assert doc.source == "Example Times"
    assert doc.authors == ("Rashad Aliyev",)
    assert doc.published_at == datetime(2025, 7, 4, tzinfo=UTC)
    assert doc.date_source is DateSource.META  # article:published_time
    assert doc.text.startswith("Azerbaijani authorities closed the Russian House in Baku")
    for junk in ("We use cookies", "Football results", "Log in", "Back to top"):
        assert junk not in doc.text


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # The first <h1> is the site's banner, the part of <title> after its separator
        # ("... · V8"); Sphinx ends headings in a permalink's pilcrow.
        ("v8-blog", "Outside the web: standalone WebAssembly binaries using Emscripten"),
        ("mercurial", "Evolve: Shared Mutable History"),
    ],
)
def test_a_heading_that_names_the_site_is_no_title(page: str, title: str) -> None:
    path = FIXTURES / "eval" / "readability-testpages" / "pages" / f"{page}.html.gz"
    html = gzip.decompress(path.read_bytes()).decode("utf-8")
    doc = extract(RawDocument(origin=page, kind=DocumentKind.HTML, payload=html))
    assert doc.title == title


def test_record_with_html_body_and_container_metadata() -> None:
    raw = RawDocument(
        origin="r.jsonl:2",
        kind=DocumentKind.JSON_RECORD,
        payload="<p>The final report on the <b>Aktau</b> crash is delayed.</p><p>No data.</p>",
        title="Aktau report delayed",
        published_at=datetime(2025, 7, 1, tzinfo=UTC),
        date_source=DateSource.RECORD,
    )
    doc = extract(raw)
    assert doc.title == "Aktau report delayed"
    assert "The final report on the Aktau crash is delayed." in doc.text
    assert "<b>" not in doc.text
    assert doc.date_source is DateSource.RECORD


def test_one_line_feed_summary_is_kept() -> None:
    raw = RawDocument(origin="f#1", kind=DocumentKind.FEED_ENTRY, payload="Markets closed.")
    doc = extract(raw)
    assert doc.text == "Markets closed."
    assert doc.title == "Markets closed."


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (DocumentKind.JSON_RECORD, "   \n  "),
        (DocumentKind.HTML, "<html><body><nav>Home</nav></body></html>"),
        (DocumentKind.PLAIN_TEXT, "Меню\n• $ 106.99 -0.51\nBack to top button"),
    ],
)
def test_nothing_left_raises_extraction_failed(kind: DocumentKind, payload: str) -> None:
    with pytest.raises(ExtractionFailed, match=r"no article text left in x\.doc"):
        extract(RawDocument(origin="x.doc", kind=kind, payload=payload))


def test_tag_lines_become_tags_not_text() -> None:
    doc = extract(_seed("002"))
    assert doc.tags == (
        "Azerbaijan", "Baku", "Elham Aliyev", "Russia", "Moscow", "Vladimir Putin",
        "Tension in Relationships",
    )  # fmt: skip
    assert "(T)" not in doc.text


def test_record_and_feed_tags() -> None:
    path = FIXTURES / "files" / "records.jsonl"
    [first, *_] = parse_file(str(path), path.read_text("utf-8"))
    assert isinstance(first, RawDocument)
    assert first.tags == ("Azerbaijan", "diplomacy")
