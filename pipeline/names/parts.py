"""Keys for the names no KB knows: people with or without their middle parts, and
organisations with or without their legal form (``orgs.py``).

``person_key``: a person is named with or without a patronymic or middle name
(Vladimir Vladimirovich Putin / Vladimir Putin; Ilham Heydar oglu Aliyev / Ilham
Aliyev), given name first or last (Putin Vladimir Vladimirovich, the order of Russian
official lists), in any script and romanisation (Aleksandr / Oleksandr / Aliaksandr,
Kocharyan / Kotcharian / Քոչարյան; Chevardnadze, Schewardnadse in their French or
German reading, ``readings.py``), so the key is the first and the last name, each
read through rigour's name-part data (``lexicon.NameParts``) when it knows the name,
their vowels in classes, in a fixed order. A compound given name the name data knows
is that name, whichever near spelling of its parts it is written with (Mohammadreza /
Mohammad Reza / Mohammed Reza); one it does not know is its first name (Abbas Ali
Kadkhodaei is Abbas Kadkhodaei); a double surname is its longest part (Larijani-Amoli,
Ter-Petrosyan).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.names.fold import turkic_consonants
from pipeline.names.key import name_key, spaced, word_key, words
from pipeline.names.lexicon import NameParts
from pipeline.names.orgs import (
    QUOTES,
    drop_articles,
    org_cues,
    org_key,
    split_arabic_article,
    vowels,
)
from pipeline.names.readings import reading_of, unaccented

__all__ = ["looks_like", "org_key", "person_key", "unknown_key"]

# Patronymics (as name keys) and their Turkic particles: Russian -ovich/-evna, Ukrainian
# -ovych/-iyovych, Belarusian -avich/-auna/-awna, Swedish -ovitj, Romanian -ovici.
_PATRONYMIC = re.compile(
    r"^(?:\w+(?:[oea]vih|ovitj|ovitsi|oviks|[oea]vna|auna|ihna|inihna)|ogli|oglu|ogl|gizi|kizi)$"
)
_PARTICLES = frozenset({"ogli", "oglu", "ogl", "gizi", "kizi"})
# Belarusian surname endings against Russian ones: -enka/-enko, -au/-eu for -ov/-ev
# (ў for в), -uski for -vski. Ukrainian writes German -berg as -berh (Rotenberh).
# Georgian ends a foreign name with its nominative -i: ფაშინიანი is Pashinian,
# ლავროვი Lavrov, მედვედევი Medvedev, პუტინი Putin (as keys, after three letters
# at least: Levi stays). The Latin -iani of Georgian names goes too, so that both
# scripts meet (Dadiani / დადიანი, Giuliani keyed as Giulian on every side).
_SURNAME_ENDINGS = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"enka$", "enko"),
        (r"[ae]u$", "ov"),
        (r"uski$", "vski"),
        (r"berh$", "berg"),
        (r"(?<=\w{2}ian)i$", ""),
        (r"(?<=\w{3})[oe]vi$", "ov"),
        (r"(?<=\w{3}in)i$", ""),
    )
)
# A compound given name written as one word (Mohammadreza, Abbasali) splits into a
# known name of at least MIN_COMPOUND_HEAD letters and one of at least MIN_COMPOUND_TAIL,
# MIN_COMPOUND letters in all: Payman is not pai + man.
MIN_COMPOUND_HEAD = 4
MIN_COMPOUND_TAIL = 3
MIN_COMPOUND = 8
# A spelling of a compound's part is read in its place when this near the written part
# (rapidfuzz's ratio, 0-100): Mohammed / Mohammad 86, Hussein / Hossein 83.
MIN_SPELLING_RATIO = 80
# Russian surnames in -ov/-ev/-in and their feminine forms, as keys (-ev folds to -ov).
_MASCULINE = re.compile(r"(?:ov|in)$")
_FEMININE = re.compile(r"(?:ov|in)a$")
_CAPITALS = re.compile(r"\b[^\W\d_]{4,}\b")
# One word (hyphens and all), a comma, then the given names: the surname comes first.
_SURNAME_COMMA = re.compile(r"^\s*([^\s,]+)\s*,\s*([^,]*[^\W\d_][^,]*)$")
_NO_PARTS = NameParts({})
# Honorifics that open Persian, Arabic, Azerbaijani and other Turkic names, as written
# (case-folded, without diacritics) in Latin, Arabic and Cyrillic script: descent from
# the Prophet (seyyed), pilgrimage (haji), learning or rank (mirza, sheikh), clerical
# rank (ayatollah, hojatoleslam), and "martyr" (shahid).
_HONORIFICS = frozenset(
    {
        "seyyed", "sayyid", "seyed", "sayed", "seyid", "seyit", "syed", "sayyed",
        "haji", "hajji", "hajj", "hadji", "haci", "hacı", "mirza", "mirzə",
        "sheikh", "shaykh", "sheykh", "seyx", "seyh", "seikh",
        "ayatollah", "ayatullah", "hojatoleslam", "hojjatoleslam", "shahid",
        "سید", "سيد", "حاج", "حاجی", "حاجي", "میرزا", "ميرزا", "شیخ", "شيخ", "آیتالله",
        "آيةالله", "حجتالاسلام", "شهید", "شهيد",
        "сеид", "сейид", "сейед", "сеййед", "хаджи", "мирза", "шейх", "аятолла", "шахид",
    }
)  # fmt: skip
# Georgian surname endings, as keys: -dze, -shvili (-svili, French -chvili), -ua, -ava
# (not -ia, which Garcia has too).
_GEORGIAN_SURNAME = re.compile(r"(?:dze|s?h?vili|ua|ava)$")


def _unshout(match: re.Match[str]) -> str:
    word = match.group()
    return word.capitalize() if word.isupper() else word


def _without_honorifics(text: str) -> str:
    """A name of three words or more without the Persian, Arabic and Turkic honorifics
    that open it (Seyyed Mahmud Alavi, Şeyx Məhəmməd Xiyabani, Mirzə Ələkbər xan Davər,
    سید محمد خاتمی): the person is named the same without them. A name of two words
    keeps its first (Haji Washington; Said, a given name, is not Sayyid)."""
    words = text.split()
    while len(words) > 2 and unaccented(words[0]).replace("\u200c", "") in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


# Letters Persian (and Urdu, Azerbaijani in Arabic script) write and Arabic does not.
_PERSIAN_LETTERS = re.compile(r"[پچژگکی]")


def _groups(text: str, read: bool = True) -> list[list[str]]:
    """The keys of each whitespace-separated word of a person's name, split at hyphens
    (Ter-Petrosyan: [ter, petrosian]); without articles, honorifics and patronymics;
    in the French, German or Dutch reading its letters give away, if ``read``."""
    # "Осканян, Вардан Минасович": a library's or Wikipedia's surname-first order.
    inverted = _SURNAME_COMMA.match(text)
    if inverted:
        text = f"{inverted.group(2)} {inverted.group(1)}"
    text = _without_honorifics(text)
    # One word with ə, ı, ğ or ş says the name is Azerbaijani or Turkish: its other
    # words' c and x are j and kh too (İshak Cihangiri).
    text = turkic_consonants(text)
    # A surname in capitals is not an acronym (Vladimir PUTIN, ПУТИН Владимир).
    text = _CAPITALS.sub(_unshout, spaced(text).replace(",", " "))
    if _PERSIAN_LETTERS.search(text):
        # Persian has no article: a first name opening with ال is a Turkic or Persian
        # name's El- (الدار Eldar, الچین Elchin), not al-; later words may still carry
        # an Arabic article (ابوالفضل is one word).
        first, _, rest = text.strip().partition(" ")
        text = f"{first} {split_arabic_article(rest)}"
    else:
        text = split_arabic_article(text)
    if read:
        text = reading_of(text)  # Chevardnadze, Schewardnadse: as English writes them
    found = [drop_articles([k for k in map(word_key, words(token)) if k]) for token in text.split()]
    found = [keys for keys in found if keys]
    shaped = [len(keys) == 1 and _is_patronymic_shaped(keys[0]) for keys in found]
    groups = []
    for i, keys in enumerate(found):
        # A surname in -ovich/-evich is the last word after a patronymic (Oleg
        # Stanislavovich Shandarovich) or after a first name alone (Slobodan Milošević),
        # or the first word before a first name and a patronymic (Lukashevich Aleksandr
        # Nikolaevich); Putin Vladimir Vladimirovich ends in a patronymic.
        last = len(found) - 1
        surname = shaped[i] and (
            (i == last and (len(found) == 2 or shaped[i - 1]))
            or (i == 0 and len(found) == 3 and shaped[last] and not shaped[1])
        )
        kept = keys if surname else [k for k in keys if not _PATRONYMIC.match(k)]
        if kept and not (len(kept) == 1 and kept[0] in ("al", "el")):
            groups.append(kept)
    if shaped == [False, False, True] and len(groups) == 2:
        # Surname, given name, patronymic (Осканян Вардан Мінасович, the order of
        # official lists): the given name is the second word.
        groups.reverse()
    if len(found) == 4 and len(groups) == 3 and found[-1][-1] in _PARTICLES:
        # Surname, given name, the father's name and oglu/kyzy last (Магеррамов Абель
        # Мамедали оглы, Ханларова Зейнаб Яхья кызы): the given name is the second word.
        groups = [groups[1], groups[0]]
    return groups


def _is_patronymic_shaped(key: str) -> bool:
    """A word ending like a patronymic (-ovich, -evna), not a Turkic particle (oglu)."""
    return bool(_PATRONYMIC.match(key)) and key not in _PARTICLES


def _given(groups: list[list[str]], parts: NameParts) -> str:
    """The first name: a compound written as one word or two is its first part; an
    initial stays itself."""
    first = groups[0][0]
    if len(first) == 1:
        return first
    if len(groups) > 2 or len(groups[0]) > 1:
        # Abbas Ali, Mohammed Reza, Mohammad-Reza: a name of its own, as the data spells
        # it (Mohammadreza), hyphenated or not.
        second = groups[0][1] if len(groups[0]) > 1 else groups[1][0]
        if compound := _known_compound(first, second, parts):
            return compound
    if (
        _GEORGIAN_SURNAME.search(groups[-1][-1])
        and not parts.knows(first)
        and first.endswith("i")
        and parts.knows(first[:-1])
    ):
        # Georgian's nominative -i on a given name that ends in a consonant (Eldari
        # Kurtanidze, Zurabi Berdzenishvili: Eldar, Zurab), where the data knows the name
        # without it; beside a Georgian surname only (Rami Malek is not Ram).
        return parts.get(first[:-1])
    if not parts.knows(first) and len(first) >= MIN_COMPOUND:
        for cut in range(MIN_COMPOUND_HEAD, len(first) - MIN_COMPOUND_TAIL + 1):
            head, tail = first[:cut], first[cut:]
            if parts.knows(head) and parts.knows(tail):
                # Mohammedreza: the data's Mohammadreza, as Mohammed Reza is; else its
                # first name (Mohammadreza's spelling the data lacks: Mohammad)
                return _known_compound(head, tail, parts) or parts.get(head)
    return parts.get(first)


def _known_compound(first: str, second: str, parts: NameParts) -> str:
    """The canonical key of the compound given name the data knows as ``first`` and
    ``second`` written as one, in any of the spellings it gives each (Mohammed Reza and
    Mohammad Reza are Mohammadreza, which the data spells with Mohammad only; Mohammed
    Hussein is Mohammadhossein); "" if it knows none."""
    for joined in (first + second, parts.get(first) + parts.get(second)):
        if parts.knows(joined):
            return parts.get(joined)  # Mary Ann: Maryann, Mohammad Reza: Mohammadreza
    if len(second) < MIN_COMPOUND_TAIL:
        return ""  # George H. W. Bush: an initial is no part of a compound

    def near(written: str) -> list[str]:
        # The spellings written nearly so (Mohammed: Mohammad, not Mhmd or Bas): a name
        # item's spellings span scripts and languages (Abbas Ali is no Vasil).
        found = [written, parts.get(written), *parts.spellings(parts.get(written))]
        return [k for k in dict.fromkeys(found) if fuzz.ratio(k, written) >= MIN_SPELLING_RATIO]

    for head in near(first):
        for tail in near(second):
            if parts.knows(head + tail):
                return parts.get(head + tail)
    return ""


def _surname(key: str, parts: NameParts) -> str:
    """The surname's canonical key, in the gender it is written in: rigour's items list
    Emelyanova under Emelyanov, and a spelling it lacks (Yemilianova) keeps its -a."""
    canonical = parts.get(key)
    if _FEMININE.search(key) and _MASCULINE.search(canonical):
        return canonical + "a"
    if _FEMININE.search(canonical) and _MASCULINE.search(key):
        return canonical[:-1]
    return canonical


def person_parts(text: str, parts: NameParts = _NO_PARTS, read: bool = True) -> list[str]:
    """The first and the last name of a person's name as keys (one for a single name);
    ``read`` as in ``_groups``."""
    groups = _groups(text, read)
    if not groups:
        return []
    if len(groups) == 1:
        return [_surname(max(groups[0], key=len), parts)]
    last = _surname(max(groups[-1], key=len), parts)
    given = _given(groups, parts)
    if not parts.knows(last):
        written = last
        for pattern, replacement in _SURNAME_ENDINGS:
            last = pattern.sub(replacement, last)
        if last != written:  # the name the data may know under the other ending
            last = _surname(last, parts)
    return [given, last]


def initial_key(text: str, parts: NameParts = _NO_PARTS) -> str:
    """``person_key`` with the first name as its initial (V. Putin, Путин В. В.)."""
    found = person_parts(text, parts)
    if len(found) != 2 or len(found[0]) < 2:
        return ""
    return " ".join(sorted(vowels(p) for p in (found[0][0], found[1])))


def person_key(text: str, parts: NameParts = _NO_PARTS, read: bool = True) -> str:
    """The key of a person's name: first and last name without patronymics and middle
    names, through rigour's name parts (``parts``), surnames without Belarusian endings,
    vowels in classes, the two in a fixed order (Putin Vladimir / Vladimir Putin)."""
    return " ".join(sorted(vowels(p) for p in person_parts(text, parts, read)))


def looks_like(text: str, parts: NameParts = _NO_PARTS) -> str:
    """ "ORG", "PER" or "" for a name given alone (``names resolve``): a legal form,
    quotes or a word rigour reads as a kind of organisation or a sector make an
    organisation (but for a known given name opening the name: Petro Yarosh); two to
    four words (besides articles) otherwise a person, unless the first is the English
    article (the Taliban); anything else is keyed as an
    organisation, which for one word is the person key too. No person's name is
    written with digits (VABO 2008 EOOD)."""
    if any(char.isdigit() for char in text):
        return "ORG"
    strong, cues = org_cues(text)
    unquoted = QUOTES.sub(" ", text)
    keys = [k for k in name_key(unquoted).split() if k not in ("al", "el")]
    given = keys[0] if len(keys) > 1 and parts.knows(keys[0]) else ""
    if strong or any(word_key(cue) != given for cue in cues):
        return "ORG"
    if len(unquoted.split()) < 2:
        return ""  # one word, hyphens and all: Saint-Pierre, Azori-szigetek (islands)
    if unquoted.split()[0].lower() == "the":
        return ""  # the Taliban, the Sabres: no person's name opens with an article
    return "PER" if 2 <= len(keys) <= 4 else ""


def unknown_key(text: str, parts: NameParts = _NO_PARTS) -> str:
    """The key that groups a name no KB knows, given alone: ``person_key`` if it looks
    like a person's name, else ``org_key``."""
    return person_key(text, parts) if looks_like(text, parts) == "PER" else org_key(text)
