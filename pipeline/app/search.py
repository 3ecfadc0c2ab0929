"""``newsflow search``: the query we send and the stories we show. Query building is pure.

One hit per story: copies (``duplicate_of`` set) are folded under their original, the
outlets that ran it are listed ("also in"), and exact copies recorded on the original
(``copies``) count too. Folding happens here rather than with Elasticsearch's
``collapse``: collapse needs one keyword field present on every document, and
documents indexed before a template upgrade have none; here the story key is simply
``duplicate_of or id``. We ask for ``WINDOW`` times as many hits as stories wanted, so
a story's copies usually arrive with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, translate

# Exact (folded) fields weigh more than stemmed ones, so "sanctions" ranks an article
# saying "sanctions" above one saying only "sanction"; phrases weigh most.
EXACT_FIELDS = ("title^3", "text", "summary", "source.text", "authors.text")
STEMMED_FIELDS = ("title.stemmed^2", "text.stemmed^0.5", "summary.stemmed^0.5")
PHRASE_FIELDS = ("title^3", "text")
PHRASE_BOOST = 2.0
WINDOW = 5
MAX_WINDOW = 500
FACETS = {"people": "people", "places": "places", "organizations": "organizations"}
FACET_SIZE = 10

Sort = Literal["relevance", "date"]


@dataclass(frozen=True, slots=True)
class Filters:
    """What narrows a search; every field is optional and they combine with AND."""

    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: date | datetime | None = None
    until: date | datetime | None = None
    # one tuple per --entity: the KB ids that name resolved to (an article needs one of each)
    entities: tuple[tuple[str, ...], ...] = ()

    def clauses(self) -> list[dict[str, Any]]:
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"terms": {"source": list(self.sources)}})
        if self.languages:
            clauses.append({"terms": {"language": list(self.languages)}})
        if self.since is not None or self.until is not None:
            clauses.append({"range": {"published_at": _date_range(self.since, self.until)}})
        clauses.extend({"terms": {"entity_ids": list(ids)}} for ids in self.entities)
        return clauses


def _date_range(since: date | datetime | None, until: date | datetime | None) -> dict[str, str]:
    bounds: dict[str, str] = {}
    if since is not None:
        bounds["gte"] = since.isoformat()
    if until is not None:
        # a bare date means the whole day: round up to its end
        whole_day = not isinstance(until, datetime)
        bounds["lte"] = until.isoformat() + ("||/d" if whole_day else "")
    return bounds


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    title: str
    source: str | None
    published_at: str | None
    url: str | None
    snippet: str
    language: str | None = None
    also_in: tuple[str, ...] = ()
    copies: int = 0
    copy_ids: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "title": self.title,
            "source": self.source,
            "published_at": self.published_at,
            "url": self.url,
            "language": self.language,
            "snippet": self.snippet,
            "also_in": list(self.also_in),
            "copies": self.copies,
            "copy_ids": list(self.copy_ids),
        }


@dataclass(frozen=True, slots=True)
class Result:
    hits: list[Hit]
    total: int  # matching documents, copies included
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "hits": [hit.as_json() for hit in self.hits],
            "facets": {name: [list(b) for b in buckets] for name, buckets in self.facets.items()},
        }


def _words(text: str) -> dict[str, Any]:
    """Every word must match, stemmed or exact; exact words and phrases score higher."""
    return {
        "bool": {
            "should": [
                _multi_match(text, EXACT_FIELDS),
                _multi_match(text, STEMMED_FIELDS),
                {
                    "multi_match": {
                        "query": text,
                        "fields": list(PHRASE_FIELDS),
                        "type": "phrase",
                        "boost": PHRASE_BOOST,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def _multi_match(text: str, fields: Sequence[str]) -> dict[str, Any]:
    return {
        "multi_match": {
            "query": text,
            "fields": list(fields),
            "type": "best_fields",
            "operator": "and",
        }
    }


@dataclass(frozen=True, slots=True)
class Request:
    """One search: ``size`` stories matching ``text`` (empty: every story) and ``filters``.

    ``entity_ids`` are the KB entities the text names (pipeline.entities.query): an
    article linked to one of them matches too, however it spelled the name.
    """

    text: str
    size: int = 10
    entity_ids: tuple[str, ...] = ()
    filters: Filters = Filters()
    sort: Sort = "relevance"
    facets: bool = False


def _query(request: Request) -> dict[str, Any]:
    query: dict[str, Any]
    if not request.text.strip():
        query = {"match_all": {}}
    else:
        query = _words(request.text)
        if request.entity_ids:
            linked = {"terms": {"entity_ids": list(request.entity_ids)}}
            query = {"bool": {"should": [query, linked], "minimum_should_match": 1}}
    clauses = request.filters.clauses()
    if clauses:
        query = {"bool": {"must": [query], "filter": clauses}}
    return query


def build_query(request: Request) -> dict[str, Any]:
    """The search request body: a window of hits to fold into ``request.size`` stories.

    No texts and no highlights here: highlighting the whole window cost ~20 times the
    search itself; the shown hits get theirs from ``build_snippets``.
    """
    body: dict[str, Any] = {
        "size": min(request.size * WINDOW, MAX_WINDOW),
        "query": _query(request),
        "track_total_hits": True,
        "_source": [
            "title",
            "source",
            "published_at",
            "url",
            "language",
            "duplicate_of",
            "copies.source",
        ],
        # One hit per article: during a template upgrade the alias spans the old and
        # the new versioned index, and both may hold the same deterministic id.
        "collapse": {"field": "id"},
    }
    if request.sort == "date":
        body["sort"] = [
            {"published_at": {"order": "desc", "missing": "_last", "unmapped_type": "date"}},
            "_score",
        ]
    if request.facets:
        body["aggs"] = _facet_aggs()
    return body


def build_snippets(request: Request, ids: Sequence[str]) -> dict[str, Any]:
    """The same query, restricted to the hits shown, with highlighted snippets: the exact
    field's when an exact word matched, else the stemmed field's (same text, same offsets)."""
    return {
        "size": len(ids),
        "query": {"bool": {"must": [_query(request)], "filter": [{"ids": {"values": list(ids)}}]}},
        "highlight": {
            "pre_tags": ["**"],
            "post_tags": ["**"],
            "fields": {
                name: {"fragment_size": 180, "number_of_fragments": 1}
                for name in ("text", "text.stemmed")
            },
        },
        "_source": ["text"],
    }


def parse_snippets(response: dict[str, Any]) -> dict[str, str]:
    """Article id -> snippet (a highlighted fragment, else the text's start)."""
    snippets = {}
    for raw in response["hits"]["hits"]:
        highlight = raw.get("highlight", {})
        fragments = highlight.get("text") or highlight.get("text.stemmed")
        snippet = fragments[0] if fragments else raw["_source"].get("text", "")[:180]
        snippets[raw["_id"]] = " ".join(snippet.split())
    return snippets


def _facet_aggs() -> dict[str, Any]:
    """Entities count stories (originals); outlets count every article that ran a story."""
    originals = {"bool": {"must_not": {"exists": {"field": "duplicate_of"}}}}
    return {
        "stories": {
            "filter": originals,
            "aggs": {
                name: {"terms": {"field": field_name, "size": FACET_SIZE}}
                for name, field_name in FACETS.items()
            },
        },
        "outlets": {"terms": {"field": "source", "size": FACET_SIZE}},
        "copy_outlets": {"terms": {"field": "copies.source", "size": FACET_SIZE}},
    }


def parse_result(response: dict[str, Any], size: int) -> Result:
    """Fold copies under their originals, keep the first ``size`` stories in rank order."""
    stories: dict[str, list[dict[str, Any]]] = {}
    for raw in response["hits"]["hits"]:
        story = raw["_source"].get("duplicate_of") or raw["_id"]
        stories.setdefault(story, []).append(raw)
    hits = [_story_hit(story, members) for story, members in stories.items()][:size]
    return Result(
        hits=hits,
        total=int(response["hits"]["total"]["value"]),
        facets=_parse_facets(response.get("aggregations")),
    )


def _story_hit(story: str, members: list[dict[str, Any]]) -> Hit:
    """The original when it matched (its title and snippet), else the best-ranked copy."""
    shown = next((m for m in members if m["_id"] == story), members[0])
    doc = shown["_source"]
    others = [m for m in members if m is not shown]
    recorded = [c.get("source") for m in members for c in m["_source"].get("copies") or ()]
    outlets = [m["_source"].get("source") for m in others] + recorded
    return Hit(
        id=shown["_id"],
        score=max(float(m["_score"] or 0.0) for m in members),
        title=doc.get("title", ""),
        source=doc.get("source"),
        published_at=doc.get("published_at"),
        url=doc.get("url"),
        language=doc.get("language"),
        snippet="",
        also_in=tuple(dict.fromkeys(o for o in outlets if o and o != doc.get("source"))),
        copies=len(others) + len(recorded),
        copy_ids=tuple(m["_id"] for m in others),
    )


def _parse_facets(aggregations: dict[str, Any] | None) -> dict[str, list[tuple[str, int]]]:
    if not aggregations:
        return {}

    def buckets(agg: dict[str, Any]) -> list[tuple[str, int]]:
        return [(str(b["key"]), int(b["doc_count"])) for b in agg["buckets"]]

    facets = {name: buckets(aggregations["stories"][name]) for name in FACETS}
    outlets = dict(buckets(aggregations["outlets"]))
    for name, count in buckets(aggregations["copy_outlets"]):
        outlets[name] = outlets.get(name, 0) + count
    facets["outlets"] = sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    return facets


def search_stories(client: Elasticsearch, index: str, request: Request) -> Result:
    """The stories for ``request``: one search for the window, one for the snippets."""
    try:
        response = client.search(index=index, **build_query(request))
        result = parse_result(response.body, request.size)
        if not result.hits:
            return result
        ids = [hit.id for hit in result.hits]
        snippets = parse_snippets(client.search(index=index, **build_snippets(request, ids)).body)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"search {index!r}") from exc
    hits = [replace(hit, snippet=snippets.get(hit.id, "")) for hit in result.hits]
    return replace(result, hits=hits)


def search(
    client: Elasticsearch, index: str, text: str, size: int = 10, entity_ids: Sequence[str] = ()
) -> list[Hit]:
    """The stories matching ``text``, best first (no filters, no facets)."""
    return search_stories(client, index, Request(text, size, tuple(entity_ids))).hits


def format_hit(rank: int, hit: Hit) -> str:
    date_text = (hit.published_at or "")[:10] or "undated"
    outlet = hit.source or "unknown outlet"
    lines = [f"{rank}. {hit.title}", f"   {outlet} · {date_text} · id {hit.id}"]
    if hit.copies:
        also = f": {', '.join(hit.also_in)}" if hit.also_in else ""
        lines.append(f"   also in{also} ({hit.copies} {'copy' if hit.copies == 1 else 'copies'})")
    lines.append(f"   {hit.snippet}")
    return "\n".join(lines)


def format_facets(facets: dict[str, list[tuple[str, int]]]) -> str:
    lines = []
    for name, found in facets.items():
        shown = ", ".join(f"{key} ({count})" for key, count in found) or "none"
        lines.append(f"{name}: {shown}")
    return "\n".join(lines)


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
