"""`es setup` and `es status` against the real node."""

from __future__ import annotations

import pytest
from elasticsearch import Elasticsearch

from connectors.elasticsearch import index_status, setup_index
from schemas import ConfigError
from schemas.templates import TEMPLATE_VERSION, article_mapping_fields

pytestmark = pytest.mark.es


def test_setup_is_idempotent_and_points_the_alias(
    es_client: Elasticsearch, index_name: str
) -> None:
    first = setup_index(es_client, index_name)
    second = setup_index(es_client, index_name)
    assert first.created_index is True
    assert second.created_index is False
    aliases = es_client.indices.get_alias(name=index_name).body
    assert list(aliases) == [f"{index_name}-v{TEMPLATE_VERSION}"]
    assert aliases[first.index]["aliases"][index_name]["is_write_index"] is True
    mapping = es_client.indices.get_mapping(index=index_name).body[first.index]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert set(mapping["properties"]) == article_mapping_fields()


def test_analyzer_folds_case_and_diacritics(es_client: Elasticsearch, index_name: str) -> None:
    result = setup_index(es_client, index_name)
    tokens = es_client.indices.analyze(
        index=result.index, analyzer="newsflow_text", text="Əliyev met in Qarabağ"
    )["tokens"]
    assert [t["token"] for t in tokens] == ["aliyev", "met", "in", "qarabag"]


def test_setup_refuses_a_concrete_index_with_the_alias_name(
    es_client: Elasticsearch, index_name: str
) -> None:
    es_client.indices.create(index=f"{index_name}-concrete")
    try:
        with pytest.raises(ConfigError, match="concrete index"):
            setup_index(es_client, f"{index_name}-concrete")
    finally:
        es_client.indices.delete(index=f"{index_name}-concrete")


def test_status_reports_cluster_alias_and_count(es_client: Elasticsearch, index_name: str) -> None:
    setup_index(es_client, index_name)
    status = index_status(es_client, index_name)
    assert status.version.startswith("8.14")
    assert status.health in ("green", "yellow")
    assert status.indices == (f"{index_name}-v{TEMPLATE_VERSION}",)
    assert status.documents == 0
    assert status.template_version == TEMPLATE_VERSION


def test_template_upgrade_moves_the_write_alias_and_keeps_old_documents(
    es_client: Elasticsearch, index_name: str
) -> None:
    old = f"{index_name}-v1"  # as an older newsflow version left it
    es_client.indices.create(index=old, aliases={index_name: {"is_write_index": True}})
    es_client.index(index=index_name, id="old-doc", document={"title": "kept"}, refresh=True)
    result = setup_index(es_client, index_name)
    aliases = es_client.indices.get_alias(name=index_name).body
    assert aliases[old]["aliases"][index_name]["is_write_index"] is False
    assert aliases[result.index]["aliases"][index_name]["is_write_index"] is True
    assert es_client.count(index=index_name)["count"] == 1
    setup_index(es_client, index_name)  # and again: still exactly one write index
    writers = [
        name
        for name, entry in es_client.indices.get_alias(name=index_name).body.items()
        if entry["aliases"][index_name].get("is_write_index")
    ]
    assert writers == [result.index]


def test_search_shows_one_hit_per_article_while_the_alias_spans_two_versions(
    es_client: Elasticsearch, index_name: str
) -> None:
    from pipeline.app.search import search

    old = f"{index_name}-v1"
    es_client.indices.create(index=old, aliases={index_name: {"is_write_index": True}})
    document = {"id": "same-id", "title": "Baku and Moscow", "text": "Baku and Moscow talk."}
    es_client.index(index=index_name, id="same-id", document=document)
    result = setup_index(es_client, index_name)  # a newer version becomes the write index
    es_client.index(index=index_name, id="same-id", document=document)  # replayed there
    es_client.indices.refresh(index=index_name)
    assert es_client.count(index=index_name)["count"] == 2
    hits = search(es_client, index_name, "Baku")
    assert [hit.id for hit in hits] == ["same-id"]
    assert result.index != old
