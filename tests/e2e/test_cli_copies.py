"""Copies and corrections are recorded, not dropped: `newsflow replay` on the real node."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import SEEDS
from tests.support.cli import cli_env, newsflow

pytestmark = pytest.mark.es


@pytest.fixture
def env(es_url: str, index_name: str, tmp_path: Path) -> dict[str, str]:
    return cli_env(es_url, index_name, tmp_path)


def _replay(env: dict[str, str], path: Path) -> dict[str, int]:
    done = newsflow("replay", str(path), "--no-progress", "--json", env=env)
    assert done.returncode == 0, done.stderr
    summary: dict[str, int] = json.loads(done.stdout)
    return summary


def _documents(es_client: Elasticsearch, index: str) -> dict[str, dict[str, object]]:
    es_client.indices.refresh(index=index)
    found = es_client.search(index=index, size=100, query={"match_all": {}})
    return {hit["_id"]: hit["_source"] for hit in found["hits"]["hits"]}


def test_exact_copies_under_other_names_are_recorded_on_the_original(
    env: dict[str, str], es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    seeds, copies = tmp_path / "both" / "seeds", tmp_path / "both" / "copies"
    shutil.copytree(SEEDS, seeds)
    copies.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, copies / f"reprint-{seed.name}")
    first = _replay(env, seeds)
    assert (first["indexed"], first["duplicate"]) == (5, 0)
    second = _replay(env, copies)
    # no new document: counted as duplicates, and as copies recorded on their originals
    assert (second["read"], second["indexed"], second["duplicate"], second["recorded"]) == (
        2,
        0,
        2,
        2,
    )
    documents = _documents(es_client, index_name)
    assert len(documents) == 5
    recorded = {doc["origin"]: doc["copies"] for doc in documents.values() if doc["copies"]}
    assert len(recorded) == 2
    for origin, entries in recorded.items():
        assert len(entries) == 1  # type: ignore[arg-type]
        entry = entries[0]  # type: ignore[index]
        assert entry["origin"] == str(copies / f"reprint-{Path(origin).name}")
        assert entry["ingested_at"]

    again = _replay(env, tmp_path / "both")
    assert (again["indexed"], again["duplicate"], again["recorded"]) == (0, 7, 0)
    assert _documents(es_client, index_name) == documents


def test_changed_text_at_a_known_url_updates_the_story_in_place(
    env: dict[str, str], es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    record = {
        "url": "https://news.example/2024/03/port-reopens?utm_source=feed",
        "source": "Harbour Gazette",
        "title": "Port reopens after repairs",
        "text": "The port reopened on Monday after three weeks of repairs to the main quay. "
        "Ships queued outside the harbour through the night.",
    }
    first, corrected = tmp_path / "both" / "first", tmp_path / "both" / "corrected"
    first.mkdir(parents=True)
    corrected.mkdir()
    (first / "story.json").write_text(json.dumps(record), encoding="utf-8")
    fixed = {**record, "url": record["url"].split("?")[0]}
    fixed["text"] = record["text"].replace("three weeks", "four weeks")
    (corrected / "story.json").write_text(json.dumps(fixed), encoding="utf-8")

    assert _replay(env, first)["indexed"] == 1
    (before,) = _documents(es_client, index_name).values()
    update = _replay(env, corrected)
    assert (update["indexed"], update["duplicate"], update["updated"]) == (0, 1, 1)
    (after,) = _documents(es_client, index_name).values()
    assert "four weeks" in str(after["text"])
    assert after["ingested_at"] == before["ingested_at"]
    assert after["updated_at"]
    assert after["updated_at"] > before["ingested_at"]
    assert after["revisions"] == 2

    replayed = _replay(env, tmp_path / "both")  # both versions again: nothing goes back
    assert (replayed["indexed"], replayed["duplicate"], replayed["updated"]) == (0, 2, 0)
    assert _documents(es_client, index_name) == {after["id"]: after}  # type: ignore[dict-item]
