"""rigour's name-part data, read out of the installed package and compiled into keys."""

from __future__ import annotations

import pytest

from pipeline.names import word_key
from pipeline.names.lexicon import (
    LexiconError,
    compile_name_parts,
    name_items,
    rigour_core_path,
    rigour_resource,
)


@pytest.fixture(scope="module")
def items() -> list[tuple[str, list[str]]]:
    return list(name_items(rigour_resource(rigour_core_path().read_bytes())))


def test_the_installed_rigour_ships_its_name_items(items: list[tuple[str, list[str]]]) -> None:
    assert len(items) > 100_000
    spellings = {s for _, forms in items for s in forms}
    assert {"kocharyan", "кочарян", "քոչարյան"} <= spellings


def test_spellings_of_one_name_get_one_canonical_key(items: list[tuple[str, list[str]]]) -> None:
    # The items that spell these names, and every item sharing a spelling with them.
    wanted = {"kocharyan", "sviatlana", "pavlo", "ihar", "uladzimir", "amer", "samer"}
    near = [item for item in items if wanted & set(item[1])]
    words = {s for _, forms in near for s in forms}
    parts = compile_name_parts(item for item in items if words & set(item[1]))
    same = [
        ["Kocharyan", "Kotcharian", "Kotscharjan", "Кочарян", "Քոչարյան"],
        ["Svetlana", "Sviatlana", "Svitlana", "Светлана"],
        ["Vladimir", "Uladzimir", "Уладзімір"],
        ["Igor", "Ihar", "Ihor"],
    ]
    for spellings in same:
        assert len({parts.get(word_key(s)) for s in spellings}) == 1, spellings
    assert parts.get(word_key("Amer")) != parts.get(word_key("Samer"))
    assert parts.knows(word_key("Kotcharian"))
    assert not parts.knows("qqqq")


def test_a_core_without_the_data_is_a_clear_error() -> None:
    with pytest.raises(LexiconError, match="person_names"):
        rigour_resource(b"no zstd frames here")
