"""``newsflow search``: the query we send and the hits we show. Query building is pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, translate

SEARCH_FIELDS = ("title^3", "text", "summary", "source.text", "authors.text")


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    title: str
    source: str | None
    published_at: str | None
    url: str | None
    snippet: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "title": self.title,
            "source": self.source,
            "published_at": self.published_at,
            "url": self.url,
            "snippet": self.snippet,
        }


def build_query(text: str, size: int = 10, entity_ids: Sequence[str] = ()) -> dict[str, Any]:
    """All words should match (operator and), titles weigh most; snippets from the text.

    ``entity_ids`` are the KB entities the query names (pipeline.entities.query): an
    article linked to one of them matches too, however it spelled the name.
    """
    words: dict[str, Any] = {
        "multi_match": {
            "query": text,
            "fields": list(SEARCH_FIELDS),
            "type": "best_fields",
            "operator": "and",
        }
    }
    query = words
    if entity_ids:
        linked = {"terms": {"entity_ids": list(entity_ids)}}
        query = {"bool": {"should": [words, linked], "minimum_should_match": 1}}
    return {
        "size": size,
        "query": query,
        "highlight": {
            "pre_tags": ["**"],
            "post_tags": ["**"],
            "fields": {"text": {"fragment_size": 180, "number_of_fragments": 1}},
        },
        "_source": ["title", "source", "published_at", "url", "text"],
        # One hit per article: during a template upgrade the alias spans the old and
        # the new versioned index, and both may hold the same deterministic id.
        "collapse": {"field": "id"},
    }


def parse_hits(response: dict[str, Any]) -> list[Hit]:
    hits = []
    for raw in response["hits"]["hits"]:
        doc = raw["_source"]
        fragments = raw.get("highlight", {}).get("text") or [doc.get("text", "")[:180]]
        hits.append(
            Hit(
                id=raw["_id"],
                score=float(raw["_score"] or 0.0),
                title=doc.get("title", ""),
                source=doc.get("source"),
                published_at=doc.get("published_at"),
                url=doc.get("url"),
                snippet=" ".join(fragments[0].split()),
            )
        )
    return hits


def search(
    client: Elasticsearch, index: str, text: str, size: int = 10, entity_ids: Sequence[str] = ()
) -> list[Hit]:
    try:
        response = client.search(index=index, **build_query(text, size, entity_ids))
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"search {index!r}") from exc
    return parse_hits(response.body)


def format_hit(rank: int, hit: Hit) -> str:
    date = (hit.published_at or "")[:10] or "undated"
    outlet = hit.source or "unknown outlet"
    return f"{rank}. {hit.title}\n   {outlet} · {date} · id {hit.id}\n   {hit.snippet}"


def fetch_document(client: Elasticsearch, index: str, article_id: str) -> dict[str, Any] | None:
    """The stored article with id ``article_id``, or None when the index has none."""
    try:
        response = client.options(ignore_status=404).get(index=index, id=article_id)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"get {article_id!r}") from exc
    if not response.body.get("found"):
        return None
    source: dict[str, Any] = response.body["_source"]
    return source
