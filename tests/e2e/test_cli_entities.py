"""`newsflow names resolve` and `newsflow entities`, as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import newsflow


def test_names_resolve_arguments_and_stdin() -> None:
    by_args = newsflow("names", "resolve", "Grozen", "Екатеринбург", "Kazakh", env=dict(os.environ))
    assert by_args.returncode == 0, by_args.stderr
    records = [json.loads(line) for line in by_args.stdout.splitlines()]
    assert [set(r) for r in records] == [
        {"input", "key", "entity_id", "canonical", "type", "score"}
    ] * 3
    assert (records[0]["entity_id"], records[0]["canonical"], records[0]["type"]) == (
        "kb:loc:grozny",
        "Grozny",
        "LOC",
    )
    assert 0.8 <= records[0]["score"] < 1.0
    assert records[1]["entity_id"] == "Q887"
    assert records[1]["key"] == "ekaterinburg"
    assert records[2]["entity_id"] is None
    assert records[2]["score"] == 0.0

    by_stdin = newsflow("names", "resolve", env=dict(os.environ), stdin="Elham Aliyev\n\nAzal\n")
    assert [json.loads(line)["canonical"] for line in by_stdin.stdout.splitlines()] == [
        "Ilham Aliyev",
        "Azerbaijan Airlines",
    ]


@pytest.mark.es
def test_entities_shows_what_was_linked_and_why(
    es_url: str, index_name: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "NEWSFLOW_ES_URL": es_url,
        "NEWSFLOW_INDEX": index_name,
        "NEWSFLOW_DEAD_LETTER": str(tmp_path / "dead.jsonl"),
        "NEWSFLOW_NER": "0",
    }
    replay = newsflow("replay", str(SEEDS / "004_5478e4b00c3ac26d.txt"), "--no-progress", env=env)
    assert replay.returncode == 0, replay.stderr
    found = newsflow("search", "Armepress", "--json", env=env)
    (hit,) = json.loads(found.stdout)
    shown = newsflow("entities", hit["id"], env=env)
    assert shown.returncode == 0, shown.stderr
    assert "- Armenpress [ORG] kb:org:armenpress" in shown.stdout
    assert "similar to KB alias key 'armenpres'" in shown.stdout
    assert "surname of 'Ilham Aliyev'" in shown.stdout
    as_json = json.loads(newsflow("entities", hit["id"], "--json", env=env).stdout)
    armenpress = next(row for row in as_json if row["id"] == "kb:org:armenpress")
    assert armenpress["how"] == ["exact", "fuzzy"]
    missing = newsflow("entities", "no-such-id", env=env)
    assert missing.returncode == 1
    assert "no article" in missing.stderr
