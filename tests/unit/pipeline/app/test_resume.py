"""Dead letters turned back into the element their stage failed on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.app.resume import replayable, resume
from schemas import Article, DeadLetter, DocumentKind, InvalidInput, RawDocument, SinkUnavailable

NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _letter(stage: str, payload: bytes | str | None, origin: str = "/in/a.txt") -> DeadLetter:
    error = SinkUnavailable("down") if stage == "sink" else InvalidInput("bad")
    return DeadLetter.build(stage=stage, error=error, origin=origin, payload=payload, failed_at=NOW)


@pytest.mark.parametrize("stage", ["sink", "dedup", "entities"])
def test_an_article_stage_letter_gives_back_its_article(stage: str) -> None:
    article = Article(
        id="abc",
        origin="/in/a.txt",
        title="T",
        text="Body text.",
        ingested_at=NOW,
        content_hash="0" * 64,
        word_count=2,
    )
    letter = _letter(stage, article.model_dump_json())
    assert replayable(letter)
    (again,) = resume(letter)
    assert again == article


def test_an_extract_letter_gives_back_its_raw_document() -> None:
    raw = RawDocument(origin="/in/a.html", kind=DocumentKind.HTML, payload="<p>x</p>")
    assert resume(_letter("extract", raw.model_dump_json())) == [raw]


def test_a_read_letter_is_parsed_again_keeping_its_origin() -> None:
    (raw,) = resume(_letter("read", b'{"title": "T", "text": "Fine."}', "/in/b.jsonl:7"))
    assert isinstance(raw, RawDocument)
    assert (raw.origin, raw.title) == ("/in/b.jsonl:7", "T")


def test_a_read_letter_that_is_still_bad_fails_again() -> None:
    with pytest.raises(InvalidInput, match="binary data"):
        resume(_letter("read", b"\x00\x01junk"))


def test_letters_without_input_are_not_replayable() -> None:
    assert not replayable(_letter("identify", None))
    assert not replayable(_letter("read", None))
    assert replayable(_letter("sink", "{}"))
    with pytest.raises(InvalidInput, match="without its input"):
        resume(_letter("identify", None))


def test_a_payload_of_the_wrong_shape_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="not a valid sink input"):
        resume(_letter("sink", '{"nope": 1}'))
