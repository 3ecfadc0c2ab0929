from datetime import UTC, datetime

import pytest

from pipeline.stages.extract import Extracted
from pipeline.stages.identify import canonical_url, content_hash, document_id, identify
from schemas import DateSource, DocumentKind

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)


def _extracted(text: str, url: str | None = None) -> Extracted:
    return Extracted(
        origin="seeds/x.txt",
        kind=DocumentKind.PLAIN_TEXT,
        title="A title",
        text=text,
        url=url,
        source=None,
        source_feed=None,
        authors=(),
        language=None,
        summary=None,
        published_at=None,
        date_source=DateSource.NONE,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a?b=1#frag", "https://example.com/a?b=1"),
        ("http://example.com:8080", "http://example.com:8080/"),
        ("http://Example.com./x", "http://example.com/x"),
        ("ftp://example.com/file", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_canonical_url(url: str | None, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_content_hash_ignores_case_spacing_punctuation_and_unicode_form() -> None:
    a = "Baku  and Moscow — “tension”.\n\nCafe\u0301"
    b = "baku and moscow tension café"
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash("baku and moscow calm café")


def test_document_id_prefers_url_and_is_stable() -> None:
    by_url = document_id("https://example.com/a", "h1")
    assert by_url == document_id("https://example.com/a", "other-hash")
    assert document_id(None, "h1") != by_url
    assert len(by_url) == 32


def test_identify_builds_article_with_language_and_counts() -> None:
    text = "Azerbaijan and Russia are at odds after the incident in Yekaterinburg last week."
    article = identify(_extracted(text, "https://News.example/story#top"), ingested_at=NOW)
    assert article.canonical_url == "https://news.example/story"
    assert article.id == document_id("https://news.example/story", article.content_hash)
    assert article.language == "en"
    assert article.word_count == 13
    assert article.ingested_at == NOW
    assert article.published_at_source is DateSource.NONE


def test_identify_same_text_same_id_without_url() -> None:
    a = identify(_extracted("Same   text here, long enough to matter."), ingested_at=NOW)
    b = identify(_extracted("same text here long enough to matter"), ingested_at=NOW)
    assert a.id == b.id
