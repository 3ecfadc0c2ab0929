"""Russian NER (natasha): loads offline from the package, runs on Russian text only,
and keys inflected names by their base form."""

from __future__ import annotations

import pytest

from pipeline.entities import EntityConfig, EntityStage
from pipeline.entities.ner_ru import NatashaModel
from schemas import EntityType

RUSSIAN = (
    "Поэтому я встретил Олесю Иванову в Москве. Думаю, что потом Олеся Иванова "
    "поехала к Алексею Навальному из Фонда борьбы с коррупцией."
)


@pytest.fixture(scope="module")
def stage() -> EntityStage:
    return EntityStage(EntityConfig(ner=True))


def test_inflected_names_get_their_base_form() -> None:
    spans = NatashaModel().spans([RUSSIAN], batch_size=1)[0]
    found = {(RUSSIAN[s.start : s.end], s.normal, s.type) for s in spans}
    assert ("Олесю Иванову", "Олеся Иванова", EntityType.PERSON) in found
    assert ("Алексею Навальному", "Алексей Навальный", EntityType.PERSON) in found
    organisation = "Фонда борьбы с коррупцией"
    assert (organisation, "Фонд борьбы с коррупцией", EntityType.ORGANIZATION) in found


def test_a_person_in_two_cases_is_one_entity_and_adverbs_are_not_names(
    stage: EntityStage,
) -> None:
    mentions = stage.mentions([RUSSIAN])[0]
    ids = {m.surface: m.entity_id for m in mentions}
    # the provisional id is the base form's person key (surname first, vowels in classes)
    assert ids["Олесю Иванову"] == ids["Олеся Иванова"] == "new:PER:ivanuva-ulisia"
    assert ids["Москве"] == "Q649"  # the KB's Moscow, found through the base form
    assert not {"Поэтому", "Думаю"} & set(ids)


def test_models_run_only_on_their_language(stage: EntityStage) -> None:
    assert set(stage.ner) == {"en", "ru"}
    german = (
        "Poetomu sagte Anna Schmidt in Berlin, dass die Arztsuche im Versand "
        "der Jahre schwierig bleibe."
    )
    mentions = stage.mentions([german])[0]
    assert all(not m.entity_id.startswith("new:") for m in mentions)
