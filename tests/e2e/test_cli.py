"""The `newsflow` command end to end, as a user runs it, against the real node."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.support.cli import newsflow
from tests.support.faulty_proxy import closed_port_url

pytestmark = pytest.mark.es


@pytest.fixture
def env(es_url: str, index_name: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSFLOW_ES_URL": es_url,
        "NEWSFLOW_INDEX": index_name,
        "NEWSFLOW_DEAD_LETTER": str(tmp_path / "dead.jsonl"),
    }


def test_replay_twice_then_search(env: dict[str, str]) -> None:
    first = newsflow("replay", str(SEEDS), "--json", env=env)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (5, 5, 0)
    second = newsflow("replay", str(SEEDS), env=env)
    assert second.returncode == 0, second.stderr
    assert "indexed 0, duplicate 5, dead-lettered 0" in second.stdout
    assert "5/5 documents" in second.stderr  # the progress bar's last line

    found = newsflow("search", "Yekaterinburg", "--json", env=env)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    titles = {hit["title"] for hit in hits}
    assert (
        "Tension Rises: Azerbaijan Cuts Ties with Russia Through a Demonstrative Action" in titles
    )
    assert any(hit["title"].startswith("A prominent Turkish expert") for hit in hits)
    # Seed 003 wrote "Ekaterinburg": the KB's synonyms and entity ids find it too.
    assert len(hits) == 3
    assert all(
        "**Yekaterinburg**" in hit["snippet"] or "**Ekaterinburg**" in hit["snippet"]
        for hit in hits
    )

    human = newsflow("search", "Mehr", "News", env=env)
    assert "Caucasus on the line of crisis; How far will Moscow and Baku?" in human.stdout
    assert "Mehr News Agency" in human.stdout

    status = newsflow("es", "status", env=env)
    assert status.returncode == 0
    assert "5 documents" in status.stdout


def test_es_setup_twice(env: dict[str, str]) -> None:
    first = newsflow("es", "setup", env=env)
    second = newsflow("es", "setup", env=env)
    assert first.returncode == second.returncode == 0
    assert "created" in first.stdout
    assert "already existed" in second.stdout


def test_replay_reports_malformed_file_and_keeps_going(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x01junk")
    done = newsflow("replay", str(folder), "--no-progress", env=env)
    assert done.returncode == 4, done.stderr  # finished, accounted, something dead-lettered
    assert "read 6, indexed 5, duplicate 0, dead-lettered 1" in done.stdout
    assert "dead letters (read 1)" in done.stdout
    record = json.loads((tmp_path / "dead.jsonl").read_text().splitlines()[0])
    assert record["origin"].endswith("bad.txt")
    assert record["reason"].endswith("binary data (NUL bytes), not a text document")


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("replay", "/no/such/dir"), "newsflow: error: /no/such/dir: no such file or directory", 2),
        (("replay", "seeds", "--index", "Bad"), "is invalid: use lower case", 2),
    ],
)
def test_user_errors_are_one_line(
    env: dict[str, str], args: tuple[str, ...], message: str, code: int
) -> None:
    done = newsflow(*args, env=env)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_unreachable_elasticsearch_is_one_line(env: dict[str, str]) -> None:
    env = {**env, "NEWSFLOW_ES_URL": closed_port_url()}
    for args in (("replay", str(SEEDS)), ("search", "Baku"), ("es", "status")):
        done = newsflow(*args, env=env)
        assert done.returncode == 1, args
        assert done.stderr.startswith("newsflow: error: cannot reach Elasticsearch at")
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_es_local_status_reports_running_and_stopped(env: dict[str, str], es_url: str) -> None:
    stopped_url = closed_port_url()
    port = stopped_url.rsplit(":", 1)[1]
    elsewhere = {k: v for k, v in env.items() if k != "NEWSFLOW_ES_HOME"}
    done = newsflow("es", "local", "status", "--port", port, env=elsewhere)
    assert done.returncode == 3
    assert done.stdout.strip() == "stopped"
    if "NEWSFLOW_ES_URL" not in os.environ:  # the session started the node: it must show
        test_port = es_url.rsplit(":", 1)[1]
        running = newsflow("es", "local", "status", "--port", test_port, env=env)
        assert running.returncode == 0
        assert running.stdout.startswith(f"running {es_url}")
