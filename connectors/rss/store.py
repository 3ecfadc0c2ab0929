"""Feed state, kept in Elasticsearch (index ``<alias>-feeds``) where ops see it in Kibana.

One document per feed, ``_id`` = feed id. Reads use ``mget``, which is real-time,
so the driver sees a cycle's commit without waiting for a refresh.

The state serves one article index: its validators and seen items say what that index
already holds. The index's uuid is kept in the state index's ``_meta`` (``follow``);
when the article index was deleted and created again, the states are forgotten, or
every feed would answer 304 and "already seen" and nothing would be indexed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, index_by_id, translate
from connectors.elasticsearch.config import DEFAULT_INDEX
from connectors.rss.state import FeedState
from schemas.templates import feeds_index

DEFAULT_FEEDS_INDEX = feeds_index(DEFAULT_INDEX)
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

    def setup(self, replicas: int | None = None) -> None:
        """Create the index if it is missing (idempotent; safe with concurrent callers),
        with ``replicas`` (0 when None); an existing index gets ``replicas`` when given."""
        try:
            if not self._client.indices.exists(index=self._index):
                self._client.options(ignore_status=400).indices.create(
                    index=self._index,
                    settings={"number_of_shards": 1, "number_of_replicas": replicas or 0},
                    mappings=MAPPING,
                )
            elif replicas is not None:
                self._client.indices.put_settings(
                    index=self._index, settings={"number_of_replicas": replicas}
                )
        except (ApiError, TransportError) as exc:
            raise self._error(exc, f"create the feed state index {self._index!r}") from exc

    def follow(self, article_index_uuid: str) -> int:
        """Bind the states to the article index with this uuid; if they served another
        (since deleted) one, forget them all. Returns how many were forgotten."""
        try:
            mapping = self._client.indices.get_mapping(index=self._index)
            served = next(iter(mapping.body.values()))["mappings"].get("_meta", {}).get("serves")
            forgotten = 0
            if served not in (None, article_index_uuid):
                forgotten = self.forget()
            if served != article_index_uuid:
                self._client.indices.put_mapping(
                    index=self._index, meta={"serves": article_index_uuid}
                )
        except (ApiError, TransportError) as exc:
            raise self._error(exc, f"bind {self._index!r} to its article index") from exc
        return forgotten

    def forget(self, feed_ids: Sequence[str] | None = None) -> int:
        """Delete the states of ``feed_ids`` (all when None): their validators and seen
        items are gone, so the next poll fetches and reads every entry afresh."""
        ids = [s.feed_id for s in self.load_all()] if feed_ids is None else list(feed_ids)
        if not ids:
            return 0
        operations = [{"delete": {"_index": self._index, "_id": feed_id}} for feed_id in ids]
        try:
            response = self._client.bulk(operations=operations, refresh=True)
        except (ApiError, TransportError) as exc:
            raise self._error(exc, "forget feed states") from exc
        return sum(1 for item in response["items"] if item["delete"].get("result") == "deleted")

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
        documents = {state.feed_id: state.to_document() for state in states}
        return index_by_id(self._client, self._index, documents, what="feed")

    def _error(self, exc: Exception, action: str) -> Exception:
        return translate(exc, url=client_url(self._client), action=action)
