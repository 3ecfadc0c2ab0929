"""Entities the KB lacks, found by NER: cleaned, grouped by name key, given provisional ids.

A provisional id is derived from the name key (``new:PER:dunamalian``), so the same
unknown name is one entity in every article, however it is transliterated, with or
without a person's middle name or an organisation's legal form (``typed_key``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wordfreq import zipf_frequency

from pipeline.entities.linker import Linker, Mention, common_word
from pipeline.entities.ner import NerSpan
from pipeline.names import name_key
from pipeline.names.parts import org_key, person_key
from schemas import EntityType

PROVISIONAL_PREFIX = "new"
# Articles and honorifics NER includes in a span but that are not part of the name.
_LEADING = re.compile(r"^(?:the|a|an|president|mr|mrs|ms|dr|professor|prof)\.?\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s|['’])$")
MIN_KEY_CHARS = 3
# Names have no digits, handles, hashtags or URLs.
# Nor line breaks (a headline or list fragment: "Giving Me\n\nLibianca") nor a
# possessive inside ("Fox News' Chad Pergram" is two names).
_NOT_A_NAME = re.compile(r"[\d@#/=+\n]|https?:|\w['’]s?\s")
_JOINED_NAMES = re.compile(r"\s(?:of|for|and|at)\s")
# A one-word span at least this frequent in English (Zipf) is a word: Giraffe, Embark.
NER_WORD_ZIPF = 3.0


def typed_key(entity_type: EntityType, surface: str) -> str:
    """The key a KB-less name is grouped by: people without middle names and
    patronymics, organisations without legal forms and quotes (``names.parts``)."""
    if entity_type is EntityType.PERSON:
        return person_key(surface)
    if entity_type is EntityType.ORGANIZATION:
        return org_key(surface)
    return name_key(surface)


def provisional_id(entity_type: EntityType, key: str) -> str:
    return f"{PROVISIONAL_PREFIX}:{entity_type.value}:{key.replace(' ', '-')}"


def unknown_mentions(
    linker: Linker, text: str, linked: Sequence[Mention], spans: Sequence[NerSpan]
) -> list[Mention]:
    """NER spans that no linked mention overlaps, as provisional-id mentions."""
    taken = [(m.start, m.end) for m in linked]
    found: list[Mention] = []
    people: dict[str, Mention] = {}  # surname key -> the full-name mention it came from
    for span in sorted(spans, key=lambda s: s.start):
        start, end = _trim(text, span.start, span.end)
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        surface = text[start:end]
        if _NOT_A_NAME.search(surface):
            continue  # scores, dates, handles: "Nicolas Jarry 6-4", "@newsflow"
        key = name_key(surface)
        if len(key.replace(" ", "")) < MIN_KEY_CHARS or linker.is_blocked(key):
            continue
        known = linker.known_types(key)
        if known and span.type not in known:
            continue  # the KB knows this name as something else (a place, not a person)
        if span.type is EntityType.LOCATION and not linker.knows_place(key):
            continue  # with 200,000 places known, a "place" none of them is a club or a player
        if span.type is EntityType.PERSON and _JOINED_NAMES.search(surface):
            continue  # "Ali Abunimah of Electronic Intifada": a person and an organisation
        if not surface[:1].isupper() and surface[:1].isalpha():
            continue
        if " " not in key and (common_word(surface) or _frequent(surface)):
            continue  # "Relations", "the West", "Time": capitalised words, not names
        if span.type is EntityType.PERSON and " " not in key and key in people:
            antecedent = people[key]
            found.append(
                _mention(
                    antecedent.entity_id,
                    antecedent.name,
                    span.type,
                    surface,
                    start,
                    end,
                    "coref",
                    f"surname of {antecedent.surface!r}",
                )
            )
            continue
        if span.type is EntityType.PERSON and " " not in key and linker.surname_owners(key):
            continue  # a KB person's surname with no full name in this text: do not invent one
        entity_id = provisional_id(span.type, typed_key(span.type, surface))
        mention = _mention(
            entity_id,
            surface,
            span.type,
            surface,
            start,
            end,
            "ner",
            f"NER {span.type.value}, not in the KB; id from key {key!r}",
        )
        found.append(mention)
        taken.append((start, end))
        if span.type is EntityType.PERSON and " " in key:
            people.setdefault(key.rsplit(" ", 1)[1], mention)
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    surface = text[start:end]
    leading = _LEADING.match(surface)
    if leading:
        start += leading.end()
    trailing = _TRAILING.search(text[start:end])
    if trailing:
        end -= len(trailing.group())
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _mention(
    entity_id: str,
    name: str,
    entity_type: EntityType,
    surface: str,
    start: int,
    end: int,
    method: str,
    why: str,
) -> Mention:
    return Mention(entity_id, entity_type, name, surface, start, end, method, 1.0, why)


def _frequent(word: str) -> bool:
    return bool(zipf_frequency(word, "en") >= NER_WORD_ZIPF)
