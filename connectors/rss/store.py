"""Feed state, kept in Elasticsearch (index ``newsflow-feeds``) where ops see it in Kibana.

One document per feed, ``_id`` = feed id. Reads use ``mget``, which is real-time,
so the driver sees a cycle's commit without waiting for a refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import RETRYABLE_STATUSES, client_url, translate
from connectors.rss.state import FeedState
from schemas import SinkUnavailable, TerminalError

DEFAULT_FEEDS_INDEX = "newsflow-feeds"
MAX_FEEDS = 10_000

_KEYWORD = {"type": "keyword", "ignore_above": 2048}
MAPPING = {
    "dynamic": "strict",
    "properties": {
        "feed_id": {"type": "keyword"},
        "url": _KEYWORD,
        "status": {"type": "keyword"},
        "last_poll_at": {"type": "date"},
        "last_success_at": {"type": "date"},
        "next_poll_at": {"type": "date"},
        "etag": {"type": "keyword", "index": False, "doc_values": False},
        "last_modified": {"type": "keyword", "index": False, "doc_values": False},
        "consecutive_failures": {"type": "integer"},
        "last_error": {"type": "text", "fields": {"keyword": _KEYWORD}},
        "problem": {"type": "text", "fields": {"keyword": _KEYWORD}},
        "items_seen": {"type": "long"},
        "last_new_items": {"type": "integer"},
        "seen_keys": {"type": "keyword", "index": False, "doc_values": False},
    },
}


class FeedStateStore:
    def __init__(self, client: Elasticsearch, index: str = DEFAULT_FEEDS_INDEX) -> None:
        self._client = client
        self._index = index

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
            raise self._error(exc, f"create the feed state index {self._index!r}") from exc

    def load(self, feed_ids: Sequence[str]) -> dict[str, FeedState]:
        """The stored state of each of ``feed_ids`` that has one."""
        if not feed_ids:
            return {}
        try:
            found = self._client.mget(index=self._index, ids=list(feed_ids))
        except (ApiError, TransportError) as exc:
            raise self._error(exc, "read feed states") from exc
        return {
            doc["_id"]: FeedState.from_document(doc["_source"])
            for doc in found["docs"]
            if doc.get("found")
        }

    def load_all(self) -> list[FeedState]:
        """Every stored state (for ``newsflow feeds status``), sorted by feed id; none
        before the first run created the index."""
        try:
            if not self._client.indices.exists(index=self._index):
                return []
            self._client.indices.refresh(index=self._index)
            found = self._client.search(
                index=self._index, size=MAX_FEEDS, sort=[{"feed_id": "asc"}]
            )
        except (ApiError, TransportError) as exc:
            raise self._error(exc, "read feed states") from exc
        return [FeedState.from_document(hit["_source"]) for hit in found["hits"]["hits"]]

    def save(self, states: Iterable[FeedState]) -> int:
        """Write states in one bulk request; raises SinkUnavailable or TerminalError."""
        operations: list[dict[str, object]] = []
        for state in states:
            operations.append({"index": {"_index": self._index, "_id": state.feed_id}})
            operations.append(state.to_document())
        if not operations:
            return 0
        try:
            response = self._client.bulk(operations=operations)
        except (ApiError, TransportError) as exc:
            raise self._error(exc, "save feed states") from exc
        failed = [item["index"] for item in response["items"] if item["index"].get("error")]
        if failed:
            first = failed[0]
            reason = f"Elasticsearch refused the state of feed {first.get('_id')}: {first['error']}"
            if int(first.get("status", 0)) in RETRYABLE_STATUSES:
                raise SinkUnavailable(reason)
            raise TerminalError(reason)
        return len(operations) // 2

    def _error(self, exc: Exception, action: str) -> Exception:
        return translate(exc, url=client_url(self._client), action=action)
