"""French, German and Dutch spellings of a name, read back into the English romanisation."""

from __future__ import annotations

import pytest

from pipeline.names import name_key
from pipeline.names.readings import abjad_skeleton, georgian_stem, reading_of, readings


@pytest.mark.parametrize(
    ("written", "english"),
    [
        ("Édouard Chevardnadze", "Eduard Shevardnadze"),  # French ch is sh; é says French
        ("Nikita Khrouchtchev", "Nikita Khrushchev"),  # chtch is щ
        ("Ioulia Tymochenko", "Yulia Tymoshenko"),
        ("Mikheïl Saakachvili", "Mikheil Saakashvili"),
        ("Eduard Schewardnadse", "Eduard Shevardnadze"),  # German ds is dz
        ("Michail Gorbatschow", "Mikhail Gorbachev"),  # German ch stays kh
        ("Nursultan Nasarbajew", "Nursultan Nazarbayev"),  # -jew says German: s is z
        # Dutch (Wikidata's nl labels of Azerbaijani MPs): dzj, tsj, oe
        ("Moesa Dzjafarovitsj Gasimli", "Musa Dzhafarovich Gasimli"),
        ("Dzjavansjir Feyziev", "Javanshir Feyziyev"),
    ],
)
def test_a_name_is_read_in_the_orthography_its_letters_give_away(
    written: str, english: str
) -> None:
    assert name_key(reading_of(written)) == name_key(english)


@pytest.mark.parametrize(
    "name", ["Sergej Lawrow", "Mikhail Chalov", "Chelyabinsk", "Zakharova", "Joel Poe"]
)
def test_a_name_without_signs_of_an_orthography_is_left_alone(name: str) -> None:
    # German initial s is с or з (Sergej / Saporischschja), English ch is ч, oe alone is
    # English too (Joel): nothing to read.
    assert reading_of(name) == name


def test_readings_are_every_orthography_for_a_lookup_to_try() -> None:
    assert "Kermanshah" in readings("Kermanchah")  # no sign, but French is worth a try
    assert readings("Tbilisi") == ["Tbilizi"]  # German s between vowels
    assert readings("Baku") == []


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("ბარნაული", "ბარნაულ"),  # Barnaul
        ("ლა-პაზი", "ლა-პაზ"),  # each word of four letters or more
        ("ბათუმი ქალაქი", "ბათუმ ქალაქ"),
        ("ფოთი", "ფოთ"),
        ("ბი", "ბი"),  # too short to carry an ending
        ("Tbilisi", "Tbilisi"),  # Georgian script only
    ],
)
def test_a_georgian_name_is_read_without_its_nominative_ending(name: str, stem: str) -> None:
    assert georgian_stem(name) == stem
    assert (stem in readings(name)) == (stem != name)


def test_a_loose_consonant_skeleton_leaves_out_v_and_w() -> None:
    assert abjad_skeleton("jafar pishivari") != abjad_skeleton("jafar pishuri", arabic=True)
    loose = abjad_skeleton("jafar pishivari", loose=True)
    assert loose == abjad_skeleton("jafar pishuri", arabic=True, loose=True) == "bshr jfr"


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        # Arabic writes Persian گ as ك: Bazargan, بازركان (Wikidata's Arabic label).
        ("Mehdi Bazargan", "مهدي بازركان"),
        # A final h after a vowel is Persian's silent ه: Faezeh, فائزة.
        ("Faezeh Hashemi", "فائزة هاشمي"),
        # ج after a vowel's letter is j, not a glide: Mohajerani, مهاجرانی.
        ("Ataollah Mohajerani", "عطاءالله مهاجرانی"),
    ],
)
def test_arabic_script_names_meet_their_latin_spellings_by_consonants(
    latin: str, arabic: str
) -> None:
    assert abjad_skeleton(name_key(latin)) == abjad_skeleton(name_key(arabic), arabic=True)
