"""The Kibana saved objects in schemas/kibana.ndjson, checked against Kibana's export format.

Kibana 8.x exports (and imports) one JSON object per line with ``id``, ``type``,
``attributes``, ``references`` and migration versions; objects refer to each other
only through ``references`` (``indexRefName`` in a search source, ``panelRefName``
in a dashboard panel), and every reference must resolve to an object in the file.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from connectors.kibana.saved_objects import saved_objects
from schemas.kibana_objects import NDJSON_PATH, ndjson_text
from schemas.templates import index_template

OBJECTS = [json.loads(line) for line in NDJSON_PATH.read_text(encoding="utf-8").splitlines()]
BY_ID = {(obj["type"], obj["id"]): obj for obj in OBJECTS}
# Stable ids: a re-import must overwrite these, never add copies. Changing one is a
# migration for every Kibana that imported the old one.
EXPECTED_IDS = {
    ("index-pattern", "newsflow-news"),
    ("index-pattern", "newsflow-feeds"),
    ("index-pattern", "newsflow-deadletters"),
    ("search", "newsflow-latest-news"),
    ("search", "newsflow-news-by-entity"),
    ("search", "newsflow-news-no-duplicates"),
    ("visualization", "newsflow-articles-per-source"),
    ("visualization", "newsflow-top-people"),
    ("visualization", "newsflow-top-places"),
    ("visualization", "newsflow-top-organizations"),
    ("visualization", "newsflow-feed-health"),
    ("visualization", "newsflow-dead-letters"),
    ("visualization", "newsflow-articles-by-extractor"),
    ("dashboard", "newsflow-overview"),
}
NEWS_FIELDS = index_template("news")["template"]["mappings"]["properties"]


def _of_type(kind: str) -> list[dict[str, Any]]:
    return [obj for obj in OBJECTS if obj["type"] == kind]


def _refs(obj: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {ref["name"]: ref for ref in obj["references"]}


def test_committed_file_is_generated_from_the_module() -> None:
    assert NDJSON_PATH.read_text(encoding="utf-8") == ndjson_text(), (
        "run `python -m schemas.kibana_objects` and commit schemas/kibana.ndjson"
    )


def test_ids_are_stable_and_unique() -> None:
    assert len(BY_ID) == len(OBJECTS)
    assert set(BY_ID) == EXPECTED_IDS


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda obj: obj["id"])
def test_every_object_has_the_export_envelope(obj: dict[str, Any]) -> None:
    assert set(obj) == {
        "attributes",
        "coreMigrationVersion",
        "id",
        "managed",
        "references",
        "type",
        "typeMigrationVersion",
    }
    assert obj["attributes"]["title"]
    for ref in obj["references"]:
        assert set(ref) == {"id", "name", "type"}
        assert (ref["type"], ref["id"]) in BY_ID, f"{obj['id']}: unresolved reference {ref}"


def test_references_come_before_the_objects_that_use_them() -> None:
    seen: set[tuple[str, str]] = set()
    for obj in OBJECTS:
        assert all((ref["type"], ref["id"]) in seen for ref in obj["references"]), obj["id"]
        seen.add((obj["type"], obj["id"]))


def test_data_views() -> None:
    views = {obj["id"]: obj["attributes"] for obj in _of_type("index-pattern")}
    assert views["newsflow-news"]["title"] == "news"
    assert views["newsflow-feeds"]["title"] == "news-feeds"  # the default alias's feed state
    assert NEWS_FIELDS[views["newsflow-news"]["timeFieldName"]]["type"] == "date"
    for view in views.values():
        for key in ("fieldAttrs", "fieldFormatMap", "runtimeFieldMap", "sourceFilters"):
            json.loads(view[key])  # Kibana stores these as JSON strings


def _search_source(obj: dict[str, Any]) -> dict[str, Any]:
    source: dict[str, Any] = json.loads(
        obj["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"]
    )
    return source


def test_saved_searches() -> None:
    queries = {}
    for search in _of_type("search"):
        source = _search_source(search)
        assert source["query"]["language"] == "kuery"
        ref = _refs(search)[source["indexRefName"]]
        assert (ref["type"], ref["id"]) == ("index-pattern", "newsflow-news")
        assert set(search["attributes"]["columns"]) <= set(NEWS_FIELDS)
        for field, _direction in search["attributes"]["sort"]:
            assert NEWS_FIELDS[field]["type"] == "date"
        queries[search["id"]] = source["query"]["query"]
    assert queries == {
        "newsflow-latest-news": "",
        "newsflow-news-by-entity": "entity_ids:*",
        "newsflow-news-no-duplicates": "NOT duplicate_of:*",
    }


def test_visualizations_aggregate_on_aggregatable_fields() -> None:
    for vis in _of_type("visualization"):
        state = json.loads(vis["attributes"]["visState"])
        assert state["title"] == vis["attributes"]["title"]
        assert state["type"] in ("histogram", "table")
        json.loads(vis["attributes"]["uiStateJSON"])
        source = _search_source(vis)
        ref = _refs(vis)[source["indexRefName"]]
        assert ref["type"] == "index-pattern"
        assert next(agg["schema"] for agg in state["aggs"]) == "metric"
        for agg in state["aggs"]:
            field = agg["params"].get("field")
            if field and ref["id"] == "newsflow-news":
                mapped = NEWS_FIELDS[field]["type"]
                assert mapped in ("keyword", "date"), f"{vis['id']}: {field} is {mapped}"


def test_dashboard_panels_resolve_through_references() -> None:
    (board,) = _of_type("dashboard")
    panels = json.loads(board["attributes"]["panelsJSON"])
    refs = _refs(board)
    shown = set()
    for panel in panels:
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"]
        grid = panel["gridData"]
        assert grid["i"] == panel["panelIndex"]
        assert grid["x"] >= 0
        assert grid["x"] + grid["w"] <= 48
        shown.add(ref["id"])
    assert len(panels) == len(board["references"])
    assert {
        "newsflow-articles-per-source",
        "newsflow-top-people",
        "newsflow-top-places",
        "newsflow-top-organizations",
        "newsflow-feed-health",
        "newsflow-dead-letters",
    } <= shown
    json.loads(board["attributes"]["optionsJSON"])


def test_import_payload_points_the_news_view_at_the_configured_alias() -> None:
    objects = saved_objects("articles")
    views = {
        obj["id"]: obj["attributes"]["title"] for obj in objects if obj["type"] == "index-pattern"
    }
    assert views["newsflow-news"] == "articles"
    assert views["newsflow-feeds"] == "articles-feeds"  # the feed state of that alias
    assert [(o["type"], o["id"]) for o in objects] == [(o["type"], o["id"]) for o in OBJECTS]


def test_articles_by_extractor_splits_the_news_count_by_the_extractor_field() -> None:
    vis = BY_ID[("visualization", "newsflow-articles-by-extractor")]
    state = json.loads(vis["attributes"]["visState"])
    fields = {agg["schema"]: agg["params"].get("field") for agg in state["aggs"]}
    assert fields == {"metric": None, "segment": "ingested_at", "group": "extractor"}
    assert NEWS_FIELDS["extractor"]["type"] == "keyword"
    assert _refs(vis)[_search_source(vis)["indexRefName"]]["id"] == "newsflow-news"
    (board,) = _of_type("dashboard")
    assert vis["id"] in {ref["id"] for ref in board["references"]}
