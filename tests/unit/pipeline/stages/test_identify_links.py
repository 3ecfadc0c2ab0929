"""Only http(s) links are stored in ``url``; anything else goes to the note (issue 14)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pipeline.stages.identify import identify
from tests.unit.pipeline.stages.test_identify import _extracted

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
TEXT = "Officials in Baku met on Tuesday to resume the talks on the border."


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_a_link_that_is_not_http_is_not_stored_as_url(link: str) -> None:
    article = identify(_extracted(TEXT, url=link), ingested_at=NOW)
    assert article.url is None
    assert article.canonical_url is None
    assert article.extraction_note is not None
    assert "not stored as url: only http and https links are" in article.extraction_note


def test_the_note_keeps_what_was_there_and_hides_credentials() -> None:
    doc = replace(_extracted(TEXT, url="ftp://user:secret@example.com/x"), note="page not fetched")
    article = identify(doc, ingested_at=NOW)
    assert article.extraction_note is not None
    assert article.extraction_note.startswith("page not fetched; link 'ftp://***@example.com/x'")
    assert "secret" not in article.extraction_note


def test_http_links_are_kept() -> None:
    article = identify(_extracted(TEXT, url="HTTPS://example.com/a"), ingested_at=NOW)
    assert article.url == "HTTPS://example.com/a"
    assert article.extraction_note is None
