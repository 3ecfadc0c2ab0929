"""`newsflow run` watching a folder, and `newsflow replay --pace`: real folders in tmp_path,
the real node, the installed command in a process of its own (as tests/e2e/test_run.py).

What is checked is what an operator sees: articles arriving while the process keeps
running, a file being written never read half-way, nothing read twice across a
restart, failures in the dead-letter file without stopping anything; and for a
developer, the seeds arriving in the index and the metrics one at a time.
"""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import SEEDS
from tests.e2e.test_run import _count, _running, _scrape, _wait_for
from tests.support.cli import NEWSFLOW, newsflow
from tests.support.flink import free_port

pytestmark = pytest.mark.es
POLL_S = 1.0
SETTLE_S = 1.0


def _config(tmp_path: Path, es_url: str, index: str, max_file_bytes: int = 100_000) -> str:
    path = tmp_path / "newsflow.yaml"
    path.write_text(
        f"""folders:
  - id: drop
    path: drop
    poll_interval: {POLL_S}
    settle: {SETTLE_S}
    source: Drop Wire
    tags: [dropped]
    max_file_bytes: {max_file_bytes}
elasticsearch:
  url: {es_url}
  index: {index}
dead_letter:
  path: {tmp_path / "dead.jsonl"}
""",
        encoding="utf-8",
    )
    (tmp_path / "drop").mkdir()
    return str(path)


def _seed(n: int) -> str:
    return sorted(SEEDS.glob("*.txt"))[n].read_text(encoding="utf-8")


def _titles(client: Elasticsearch, index: str) -> list[str]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, size=50)["hits"]["hits"]
    return sorted(hit["_source"]["title"] for hit in hits)


def _dead_letters(tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "dead.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_dropped_files_are_indexed_while_run_keeps_running_and_a_restart_reads_nothing_again(
    es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    config = _config(tmp_path, es_url, index_name)
    drop = tmp_path / "drop"
    (drop / "first.txt").write_text(_seed(0), encoding="utf-8")  # there before the run
    with _running(config, tmp_path / "run.log") as process:
        _wait_for(lambda: _count(es_client, index_name) == 1, "the file already there", process)
        (drop / "second.txt").write_text(_seed(1), encoding="utf-8")
        _wait_for(lambda: _count(es_client, index_name) == 2, "the dropped file", process)
        # A changed file is read again: a record with a URL is replaced in place.
        record = {"url": "https://wire.example/a", "title": "Version one", "text": _seed(2)}
        (drop / "story.json").write_text(json.dumps(record), encoding="utf-8")
        _wait_for(lambda: "Version one" in _titles(es_client, index_name), "the record", process)
        record["title"] = "Version two"
        record["text"] += "\n\nUpdate: the ministry confirmed the figures on Wednesday evening."
        (drop / "story.json").write_text(json.dumps(record), encoding="utf-8")
        _wait_for(lambda: "Version two" in _titles(es_client, index_name), "its change", process)
        assert _count(es_client, index_name) == 3
        story = es_client.search(index=index_name, q="title:two")["hits"]["hits"][0]["_source"]
        assert story["revisions"] == 2
        # Failures are dead letters with stage and reason; the run goes on.
        (drop / "latin1.txt").write_bytes("Caf\xe9 in Baku, an article.".encode("latin-1"))
        (drop / "huge.txt").write_text("word " * 30_000, encoding="utf-8")
        _wait_for(lambda: len(_dead_letters(tmp_path)) == 2, "two dead letters", process)
        (drop / "third.txt").write_text(_seed(3), encoding="utf-8")
        _wait_for(lambda: _count(es_client, index_name) == 4, "a file after them", process)
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "watching 1 folders: drop" in log
    letters = _dead_letters(tmp_path)  # once each, not once per poll
    reasons = {Path(str(letter["origin"])).name: letter for letter in letters}
    assert sorted(reasons) == ["huge.txt", "latin1.txt"]
    assert {letter["stage"] for letter in letters} == {"read"}
    assert "not valid UTF-8" in str(reasons["latin1.txt"]["reason"])
    assert "above the 100,000-byte limit" in str(reasons["huge.txt"]["reason"])
    documents = es_client.search(index=index_name, size=10)["hits"]["hits"]
    # the folder's source where a document names no outlet of its own (a dateline, say)
    assert "Drop Wire" in {hit["_source"]["source"] for hit in documents}
    assert {tuple(hit["_source"]["tags"]) for hit in documents} == {("dropped",)}

    # A restart reads nothing it already read (the dead-lettered files included).
    again = newsflow("run", "--config", config, "--once", timeout_s=180)
    assert again.returncode == 0, again.stderr
    assert "files" not in again.stdout  # no folder cycle ran
    assert "stopped after 0 cycles" in again.stderr
    assert _count(es_client, index_name) == 4
    assert len(_dead_letters(tmp_path)) == 2

    status = newsflow("sources", "status", "--config", config, timeout_s=60)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].split() == ["FOLDER", "STATUS", "LAST", "READ", "FILES", "WATCHES"]
    row = lines[1].split()
    assert row[:2] == ["drop", "ok"]
    assert row[-2:] == ["6", f"{tmp_path}/drop/**/*"]  # every file, story.json once
    assert lines[-1] == "1 folders, 0 unreadable"


def test_a_file_being_written_is_not_read_before_it_is_complete(
    es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    config = _config(tmp_path, es_url, index_name)
    paragraphs = _seed(4).split("\n")
    done = threading.Event()

    def write_slowly() -> None:
        # a line every 0.2 s, for longer than several polls and settle times
        with open(tmp_path / "drop" / "slow.txt", "w", encoding="utf-8") as out:
            for line in paragraphs:
                out.write(line + "\n")
                out.flush()
                time.sleep(0.2)
            out.write("The writer added this closing line last.\n")
        done.set()

    assert len(paragraphs) * 0.2 > 3 * (POLL_S + SETTLE_S)
    with _running(config, tmp_path / "run.log") as process:
        _wait_for(
            lambda: "watching 1 folders" in (tmp_path / "run.log").read_text(), "start", process
        )
        writer = threading.Thread(target=write_slowly)
        writer.start()
        seen_while_writing = []
        while not done.is_set():
            seen_while_writing.append(_count(es_client, index_name))
            time.sleep(0.2)
        writer.join()
        _wait_for(lambda: _count(es_client, index_name) == 1, "the finished file", process)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert len(seen_while_writing) > 10
    assert set(seen_while_writing) == {0}
    text = es_client.search(index=index_name)["hits"]["hits"][0]["_source"]["text"]
    assert text.rstrip().endswith("The writer added this closing line last.")
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert log.count("read 1 new or changed files") == 1  # read once, complete


def test_paced_replay_indexes_the_seeds_one_at_a_time(
    es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    port = free_port()
    command = [
        NEWSFLOW, "--metrics-port", str(port), "replay", str(SEEDS), "--pace", "3s",
        "--es-url", es_url, "--index", index_name, "--dead-letter", str(tmp_path / "dead.jsonl"),
    ]  # fmt: skip
    indexed = 'newsflow_articles_indexed_total{source="files"}'
    counts: list[int] = []
    metered: list[float] = []
    with open(tmp_path / "replay.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            while process.poll() is None:
                counts.append(_count(es_client, index_name))
                metered.append(_scrape(port).get(indexed, 0.0))
                time.sleep(0.1)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, (tmp_path / "replay.log").read_text(encoding="utf-8")
    # every intermediate count was seen, in order: they arrived one by one
    assert _distinct([*counts, _count(es_client, index_name)]) == [0, 1, 2, 3, 4, 5]
    # the fifth too: the replay keeps the endpoint up for a pace after the last file
    assert _distinct([m for m in metered if m]) == [1, 2, 3, 4, 5]
    log_lines = (tmp_path / "replay.log").read_text(encoding="utf-8").splitlines()
    steps = [line.split("]")[0] + "]" for line in log_lines if line.startswith("[")]
    assert steps == [f"[{n}/5]" for n in range(1, 6)]
    assert all("indexed 1," in line for line in log_lines if line.startswith("["))
    assert any(line.startswith("replayed 5 files") and "indexed 5" in line for line in log_lines)


def _distinct(values: list[int] | list[float]) -> list[float]:
    """``values`` with repeats of the previous value dropped."""
    return [v for n, v in enumerate(values) if n == 0 or v != values[n - 1]]
