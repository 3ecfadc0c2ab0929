"""Entities in the real index: facets, and any spelling of a name finds every spelling."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from elasticsearch import Elasticsearch

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EsConfig, setup_index
from pipeline.app.assembly import ReplaySpec, build_replay
from pipeline.app.search import search
from pipeline.entities import EntityConfig, Linker, starter_kb
from pipeline.entities.query import query_entity_ids
from pipeline.entities.stage import EntityStage, synonyms_for
from pipeline.entities.synonyms import synonym_rules
from tests.conftest import SEEDS
from tests.quality.real_pages import pages as fundus_pages

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)
YEKATERINBURG_SEEDS = {"000", "001", "003"}


def _clock() -> datetime:
    return NOW


@pytest.fixture
def seeded(es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path) -> EsConfig:
    return _seed(es_config, es_client, tmp_path, synonym_rules(starter_kb()))


@pytest.fixture
def seeded_with_gazetteer(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> EsConfig:
    """The index as `newsflow es setup` makes it by default: the starter KB's synonym
    sets widened with the gazetteer's spellings of the same entities."""
    return _seed(es_config, es_client, tmp_path, synonyms_for(EntityConfig()))


@pytest.fixture
def seeded_without_synonyms(
    es_config: EsConfig, es_client: Elasticsearch, tmp_path: Path
) -> EsConfig:
    """No synonyms in the analyzer at all: only the `entity_names` field can make another
    spelling find an article. Besides the seeds, one real news page (Fundus) that names
    Jerusalem, a gazetteer place the starter KB lacks."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (pages / seed.name).write_bytes(seed.read_bytes())
    (pages / "900_jerusalem.txt").write_text(fundus_pages()["TheIntercept_2.html.gz"], "utf-8")
    return _seed(es_config, es_client, tmp_path, [], str(pages))


def _seed(
    es_config: EsConfig,
    es_client: Elasticsearch,
    tmp_path: Path,
    synonyms: list[str],
    path: str = str(SEEDS),
) -> EsConfig:
    setup_index(es_client, es_config.index, synonyms=synonyms)
    spec = ReplaySpec(
        path=path,
        es=es_config,
        dead_letter=DeadLetterConfig(path=str(tmp_path / "dead.jsonl")),
        entities=EntityConfig(ner=False),
    )
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    build_replay(pipeline, spec, _clock)
    pipeline.run().wait_until_finish()
    es_client.indices.refresh(index=es_config.index)
    return es_config


def _seeds_of(hits: list[dict[str, object]]) -> set[str]:
    return {str(h["_source"]["origin"]).rsplit("/", 1)[1][:3] for h in hits}  # type: ignore[index]


@pytest.mark.parametrize("spelling", ["Yekaterinburg", "Ekaterinburg", "Екатеринбург"])
def test_any_spelling_finds_every_spelling_through_synonyms(
    seeded: EsConfig, es_client: Elasticsearch, spelling: str
) -> None:
    """What a Kibana user gets: a plain match query on the text, no newsflow in between."""
    response = es_client.search(index=seeded.index, query={"match": {"text": spelling}}, size=10)
    assert _seeds_of(response["hits"]["hits"]) == YEKATERINBURG_SEEDS


@pytest.mark.parametrize("spelling", ["Jekaterinburg", "Ekaterinbourg", "Jekaterinburga"])
def test_gazetteer_spellings_of_kb_places_find_them_in_a_plain_query(
    seeded_with_gazetteer: EsConfig, es_client: Elasticsearch, spelling: str
) -> None:
    """Ekaterinbourg (French) and Jekaterinburga (Latvian) are GeoNames' spellings, not
    the starter KB's: a Kibana query-string search finds the seeds that wrote
    Yekaterinburg all the same."""
    response = es_client.search(
        index=seeded_with_gazetteer.index,
        query={"query_string": {"query": spelling, "default_field": "text"}},
        size=10,
    )
    assert _seeds_of(response["hits"]["hits"]) == YEKATERINBURG_SEEDS


def test_entity_facets_are_indexed(seeded: EsConfig, es_client: Elasticsearch) -> None:
    response = es_client.search(
        index=seeded.index,
        size=0,
        aggs={"places": {"terms": {"field": "places", "size": 100}}},
        query={"term": {"entity_ids": "Q887"}},
    )
    assert response["hits"]["total"]["value"] == 3
    places = {b["key"]: b["doc_count"] for b in response["aggregations"]["places"]["buckets"]}
    assert places["Yekaterinburg"] == 3
    assert places["Baku"] == 3
    doc = es_client.search(index=seeded.index, query={"term": {"organizations": "Armenpress"}})
    entity = next(
        e for e in doc["hits"]["hits"][0]["_source"]["entities"] if e["id"] == "kb:org:armenpress"
    )
    assert set(entity["mentions"]) == {"Armenpress", "Armepress"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Grozen", {"001", "002", "004"}),
        ("ekaterinburg", YEKATERINBURG_SEEDS),
        ("Actao", {"002", "004"}),
    ],
)
def test_newsflow_search_applies_the_same_normalisation(
    seeded: EsConfig, es_client: Elasticsearch, query: str, expected: set[str]
) -> None:
    linker = Linker(starter_kb(), EntityConfig().fuzzy_threshold)
    hits = search(es_client, seeded.index, query, entity_ids=query_entity_ids(linker, query))
    found = {hit.id for hit in hits}
    response = es_client.search(index=seeded.index, query={"ids": {"values": list(found)}})
    assert _seeds_of(response["hits"]["hits"]) == expected


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Jekaterinburg", YEKATERINBURG_SEEDS),
        ("Екатеринбург", YEKATERINBURG_SEEDS),
        ("Ekaterinbourg", YEKATERINBURG_SEEDS),
        ("Иерусалим", {"900"}),  # the page wrote Jerusalem
        ("Gerusalemme", {"900"}),
    ],
)
def test_a_plain_query_string_finds_other_spellings_through_entity_names(
    seeded_without_synonyms: EsConfig, es_client: Elasticsearch, spelling: str, expected: set[str]
) -> None:
    """What Kibana's search bar sends: a query_string with no field (the index default,
    every field), on an index whose analyzer has no synonyms."""
    response = es_client.search(
        index=seeded_without_synonyms.index, query={"query_string": {"query": spelling}}, size=10
    )
    assert _seeds_of(response["hits"]["hits"]) == expected
    text_only = es_client.search(
        index=seeded_without_synonyms.index,
        query={"query_string": {"query": spelling, "default_field": "text"}},
        size=10,
    )
    assert _seeds_of(text_only["hits"]["hits"]) == set()  # no page wrote it that way


@pytest.mark.parametrize("spelling", ["Jekaterinburg", "Екатеринбург", "Ekaterinbourg"])
def test_newsflow_search_finds_other_spellings_with_the_full_kb(
    seeded_without_synonyms: EsConfig, es_client: Elasticsearch, spelling: str
) -> None:
    linker = EntityStage(EntityConfig(ner=False)).linker
    hits = search(
        es_client,
        seeded_without_synonyms.index,
        spelling,
        entity_ids=query_entity_ids(linker, spelling),
    )
    found = {hit.id for hit in hits}
    response = es_client.search(
        index=seeded_without_synonyms.index, query={"ids": {"values": list(found)}}
    )
    assert _seeds_of(response["hits"]["hits"]) == YEKATERINBURG_SEEDS
