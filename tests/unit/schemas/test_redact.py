"""Credentials never reach a message: ``redact_urls`` and ``redacted`` (issue 14)."""

from __future__ import annotations

import pickle

import pytest

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
