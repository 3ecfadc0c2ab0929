"""Keys of names no KB knows: people without middle parts, organisations without legal forms."""

from __future__ import annotations

import pytest

from pipeline.names import name_key
from pipeline.names.parts import looks_like, org_key, person_key, unknown_key


@pytest.mark.parametrize(
    "spellings",
    [
        ["Vladimir Vladimirovich Putin", "Vladimir Putin", "Владимир Владимирович Путин"],
        ["Ilham Heydar oglu Aliyev", "Ilham Aliyev", "Ильхам Гейдар оглы Алиев"],
        ["Robert Sedrakovich Kocharyan", "Robert Kocharian", "Robert Kotscharjan"],
        ["Nikol Pashinyan", "Nikol Pashinian", "Nikol Paschinjan", "Никол Пашинян"],
        ["Levon Ter-Petrosyan", "Levon Ter-Petrossian", "Левон Тер-Петросян"],
    ],
)
def test_a_person_with_or_without_middle_parts_is_one_key(spellings: list[str]) -> None:
    assert len({person_key(s) for s in spellings}) == 1, {s: person_key(s) for s in spellings}


@pytest.mark.parametrize(
    "spellings",
    [
        ["PJSC Sberbank", "Sberbank PJSC", "ПАО «Сбербанк»", "Sberbank"],
        ["OAO Gazprom", "ОАО «Газпром»", "Gazprom"],
        ["Yandex LLC", "ООО «Яндекс»", "Yandex"],
        ["al-Shabaab", "al-Shabab", "ash-Shabaab", "Al Shabaab"],
    ],
)
def test_an_organisation_with_or_without_its_legal_form_is_one_key(spellings: list[str]) -> None:
    assert len({org_key(s) for s in spellings}) == 1, {s: org_key(s) for s in spellings}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Heydar Aliyev", "Ilham Aliyev"),
        ("Robert Kocharyan", "Robert Kocharov"),
        ("Sberbank", "Sovcombank"),
        ("Alfa-Bank", "Alfa Group"),
    ],
)
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)
    assert org_key(a) != org_key(b)


def test_person_key_folds_what_name_key_folds() -> None:
    assert person_key("Gulnara Mammadova") == person_key("Gulnara Mamadova")
    assert name_key("Gulnara Mammadova") == name_key("Gulnara Mamadova")


@pytest.mark.parametrize(
    "spellings",
    [
        # Given name first or last, patronymic or not (Russian official order).
        ["Vladimir Putin", "Putin Vladimir Vladimirovich", "Vladimir PUTIN", "ПУТИН Владимир"],
        # Russian, Ukrainian and Belarusian romanisations of one person (OFAC SDN list).
        ["Aleksandr Grigorevich Lukashenko", "Alyaksandr Ryhorovich Lukashenka"],
        ["Yuriy Khadzimuratovich Karaev", "Yuriy Khadzymuratavich Karaeu"],
        ["Igor Arkadyevich Rotenberg", "Ihor Arkadiiovych Rotenberg", "Igor Rotenberh"],
        ["Oleksandr Yuriyovych Kobets", "Aleksandr Yurevich Kobets"],
        # Vowels of Arabic and Persian names, the article al-.
        ["Svetlana Petrovna Emelyanova", "Svetlana Petrovna Yemilianova"],
        ["Peyman Jebelli", "Payman Jebelli"],
        ["Maher Al-Assad", "Maher Assad"],
        ["Heydar Aliyev", "Haydar Aliyev"],
    ],
)
def test_romanisation_families_of_a_person_are_one_key(spellings: list[str]) -> None:
    assert len({person_key(s) for s in spellings}) == 1, {s: person_key(s) for s in spellings}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oleg Ivanov", "Olga Ivanova"),  # husband and wife: the ending of the surname stays
        ("Omar Hassan", "Amir Hassan"),  # a is not o
        ("Mahmoud Abbas", "Mohammad Abbas"),
        ("Manal Al-Assad", "Manal Al-Ahmad"),
        ("Arkady Rotenberg", "Boris Rotenberg"),  # brothers (OFAC lists both)
        ("Samer Foz", "Amer Foz"),
    ],
)
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert person_key(a) != person_key(b)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Public Joint Stock Company Rosbank", "Rosbank PJSC"],
        ["OOO Agro-Region", "Obshchestvo S Ogranichennoi Otvetstvennostyu Agro-Region"],
        ["VTB Bank Belarus Closed Joint Stock Company", "CJSC VTB Bank Belarus"],
        ["Jaysh al-Adl", "Jaish al-Adl"],
    ],
)
def test_legal_forms_written_out_and_vowels_fold(spellings: list[str]) -> None:
    assert len({org_key(s) for s in spellings}) == 1, {s: org_key(s) for s in spellings}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Vladimir Vladimirovich Putin", "PER"),
        ("Maher al-Assad", "PER"),
        ("PJSC Sberbank", "ORG"),
        ("ПАО «Сбербанк»", "ORG"),
        ("Channel One Russia", "ORG"),
        ("Sberbank", ""),
    ],
)
def test_a_name_given_alone_is_keyed_by_what_it_looks_like(name: str, kind: str) -> None:
    assert looks_like(name) == kind
    expected = person_key(name) if kind == "PER" else org_key(name)
    assert unknown_key(name) == expected
