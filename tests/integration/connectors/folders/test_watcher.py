"""The driver's side of watched folders against a real folder and the real node: what a
scan hands on, what it reports, what a restart remembers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from connectors.folders import FileStateStore, FolderSpec, folders_index
from pipeline.app.watch import FolderWatcher

pytestmark = pytest.mark.es


def test_a_missing_folder_is_reported_once_and_watched_until_it_appears(
    es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    store = FileStateStore(es_client, folders_index(index_name), serves="uuid-1")
    store.setup()
    spec = FolderSpec(id="drop", path=str(tmp_path / "drop"), poll_interval_s=5, settle_s=1)
    said: list[str] = []
    watcher = FolderWatcher([spec], said.append)
    assert watcher.scan(store, 0.0) == []
    assert watcher.scan(store, 5.0) == []
    assert len(said) == 1
    assert said[0].startswith(f"newsflow: folder drop: {tmp_path}/drop does not exist")
    assert not watcher.due(9.9)
    assert watcher.idle_seconds(9.0) == 1.0

    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "a.txt").write_text("A story from Baku.", encoding="utf-8")
    assert watcher.scan(store, 10.0) == []  # seen, settling
    assert said[1] == f"newsflow: folder drop: {tmp_path}/drop can be listed again"
    assert watcher.settling
    assert watcher.idle_seconds(10.0) == 1.0  # looked at again after the settle time
    ready = watcher.scan(store, 11.0)
    assert [file.origin for file in ready] == [str(tmp_path / "drop" / "a.txt")]
    store.save(ready, datetime(2025, 7, 9, tzinfo=UTC))
    watcher.read(ready)
    assert watcher.scan(store, 16.0) == []
    assert not watcher.settling

    restarted = FolderWatcher([spec], said.append)
    assert restarted.scan(store, 0.0) == []
    assert not restarted.settling  # the store says it was read
    restarted.postpone(0.0, 30.0)
    assert not restarted.due(29.0)
