"""Credentials never reach a message: ``redact_urls`` and ``redacted`` (issue 14)."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import pytest

from schemas import DeadLetter
from schemas.errors import FetchUnavailable, InvalidInput, redact_urls, redacted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("htp://user:secret@host", "htp://***@host"),
        (
            "URL 'https://u:p@es.example:9200/x' is bad",
            "URL 'https://***@es.example:9200/x' is bad",
        ),
        ("http://user:secret@[::1", "http://***@[::1"),
        ("http://h/feed?token=abc&page=2&api_key=zz", "http://h/feed?token=***&page=2&api_key=***"),
        (
            "http://example.com/a@b and ops@example.com",
            "http://example.com/a@b and ops@example.com",
        ),
    ],
)
def test_credentials_in_urls_are_replaced(text: str, expected: str) -> None:
    assert redact_urls(text) == expected


def test_a_redacted_error_keeps_its_type_and_retry_after_and_still_pickles() -> None:
    err = FetchUnavailable("http://bob:hunter2@feeds.example/rss answered 503", 30.0)
    clean = redacted(err)
    assert isinstance(clean, FetchUnavailable)
    assert str(clean) == "http://***@feeds.example/rss answered 503"
    assert clean.retry_after_s == 30.0
    again = pickle.loads(pickle.dumps(clean))
    assert (again.reason, again.retry_after_s) == (clean.reason, 30.0)
    plain = InvalidInput("nothing secret here")
    assert redacted(plain) is plain


def test_a_dead_letter_holds_any_string_and_no_password() -> None:
    letter = DeadLetter.build(
        stage="read",
        error=InvalidInput("cannot fetch http://bob:hunter2@feeds.example/rss"),
        origin="/in/bad-\udcff.txt",  # an undecodable file-name byte, as os gives it
        payload="half a pair \ud800",
        failed_at=datetime(2025, 7, 9, tzinfo=UTC),
    )
    line = letter.model_dump_json()  # would raise on a lone surrogate
    assert "hunter2" not in line
    assert letter.origin == "/in/bad-\\udcff.txt"
    assert letter.payload_encoding == "base64"
    assert letter.original_bytes() == "half a pair \ud800".encode("utf-8", "surrogatepass")
