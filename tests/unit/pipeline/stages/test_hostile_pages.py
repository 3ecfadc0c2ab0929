"""Pages that crashed extraction (issue 14): the parsers' errors become ExtractionFailed,
and a fetched page falls back to its feed entry."""

from __future__ import annotations

import pytest

from connectors.http import decode_html
from pipeline.stages.extract import extract
from pipeline.stages.fallback import extract_with_fallback
from schemas import DocumentKind, ExtractionFailed, RawDocument
from tests.conftest import FIXTURES
from tests.fuzz.targets import ENTRY

PAGE = (FIXTURES / "hostile" / "pages" / "lxml_assertion.html").read_bytes()


def _page() -> RawDocument:
    return ENTRY.model_copy(
        update={"kind": DocumentKind.HTML, "payload": decode_html(PAGE, None), "fallback": ENTRY}
    )


def test_an_assertion_inside_lxml_is_an_extraction_failure_with_the_reason() -> None:
    with pytest.raises(
        ExtractionFailed, match=r"extracting https://example.com/story raised AssertionError"
    ):
        extract(_page())


def test_a_page_whose_extraction_crashes_falls_back_to_its_entry() -> None:
    extracted = extract_with_fallback(_page())
    assert extracted.text == "Officials in Baku met on Tuesday, the feed entry says."
    assert extracted.note is not None
    assert "raised AssertionError" in extracted.note
