"""Keys for organisations' names no KB knows, through OpenSanctions' ``rigour`` (MIT).

An organisation is named with or without its legal form, in any script and word order
(PJSC Sberbank / Sberbank PJSC / ПАО «Сбербанк» / Public Joint Stock Company Sberbank /
Otkrytoe Aktsionernoe Obshchestvo ...), and with its common words translated
(Belinvest-Engineering / Belinvest-Inzhiniring). rigour's organisation analysis knows
the legal forms of many countries in their languages and scripts (its ``org_types``,
from ISO 20275, OCCRP and Wikipedia) and the words organisations' names share
(company, bank, engineering, Russia ... in many languages: its org symbols); unlike its
person tagger it is cheap (its automata build in a tenth of a second, a name takes
microseconds). ``org_key``:

- writes out Russian initials and stump words of a kind (НК, СК, ТД, АКБ,
  Госкорпорация; TD, AKB and English JSCB in Latin letters) and drops Persian's
  ezafe written as a suffix (Bank-E Tat);
- drops legal forms and stop words, and the generic words that only say "a company"
  (company, corporation, organisation, enterprise, group, holding, concern), and the
  words of capitals outside the quotes of a quoted name (АТ «Укрзалізниця», ЖШС
  «Kar-Tel»: legal forms rigour does not list);
- writes a word rigour reads as a sector, a kind of body or a country as that symbol,
  so translations meet (engineering / инжиниринг / inzhiniring; Rossiya / Russia);
  they stay in the key: Alfa-Bank is not Alfa Group, VTB Bank Azerbaijan not VTB Bank
  Belarus;
- keys the other words as ``name_key`` does, vowels in classes (Jaysh / Jaish), the
  Arabic article al- (and its sun-letter forms ash-, as-) dropped, words sorted.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rigour.names import Name

from pipeline.names.key import is_acronym, name_key, spaced, word_key
from pipeline.names.key import words as split_words
from pipeline.names.readings import arabic_script, georgian_stem

MAX_ACRONYM = 3
# rigour's org symbols that say only "an organisation": dropped like legal forms.
GENERIC_SYMBOLS = frozenset({"CO", "CORP", "ORG", "ENTERPRISE", "HOLDING", "CONCERN", "GRP"})
# Symbols whose words stand for what they mean (sector, kind of body, country).
# A symbol is written in capitals, which no name key has (BANK, ENG, LOC-RU).
# (rigour's categories and tags by their values: rigour is imported on first use only,
# so a stage that never keys an organisation does not load its core.)
_KINDS = {"DOMAIN": "", "SYMBOL": "", "LOC": "LOC-"}
_DROPPED_TAGS = ("LEGAL", "STOP")
# Quotes around a name ("Сбербанк", «Газпром»); apostrophes are letters of names (Ja'fari).
QUOTES = re.compile(r"[\"«»“”„‟]")
# "Joint-stock" in Russian, written alone before a sector (Aktsionerny Bank, Акционерный
# банк): rigour drops it inside a legal form (Aktsionernoe Obshchestvo), so it goes here too.
_JOINT_STOCK = re.compile(r"(?:akts?ionern|акционерн)\w*$", re.IGNORECASE)
# The Arabic article and its sun-letter assimilations (ash-Shabaab, as-Sisi, ad-Din).
ARTICLES = frozenset({"al", "el"})
_SUN_ARTICLES = frozenset({"ash", "as", "ad", "at", "ar", "an", "az", "ath", "adh"})
# The article written joined to an Arabic-script word (الشباب is al + شباب).
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{3})")
# Vowels written differently by each romanisation (Jaysh / Jaish, Qavamin / Qavvamin).
_DIPHTHONG = re.compile(r"[ae](?:[iy]|j(?![aeiou]))")  # Peyman / Payman / Pejman
_VOWEL_CLASSES = str.maketrans({"e": "i", "y": "i", "o": "u"})
_REPEATED_VOWEL = re.compile(r"([aiu])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
# An i between two vowels is a glide some romanisations write and others drop
# (Mirzoian / Mirzoyan, Kolbaia / Колбая: y between vowels is folded away already).
_GLIDE = re.compile(r"(?<=[aeou])i(?=[aeou])")
# An h that Russian and others do not write: at a word's start before a vowel, between
# vowels and after v (Hovik / Овик, Sahakyan / Саакян, Hovhannisyan / Ованнисян).
_SOFT_H = re.compile(r"(?:^|(?<=[aeiouyv]))h(?=[aeiouy])")


def vowels(part: str) -> str:
    """A key's vowels in classes: e, i and y are one, o and u another, a stays itself;
    a glide i between two vowels goes (Kolbaia / Kolbaa), then the diphthongs ai/ei
    are i (twice: Raeisi is Raisi is Risi), a final -eh is -e (Rezvanianzadeh /
    Rezvanianzade)."""
    # The soft h leaves a mark until the vowels are read, so that it joins no diphthong
    # (Mahir is not Mair read as Mir), and goes before repeated vowels are made one.
    part = _GLIDE.sub("", _SOFT_H.sub("'", _FINAL_H.sub("", part)))
    part = _DIPHTHONG.sub("i", _DIPHTHONG.sub("i", part))
    part = part.translate(_VOWEL_CLASSES).replace("'", "")
    return _REPEATED_VOWEL.sub(r"\1", part)


def split_arabic_article(text: str) -> str:
    """الشباب -> ال شباب: the article is a word of its own, as al- is in Latin letters."""
    return _ARABIC_ARTICLE.sub("ال ", text)


def drop_articles(keys: list[str]) -> list[str]:
    """Without the Arabic article (al-, el-, and ash-/as-/ad-... before their letter),
    unless it is all there is."""
    kept = [
        k
        for i, k in enumerate(keys)
        if k not in ARTICLES
        and not (k in _SUN_ARTICLES and i + 1 < len(keys) and keys[i + 1].startswith(k[1:]))
    ]
    return kept or keys


# Russian stump words and initials of an organisation's kind (and a few of Ukrainian's
# and Kazakh's), written out as the words rigour knows (НК «Роснефть» is Нефтяная
# компания «Роснефть», Rosneft Oil Company).
# Not ГК (государственная корпорация or группа компаний) nor ТК (trading, transport or
# television company): they say no one thing.
_RUSSIAN_KINDS = {
    "госкорпорация": "государственная корпорация",
    "нк": "нефтяная компания",
    "ск": "страховая компания",
    # Торговый дом, a trade house (ТД Кютек, LLC TD Kyutek: Trade House Kyutek).
    "тд": "торговый дом",
    "td": "торговый дом",
    # Акционерный коммерческий банк, a joint-stock commercial bank, and its English
    # initials (AKB Novikombank, Novikombank JSCB: Joint Stock Commercial Bank).
    "акб": "акционерный коммерческий банк",
    "akb": "акционерный коммерческий банк",
    "jscb": "акционерный коммерческий банк",
    "jcsb": "акционерный коммерческий банк",
    # Ukrainian's private joint-stock company (ПрАТ «Київстар», PrJSC Kyivstar; not
    # Latin PrAT: Prat is a name) and Kazakh's limited liability partnership (ЖШС,
    # Russian ТОО), written out as the legal forms rigour lists.
    "прат": "приватне акціонерне товариство",
    "prjsc": "приватне акціонерне товариство",
    "жшс": "товарищество с ограниченной ответственностью",
}
_RUSSIAN_KIND = re.compile(r"(?<![\w-])(" + "|".join(_RUSSIAN_KINDS) + r")(?![\w-])", re.IGNORECASE)


# Russian "airlines" (авиалинии, in any case; avialinii in Latin letters) and English
# "airways", which rigour does not read, as the word for an airline it does: Аэрофлот —
# Российские авиалинии is Aeroflot Russian Airlines, Uzbekistan Airways an airline.
_AIRLINES = re.compile(r"(?<![\w-])(?:авиалини\w*|avialini\w*|airways)(?![\w-])", re.IGNORECASE)


# Persian's ezafe written as a suffix of its own (Bank-E Tat, Rahbaran-E Omid-E Darya,
# Sherkat-E Iran): "of", which English and the other spellings leave out.
_EZAFE = re.compile(r"(?<=\w{3})-(?:e|ye|yi)(?![\w-])", re.IGNORECASE)


def _written_out(text: str) -> str:
    text = _EZAFE.sub("", _AIRLINES.sub("авиакомпания", text))
    return _RUSSIAN_KIND.sub(lambda m: _RUSSIAN_KINDS[m.group().lower()], text)


@lru_cache(maxsize=20_000)
def org_words(text: str, kinds_apart: bool = True) -> tuple[str, ...]:
    """The keyed words of an organisation's name, in order (see the module docstring);
    a symbol stands once for all the words it covers. Words of capitals outside the
    quotes of a quoted name are its kind (``_kinds_outside_quotes``) if ``kinds_apart``
    and the name keeps a word of its own without them (ВТБ «Капитал» keeps ВТБ)."""
    kinds = _kinds_outside_quotes(text) if kinds_apart else set()
    if kinds:
        found = org_words(text, False)
        keys = {word_key(kind) for kind in kinds} - {""}
        own = [w for w in found if w not in keys]
        return tuple(own) if any(not w.isupper() for w in own) else found
    text = _written_out(spaced(text))
    name = _analysis(QUOTES.sub(" ", text))
    if name is None:
        return tuple(name_key(text).split())
    # Part index -> (symbol, words it covers). rigour gives a word several symbols in an
    # order that changes from one process to the next (National: NATL, ALLRUSSIAN), so
    # ties go to the symbol that reads like the words, then the first in the alphabet:
    # a key must be the same in every worker and after every restart.
    symbols: dict[int, tuple[str, int]] = {}
    ranked: dict[int, tuple[int, int, str]] = {}
    for span in name.spans:
        prefix = _KINDS.get(span.symbol.category.value)
        if prefix is None:
            continue
        symbol = "" if span.symbol.id in GENERIC_SYMBOLS else prefix + span.symbol.id.upper()
        words_of_span = "".join(part.form for part in span.parts)
        affinity = _common_prefix(str(span.symbol.id).lower(), words_of_span.lower())
        rank = (len(span.parts), affinity, _reverse(symbol))
        for part in span.parts:
            if part.index not in ranked or rank > ranked[part.index]:
                ranked[part.index] = rank
                symbols[part.index] = (symbol, len(span.parts))
    acronyms = _acronyms(text)
    words: list[str] = []
    for part in name.parts:
        if part.tag.value in _DROPPED_TAGS or _JOINT_STOCK.match(part.form):
            # A legal form's sector stays (Joint Stock Bank Rossiya is Bank Rossiya).
            symbol = symbols.get(part.index, ("", 0))[0]
            if part.tag.value == "LEGAL" and symbol and symbol not in words:
                words.append(symbol)
            continue
        if part.form in acronyms and part.index not in symbols:
            # PNN, VTB: the letters, not a folded word (ВТБ: VTB, letter by letter)
            words.append(word_key(part.form.upper()))
            continue
        if part.index in symbols:
            symbol = symbols[part.index][0]
            if symbol and symbol not in words:
                words.append(symbol)
            continue
        country = _demonym(part.form) or _inflected_country(part.form)
        if country:
            if country not in words:
                words.append(country)
            continue
        head, symbol = _compound(part.form)
        if symbol:
            words.extend(name_key(head).split())
            if symbol not in words:
                words.append(symbol)
            continue
        for word, keyed in _keyed_words(part.form):
            if keyed is None:
                words.append(_SK_ADJECTIVE.sub(r"\1", word))
            elif keyed and keyed not in words:
                words.append(keyed)
    return tuple(drop_articles(words)) if words else tuple(name_key(text).split())


def written_as_one(text: str) -> str:
    """An organisation's name's words as written, keyed and written as one: a name written
    in one word or several, in any script, whose sector's word one spelling keeps apart
    or rigour reads and another does not (Ameria Bank, Ameriabank, Америабанк;
    Azerenerji, Азерэнерджи): "amiriabank", "azirinirji". "" for a name with a legal form
    (which may hold its sector: Avangard Joint Stock Bank and JSC Avangard, two entries of
    the SDN list, would both be "avangard") or an acronym (CEC Limited would be Ceiec's
    "tsik"): their other spellings meet by their keys."""
    written = _written_out(spaced(text))
    name = _analysis(QUOTES.sub(" ", written))
    if name is None or _acronyms(written):
        return ""
    if any(p.tag.value == "LEGAL" or _JOINT_STOCK.match(p.form) for p in name.parts):
        return ""
    keys = [k for p in name.parts if p.tag.value != "STOP" for k in name_key(p.form).split()]
    return vowels("".join(drop_articles(keys)))


# A word rigour does not tag is read as one of its organisation symbols or countries
# when its key is the key of a one-word spelling rigour lists for it: Хезболла,
# Հեզբոլլահ and ჰეზბოლა are Hezbollah / حزب الله (HEZBOLLAH), Persian بانک and Armenian
# բանկ bank (BANK), Persian ایران and Armenian Իրան Iran (LOC-IR). A Latin word only
# by the keys of rigour's Cyrillic spellings: a Russian word in Latin letters is its
# symbol (Lizing, Menedzhment, Trast: лизинг, менеджмент, трест), but an English word
# rigour does not list is no symbol it keys like (policy / police, society / société),
# nor a country's weak name (Iron, Ira for Iran). Keys of four letters at least.
_MIN_KEYED_SYMBOL = 4
_LATIN_WORD = re.compile(r"^[\W\da-zA-Z\u00c0-\u024f\u1e00-\u1eff]*$")


def _keyed_words(form: str) -> list[tuple[str, str | None]]:
    """Each word of a part of a name rigour did not tag, keyed, with the symbol its key
    reads as (``_keyed_symbol``) or None. The article written joined to an Arabic-script
    word (الشباب) is split off here, after rigour has seen the name whole (حزب الله is
    Hezbollah); Georgian's nominative -ი goes (თალიბანი, Taliban)."""
    table = _keyed_symbols(arabic_script(form), bool(_LATIN_WORD.match(form)))
    keys = name_key(split_arabic_article(georgian_stem(form))).split()
    return [(word, _keyed_symbol(word, table)) for word in keys]


def _keyed_symbol(word: str, table: dict[str, str]) -> str | None:
    """The symbol ``word`` (a key) reads as in ``table``; a country's also in the
    genitive that Armenian and Georgian write with -i (Հայաստանի, საქართველოს is
    keyed by Georgian's -s: "of Armenia", "of Georgia"), which wins over a sector's word
    (Հայաստանի is not Turkish hastane, a hospital); None if none."""
    keyed = vowels(word)
    for stem in (keyed[:-1] if keyed.endswith(("i", "s")) else "", keyed):
        if len(stem) >= _MIN_KEYED_SYMBOL and table.get(stem, "").startswith("LOC-"):
            return table[stem]
    return table.get(keyed)


def load_keyed_symbols() -> None:
    """Build the tables ``_keyed_words`` reads now: the entity stage does so when it is
    built with NER on, so that the first article waits for nothing and a rigour whose
    data cannot be read (``LexiconError``) fails the stage's setup, not each article."""
    for abjad, latin in ((False, True), (False, False), (True, False)):
        _keyed_symbols(abjad, latin)


@lru_cache(maxsize=1)
def _rigour_spellings() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(symbol, spelling) of rigour's organisation symbols ("" for a generic one) and
    ("LOC-XX", name) of its countries' strong and weak names."""
    from rigour._core import territories_jsonl

    from pipeline.names.lexicon import rigour_core_path, rigour_resource

    symbols = json.loads(
        rigour_resource(rigour_core_path().read_bytes(), '"org_domains"', "org symbols")
    )
    spellings = [
        ("" if symbol in GENERIC_SYMBOLS else symbol.upper(), spelling)
        for group in ("org_domains", "org_symbols")
        for symbol, written in symbols.get(group, {}).items()
        for spelling in written
    ]
    countries: list[tuple[str, str]] = []
    for line in territories_jsonl().splitlines():
        territory = json.loads(line)
        code = str(territory.get("code", ""))
        if territory.get("is_country") and len(code) == 2:
            names = [*territory.get("names_strong", []), *territory.get("names_weak", [])]
            countries.extend(("LOC-" + code.upper(), georgian_stem(name)) for name in names)
    return spellings, countries


@lru_cache(maxsize=4)
def _keyed_symbols(abjad: bool, latin: bool = False) -> dict[str, str]:
    """Vowel-classed key -> symbol ("" for a generic one, dropped as rigour drops it)
    from rigour's organisation symbols' spellings and its countries' strong and weak
    names; for a ``latin`` word, from Cyrillic spellings only and no country's names.
    A key two symbols share is neither's, a country's name wins over a sector's word.
    Spellings in Arabic script, which writes no short vowels, key as words of other
    scripts (نووي, nuclear, as новый, new): they are read only for a word in Arabic
    script (``abjad``). Built from rigour's data on first use (0.2 s for Latin words,
    a second or two for all three tables)."""
    spellings, countries = _rigour_spellings()
    table: dict[str, str] = {}
    for pairs in (spellings,) if latin else (spellings, countries):
        found: dict[str, set[str]] = {}
        for symbol, spelling in pairs:
            if not abjad and arabic_script(spelling):
                continue
            if latin and not _CYRILLIC.search(spelling):
                continue
            keys = drop_articles(name_key(split_arabic_article(spelling)).split())
            if len(keys) == 1 and len(key := vowels(keys[0])) >= _MIN_KEYED_SYMBOL:
                found.setdefault(key, set()).add(symbol)
        table.update((key, next(iter(s))) for key, s in found.items() if len(s) == 1)
    return table


# A Russian, Ukrainian or Belarusian adjective of a town in -sk, as a word's key: Норильский
# никель is Norilsk Nickel, Krasnoyarskaya GES the Krasnoyarsk GES (-ский, -ская, -ское,
# -ские, -ського..., keyed: norilski, krasnoarska).
_SK_ADJECTIVE = re.compile(r"^(\w{2,}sk)(?:i|ii|a|aia|oe|ie|ogo|oho|oi|ih)$")


# A country's adjective: its name and an ending (Belarus-ian, Syria-n, Iraq-i, Chin-ese).
_DEMONYM_ENDINGS = (("ian", ""), ("n", ""), ("an", ""), ("i", ""), ("ese", "a"), ("ese", ""))
_MIN_STEM = 4


@lru_cache(maxsize=20_000)
def _demonym(form: str) -> str:
    """The country symbol of an adjective of a country rigour does not read as one (it
    reads Russian and Ukrainian, not Belarusian, Syrian or Iraqi), so "Belarusian
    National Olympic Committee" and "National Olympic Committee of Belarus" meet; "" if
    ``form`` is no such adjective. Only whole countries (two-letter symbols)."""
    lower = form.lower()
    for ending, added in _DEMONYM_ENDINGS:
        stem = form[: -len(ending)] + added if lower.endswith(ending) else ""
        if len(stem) >= _MIN_STEM and stem.isalpha() and (country := _country(stem)):
            return country
    return ""


def _country(word: str) -> str:
    """The symbol of the country rigour reads ``word`` as (LOC-BY), or ""."""
    name = _analysis(word)
    if name is None or len(name.parts) != 1:
        return ""
    # The first in the alphabet when rigour reads it as several (Congo: CD, CG), whose
    # order changes from one process to the next.
    found = sorted(
        str(span.symbol.id)
        for span in name.spans
        if span.symbol.category.value == "LOC" and len(str(span.symbol.id)) == 2
    )
    return "LOC-" + found[0].upper() if found else ""


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=20_000)
def _inflected_country(form: str) -> str:
    """The country symbol of a country's name in another case than the one rigour reads
    (Russian России, Беларуси: Сбербанк России is Sberbank of Russia), through natasha's
    morphology (pymorphy's dictionary), or of such a form or a country's Russian
    adjective in any script (Sberbank Rossii, Rossiyskiye Zheleznye Dorogi, Российские
    авиалинии: ``russian_country_forms``); "" if ``form`` is no such word."""
    if _CYRILLIC.search(form):
        lower = form.lower()
        for lemma in dict.fromkeys(parse.normal for parse in _morphology()(lower)):
            if lemma != lower and (country := _country(lemma)):
                return country
    if len(form) < _MIN_FORM or not form.isalpha():
        return ""
    return russian_country_forms().get(word_key(form), "")


# Russian country names and adjectives are read in every case, gender and number, in
# Cyrillic and in Latin letters, from this many letters (России, Rossii; not Ирана, Кубы).
_MIN_FORM = 6


def _adjectives(name: str) -> list[str]:
    """How Russian makes a country's adjective from its name, by the name's ending
    (Россия: российский, Германия: германский, Корея: корейский, Украина: украинский,
    Беларусь: беларусский, Китай: китайский, Чили: чилийский). Irregular ones are
    missed (французский, армянский); a candidate counts only if pymorphy's dictionary
    knows it (and so is no invented word)."""
    if name.endswith("ия"):
        return [name[:-1] + "йский", name[:-2] + "ский"]
    if name.endswith("я"):
        return [name[:-1] + "йский"]
    if name.endswith(("а", "ь")):
        return [name[:-1] + "ский"]
    if name.endswith(("и", "у", "о", "е", "ы")):
        return [name + "йский"]
    return [name + "ский"]


# The table ``build_russian_country_forms`` makes, shipped as package data: read in
# Latin letters, it needs no morphology at run time (pymorphy's dictionary costs 0.5 s
# and about 30 MiB; tests/unit/pipeline/names/test_parts.py checks that the file is
# what the function makes; ``python -m pipeline.names.orgs`` writes it again).
_FORMS_FILE = "russian_country_forms.json"


@lru_cache(maxsize=1)
def russian_country_forms() -> dict[str, str]:
    """``build_russian_country_forms``, as shipped in ``data/``."""
    table: dict[str, str] = json.loads(
        resources.files("pipeline.names").joinpath("data", _FORMS_FILE).read_text("utf-8")
    )
    return table


def build_russian_country_forms() -> dict[str, str]:
    """``word_key`` of every form of each country's one-word Russian name (CLDR's, from
    babel) and of its adjective -> the country's symbol, as rigour writes it (LOC-RU);
    keys two countries share are left out."""
    from babel import Locale

    morph = _morphology()
    found: dict[str, set[str]] = {}
    for code, name in Locale("ru").territories.items():
        lower = name.lower()
        if not (len(code) == 2 and code.isalpha() and lower.isalpha()):
            continue  # regions (001, EU) and names of several words
        country = "LOC-" + code
        # The name's own forms as a place (Geox), not another word's that shares one
        # (Филиппины is also Филиппина's plural, Германия germanium's genitive).
        places = [p for p in morph.parse(lower) if "Geox" in p.tag and p.normal_form == lower]
        words = {form.word for parse in places[:1] for form in parse.lexeme}
        # Not the name as written: rigour reads a country's own name where it does, and
        # in Latin letters it is some other language's word too (Колумбия is Columbia,
        # as in Columbia University).
        own = word_key(lower)
        for adjective in _adjectives(lower):
            if not morph.word_is_known(adjective):
                continue  # pymorphy would guess a parse for any word
            for parse in morph.parse(adjective):
                if parse.tag.POS == "ADJF" and parse.normal_form == adjective:
                    words |= {form.word for form in parse.lexeme}
        for word in words:
            if len(word) >= _MIN_FORM and (key := word_key(word)) != own:
                found.setdefault(key, set()).add(country)
    return {key: next(iter(c)) for key, c in sorted(found.items()) if len(c) == 1}


@lru_cache(maxsize=1)
def _morphology() -> Any:
    import natasha

    return natasha.MorphVocab()


_MIN_HEAD, _MIN_TAIL = 4, 5
# Cyrillic's soft and hard signs, which no romanisation writes as a letter: a tail's
# letters are counted without them, as its Latin spelling has them.
_SIGNS = re.compile("[ьъЬЪ]")


@lru_cache(maxsize=20_000)
def _compound(form: str) -> tuple[str, str]:
    """A word written as one that ends in a word rigour reads as a sector or a kind of
    body: (its head, the symbol), so it meets the same words written apart or hyphenated
    (Electromechanical / Electro-Mechanical, Rosoboronexport / Rosoboron Export);
    ("", "") if it is no such word. The longest such ending is the word's, of
    ``_MIN_TAIL`` letters at least."""
    if not form.isalpha():
        return "", ""
    for cut in range(_MIN_HEAD, len(form) - _MIN_TAIL + 1):
        if len(_SIGNS.sub("", form[cut:])) < _MIN_TAIL:
            continue  # нефть has the four letters of Latin neft: Транснефть is Transneft
        name = _analysis(form[cut:])
        if name is None or len(name.parts) != 1:
            continue
        found = {
            str(span.symbol.id)
            for span in name.spans
            if span.symbol.category.value in ("DOMAIN", "SYMBOL")
        }
        if found:
            # The symbol that reads like the tail, then the first in the alphabet, as in
            # ``org_words``: rigour lists a word's symbols in an order that changes from
            # one process to the next (enerji: ENERGY, POWER).
            tail = form[cut:].lower()
            best = min(found, key=lambda s: (-_common_prefix(s.lower(), tail), s))
            if best in GENERIC_SYMBOLS:
                return "", ""
            return form[:cut], best.upper()
    return "", ""


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _reverse(symbol: str) -> str:
    """A string that sorts the other way round, so that the higher rank is the first
    symbol in the alphabet."""
    return "".join(chr(0x10FFFF - ord(c)) for c in symbol)


# A word of capitals outside the quotes that hold a name («Укрзалізниця»), in any
# script, says what kind of body it is (АТ, ЖШС, ՓԲԸ: legal forms rigour does not list)
# or its sector (КБ, commercial bank), not which one.
_QUOTED = re.compile(r"[\"«“„‟][^\"«»“”„‟]+[\"»“”‟]")
_MAX_KIND_LETTERS = 5


def _kinds_outside_quotes(text: str) -> set[str]:
    """The words of capitals, two to five letters, outside the quotes of a name that
    quotes its own name, as written; empty without quotes."""
    if not _QUOTED.search(text):
        return set()
    outside = _QUOTED.sub(" ", text)
    return {
        w
        for w in split_words(outside)
        if 2 <= len(w) <= _MAX_KIND_LETTERS and w.isupper() and w.isalpha()
    }


def _acronyms(text: str) -> set[str]:
    """Words of two or three capitals (PNN, VTB), which are their letters; longer words
    in capitals are words written loud (PAYA Saman PARS), keyed like any word."""
    return {w.lower() for w in split_words(text) if is_acronym(w) and len(w) <= MAX_ACRONYM}


# A number in an organisation's name tells it from its siblings (Aircraft Repair Plant
# 558 and 150, Investment Decisions 1 and 2, VABO 2005 and 2008): its value is a word of
# the key (No. 09 is 9, 66th is 66; any script's digits).
_NUMBER = re.compile(r"\d+")
# An English ordinal's letters are the number's (66th, 1st): not a word of the name.
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


def numbers_in(text: str) -> list[str]:
    """The numbers written in ``text`` in digits, each once, as their values."""
    return list(dict.fromkeys(str(int(number)) for number in _NUMBER.findall(text)))


def org_key(text: str) -> str:
    """The key of an organisation's name: no legal form, quotes or generic words,
    common words as rigour's symbols, vowels in classes, numbers, words sorted."""
    text = _ORDINAL.sub("", text)
    acronyms = _acronyms(spaced(text))
    keyed = [w if w.isupper() or w in acronyms else vowels(w) for w in org_words(text)]
    return " ".join(sorted(keyed + numbers_in(text)))


def org_cues(text: str) -> tuple[bool, tuple[str, ...]]:
    """What says a name is an organisation's: (a legal form or quotes, the words rigour
    reads as a kind of organisation or a sector). A country's name is a cue only in a
    name of three words or more (Channel One Russia; Michael Jordan is a person), or
    inflected (Russian России, "of Russia")."""
    if QUOTES.search(text):
        return True, ()
    name = _analysis(_written_out(text))
    if name is None:
        return False, ()
    if any(part.tag.value == "LEGAL" for part in name.parts):
        return True, ()
    kinds = ("DOMAIN", "SYMBOL", "LOC") if len(text.split()) >= 3 else ("DOMAIN", "SYMBOL")
    cues = [
        part.form
        for span in name.spans
        if span.symbol.category.value in kinds
        for part in span.parts
    ]
    # A country's name in the genitive is one in any name (Сбербанк России, Sberbank of
    # Russia): a person's name holds none.
    cues += [part.form for part in name.parts if _inflected_country(part.form)]
    # A word of another script that keys as a sector's or a kind of body's word rigour
    # lists in others (Persian بانک, Armenian բանկ: bank).
    cues += [
        part.form
        for part in name.parts
        if not _LATIN_WORD.match(part.form)
        and any(symbol and not symbol.startswith("LOC-") for _, symbol in _keyed_words(part.form))
    ]
    return False, tuple(dict.fromkeys(cues))


def _analysis(text: str) -> Name | None:
    """rigour's analysis of ``text`` as an organisation's name (legal forms replaced and
    tagged, org symbols as spans); None if nothing of it is left."""
    from rigour.names import NameTypeTag, analyze_names

    found = analyze_names(
        NameTypeTag.ORG, [text], consolidate=False, phonetics=False, numerics=False
    )
    return next(iter(found), None)


def main() -> None:
    """Write ``data/russian_country_forms.json`` from pymorphy's dictionary and CLDR."""
    path = Path(__file__).parent / "data" / _FORMS_FILE
    path.parent.mkdir(exist_ok=True)
    table = build_russian_country_forms()
    path.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{path}: {len(table)} keys")


if __name__ == "__main__":
    main()
