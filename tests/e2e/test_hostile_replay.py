"""`newsflow replay` of a folder of hostile files (issue 14's done-when): it finishes,
indexes the good article, and accounts for every other file in its summary and its
dead-letter sink; the dead letters make its exit status 4."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import FIXTURES, SEEDS
from tests.support.cli import newsflow

pytestmark = pytest.mark.es
HOSTILE = FIXTURES / "hostile"
GOOD = SEEDS / "000_dae75238717aeea7.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every crash input of the issue, a FIFO, a bad file name, a link out, one good article."""
    root = tmp_path / "in"
    shutil.copytree(HOSTILE / "feeds", root / "feeds")
    shutil.copytree(HOSTILE / "pages", root / "pages")
    shutil.copy(GOOD, root / "good.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "folder.txt").mkdir()
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    (tmp_path / "secret.txt").write_text("not for the index\n")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with open(os.fsencode(root) + b"/bad-name-\xff.txt", "wb") as handle:
        handle.write(GOOD.read_bytes().replace(b"Yekaterinburg", b"Ekaterinburg", 1))
    return root


def _env(es_url: str, index: str, dead: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSFLOW_ES_URL": es_url,
        "NEWSFLOW_INDEX": index,
        "NEWSFLOW_DEAD_LETTER": str(dead),
        "NEWSFLOW_NER": "0",
    }


def test_a_hostile_folder_is_replayed_to_the_end_and_fully_accounted_for(
    folder: Path, tmp_path: Path, es_url: str, index_name: str, es_client: Elasticsearch
) -> None:
    dead = tmp_path / "dead.jsonl"
    done = newsflow(
        "replay",
        str(folder),
        "--json",
        env=_env(es_url, index_name, dead),
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 4, done.stderr[-3000:]  # EXIT_DEAD_LETTERED, summary printed
    summary = json.loads(done.stdout)
    assert summary["accounted"], summary
    assert summary["read"] == summary["indexed"] + summary["duplicate"] + summary["dead_lettered"]

    letters = [json.loads(line) for line in dead.read_text(encoding="utf-8").splitlines()]
    by_origin = {Path(letter["origin"]).name: letter for letter in letters}
    for name in ("pipe.txt", "folder.txt", "dangling.txt", "leak.txt", "lxml_assertion.html"):
        assert name in by_origin, sorted(by_origin)
    assert by_origin["leak.txt"]["payload"] is None  # the outside file was not read
    assert "outside the replayed tree" in by_origin["leak.txt"]["reason"]
    assert "FIFO" in by_origin["pipe.txt"]["reason"]
    assert "not valid UTF-8" in by_origin["encoding_declaration_not_utf8.xml"]["reason"]

    es_client.indices.refresh(index=index_name)
    origins = {
        hit["_source"]["origin"]
        for hit in es_client.search(index=index_name, size=100)["hits"]["hits"]
    }
    assert str(folder / "good.txt") in origins
    assert str(folder / "bad-name-\\xff.txt") in origins  # kept, shown escaped
    assert "https://example.com/good-charref" in {o for o in origins}  # a hostile feed's good entry
    assert not any("secret" in origin for origin in origins)
