"""Kibana saved objects for newsflow, written to ``schemas/kibana.ndjson``.

Run ``python -m schemas.kibana_objects`` after a change; a test fails when the
committed NDJSON and this module disagree. The file is what ``newsflow kibana
setup`` imports (Kibana's saved-objects import API, ``overwrite=true``), in the
format of a Kibana 8.x export: one object per line with ``id``, ``type``,
``attributes``, ``references`` and migration versions. Ids are fixed strings, so a
second import updates the same objects instead of adding copies.

Objects: data views on the news alias, the feed status index (written by
``newsflow run``) and the dead-letter index (``--dead-letter-index``); saved
searches (latest news, news by entity, duplicates hidden); aggregation-based
visualizations and one dashboard that shows them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemas.templates import feeds_index

NDJSON_PATH = Path(__file__).with_name("kibana.ndjson")
KIBANA_VERSION = "8.14.0"
CORE_MIGRATION_VERSION = "8.8.0"
# Oldest migration versions of each type's current shape: Kibana migrates forward
# on import, never backward, so these import into every 8.x from 8.8 on.
TYPE_MIGRATION_VERSION = {
    "index-pattern": "8.0.0",
    "search": "8.0.0",
    "visualization": "8.5.0",
    "dashboard": "8.7.0",
}

NEWS_ALIAS = "news"  # replaced by the configured alias at import time
FEEDS_INDEX = feeds_index(NEWS_ALIAS)  # replaced by the alias's feed state at import
DEAD_LETTER_INDEX = "newsflow-deadletters"
# Originals only: one document per story (copies carry duplicate_of).
ORIGINALS = "NOT duplicate_of:*"

NEWS_VIEW = "newsflow-news"
FEEDS_VIEW = "newsflow-feeds"
DEAD_LETTERS_VIEW = "newsflow-deadletters"
DASHBOARD = "newsflow-overview"

# Fields of the feed status documents (the `<alias>-feeds` index).
FEED_ID_FIELD = "feed_id"
FEED_STATUS_FIELD = "status"
FEED_FAILURES_FIELD = "consecutive_failures"
FEED_TIME_FIELD = "last_poll_at"
# The dead-letter index has no template: dynamic mapping adds `.keyword` to strings.
DEAD_LETTER_STAGE_FIELD = "stage.keyword"

_INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"
_KUERY = "kuery"


def _ref(name: str, kind: str, object_id: str) -> dict[str, str]:
    return {"id": object_id, "name": name, "type": kind}


def _object(
    kind: str, object_id: str, attributes: dict[str, Any], refs: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "attributes": attributes,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "id": object_id,
        "managed": False,
        "references": refs,
        "type": kind,
        "typeMigrationVersion": TYPE_MIGRATION_VERSION[kind],
    }


def _search_source(query: str = "", with_index: bool = True) -> dict[str, str]:
    source: dict[str, Any] = {"query": {"query": query, "language": _KUERY}, "filter": []}
    if with_index:
        source["indexRefName"] = _INDEX_REF
    return {"searchSourceJSON": json.dumps(source, sort_keys=True)}


def data_view(object_id: str, title: str, name: str, time_field: str) -> dict[str, Any]:
    attributes = {
        "allowNoIndex": True,  # the feeds and dead-letter indices may not exist yet
        "fieldAttrs": "{}",
        "fieldFormatMap": "{}",
        "name": name,
        "runtimeFieldMap": "{}",
        "sourceFilters": "[]",
        "timeFieldName": time_field,
        "title": title,
    }
    return _object("index-pattern", object_id, attributes, [])


def saved_search(
    object_id: str, title: str, description: str, query: str, columns: list[str]
) -> dict[str, Any]:
    attributes = {
        "columns": columns,
        "description": description,
        "grid": {},
        "hideChart": False,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": _search_source(query),
        "sort": [["published_at", "desc"], ["ingested_at", "desc"]],
        "timeRestore": False,
        "title": title,
    }
    return _object("search", object_id, attributes, [_ref(_INDEX_REF, "index-pattern", NEWS_VIEW)])


def _count() -> dict[str, Any]:
    return {"enabled": True, "id": "1", "params": {}, "schema": "metric", "type": "count"}


def _terms(agg_id: str, field: str, schema: str, size: int) -> dict[str, Any]:
    params = {
        "field": field,
        "missingBucket": False,
        "order": "desc",
        "orderBy": "1",
        "otherBucket": schema == "group",
        "otherBucketLabel": "Other",
        "size": size,
    }
    return {"enabled": True, "id": agg_id, "params": params, "schema": schema, "type": "terms"}


def _date_histogram(field: str) -> dict[str, Any]:
    params = {
        "drop_partials": False,
        "extended_bounds": {},
        "field": field,
        "interval": "auto",
        "min_doc_count": 1,
        "scaleMetricValues": False,
        "useNormalizedEsInterval": True,
    }
    return {
        "enabled": True,
        "id": "2",
        "params": params,
        "schema": "segment",
        "type": "date_histogram",
    }


def _histogram_params() -> dict[str, Any]:
    return {
        "addLegend": True,
        "addTimeMarker": False,
        "addTooltip": True,
        "categoryAxes": [
            {
                "id": "CategoryAxis-1",
                "labels": {"filter": True, "show": True, "truncate": 100},
                "position": "bottom",
                "scale": {"type": "linear"},
                "show": True,
                "style": {},
                "title": {},
                "type": "category",
            }
        ],
        "detailedTooltip": True,
        "grid": {"categoryLines": False},
        "labels": {"show": False},
        "legendPosition": "right",
        "palette": {"name": "default", "type": "palette"},
        "seriesParams": [
            {
                "data": {"id": "1", "label": "Count"},
                "drawLinesBetweenPoints": True,
                "interpolate": "linear",
                "lineWidth": 2,
                "mode": "stacked",
                "show": True,
                "showCircles": True,
                "type": "histogram",
                "valueAxis": "ValueAxis-1",
            }
        ],
        "thresholdLine": {
            "color": "#E7664C",
            "show": False,
            "style": "full",
            "value": 10,
            "width": 1,
        },
        "times": [],
        "type": "histogram",
        "valueAxes": [
            {
                "id": "ValueAxis-1",
                "labels": {"filter": False, "rotate": 0, "show": True, "truncate": 100},
                "name": "LeftAxis-1",
                "position": "left",
                "scale": {"mode": "normal", "type": "linear"},
                "show": True,
                "style": {},
                "title": {"text": "Count"},
                "type": "value",
            }
        ],
    }


def _table_params() -> dict[str, Any]:
    return {
        "percentageCol": "",
        "perPage": 10,
        "showMetricsAtAllLevels": False,
        "showPartialRows": False,
        "showTotal": False,
        "totalFunc": "sum",
    }


def visualization(
    object_id: str,
    title: str,
    vis_type: str,
    aggs: list[dict[str, Any]],
    view: str,
    query: str = "",
    description: str = "",
) -> dict[str, Any]:
    params = _histogram_params() if vis_type == "histogram" else _table_params()
    state = {"aggs": aggs, "params": params, "title": title, "type": vis_type}
    attributes = {
        "description": description,
        "kibanaSavedObjectMeta": _search_source(query),
        "title": title,
        "uiStateJSON": "{}",
        "version": 1,
        "visState": json.dumps(state, sort_keys=True),
    }
    return _object(
        "visualization", object_id, attributes, [_ref(_INDEX_REF, "index-pattern", view)]
    )


def dashboard(
    object_id: str, title: str, panels: list[tuple[str, str, int, int, int, int]]
) -> dict[str, Any]:
    """``panels``: (type, id, x, y, w, h) on Kibana's 48-column grid."""
    panel_json = []
    refs = []
    for number, (kind, panel_id, x, y, w, h) in enumerate(panels, start=1):
        index = f"p{number}"
        panel_json.append(
            {
                "embeddableConfig": {"enhancements": {}},
                "gridData": {"h": h, "i": index, "w": w, "x": x, "y": y},
                "panelIndex": index,
                "panelRefName": f"panel_{index}",
                "type": kind,
                "version": KIBANA_VERSION,
            }
        )
        refs.append(_ref(f"{index}:panel_{index}", kind, panel_id))
    options = {
        "hidePanelTitles": False,
        "syncColors": False,
        "syncCursor": True,
        "syncTooltips": False,
        "useMargins": True,
    }
    attributes = {
        "description": "Articles, entities, feed health and dead letters of newsflow.",
        "kibanaSavedObjectMeta": _search_source(with_index=False),
        "optionsJSON": json.dumps(options, sort_keys=True),
        "panelsJSON": json.dumps(panel_json, sort_keys=True),
        "refreshInterval": {"pause": False, "value": 60000},
        "timeFrom": "now-7d",
        "timeRestore": True,
        "timeTo": "now",
        "title": title,
        "version": 1,
    }
    return _object("dashboard", object_id, attributes, refs)


def saved_objects() -> list[dict[str, Any]]:
    """Every object, referenced objects before the objects that reference them."""
    entity = [_terms("2", field, "bucket", 15) for field in ("people", "places", "organizations")]
    # As `newsflow search --facets` counts them: in stories, linked copies left out.
    stories = {"query": ORIGINALS, "description": "Counted in stories: copies left out."}
    objects = [
        data_view(NEWS_VIEW, NEWS_ALIAS, "newsflow: news", "ingested_at"),
        data_view(FEEDS_VIEW, FEEDS_INDEX, "newsflow: feed status", FEED_TIME_FIELD),
        data_view(DEAD_LETTERS_VIEW, DEAD_LETTER_INDEX, "newsflow: dead letters", "failed_at"),
        saved_search(
            "newsflow-latest-news",
            "Latest news",
            "Every article, newest first.",
            "",
            ["title", "source", "published_at", "language"],
        ),
        saved_search(
            "newsflow-news-by-entity",
            "News by entity",
            "Articles with linked entities; filter on people, places or organizations.",
            "entity_ids:*",
            ["title", "people", "places", "organizations", "source"],
        ),
        saved_search(
            "newsflow-news-no-duplicates",
            "News, duplicates hidden",
            "One hit per story, as `newsflow search` shows it: linked copies (duplicate_of "
            "set) are left out; copies lists the outlets that ran the identical text, "
            "revisions > 1 marks a corrected story.",
            ORIGINALS,
            ["title", "source", "published_at", "language", "copies", "revisions"],
        ),
        visualization(
            "newsflow-articles-per-source",
            "Articles per source over time",
            "histogram",
            [_count(), _date_histogram("ingested_at"), _terms("3", "source", "group", 10)],
            NEWS_VIEW,
        ),
        visualization(
            "newsflow-top-people",
            "Top people",
            "table",
            [_count(), entity[0]],
            NEWS_VIEW,
            **stories,
        ),
        visualization(
            "newsflow-top-places",
            "Top places",
            "table",
            [_count(), entity[1]],
            NEWS_VIEW,
            **stories,
        ),
        visualization(
            "newsflow-top-organizations",
            "Top organizations",
            "table",
            [_count(), entity[2]],
            NEWS_VIEW,
            **stories,
        ),
        visualization(
            "newsflow-articles-by-extractor",
            "Articles by extractor",
            "histogram",
            [_count(), _date_histogram("ingested_at"), _terms("3", "extractor", "group", 10)],
            NEWS_VIEW,
            description="Which extractor produced each article's text (trafilatura, "
            "trafilatura+resiliparse, readability-lxml, largest-block, description, plain-text, "
            "record): a rise "
            "in anything but trafilatura on pages means layouts it truncates or empties.",
        ),
        visualization(
            "newsflow-feed-health",
            "Feed health",
            "table",
            [
                _count(),
                _terms("2", FEED_STATUS_FIELD, "bucket", 5),
                _terms("3", FEED_ID_FIELD, "bucket", 50),
            ],
            FEEDS_VIEW,
        ),
        visualization(
            "newsflow-dead-letters",
            "Dead letters by stage",
            "histogram",
            [
                _count(),
                _date_histogram("failed_at"),
                _terms("3", DEAD_LETTER_STAGE_FIELD, "group", 10),
            ],
            DEAD_LETTERS_VIEW,
        ),
    ]
    objects.append(
        dashboard(
            DASHBOARD,
            "newsflow overview",
            [
                ("visualization", "newsflow-articles-per-source", 0, 0, 48, 15),
                ("visualization", "newsflow-top-people", 0, 15, 16, 15),
                ("visualization", "newsflow-top-places", 16, 15, 16, 15),
                ("visualization", "newsflow-top-organizations", 32, 15, 16, 15),
                ("visualization", "newsflow-feed-health", 0, 30, 24, 15),
                ("visualization", "newsflow-dead-letters", 24, 30, 24, 15),
                ("visualization", "newsflow-articles-by-extractor", 0, 45, 48, 15),
                ("search", "newsflow-news-no-duplicates", 0, 60, 48, 20),
            ],
        )
    )
    return objects


def ndjson_text() -> str:
    return "".join(
        json.dumps(obj, sort_keys=True, ensure_ascii=False) + "\n" for obj in saved_objects()
    )


def main() -> None:
    NDJSON_PATH.write_text(ndjson_text(), encoding="utf-8")
    print(f"wrote {NDJSON_PATH}")


if __name__ == "__main__":
    main()
