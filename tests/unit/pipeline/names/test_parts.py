"""Keys of names no KB knows: people without middle parts, organisations without legal forms."""

from __future__ import annotations

import pytest

from pipeline.names import name_key
from pipeline.names.parts import org_key, person_key


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


def test_person_key_is_the_name_key_of_a_two_word_name() -> None:
    assert person_key("Gulnara Mammadova") == name_key("Gulnara Mamadova")
