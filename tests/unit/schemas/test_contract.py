"""The Article contract: model, generated JSON Schema and index template agree."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from schemas import Article, DeadLetter, InvalidInput, SinkUnavailable
from schemas.generate import SCHEMA_PATH, article_schema_text
from schemas.templates import article_mapping_fields, index_template

NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _article(**overrides: object) -> Article:
    fields: dict[str, object] = {
        "id": "a" * 32,
        "origin": "seeds/000.txt",
        "title": "T",
        "text": "Body",
        "ingested_at": NOW,
        "content_hash": "0" * 64,
        "word_count": 1,
    }
    return Article(**{**fields, **overrides})  # type: ignore[arg-type]


def test_committed_json_schema_is_generated_from_the_model() -> None:
    assert SCHEMA_PATH.read_text("utf-8") == article_schema_text(), (
        "run `python -m schemas.generate` and commit schemas/article.schema.json"
    )


def test_every_article_field_is_mapped_and_nothing_else() -> None:
    assert set(Article.model_fields) == article_mapping_fields()


def test_required_fields_of_the_public_contract() -> None:
    required = {
        "id", "url", "canonical_url", "source", "source_feed", "title", "text", "summary",
        "authors", "language", "published_at", "published_at_source", "ingested_at",
        "content_hash", "duplicate_of", "entities", "entity_ids", "entity_names", "people",
        "places", "organizations", "pipeline_version",
    }  # fmt: skip
    assert required <= set(Article.model_fields)


def test_dates_are_stored_in_utc() -> None:
    plus4 = timezone(timedelta(hours=4))
    article = _article(published_at=datetime(2025, 7, 9, 10, tzinfo=plus4))
    assert article.published_at == datetime(2025, 7, 9, 6, tzinfo=UTC)
    assert article.to_document()["published_at"] == "2025-07-09T06:00:00Z"
    naive = _article(published_at=datetime(2025, 7, 9, 10))
    assert naive.published_at == datetime(2025, 7, 9, 10, tzinfo=UTC)


def test_article_is_frozen_and_strict() -> None:
    article = _article()
    with pytest.raises(ValidationError):
        article.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        _article(unknown_field=1)
    with pytest.raises(ValidationError):
        _article(word_count=-1)


def test_template_sets_alias_pattern_and_replicas() -> None:
    body = index_template("world", replicas=1)
    assert body["index_patterns"] == ["world-v*"]
    assert body["template"]["settings"]["index"]["number_of_replicas"] == 1
    assert body["template"]["mappings"]["dynamic"] == "strict"
    assert "_comment" not in body


def test_errors_and_dead_letters_pickle_and_round_trip() -> None:
    err = pickle.loads(pickle.dumps(InvalidInput("bad file")))
    assert isinstance(err, InvalidInput)
    assert err.reason == "bad file"
    assert err.transient is False
    assert SinkUnavailable("down").transient is True
    letter = DeadLetter.build(
        stage="read", error=err, origin="x.txt", payload=b"\xff\x00", failed_at=NOW
    )
    assert letter.payload_encoding == "base64"
    assert letter.original_bytes() == b"\xff\x00"
    again = DeadLetter.model_validate_json(letter.model_dump_json())
    assert again == letter
    assert json.loads(letter.model_dump_json())["failed_at"] == "2025-07-09T00:00:00Z"
