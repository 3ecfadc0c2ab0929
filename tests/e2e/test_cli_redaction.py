"""A password in a malformed --es-url is not printed back (issue 14)."""

from __future__ import annotations

import pytest

from tests.support.cli import clean_env, newsflow


@pytest.mark.parametrize(
    "url", ["htp://user:secret@host:9200", "http://user:secret@[::1", "https://user:secret@/"]
)
def test_a_malformed_es_url_is_refused_without_its_password(url: str) -> None:
    done = newsflow("es", "status", "--es-url", url, env=clean_env(), timeout_s=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("newsflow: error: ")
    assert "secret" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
