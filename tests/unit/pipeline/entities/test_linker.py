"""Linking: exact keys, fuzzy machine-translation errors, disambiguation, coreference."""

from __future__ import annotations

import json

import pytest

from pipeline.entities import KbEntity, KnowledgeBase, Linker, starter_kb
from pipeline.entities.config import DEFAULT_FUZZY_THRESHOLD
from schemas import EntityType
from tests.conftest import FIXTURES

VARIANTS = json.loads((FIXTURES / "entities" / "variants.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(starter_kb(), DEFAULT_FUZZY_THRESHOLD)


def _links(linker: Linker, text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.entity_id, m.method) for m in linker.link(text)]


def test_spellings_in_any_script_link_to_one_entity(linker: Linker) -> None:
    text = "Police in Yekaterinburg, Ekaterinburg or Екатеринбург: one city."
    assert {e for _, e, _ in _links(linker, text)} == {"Q887"}


@pytest.mark.parametrize("case", VARIANTS["mt_errors"], ids=lambda c: c["input"])
def test_machine_translation_errors_resolve(linker: Linker, case: dict[str, str]) -> None:
    entity, score, _how = linker.resolve(case["input"])
    assert (entity.id if entity else None) == case["entity"], score


def test_machine_translation_errors_link_in_running_text(linker: Linker) -> None:
    text = (
        "The plane of Azal crashed near Actao on the route to Grozen, "
        "said Elham Aliyev, as Armepress reported."
    )
    found = {(s, e, how) for s, e, how in _links(linker, text)}
    assert ("Actao", "kb:loc:aktau", "fuzzy") in found
    assert ("Grozen", "kb:loc:grozny", "fuzzy") in found
    assert ("Elham Aliyev", "kb:per:ilham-aliyev", "fuzzy") in found
    assert ("Armepress", "kb:org:armenpress", "fuzzy") in found
    assert ("Azal", "kb:org:azerbaijan-airlines", "exact") in found


def test_a_garbled_name_is_compared_with_names_in_its_own_script() -> None:
    # Georgia's Armenian name Վրաստան is keyed as "vrastan", 0.83 similar to
    # Verstappen; a Latin name is not a garbled form of an Armenian one. A Cyrillic
    # name, keyed through a lossy transliteration, is still compared (Гурзия, Грузия).
    georgia = KbEntity("Q230", EntityType.LOCATION, "Georgia", aliases=("Վրաստան", "Грузия"))
    linker = Linker(KnowledgeBase().plus([georgia]), DEFAULT_FUZZY_THRESHOLD)
    assert linker.link("Russell was racing Verstappen.") == []
    assert [(m.surface, m.method) for m in linker.link("мы видели Гурзия вчера")] == [
        ("Гурзия", "fuzzy")
    ]


def test_fuzzy_matching_does_not_need_the_persian_alias() -> None:
    embraer = KbEntity("kb:org:embraer", EntityType.ORGANIZATION, "Embraer")
    linker = Linker(KnowledgeBase().plus([embraer]), DEFAULT_FUZZY_THRESHOLD)
    assert _links(linker, "An Ambrair jet.") == [("Ambrair", "kb:org:embraer", "fuzzy")]


@pytest.mark.parametrize("word", VARIANTS["unlinkable"])
def test_demonyms_and_ordinary_words_do_not_link(linker: Linker, word: str) -> None:
    assert linker.resolve(word)[0] is None
    assert _links(linker, f"{word} said so, and so did the rest.") == []


def test_lowercase_words_are_not_names(linker: Linker) -> None:
    assert _links(linker, "a turkey with a caliber of sputnik size on mars") == []


def test_acronyms_must_be_written_in_capitals(linker: Linker) -> None:
    assert _links(linker, "NATO met. Go on, un-bolt it. ISW and Isw.") == [
        ("NATO", "Q7184", "exact"),
        ("ISW", "kb:org:isw", "exact"),
    ]


def test_heydar_and_ilham_aliyev_stay_apart(linker: Linker) -> None:
    text = "Heydar Aliyev ruled before his son Ilham Aliyev. Later Aliyev spoke."
    assert _links(linker, text) == [
        ("Heydar Aliyev", "kb:per:heydar-aliyev", "exact"),
        ("Ilham Aliyev", "kb:per:ilham-aliyev", "exact"),
        ("Aliyev", "kb:per:ilham-aliyev", "coref"),  # the nearest Aliyev before it
    ]


def test_a_bare_surname_links_only_after_a_full_name(linker: Linker) -> None:
    assert _links(linker, "Aliyev spoke in Baku.") == [("Baku", "Q9248", "exact")]
    later = _links(linker, "Aliyev spoke. President Ilham Aliyev's office confirmed.")
    assert later[0] == ("Aliyev", "kb:per:ilham-aliyev", "coref")


def test_kazan_kazakh_and_kazakhstan(linker: Linker) -> None:
    text = "Kazakh officials flew from Kazan to Kazakhstan."
    assert _links(linker, text) == [("Kazan", "Q900", "exact"), ("Kazakhstan", "Q232", "exact")]


def test_georgia_the_country_in_a_caucasus_story(linker: Linker) -> None:
    text = "Russia, Armenia and Georgia met in Tbilisi to discuss the South Caucasus."
    georgia = next(m for m in linker.link(text) if m.surface == "Georgia")
    assert georgia.entity_id == "Q230"
    assert "ambiguous" in georgia.why


def test_georgia_the_us_state_in_an_atlanta_story(linker: Linker) -> None:
    text = "The governor of Georgia spoke in Atlanta about the Senate race in the United States."
    georgia = next(m for m in linker.link(text) if m.surface == "Georgia")
    assert georgia.entity_id == "Q1428"


def test_armavir_follows_its_country(linker: Linker) -> None:
    armenian = "Voters in Armavir, west of Yerevan, backed the Armenian government."
    russian = "Farmers near Armavir in Krasnodar Krai sell grain across Russia."
    assert [m.entity_id for m in linker.link(armenian) if m.surface == "Armavir"] == [
        "kb:loc:armavir-am"
    ]
    assert [m.entity_id for m in linker.link(russian) if m.surface == "Armavir"] == [
        "kb:loc:armavir-ru"
    ]


def test_moscow_meaning_the_government_is_still_the_city(linker: Linker) -> None:
    assert _links(linker, "Moscow protested.") == [("Moscow", "Q649", "exact")]


def test_longest_alias_wins(linker: Linker) -> None:
    text = "The Russian House in Baku closed; Nagorno -Karabakh was calm."
    assert _links(linker, text) == [
        ("Russian House in Baku", "kb:org:russian-house-baku", "exact"),
        ("Nagorno -Karabakh", "kb:loc:nagorno-karabakh", "exact"),
    ]


def test_offsets_point_into_the_text(linker: Linker) -> None:
    text = "In Bakı, not Baku."
    assert [(m.start, m.end, text[m.start : m.end]) for m in linker.link(text)] == [
        (3, 7, "Bakı"),
        (13, 17, "Baku"),
    ]


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("فلاديمير بوتين", "Q7747"),  # Arabic: no p, no v, و for u
        ("فلاديمير فلاديميروفيتش بوتين", "Q7747"),  # with the patronymic
        ("نيكول باشينيان", "kb:per:nikol-pashinyan"),
        ("سيرغي لافروف", "kb:per:sergey-lavrov"),
    ],
)
def test_a_name_in_arabic_script_resolves_by_its_consonants(
    linker: Linker, name: str, entity_id: str
) -> None:
    entity, score, how = linker.resolve(name)
    assert (entity.id if entity else None, how) == (entity_id, "consonants")
    assert score < 1.0


def test_consonants_alone_do_not_resolve_a_latin_name_or_a_short_one(linker: Linker) -> None:
    assert linker.resolve("Fldmr Btn")[0] is None  # only names in Arabic script
    assert linker.resolve("علی")[0] is None  # Ali: too few consonants to tell
