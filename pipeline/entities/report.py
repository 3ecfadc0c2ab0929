"""What ``newsflow names resolve`` and ``newsflow entities`` print. Pure: no I/O here."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

# The package, not rapidfuzz.distance: a thread importing the submodule holds its lock
# while it waits for the package's, which another thread importing rapidfuzz holds while
# it waits for the submodule's (tests/unit/test_imports.py found the deadlock).
from rapidfuzz import distance

from pipeline.entities import wordlists
from pipeline.entities.kb import KbEntity
from pipeline.entities.linker import Linker, Mention
from pipeline.entities.places import written_in_latin
from pipeline.names import name_key, word_key
from pipeline.names.fold import turkic_consonants
from pipeline.names.key import acronym_alone, words
from pipeline.names.lexicon import NameParts
from pipeline.names.orgs import (
    MAX_ACRONYM,
    numbers_in,
    org_cues,
    org_words,
    split_arabic_article,
    vowels,
    written_as_one,
)
from pipeline.names.parts import (
    initial_key,
    looks_like,
    org_key,
    person_key,
    person_parts,
    unknown_key,
)
from pipeline.names.readings import abjad_skeleton, arabic_script, reading_of
from schemas import EntityType

# A person's name in another order or with a patronymic the KB does not list
# (Putin Vladimir Vladimirovich) is still that KB person, when only one has that key;
# an organisation's name with a legal form the KB does not list (OAO Gazprom, ПАО
# «Газпром») that KB organisation.
PERSON_KEY_SCORE = 0.9
ORG_KEY_SCORE = 0.9


def kb_people_by_key(linker: Linker) -> dict[str, KbEntity]:
    """``person_key`` of every name of every KB person, and that key with the first name
    as its initial (V. Putin) -> the person, if unique."""
    owners: dict[str, set[str]] = {}
    for entity in linker.kb.entities.values():
        if entity.type is EntityType.PERSON:
            for name in entity.names:
                owners.setdefault(person_key(name, linker.name_parts), set()).add(entity.id)
                initials = initial_key(name, linker.name_parts)
                if initials:
                    owners.setdefault(initials, set()).add(entity.id)
    return {k: linker.kb.entities[next(iter(v))] for k, v in owners.items() if len(v) == 1}


def kb_organisations_by_key(linker: Linker) -> dict[str, KbEntity]:
    """``org_key`` of every name of every KB organisation -> the organisation, if unique."""
    owners: dict[str, set[str]] = {}
    for entity in linker.kb.entities.values():
        if entity.type is EntityType.ORGANIZATION:
            for name in entity.names:
                owners.setdefault(org_key(name), set()).add(entity.id)
    return {k: linker.kb.entities[next(iter(v))] for k, v in owners.items() if len(v) == 1}


def resolve_names(linker: Linker, names: Iterable[str]) -> list[dict[str, Any]]:
    """One record per input name: the KB entity it resolves to, if any, and its key: the
    name key of a resolved name, else the key that groups names no KB knows
    (``names.parts.unknown_key``: people by first and last name, organisations without
    legal forms). A name the linker cannot resolve is still a KB person or organisation
    when its person or organisation key is one's, and no other's. Names resolved
    together are read together: an unresolved organisation's short name takes the key
    of the one longer name around it that holds all its words
    (``contained_organisations``)."""
    people, organisations = kb_people_by_key(linker), kb_organisations_by_key(linker)
    parts = linker.name_parts
    records: list[dict[str, Any]] = []
    unknown_orgs: list[dict[str, Any]] = []
    unknown_people: list[dict[str, Any]] = []
    for name in names:
        entity, score, _how = linker.resolve(name, words_of="en")
        kind = looks_like(name, parts)
        if entity is None and (person := people.get(person_key(name, parts))) is not None:
            entity, score = person, PERSON_KEY_SCORE
        elif entity is None and kind != "PER":
            organisation = organisations.get(org_key(name))
            entity, score = (organisation, ORG_KEY_SCORE) if organisation else (None, score)
        key = name_key(name) if entity else unknown_key(name, parts)
        records.append(
            {
                "input": name,
                "key": key,
                "entity_id": entity.id if entity else None,
                "canonical": entity.name if entity else None,
                "type": entity.type.value if entity else None,
                "score": round(score, 3),
            }
        )
        if entity is None and kind != "PER":
            unknown_orgs.append(records[-1])
        elif entity is None:
            unknown_people.append(records[-1])
    # A name of two to four words without a cue reads as a person's (CHAM Wings, SINA
    # Rail PARS); with an English word that is no name in other languages (wings, rail,
    # sea: ``wordlists``), beside an organisation's name that holds all its words, it is
    # that organisation's short name. (Mamoun Darkazanli is not Mamoun Darkazanli
    # Import-Export Company.)
    ordinary = wordlists.load().english_only
    shortened = [
        (r, org_key(r["input"]))
        for r in unknown_people
        if any(w.lower() in ordinary for w in words(r["input"]))
    ]
    # Spellings of one name meet before short names join longer ones (Азерселл beside
    # Azercell, which joins Azercell Telecom; Georgian როსნეფტი beside Rosneft); not
    # Arabic script's, whose keys have no short vowels (روس‌نفت, "rusnft", is near
    # Rosneft and not near როსნეფტი: the three would be no group): ``_read_abjad``
    # reads them below.
    not_arabic = [r for r in unknown_orgs if not arabic_script(r["input"])]
    _join_written_as_one(not_arabic)
    _join_near(not_arabic, _run_together, endings=True, sounds=_ORG_SOUNDS)
    # A name of one word no name data knows, given or family, is no person's name and,
    # when the gazetteer knows no place of it either, a name of its own: Aeroflot.
    lone = {
        r["key"]
        for r in unknown_orgs
        if len(found := words(r["input"])) == 1
        and not parts.knows(word_key(found[0]))
        and not linker.knows_place(word_key(found[0]))
    }
    merged = contained_organisations(
        [(r["input"], r["key"]) for r in unknown_orgs], [key for _, key in shortened], lone
    )
    for record in unknown_orgs:
        record["key"] = merged.get(record["key"], record["key"])
    for record, key in shortened:
        record["key"] = merged.get(key, record["key"])
    # Without such a word, a name read as a person's whose first word is no name part
    # the name data knows, given or family (PAYA Saman PARS), is the organisation whose
    # key it has whole (PAYA Saman PARS Company); Mamoun Darkazanli stays a person.
    # Such a name whose organisation key is one spelling's edit from an organisation's
    # (Infrastruktura Molzhaninovo / LLC Infrastructure Molzhaninovo) joins it too.
    organisation_keys = {r["key"] for r in unknown_orgs}
    org_like: list[tuple[dict[str, Any], str]] = []
    for record in unknown_people:
        found = words(record["input"])
        if not found or parts.knows(word_key(found[0])):
            continue
        if any(w.lower() in ordinary for w in found):
            continue  # read above
        org_like.append((record, record["key"]))
        record["key"] = org_key(record["input"])
    org_like_records = [r for r, _ in org_like]
    _join_near([*unknown_orgs, *org_like_records], _run_together, True, _ORG_SOUNDS)
    organisation_keys = {r["key"] for r in unknown_orgs}
    for record, as_person in org_like:
        if record["key"] not in organisation_keys:
            record["key"] = as_person
    _join_near(unknown_people)
    # Names read as other writings write them join the name of the batch they read as:
    # first a name read as French, German or Dutch its key as English writes it, then
    # Russian and Ukrainian г, Latvian and Lithuanian endings, then qaf as k (its whole
    # cluster: Mohammads Mosadeks, read as Mosadek first, follows Mosaddegh).
    _join_readings(records, unknown_people, parts, _read_otherwise, _as_written, as_english=True)
    _join_readings(records, unknown_people, parts, _has_g, _g_readings)
    _join_readings(records, unknown_people, parts, _has_baltic_ending, _baltic_readings)
    _join_readings(records, unknown_people, parts, _has_final_k, _qaf_readings, True)
    _join_readings(records, unknown_people, parts, _has_spanish_j, _spanish_readings)
    _join_readings(
        records, unknown_people, parts, _has_german_sch, _german_readings, as_english=True
    )
    _join_readings(records, unknown_people, parts, _has_compound_surname, _joined_surname)
    _read_azerbaijani_schwa(records, unknown_people, parts)
    named = [r for r in records if r["entity_id"] and r["type"] != EntityType.PERSON.value]
    _join_near_resolved(named, unknown_orgs)
    arabic_orgs = [r for r in unknown_orgs if arabic_script(r["input"])]
    before = [r["key"] for r in arabic_orgs]
    _read_abjad([*named, *unknown_orgs], arabic_orgs)
    # Then the name as written, keyed letter by letter, for a name whose key holds
    # symbols the names in other scripts do not share word for word (بانک ملی ایران,
    # "BANK LOC-IR mli", is Bank Melli Iran: "bnk ml rn" both).
    _read_abjad(
        [*named, *unknown_orgs],
        [r for r, key in zip(arabic_orgs, before, strict=True) if r["key"] == key],
        arabic_key_of=lambda name: name_key(split_arabic_article(name)),
    )
    # People the same way, by their first and last names (گاگیک بگلاریان, keyed "gagik
    # bglarian", is Gagik Beglaryan): patronymics and middle names left out on both sides.
    persons = [r for r in records if r["type"] == EntityType.PERSON.value]
    _read_abjad(
        [*persons, *unknown_people],
        [r for r in unknown_people if arabic_script(r["input"])],
        _first_and_last,
        _first_and_last,
    )
    return records


def _first_and_last(name: str) -> str:
    """A person's first and last name, keyed (``person_parts`` without name data)."""
    return " ".join(person_parts(name))


def _read_otherwise(text: str) -> bool:
    """Its letters read the name as French, German or Dutch (``reading_of``)."""
    return reading_of(text) != text


def _as_written(text: str) -> list[str]:
    """A name its letters read as French, German or Dutch (ou, tch, sch...), as written,
    to be keyed as English writes it: Manouchehr and Chitchian write Persian names in
    English letters (Manuchehr, چیت‌چیان), not French ones (Chevardnadze)."""
    return [text] if _read_otherwise(text) else []


_RUSSIAN_G = str.maketrans({"г": "х", "Г": "Х"})
_UKRAINIAN_G = str.maketrans({"г": "ґ", "Г": "Ґ"})


def _g_readings(text: str) -> list[str]:
    """A Cyrillic name's г read as h, as Russian writes the h of Azerbaijani, Arabic and
    Persian names (Гаджиев is Hajiyev, Гусейнов Hüseynov), and as g, which Ukrainian
    writes г and transliteration reads h (Ганіра is Qənirə, Ganira)."""
    if "г" not in text.lower():
        return []
    return [text.translate(_RUSSIAN_G), text.translate(_UKRAINIAN_G)]


def _join_readings(
    records: Sequence[dict[str, Any]],
    unknown_people: Sequence[dict[str, Any]],
    parts: NameParts,
    marked: Callable[[str], bool],
    readings: Callable[[str], list[str]],
    whole_cluster: bool = False,
    as_english: bool = False,
) -> None:
    """A person's name no KB knows takes the key the first of its ``readings`` to give
    one does, when a name of the batch not ``marked`` (written without what the readings
    rewrite), resolved or not, has that key. With ``whole_cluster`` the other names of
    its key go along (when the names that read so all read to one key). Readings that
    are ``as_english`` are keyed as English writes them (``person_key``'s ``read``)."""
    plain = {r["key"] for r in records if not marked(r["input"])}
    moves: dict[str, set[str]] = {}
    for record in unknown_people:
        for reading in readings(record["input"]):
            read = person_key(reading, parts, False) if as_english else unknown_key(reading, parts)
            if read != record["key"] and read in plain:
                if whole_cluster:
                    moves.setdefault(record["key"], set()).add(read)
                else:
                    record["key"] = read
                break
    for record in unknown_people:
        found = moves.get(record["key"], set())
        if len(found) == 1:
            record["key"] = next(iter(found))


def _has_g(text: str) -> bool:
    return "г" in text.lower()


# The last k of a word of five letters or more, after a vowel, in Latin or Cyrillic
# letters (not Korean syllables: Chun-sik, Ok, Hak).
_FINAL_K = re.compile(r"(?<=[^\W\d_]{3}[aeiouyıəаеёиоуыэюяіє])([kк])(?![^\W\d_])", re.IGNORECASE)


def _has_final_k(text: str) -> bool:
    return bool(_FINAL_K.search(text))


def _qaf_readings(text: str) -> list[str]:
    """Persian and Arabic qaf (ق) ends a word as q or gh in English and French
    (Mosaddegh, Sadeq, Eshaq) but as k in Russian, Turkish and the Slavic languages'
    Latin (Мосаддык, Садек, Musaddık, Mosadek): a name with a word ending in a vowel and
    k, read with q."""
    if not _has_final_k(text):
        return []
    return [_FINAL_K.sub(lambda m: "q" if m.group().islower() else "Q", text)]


# Spanish writes the kh of Russian, Persian and Arabic names as j (Jatami, Jabélov,
# Dehjodá, Jruschov): a Latin name with a j before a vowel, r or l in a word of five letters or
# more, read with kh. Not in shorter words nor a doubled jj: Korean Jin, Arabic Hajji.
_SPANISH_J = re.compile(r"j(?=[aeiouáéíóúrl])", re.IGNORECASE)
MIN_SPANISH_J_WORD = 5


def _spanish_word(match: re.Match[str]) -> str:
    word = match.group()
    if len(word) < MIN_SPANISH_J_WORD or "jj" in word.lower():
        return word
    return _SPANISH_J.sub(lambda m: "kh" if m.group().islower() else "Kh", word)


def _spanish_readings(text: str) -> list[str]:
    """A Latin name's j before a vowel read as kh, as Spanish transliteration writes it
    (Muhammad Jatami is Khatami, Leri Jabélov Khabelov)."""
    if not written_in_latin(text):
        return []
    read = _WORD.sub(_spanish_word, text)
    return [read] if read != text else []


def _has_spanish_j(text: str) -> bool:
    return bool(_spanish_readings(text))


# German writes the zh of Russian, Georgian and Persian names as sch, as it writes sh
# (Sersch Sargsjan, Surab Schwania, Ahmadineschad), and their z as s before a vowel at
# a word's start (Sarif, Sachar: Zarif, Zakhar), as it writes s (Sergej).
_GERMAN_SCH = re.compile(r"(?<![tTdD])sch", re.IGNORECASE)
_GERMAN_S = re.compile(r"(?<![^\W\d_])S(?=[aeiou])")
# A name with more of them than this is read by its first ones only (2**n readings).
MAX_GERMAN_READS = 4


def _has_german_sch(text: str) -> bool:
    """Written with German sch (dsch and tsch too: Dschawad, Tschetschenien)."""
    return written_in_latin(text) and "sch" in text.lower()


def _german_readings(text: str) -> list[str]:
    """A Latin name written with German sch: its readings with some sch read as zh and
    some word-initial S before a vowel as Z, fewest changes first (Sersch Sargsjan is
    Serzh Sargsyan; Mohammad Dschawad Sarif, Javad Zarif), to be keyed as English
    writes them (fold reads the other sch as sh, dsch as j, w as v)."""
    if not _has_german_sch(text):
        return []
    spots = sorted(
        [(m.start(), m.end(), "zh") for m in _GERMAN_SCH.finditer(text)]
        + [(m.start(), m.end(), "Z") for m in _GERMAN_S.finditer(text)]
    )[:MAX_GERMAN_READS]
    found = []
    for chosen in itertools.product((False, True), repeat=len(spots)):
        out, at = [], 0
        for (start, end, new), read in zip(spots, chosen, strict=True):
            out.append(text[at:start])
            written = text[start:end]
            out.append((new.capitalize() if written[0].isupper() else new) if read else written)
            at = end
        out.append(text[at:])
        found.append((sum(chosen), "".join(out)))
    return [reading for count, reading in sorted(found) if count]


# A double surname is keyed by its longest part (Ter-Petrosyan, Larijani-Amoli), but a
# Persian or Azerbaijani compound is written hyphenated and joined alike
# (Amir-Abdollahian / Amirabdollahian, Mustafa-Zadeh / Mustafazade).
_HYPHENED_LAST = re.compile(r"(?<=[^\W\d_])-([^\W\d_])(?=[^\s,]*\s*$)")


def _has_compound_surname(text: str) -> bool:
    """A last word hyphenated, or three words or more (a surname written in two)."""
    return bool(_HYPHENED_LAST.search(text.strip())) or len(text.split()) >= 3


def _joined_surname(text: str) -> list[str]:
    """A name whose last word is hyphenated, with that word written as one; a name of
    three words or more with its last two written as one (Хосейн Амир Абдоллахиан)."""
    text = text.strip()
    found = [_HYPHENED_LAST.sub(lambda m: m.group(1).lower(), text)]
    words = text.split()
    if len(words) >= 3 and "," not in text:
        found.append(" ".join([*words[:-2], words[-2] + words[-1].lower()]))
    return [r for r in dict.fromkeys(found) if r != text]


# Latvian and Lithuanian give a foreign man's name their nominative ending (Latvian -s:
# Mohammads Mosadeks, Oviks Abramjans; Lithuanian -as, -is, -us, -ys: Mohamadas Chatami).
_BALTIC_ENDING = re.compile(r"(?<=[^\W\d_]{3})(?:as|is|us|ys|s)(?![^\W\d_])")


def _has_baltic_ending(text: str) -> bool:
    return bool(_BALTIC_ENDING.search(text))


def _baltic_readings(text: str) -> list[str]:
    """A Latin name with a word in -s without its Latvian or Lithuanian endings (-s, or
    -as, -is, -us, -ys); an English name in -s meets no such name (James Jones is not
    Jame Jone). A hyphenated word's parts are no names of their own (Sent-Tomas)."""
    if not _has_baltic_ending(text) or not written_in_latin(text) or "-" in text:
        return []
    return [_BALTIC_ENDING.sub("", text), re.sub(r"(?<=\w{3})s\b", "", text)]


# Azerbaijani's ə, which other writings render as a or e, word by word (Əsgərov is
# Аскеров, Nəsirov Насиров, Məhərrəmov Магеррамов; Turkish-style Latin writes e: Esedov);
# q before a consonant, which Russian writes к (Oqtay, Октай).
_SCHWA = re.compile(r"[əƏ]")
_Q_BEFORE_CONSONANT = re.compile(r"[qQ](?=[^\W\daeiouıəöüAEIOUIİƏÖÜ])")
_WORD = re.compile(r"[^\W\d_]+")
# A name with more ə than this is read by its first ones only (2**n readings).
MAX_SCHWAS = 5


def _schwa_readings(text: str) -> set[str]:
    """``text`` with each ə read as a or e and each q before a consonant as k: the
    spellings Russian, Ukrainian and Turkish-style Latin give an Azerbaijani name."""
    # Each word's c and x as its own letters say, before the ə that says it goes.
    text = _WORD.sub(lambda m: turkic_consonants(m.group()), text)
    text = _Q_BEFORE_CONSONANT.sub(lambda m: "k" if m.group() == "q" else "K", text)
    found = [m.start() for m in _SCHWA.finditer(text)][:MAX_SCHWAS]
    readings = set()
    for choice in itertools.product("ae", repeat=len(found)):
        letters = list(text)
        for at, vowel in zip(found, choice, strict=True):
            letters[at] = vowel.upper() if letters[at] == "Ə" else vowel
        readings.add("".join(letters))
    return readings


def _read_azerbaijani_schwa(
    records: Sequence[dict[str, Any]], unknown_people: Sequence[dict[str, Any]], parts: NameParts
) -> None:
    """A name written with Azerbaijani's ə (Ziyafət Əsgərov) stands for the spellings its
    ə makes in other writings (``_schwa_readings``): a person's name no KB knows and not
    written with ə whose key, or a key one of its ``_g_readings`` gives (Магеррамов,
    Məhərrəmov), is the key of such a reading of one name of the batch, is that name's
    (its key and entity), and so are the names of its key. Names of several clusters
    sharing a reading decide nothing."""
    owners: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = {}
    for record in records:
        if _SCHWA.search(record["input"]) and record["type"] in (None, EntityType.PERSON.value):
            for reading in _schwa_readings(record["input"]):
                key = unknown_key(reading, parts)
                owners.setdefault(key, {})[(record["key"], record["entity_id"])] = record
    if not owners:
        return
    # Names of one key are one cluster: it joins the name it reads as, if one.
    joins: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = {}
    for record in unknown_people:
        text = record["input"]
        if _SCHWA.search(text):
            continue
        keys = [record["key"], *(unknown_key(r, parts) for r in _g_readings(text))]
        for key in keys:
            found = owners.get(key, {})
            if len(found) == 1:
                other = next(iter(found.values()))
                joins.setdefault(record["key"], {})[(other["key"], other["entity_id"])] = other
                break
    for record in unknown_people:
        found = joins.get(record["key"], {})
        if len(found) == 1 and not _SCHWA.search(record["input"]):
            _join(record, next(iter(found.values())))


# Shorter consonant skeletons (two letters: Hm) meet too many other names.
MIN_ABJAD_CHARS = 3


# Persian and Urdu read ض, ظ and ذ as z (رضا Reza, فضلی Fazli, آذر Azar), Arabic as d,
# z and dh: ``to_latin`` reads them the Arabic way.
_PERSIAN_Z = str.maketrans(dict.fromkeys("ضظذ", "ز"))


def abjad_spellings(name: str) -> list[str]:
    """An Arabic-script name as written, then the other ways its words may be read: with
    its zero-width non-joiners parting words as spaces do (علی‌اکبر is Ali Akbar as
    often as Aliakbar), and with ض, ظ and ذ read as z, as Persian reads them."""
    found = [name, name.replace("\u200c", " "), name.translate(_PERSIAN_Z)]
    found.append(found[1].translate(_PERSIAN_Z))
    return list(dict.fromkeys(found))


def _read_abjad(
    candidates: Sequence[dict[str, Any]],
    arabic: Sequence[dict[str, Any]],
    key_of: Callable[[str], str] = name_key,
    arabic_key_of: Callable[[str], str] | None = None,
) -> None:
    """Arabic script writes no short vowels: a name in it that neither the KB nor a key
    resolved (حماس, keyed "hmas"; طالبان, "talban") takes the key and entity of the one
    name among ``candidates`` (resolved to no person, or organisations' names), in
    another script, whose consonants are its consonants (Hamas, Taliban); when names of
    several clusters share them, it stays as it was. When no name has its consonants,
    they are compared without v and w (``abjad_skeleton``'s ``loose``). Its key is the
    record's, or ``arabic_key_of`` of each of its ``abjad_spellings`` in turn."""
    if not arabic:
        return
    found: dict[bool, dict[str, dict[tuple[str, str | None], dict[str, Any]]]] = {
        False: {},
        True: {},
    }
    for record in candidates:
        if arabic_script(record["input"]):
            continue
        key = key_of(record["input"])
        for loose, table in found.items():
            skeleton = abjad_skeleton(key, loose=loose)
            table.setdefault(skeleton, {})[(record["key"], record["entity_id"])] = record
    for record in arabic:
        if arabic_key_of is None:
            keys = [str(record["key"])]
        else:
            keys = list(dict.fromkeys(map(arabic_key_of, abjad_spellings(record["input"]))))
        if len(abjad_skeleton(keys[0], arabic=True).replace(" ", "")) < MIN_ABJAD_CHARS:
            continue
        # The consonants as written, then with ج read as Persian چ (Arabic writes ch,
        # which keys fold to h, as ج: جمران, Chamran), then without v and w; the first
        # reading some name has decides.
        tries = []
        for key in keys:
            tries.append((abjad_skeleton(key, arabic=True), found[False]))
            if "j" in key:
                tries.append((abjad_skeleton(key.replace("j", "h"), arabic=True), found[False]))
        tries += [(abjad_skeleton(key, arabic=True, loose=True), found[True]) for key in keys]
        for skeleton, table in tries:
            others = table.get(skeleton, {})
            if others:
                if len(skeleton.replace(" ", "")) >= MIN_ABJAD_CHARS and len(others) == 1:
                    _join(record, next(iter(others.values())))
                break


# A name written two ways differs in one word's letters (Qasem Soleimani / Salimani, Ivan
# Kubrakov / Kubrakou, Absolutbank / Absolyutbank, Cetelem / Setelem) or, an
# organisation's, in where its words part (Sky Zone / Skyzone, Pumori North West /
# Pumori Northwest). Words this long at least; one letter apart, two from this length.
MIN_NEAR_WORD, MIN_TWO_EDITS = 6, 10
# A group of near keys larger than this is a family of names, not one name's spellings.
MAX_NEAR_GROUP = 6


# The edits one romanisation's spelling of a word makes of another's, in a key (vowels
# in classes a, i, u): a vowel or an h written or not (Absolyutbank, Aluminium, Firdaws's
# w as u), ts for s or t (Cetelem / Tsetelem, Auktsion / Auktion), a v after u
# (Belarusian Kubrakou, Russian Kubrakov), and letters that
# stand for one sound or one letter of another script (a vowel for another: Tondgoyan /
# Tandgooyan; s/z, v/u, g/k/h: Tekhnodinamika / Teknodinamika, Hrodna / Grodno; g/j;
# a voiced consonant for its voiceless one, as Western Armenian and Turkish write them:
# Vartan / Vardan, Abdulvahap / Abdulvahab). Not l for r or b for d: Pluton is not
# Proton, Polyot not Polyus.
_SILENT = frozenset("aiuh")
_VOWELS = "aiu"
_ONE_SOUND = tuple(frozenset(letters) for letters in ("aiu", "sz", "vu", "gkh", "gj", "dt", "bp"))
# Georgian writes the f of a foreign name ფ, its p (როსნეფტი, Rosneft; აეროფლოტი,
# Aeroflot): in organisations' names, which Georgian borrows whole, f and p are one sound.
_ORG_SOUNDS = (*_ONE_SOUND, frozenset("fp"))


def _one_sound_edit(
    op: str, a: str, b: str, at: int, to: int, endings: bool, sounds: Sequence[frozenset[str]]
) -> bool:
    """Whether one edit (Levenshtein's ``editops``) turns a spelling into another of the
    same word. A vowel or an s added at the end only if ``endings`` (an organisation's
    word in the plural is its word): a person's name with one is another name
    (Mohammad / Mohammadi, Karim / Karimi, Petrov / Petrova, Peter / Peters)."""
    if op == "replace":
        return any({a[at], b[to]} <= pair for pair in sounds)
    word, i = (a, at) if op == "delete" else (b, to)
    letter = word[i]
    if not endings and i == len(word) - 1 and letter in _VOWELS:
        return False
    before, beside = word[i - 1 : i], word[i - 1 : i] + word[i + 1 : i + 2]
    if endings and letter == "s" and i == len(word) - 1:
        return True  # a plural: Semiconductors / Semiconductor, Structures / Structure
    return (
        letter in _SILENT
        or (letter == "s" and "t" in beside)
        or (letter == "t" and "s" in beside)
        or (letter == "v" and before == "u")  # Belarusian -ou for -ov: Kubrakou
    )


def _near_words(
    a: str, b: str, endings: bool = True, sounds: Sequence[frozenset[str]] = _ONE_SOUND
) -> bool:
    """Two key words that are one word's spellings: each of ``MIN_NEAR_WORD`` letters or
    more, no symbol (BANK, LOC-RU) and no number, one edit apart (two if longer), each
    edit one a romanisation makes (``_one_sound_edit``)."""
    if a.isupper() or b.isupper() or not (a.isalpha() and b.isalpha()):
        return False
    shortest = min(len(a), len(b))
    if shortest < MIN_NEAR_WORD:
        return False
    ops = distance.Levenshtein.editops(a, b)
    if not ops or len(ops) > (2 if shortest >= MIN_TWO_EDITS else 1):
        return False
    return all(
        _one_sound_edit(op.tag, a, b, op.src_pos, op.dest_pos, endings, sounds) for op in ops
    )


def _deletions(word: str) -> set[str]:
    """``word`` and the strings one or two deletions make of it (two for long words):
    two words within the edits ``_near_words`` allows share one of them."""
    found, edge = {word}, {word}
    for _ in range(2 if len(word) >= MIN_TWO_EDITS - 1 else 1):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        found |= edge
    return found


def _run_together(text: str) -> str:
    """An organisation's name's own words written as one, in their order, and its symbols
    apart: Sky Zone Trading and Skyzone Trading both give "skizuni TRADE"."""
    keyed = org_words(text)
    own = vowels("".join(w for w in keyed if not w.isupper()))
    return " ".join([own, *sorted(w for w in keyed if w.isupper()), *numbers_in(text)])


def _join_written_as_one(unknown: Sequence[dict[str, Any]]) -> None:
    """Organisations' names no KB knows that are one name written in one word or several
    (``written_as_one``: Ameria Bank, Ameriabank, Америабанк) take one key, the most
    written one's (of those, the one with more letters of the name's own, not symbols:
    Tcheliabinsk's "iliabinsk", not Chelyabinsk's "LOC-RU-CHE", so that Czelabińsk's
    "ilabinsk" can meet it), before names near in spelling meet (``_join_near``), unless
    more than ``MAX_NEAR_GROUP`` keys would."""
    together: dict[str, list[dict[str, Any]]] = {}
    for record in unknown:
        if whole := written_as_one(record["input"]):
            together.setdefault(" ".join([whole, *numbers_in(record["input"])]), []).append(record)
    root: dict[str, str] = {}
    for records in together.values():
        size = Counter(r["key"] for r in records)
        if 2 <= len(size) <= MAX_NEAR_GROUP:
            first = min(size, key=lambda k: (-size[k], -sum(map(str.islower, k)), k))
            root.update((k, first) for k in size if k not in root)
    for record in unknown:
        record["key"] = root.get(record["key"], record["key"])


def _join_near(
    unknown: Sequence[dict[str, Any]],
    run_together: Callable[[str], str] | None = None,
    endings: bool = False,
    sounds: Sequence[frozenset[str]] = _ONE_SOUND,
) -> None:
    """Names no KB knows whose keys differ only in one word's spelling (``_near_words``:
    Soleimani / Salimani, Absolutbank / Absolyutbank), or, with ``run_together``, in
    where their words part (an organisation's: ``_run_together``), are one cluster, when
    every two keys of the group are so near (a chain of three that is not is a family:
    Vladeks, Vladeks Kholding) and the group is small. ``sounds``: the letters one sound
    may be written with (``_ORG_SOUNDS`` for organisations' names)."""
    keys = sorted({r["key"] for r in unknown if r["key"]})
    edges: dict[str, set[str]] = {key: set() for key in keys}
    buckets: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in keys:
        split = key.split()
        for i, word in enumerate(split):
            if len(word) < MIN_NEAR_WORD or word.isupper():
                continue
            rest = " ".join(split[:i] + split[i + 1 :])
            for variant in _deletions(word):
                buckets.setdefault((rest, variant), []).append((key, word))
    for members in buckets.values():
        for (a, wa), (b, wb) in itertools.combinations(members, 2):
            if a != b and _near_words(wa, wb, endings, sounds):
                edges[a].add(b)
                edges[b].add(a)
    together: dict[str, set[str]] = {}
    if run_together is not None:
        for record in unknown:
            together.setdefault(run_together(record["input"]), set()).add(record["key"])
    for group in together.values():
        for a, b in itertools.combinations(sorted(group), 2):
            edges[a].add(b)
            edges[b].add(a)
    size = Counter(record["key"] for record in unknown)
    shared = Counter(word for key in keys for word in key.split())
    root: dict[str, str] = {}
    for key in keys:
        if key in root or not edges[key]:
            continue
        group = {key, *edges[key]}
        if len(group) > MAX_NEAR_GROUP or any(edges[k] | {k} != group for k in group):
            continue
        # The most written key, then the one whose words more keys share (Azercell's
        # "azirtsil", in Azercell Telecom's, not Азерселл's "azirsil"): the shorter
        # names join the longer ones by their words next.
        first = min(group, key=lambda k: (-size[k], -sum(shared[w] for w in k.split()), k))
        root.update((k, first) for k in group)
    for record in unknown:
        record["key"] = root.get(record["key"], record["key"])


def _near_keys(a: str, b: str, endings: bool) -> bool:
    """Keys of as many words, all equal but one pair that ``_near_words`` are."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or a == b:
        return False
    differ = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return len(differ) == 1 and _near_words(*differ[0], endings)


def _join_near_resolved(named: Sequence[dict[str, Any]], unknown: Sequence[dict[str, Any]]) -> None:
    """A name no KB knows whose vowel-classed name key is one romanisation's edit from a
    resolved name's of the batch (``_near_keys``, no vowel added at the end) and ends in
    the same letter is that name's entity, when all such names are one entity's
    (Kamčiatka beside Kamchatka; a place's name ends its own way in each language:
    Маккуори, Macquarie Island, is not Macuro, Majuro)."""
    if not named:
        return
    by_length: dict[int, list[tuple[str, dict[str, Any]]]] = {}
    for record in named:
        key = " ".join(vowels(w) for w in name_key(record["input"]).split())
        by_length.setdefault(len(key.split()), []).append((key, record))
    moves: dict[str, dict[str, dict[str, Any]]] = {}
    for record in unknown:
        key = " ".join(vowels(w) for w in name_key(record["input"]).split())
        found = {
            other["entity_id"]: other
            for other_key, other in by_length.get(len(key.split()), [])
            if _near_keys(key, other_key, False) and key[-1] == other_key[-1]
        }
        if found:
            moves.setdefault(record["key"], {}).update(found)
    for record in unknown:
        found = moves.get(record["key"], {})
        if len(found) == 1:
            _join(record, next(iter(found.values())))


def _join(record: dict[str, Any], other: dict[str, Any]) -> None:
    """``record`` takes the cluster of ``other``: its key, entity, canonical name, type."""
    for field in ("key", "entity_id", "canonical", "type"):
        record[field] = other[field]


def contained_organisations(
    named_keys: Sequence[tuple[str, str]],
    uncued: Sequence[str] = (),
    lone: Collection[str] = (),
) -> dict[str, str]:
    """Among organisation names no KB knows, given as (name, ``org_key``): key -> the key
    it joins. A key with a word of the name's own (not an acronym's letters or a sector's
    or country's symbol), of two words or more or of a name that says it is an
    organisation (PJSC KB Vostochny: a word alone may be a place), whose words are all
    in longer keys that end in one cluster, joins that cluster, provided those longer
    names say they are organisations (a legal form, quotes, a sector's word): Kurchaloi
    District MVD Branch joins Kurchaloi District Branch of the MVD of Russia, PJSC KB
    Vostochny joins Vostochny Commercial Bank PJSC. A key inside the keys of two clusters
    (JSC Channel One beside Channel One Russia and Channel One Eurasia) joins neither.
    An acronym written alone joins the one cluster of its letters and sector words only
    (VTB, ВТБ: VTB Bank, Банк ВТБ).

    ``lone`` are keys of one word that join as a name with a legal form would: the
    name is no name part the name data knows and no place (Aeroflot joins Aeroflot
    Russian Airlines; Vostochny, a town's name, would not join Vostochny Commercial
    Bank PJSC).

    ``uncued`` are the ``org_key`` of names read as people's for want of a cue (CHAM
    Wings, SINA Rail PARS): one joins the cluster of a cued organisation's key it equals
    or lies inside, as above (CHAM Wings Airlines), and nothing joins it."""
    cued: set[str] = set()
    for name, key in named_keys:
        strong, cues = org_cues(name)
        if strong or cues:
            cued.add(key)
    words = {key: frozenset(key.split()) for _, key in named_keys}
    bare = {key for name, key in named_keys if acronym_alone(name) and not key.isupper()}
    holding: dict[str, set[str]] = {}  # word -> the cued keys with it
    for key in cued:
        for word in words[key]:
            holding.setdefault(word, set()).add(key)
    merged: dict[str, str] = {}

    def around(key: str, inside: bool) -> set[str]:
        """The clusters of the cued keys holding all of ``key``'s words (and ``key``
        itself, if ``inside``)."""
        keys = frozenset(key.split())
        own = [w for w in keys if not w.isupper() and len(w) > MAX_ACRONYM]
        if key in bare:
            # An acronym written alone (VTB, ВТБ) is the organisation named by it and a
            # sector's word (VTB Bank, Банк ВТБ); not a unit with words of its own (IRGC
            # Navy is not the IRGC), nor a company of a country (VMK OOO Samara).
            return {
                merged.get(k, k)
                for k in holding.get(key, set())
                if keys < words[k]
                and all(w.isupper() and not w.startswith("LOC-") for w in words[k] - keys)
            }
        if not own or (len(keys) < 2 and key not in cued and key not in lone):
            return set()
        holders = set.intersection(*(holding.get(w, set()) for w in keys))
        return {merged.get(k, k) for k in holders if keys < words[k] or (inside and k == key)}

    # Longest first, so a longer key's own cluster is known before the keys inside it.
    for key in sorted(words, key=lambda k: (-len(words[k]), k)):
        roots = around(key, inside=False)
        if len(roots) == 1:
            merged[key] = roots.pop()
    for key in uncued:
        roots = set() if key in merged else around(key, inside=True)
        if len(roots) == 1:
            merged[key] = roots.pop()
    return merged


def explain(document: dict[str, Any], mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """The stored entities of an indexed article, each with the evidence of re-linking it now."""
    evidence: dict[str, list[Mention]] = {}
    for mention in mentions:
        evidence.setdefault(mention.entity_id, []).append(mention)
    rows = []
    for entity in document.get("entities") or []:
        found = evidence.get(entity["id"], [])
        rows.append(
            {
                **entity,
                "how": sorted({m.method for m in found}),
                "why": list(dict.fromkeys(m.why for m in found))[:5],
            }
        )
    return rows


def format_explanation(title: str, rows: Sequence[dict[str, Any]]) -> str:
    lines = [f"{title}: {len(rows)} entities"]
    for row in rows:
        lines.append(
            f"- {row['name']} [{row['type']}] {row['id']}: {row['count']}x, first at "
            f"{row['first_offset']}, written {', '.join(repr(m) for m in row['mentions'])}"
        )
        lines.append(f"    linked by {', '.join(row['how']) or 'an older pipeline version'}")
        lines.extend(f"    because {why}" for why in row["why"])
    return "\n".join(lines)
