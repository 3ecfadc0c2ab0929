"""Dead letters re-processed: ES down -> dead letters -> `deadletter replay` -> indexed."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig, append, read
from connectors.elasticsearch import BulkPolicy, EsConfig
from pipeline.app.assembly import ReplaySpec, build_replay
from schemas import DeadLetter
from tests.conftest import SEEDS
from tests.support.cli import clean_env, newsflow
from tests.support.faulty_proxy import closed_port_url

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _replay_with_elasticsearch_down(folder: Path, dead: Path) -> None:
    down = EsConfig(
        url=closed_port_url(),
        index="news",
        request_timeout_s=1,
        bulk=BulkPolicy(max_retries=1, initial_backoff_s=0.01, max_backoff_s=0.01),
    )
    spec = ReplaySpec(path=str(folder), es=down, dead_letter=DeadLetterConfig(path=str(dead)))
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_replay(pipeline, spec, lambda: NOW)
    pipeline.run().wait_until_finish()


def test_dead_letters_are_indexed_once_elasticsearch_is_back(
    es_url: str, es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> None:
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    (folder / "junk.txt").write_bytes(b"\x00\x01 binary, fails at read every time")
    dead = tmp_path / "dead.jsonl"
    _replay_with_elasticsearch_down(folder, dead)
    # one more that cannot be replayed: its input was never kept
    append(
        str(dead),
        [
            DeadLetter.build(
                stage="identify",
                error=ValueError("lost"),
                origin="/somewhere.txt",
                payload=None,
                failed_at=NOW,
            )
        ],
    )
    stages = sorted(letter.stage for letter in read(str(dead)))
    # With Elasticsearch down the dedup stage is the first to need it: its letters
    # carry the Article and re-enter at dedup, then go through entities and the sink.
    assert stages == ["dedup", "dedup", "dedup", "dedup", "dedup", "identify", "read"]

    env = clean_env()
    replay = [
        "deadletter",
        "replay",
        "--es-url",
        es_url,
        "--index",
        es_config.index,
        "--dead-letter",
        str(dead),
    ]
    done = newsflow(*replay, "--json", env=env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["replayed"] == 6
    assert summary["kept"] == 1
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (6, 5, 1)
    archived = Path(summary["archived_to"])
    assert archived.name.startswith("dead.jsonl.replayed-")
    assert len(list(read(str(archived)))) == 7
    remaining = sorted((d.stage, Path(d.origin).name) for d in read(str(dead)))
    assert remaining == [("identify", "somewhere.txt"), ("read", "junk.txt")]

    es_client.indices.refresh(index=es_config.index)
    titles = {
        h["_source"]["title"] for h in es_client.search(index=es_config.index)["hits"]["hits"]
    }
    assert len(titles) == 5
    assert "Caucasus on the line of crisis; How far will Moscow and Baku?" in titles

    # a second replay of what remains changes nothing and loses nothing
    again = newsflow(*replay, env=env)
    assert again.returncode == 0, again.stderr
    assert "read 1, indexed 0, duplicate 0, dead-lettered again 1" in again.stdout
    assert sorted(d.stage for d in read(str(dead))) == ["identify", "read"]


def test_a_missing_file_is_one_line(es_url: str, tmp_path: Path) -> None:
    done = newsflow(
        "deadletter", "replay", str(tmp_path / "none.jsonl"), "--es-url", es_url, timeout_s=120
    )
    assert done.returncode == 2
    assert done.stderr == f"newsflow: error: {tmp_path / 'none.jsonl'}: no such dead-letter file\n"
