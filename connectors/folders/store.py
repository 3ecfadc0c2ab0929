"""What each watched folder's files were when last read, kept in Elasticsearch (index
``<alias>-folders``, beside the feed states in ``<alias>-feeds``).

One document per folder and file (``_id``: ``watch.file_key``) with the file's size
and modification time when it was read. Reads use ``mget``, which is real-time.

The records serve one article index: each names the uuid of the index its articles
went to, and a record for another uuid counts as never read, so after the article
index was deleted and created again every file is read afresh (as the feed states
are forgotten then, see ``connectors.rss.store``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, index_by_id, translate
from connectors.folders.watch import Fingerprint, WatchedFile
from pipeline.stages.dates import parse_date

MGET_BATCH = 1000
MAX_FOLDERS = 10_000

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "folder_id": {"type": "keyword"},
        "path": {"type": "keyword", "ignore_above": 4096},
        "size": {"type": "long"},
        "mtime_ns": {"type": "long"},
        "read_at": {"type": "date"},
        "serves": {"type": "keyword"},
    },
}


def folders_index(alias: str) -> str:
    """The folder state index that goes with an article alias (outside ``<alias>-v*``)."""
    return f"{alias}-folders"


@dataclass(frozen=True, slots=True)
class FolderRecord:
    """What the store says of one folder: how many files were read, the last when."""

    files: int = 0
    last_read_at: datetime | None = None


class FileStateStore:
    def __init__(self, client: Elasticsearch, index: str, serves: str) -> None:
        """``serves``: the uuid of the article index (``article_index_uuid``)."""
        self._client = client
        self._index = index
        self._serves = serves

    @property
    def index(self) -> str:
        return self._index

    def setup(self) -> None:
        """Create the index if it is missing (idempotent; safe with concurrent callers)."""
        try:
            if not self._client.indices.exists(index=self._index):
                self._client.options(ignore_status=400).indices.create(
                    index=self._index,
                    settings={"number_of_shards": 1, "number_of_replicas": 0},
                    mappings=MAPPING,
                )
        except (ApiError, TransportError) as exc:
            raise self._error(exc, f"create the folder state index {self._index!r}") from exc

    def load(self, files: Sequence[WatchedFile]) -> dict[str, Fingerprint]:
        """The recorded fingerprint of each of ``files`` read for this article index,
        by file key."""
        recorded: dict[str, Fingerprint] = {}
        for start in range(0, len(files), MGET_BATCH):
            ids = [file.key for file in files[start : start + MGET_BATCH]]
            try:
                found = self._client.mget(index=self._index, ids=ids)
            except (ApiError, TransportError) as exc:
                raise self._error(exc, "read folder states") from exc
            for doc in found["docs"]:
                source = doc.get("_source") if doc.get("found") else None
                if source and source.get("serves") == self._serves:
                    recorded[doc["_id"]] = (int(source["size"]), int(source["mtime_ns"]))
        return recorded

    def save(self, files: Sequence[WatchedFile], read_at: datetime) -> int:
        """Record ``files`` as read, in one bulk request; raises SinkUnavailable or
        TerminalError."""
        documents = {
            file.key: {
                "folder_id": file.folder_id,
                "path": file.origin,
                "size": file.size,
                "mtime_ns": file.mtime_ns,
                "read_at": read_at.isoformat(),
                "serves": self._serves,
            }
            for file in files
        }
        return index_by_id(self._client, self._index, documents, what="file")

    def close(self) -> None:
        self._client.close()

    def summary(self) -> dict[str, FolderRecord]:
        """Files read and the last read time, by folder id (for ``sources status``)."""
        try:
            if not self._client.indices.exists(index=self._index):
                return {}
            self._client.indices.refresh(index=self._index)
            found = self._client.search(
                index=self._index,
                size=0,
                query={"term": {"serves": self._serves}},
                aggs={
                    "folders": {
                        "terms": {"field": "folder_id", "size": MAX_FOLDERS},
                        "aggs": {"last": {"max": {"field": "read_at"}}},
                    }
                },
            )
        except (ApiError, TransportError) as exc:
            raise self._error(exc, "read folder states") from exc
        return {
            bucket["key"]: FolderRecord(
                files=int(bucket["doc_count"]),
                last_read_at=parse_date(bucket["last"].get("value_as_string")),
            )
            for bucket in found["aggregations"]["folders"]["buckets"]
        }

    def _error(self, exc: Exception, action: str) -> Exception:
        return translate(exc, url=client_url(self._client), action=action)
