"""The folder state store against the real node: what was read, for which article index."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from connectors.folders import FileStateStore, FolderRecord, WatchedFile, folders_index
from schemas import TerminalError

pytestmark = pytest.mark.es
READ_AT = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)


def _file(folder: str, name: str, size: int = 10) -> WatchedFile:
    return WatchedFile(folder, f"/drop/{name}".encode(), size, 1_700_000_000_000_000_001)


def test_recorded_files_are_found_by_key_and_only_for_the_index_they_served(
    es_client: Elasticsearch, index_name: str
) -> None:
    index = folders_index(index_name)
    store = FileStateStore(es_client, index, serves="uuid-1")
    store.setup()
    store.setup()  # idempotent
    a, b, other = _file("wire", "a.txt"), _file("wire", "b.txt", 20), _file("archive", "a.txt")
    assert store.load([a, b, other]) == {}
    assert store.save([a, b, other], READ_AT) == 3
    assert store.load([a, b, other]) == {
        a.key: (10, 1_700_000_000_000_000_001),  # nanoseconds survive as a long
        b.key: (20, 1_700_000_000_000_000_001),
        other.key: (10, 1_700_000_000_000_000_001),
    }
    assert store.summary() == {
        "wire": FolderRecord(files=2, last_read_at=READ_AT),
        "archive": FolderRecord(files=1, last_read_at=READ_AT),
    }
    # The article index was created afresh: the records served the old one.
    fresh = FileStateStore(es_client, index, serves="uuid-2")
    assert fresh.load([a, b, other]) == {}
    assert fresh.summary() == {}


def test_a_refused_record_is_a_terminal_error(es_client: Elasticsearch, index_name: str) -> None:
    index = folders_index(index_name)
    es_client.indices.create(index=index, mappings={"dynamic": "strict", "properties": {}})
    with pytest.raises(TerminalError, match="refused the state of file"):
        FileStateStore(es_client, index, serves="uuid-1").save([_file("wire", "a.txt")], READ_AT)
