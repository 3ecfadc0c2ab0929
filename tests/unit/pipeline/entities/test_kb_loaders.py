"""The starter KB and the loaders for GeoNames and Wikidata, on samples in the real formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.entities import EntityConfig, load_kb, starter_kb
from pipeline.entities.kb import load_kb_file, write_jsonl
from pipeline.entities.loaders import load_any, load_geonames, read_wikidata
from schemas import ConfigError, EntityType
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "entities"


def test_starter_kb_ships_as_package_data_with_unique_ids() -> None:
    kb = starter_kb()
    assert len(kb) > 100
    assert kb.get("Q887") is not None
    assert kb.get("Q887").name == "Yekaterinburg"
    types = {e.type for e in kb}
    assert types == {EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION}
    assert sum(1 for e in kb if e.kind == "outlet") >= 10


def test_geonames_cities_with_alternate_names() -> None:
    entities = load_geonames(
        SAMPLES / "geonames_cities_sample.txt", SAMPLES / "alternate_names_sample.txt"
    )
    by_name = {e.name: e for e in entities}
    yekaterinburg = by_name["Yekaterinburg"]
    assert yekaterinburg.id == "Q887"  # from the wkdt row
    assert yekaterinburg.country == "RU"
    assert yekaterinburg.type is EntityType.LOCATION
    assert {"Ekaterinburg", "Екатеринбург", "Jekaterynburg"} <= set(yekaterinburg.aliases)
    assert "SVX" not in yekaterinburg.aliases  # iata rows are codes, not names
    assert not any(a.startswith("http") for a in yekaterinburg.aliases)
    assert by_name["Aktau"].id == "geonames:610611"
    assert "Aktaou" in by_name["Aktau"].aliases
    assert yekaterinburg.prior > by_name["Aktau"].prior  # bigger city, higher prior


def test_geonames_population_floor() -> None:
    kept = load_geonames(SAMPLES / "geonames_cities_sample.txt", min_population=1_000_000)
    assert [e.name for e in kept] == ["Yekaterinburg"]


def test_wikidata_dump_lines() -> None:
    lines = (SAMPLES / "wikidata_sample.jsonl").read_text("utf-8").splitlines()
    entities = {e.id: e for e in read_wikidata(lines)}
    assert set(entities) == {"Q887", "Q7747", "Q2000001"}  # the class Q11032 is skipped
    assert entities["Q887"].type is EntityType.LOCATION
    assert entities["Q887"].country == "RU"  # P17 Q159 mapped through the starter KB
    assert {"Екатеринбург", "Jekaterinburg", "Sverdlovsk"} <= set(entities["Q887"].aliases)
    assert entities["Q7747"].type is EntityType.PERSON
    assert entities["Q2000001"].type is EntityType.ORGANIZATION
    assert entities["Q2000001"].name == "Eurasianet"


def test_load_any_recognises_each_format(tmp_path: Path) -> None:
    assert {e.name for e in load_any(SAMPLES / "geonames_cities_sample.txt")} == {
        "Yekaterinburg",
        "Aktau",
    }
    assert len(load_any(SAMPLES / "wikidata_sample.jsonl")) == 3
    ours = tmp_path / "kb.jsonl"
    write_jsonl(load_any(SAMPLES / "wikidata_sample.jsonl"), ours)
    assert [e.id for e in load_kb_file(ours)] == ["Q887", "Q7747", "Q2000001"]


def test_extra_kb_files_merge_into_the_starter_kb() -> None:
    kb = load_kb(EntityConfig(kb_paths=(str(SAMPLES / "geonames_cities_sample.txt"),), ner=False))
    assert kb.get("geonames:1486209") is not None
    assert len(kb) == len(starter_kb()) + 2
    kb = load_kb(EntityConfig(kb_paths=(str(SAMPLES / "wikidata_sample.jsonl"),), ner=False))
    assert "Wladimir Putin" in kb.entities["Q7747"].aliases  # merged into the starter entity
    assert kb.get("Q2000001") is not None


def test_a_broken_kb_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "type": "PLANET", "name": "Mars"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.jsonl:1"):
        load_kb_file(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_any(tmp_path / "missing.jsonl")
