"""Entities the KB lacks, found by NER: cleaned, grouped by name key, given provisional ids.

A provisional id is derived from the name key (``new:PER:dunamalian``), so the same
unknown name is one entity in every article, however it is transliterated, with or
without a person's middle name or an organisation's legal form (``typed_key``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from pipeline.entities.kb import KbEntity
from pipeline.entities.linker import Linker, Mention
from pipeline.entities.ner import NerSpan
from pipeline.entities.plausible import (
    ORGANISATION_READINGS,
    dateline,
    event_word,
    no_person,
    reason_to_drop,
)
from pipeline.names import name_key, word_key
from pipeline.names.lexicon import NameParts
from pipeline.names.orgs import org_cues
from pipeline.names.parts import org_key, person_key
from schemas import EntityType

PROVISIONAL_PREFIX = "new"
# Honorifics and titles, and the articles, NER includes in a span but that are not part
# of the name.
_HONORIFICS = (
    r"president|mr|mrs|ms|dr|professor|prof|adv|hon|rev|sen|rep|gov|gen|col|capt|sgt|lt|maj"
)
_LEADING = re.compile(rf"^(?:the|a|an|{_HONORIFICS})\.?\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’‘ʼ]s|['’‘ʼ])$")
MIN_KEY_CHARS = 3
# One word the English model reads as a person, with no full name of that person before
# it (that is coreference, above), is a person under a title (Chief Peete, Mr Pin) but
# without one about as often a company, a product, a creature or a thing (Shiseido,
# Valium, Inktomi, Akali, Zebes, Tuples) as a mononym or a surname (RuPaul, Zendaya,
# Clanton): 24 right and 15 wrong of the judged links of five sets of real pages on
# 2026-12-07. Right or silent: such a word is a person only after a title.
_TITLE_BEFORE = re.compile(
    rf"\b(?:{_HONORIFICS}|miss|mx|sir|dame|lord|lady|chief|judge|justice|senator|governor"
    r"|minister|mayor|general|captain|coach|officer|detective|inspector|father|rabbi|imam"
    r"|sheikh|king|queen|prince|princess|pope|saint|st)\.?\s+$",
    re.IGNORECASE,
)
_TITLE_CHARS = 16
# A word of capitals in a person's name is a regnal number (Henry VIII), or a name
# written in capitals (MALCOLM Fraser); any other is a product's, a team's or a body's
# (Dplus KIA, Polaris GPU, Gmail SRE, Orbital ATK, USS Higgins, NASCAR Clash).
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_CAPITALS_WORD = 3
# An English acronym the model types as an organisation is one about half the time when
# the text does not spell it out (of the judged links of five sets of real pages on
# 2026-12-07: OBR, LDP, BDA, FSF right; BIPOC, WASI, BRT, YAT, the last two spelt out as
# Bus Rapid Transit and Youth Accountability Team, wrong): it is kept only when the text
# spells it out as an organisation's name (Office for Budget Responsibility), capitalised
# words with its letters as initials and these small words between them.
_ACRONYM_WORDS = r"\s+(?:(?:of|for|and|the|on|in|at|to|&)\s+)*"
_ACRONYM_LETTERS = 6
# "the State of New Jersey": the state itself, the place, whatever NER says.
_STATE_OF = re.compile(
    r"^(?:state|commonwealth|province|republic|kingdom|principality)\s+of\s+(?P<place>.+)$",
    re.IGNORECASE,
)
# What is written before and after a small place's name (the KB's own rule in places.py).
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|to|of|outside|around|в|во|из|под|около)\s+$")
_REGION = re.compile(r",\s+\w+[A-ZА-Я]|,\s+[A-ZА-Я]")
# The word after a place's name, past a coordinated name ("Golestan and Turkmanchai wars").
_NAMED_AFTER = re.compile(r"(?:\s+(?:and|or|и)\s+\w+)?\s+(?P<word>\w+)")
_JOINED_NAMES = re.compile(r"\s(?:of|for|and|at)\s")


def typed_key(entity_type: EntityType, surface: str, parts: NameParts | None = None) -> str:
    """The key a KB-less name is grouped by: people without middle names and
    patronymics, organisations without legal forms and quotes (``names.parts``).
    A person's key keeps two words of a two-word name: "Роман Абрамович" is not a
    first name and a patronymic, and "Арестович" is a surname."""
    if entity_type is EntityType.PERSON:
        key = person_key(surface, parts) if parts is not None else person_key(surface)
        whole = name_key(surface)
        return key if len(key.split()) >= min(2, len(whole.split())) else whole
    if entity_type is EntityType.ORGANIZATION:
        return org_key(surface)
    return name_key(surface)


def provisional_id(entity_type: EntityType, key: str) -> str:
    return f"{PROVISIONAL_PREFIX}:{entity_type.value}:{key.replace(' ', '-')}"


def unknown_mentions(
    linker: Linker,
    text: str,
    linked: Sequence[Mention],
    spans: Sequence[NerSpan],
    language: str = "en",
) -> list[Mention]:
    """NER spans that no linked mention overlaps and that look like names
    (``plausible``), as provisional-id mentions keyed by their base form."""
    # Spans of no type (works, products, events, laws) only take places' links away.
    typed = [(s, s.type) for s in spans if s.type is not None]
    spans = [s for s, _ in typed]
    taken = [(m.start, m.end) for m in linked]
    found: list[Mention] = []
    people: dict[str, Mention] = {}  # surname key -> the full-name mention it came from
    surnames = {
        name_key(text[s.start : s.end].split()[-1])
        for s in spans
        if s.type is EntityType.PERSON and text[s.start : s.end].strip()
    }
    # Names the document writes as an organisation's somewhere ("(Scoan)" after the
    # church's name, "Bobbie CEO"): not a person where it writes them alone ("[Scoan]").
    organisations = {
        name_key(text[start:end])
        for span in spans
        if span.type is EntityType.PERSON
        for start, end in [_trim(text, span.start, span.end)]
        if end > start
        and reason_to_drop(text, start, end, span.type, language) in ORGANISATION_READINGS
    }
    organisations_named = {
        text[s.start : s.end] for s in spans if s.type is EntityType.ORGANIZATION
    }
    for span, kind in sorted(typed, key=lambda pair: pair[0].start):
        start, end = _trim(text, span.start, span.end)
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        surface = text[start:end]
        normal = span.normal if span.normal and (start, end) == (span.start, span.end) else None
        if reason_to_drop(text, start, end, kind, language, normal):
            continue
        name = normal or surface
        key = name_key(name)
        if len(key.replace(" ", "")) < MIN_KEY_CHARS or linker.is_blocked(key):
            continue
        if kind is EntityType.PERSON and key in organisations:
            continue
        if language == "en" and _a_family(text, start, end, surnames):
            continue  # "the Thomases" after Ginni Thomas: her family, no person or body
        known = linker.known_types(key)
        if known and kind not in known:
            continue  # the KB knows this name as something else (a place, not a person)
        if kind is EntityType.LOCATION and not linker.knows_place(key):
            continue  # with 200,000 places known, a "place" none of them is a club or a player
        if (
            kind is EntityType.LOCATION
            and " " not in key
            and (key in surnames or not (known or _said_like_a_place(text, start, end, language)))
        ):
            continue  # "met Barbato", "the Tamworth pigs": a small place's name, not the place
        if kind is EntityType.PERSON and _JOINED_NAMES.search(surface):
            continue  # "Ali Abunimah of Electronic Intifada": a person and an organisation
        if kind is EntityType.PERSON and _capitals_word(linker, surface):
            continue  # Dplus KIA, Polaris GPU: see _ROMAN
        if (
            kind is EntityType.ORGANIZATION
            and language == "en"
            and _unexplained(text, start, surface, organisations_named)
        ):
            continue  # BIPOC, WASI, BRT: see _ACRONYM_WORDS
        if kind is EntityType.ORGANIZATION and (state := _state_named(linker, surface)):
            found.append(
                _mention(
                    state.id,
                    state.name,
                    EntityType.LOCATION,
                    surface,
                    start,
                    end,
                    "gazetteer",
                    f"NER ORG {surface!r}: the territory it names, {state.name!r}",
                )
            )
            taken.append((start, end))
            continue
        if normal is not None and normal != surface:
            inflected = _kb_base_form(linker, kind, normal, surface, start, end)
            if inflected is not None:
                found.append(inflected)
                taken.append((start, end))
                continue
        if kind is EntityType.PERSON and " " not in key and key in people:
            antecedent = people[key]
            found.append(
                _mention(
                    antecedent.entity_id,
                    antecedent.name,
                    kind,
                    surface,
                    start,
                    end,
                    "coref",
                    f"surname of {antecedent.surface!r}",
                )
            )
            continue
        if kind is EntityType.PERSON and no_person(text, start, end, language):
            continue  # the Chozo; Con Edison, which...: no person (asked after coreference)
        if kind is EntityType.PERSON and " " not in key and linker.surname_owners(key):
            continue  # a KB person's surname with no full name in this text: do not invent one
        if (
            language == "en"
            and kind is EntityType.PERSON
            and " " not in key
            and not _TITLE_BEFORE.search(text, max(0, start - _TITLE_CHARS), start)
        ):
            continue  # one word, no full name before it, no title: see _TITLE_BEFORE
        entity_id = provisional_id(kind, typed_key(kind, name, linker.name_parts))
        mention = _mention(
            entity_id,
            name,
            kind,
            surface,
            start,
            end,
            "ner",
            f"NER {kind.value}, not in the KB; id from key {key!r}",
        )
        found.append(mention)
        taken.append((start, end))
        if kind is EntityType.PERSON and " " in key:
            people.setdefault(key.rsplit(" ", 1)[1], mention)
    return found


def _kb_base_form(
    linker: Linker, entity_type: EntityType, normal: str, surface: str, start: int, end: int
) -> Mention | None:
    """An inflected form whose base form the KB or the gazetteer knows as this type
    ("в Москве" -> Москва): the KB entity, not a provisional one."""
    entity, _, how = linker.resolve(normal)
    if entity is None or how not in ("exact", "gazetteer") or entity.type is not entity_type:
        return None
    why = f"NER {entity_type.value} {surface!r}, base form {normal!r} is a KB name"
    return _mention(entity.id, entity.name, entity_type, surface, start, end, "lemma", why)


def _capitals_word(linker: Linker, surface: str) -> bool:
    """A word of three capitals or more in a name of several words, neither a regnal
    number nor a name part written in capitals (MALCOLM Fraser)."""
    words = surface.split()
    return len(words) > 1 and any(
        len(word) >= _CAPITALS_WORD
        and word.isalpha()
        and word.isupper()
        and not _ROMAN.match(word)
        and not linker.name_parts.knows(word_key(word))
        for word in words
    )


def _unexplained(text: str, start: int, surface: str, organisations: Collection[str] = ()) -> bool:
    """An acronym (one word of capitals, at ``start``) that the text does not say is an
    organisation's: no dateline of a news agency ("PNN – ", ``plausible.dateline``), and
    no run of capitalised words with its letters as initials (small words between them
    allowed) inside a span the model typed as an organisation (``organisations``:
    Leadership Conference of Women Religious) or that rigour reads as an organisation's
    (Association, Party, Office, Bureau: ``org_cues``)."""
    letters = surface if surface.isalpha() and surface.isupper() else ""
    if not 2 <= len(letters) <= _ACRONYM_LETTERS or dateline(text, start):
        return False
    pattern = _ACRONYM_WORDS.join(rf"{re.escape(letter)}[\w'’-]*" for letter in letters)
    for match in re.finditer(rf"(?<![\w'’-]){pattern}(?![\w'’-])", text):
        if any(match.group() in name for name in organisations):
            return False  # the model's span may hold more: "U.S. Customs and Border Protection"
        strong, cues = org_cues(match.group())
        if strong or cues:
            return False
    return True


def _state_named(linker: Linker, surface: str) -> KbEntity | None:
    """The country or subdivision an organisation's name of the form "State of X"
    (Commonwealth, Province, Republic, Kingdom of X) names, when X is one."""
    match = _STATE_OF.match(surface)
    if match is None:
        return None
    entity, _score, how = linker.resolve(match.group("place"), words_of="en")
    if entity is None or entity.type is not EntityType.LOCATION or how == "fuzzy":
        return None
    territory = linker.kinds_of(entity.id, match.group("place")) & {"country", "subdivision"}
    return entity if territory else None


def _a_family(text: str, start: int, end: int, surnames: set[str]) -> bool:
    """``the Thomases``, ``the Soroses``: one word after "the", the plural of a surname
    a person's name in the text ends in."""
    surface = text[start:end]
    after_the = text[max(0, start - 4) : start].lower() == "the "
    if " " in surface or not surface.endswith("s") or not after_the:
        return False
    singulars = [surface[:-1], surface[:-2]] if surface.endswith("es") else [surface[:-1]]
    return any(name_key(s) in surnames for s in singulars if s)


def _said_like_a_place(text: str, start: int, end: int, language: str = "en") -> bool:
    """After a locative preposition, before ", Region" ("in Borger", "Borger, Texas"),
    or naming what is named after a place: a war, a treaty, a summit ("the Golestan and
    Turkmanchai wars", the span rules' words of events, works and laws)."""
    if _LOCATIVE.search(text[max(0, start - 12) : start]) or _REGION.match(text, end):
        return True
    after = _NAMED_AFTER.match(text, end)
    return after is not None and event_word(after.group("word").lower(), language)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1  # "• Mallory Wilson", "“Frozen"
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
