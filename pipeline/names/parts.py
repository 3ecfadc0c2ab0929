"""Keys for the names no KB knows: people with or without their middle parts, and
organisations with or without their legal form.

``person_key``: a person is named with or without a patronymic or middle name
(Vladimir Vladimirovich Putin / Vladimir Putin; Ilham Heydar oglu Aliyev / Ilham
Aliyev), given name first or last (Putin Vladimir Vladimirovich, the order of Russian
official lists), and romanised from Russian, Ukrainian or Belarusian (Aleksandr /
Oleksandr / Aliaksandr, Lukashenko / Lukashenka), so the key is the first and the last
name, their given-name family, their vowels in classes, in a fixed order.
``org_key``: an organisation is named with or without its legal form, in any script
and order (PJSC Sberbank / Sberbank PJSC / ПАО «Сбербанк» / Public Joint Stock Company
Sberbank / Otkrytoe Aktsionernoe Obshchestvo ...), so the key drops legal forms and
quotes and sorts the words.

OpenSanctions' ``rigour`` was evaluated for both (1.x, and 2.6.1 again for issue 12):
its person name-part symbols (Wikidata given and family names, across scripts) are the
better data, but the first analysis of a name loads them: 5.2 s and 439 MiB of
resident memory with 2.6.1 (about 350 MiB with 1.x), too much for a stage that must
stay under 600 MiB with the gazetteer; its legal-form tables expect case-folded Latin
input and left ПАО/ООО in place. The small tables below cover the forms of the
region's press and of the sanctions lists (tests/fixtures/entities/variants_public.json).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.names.key import name_key, word_key

# Patronymics (as name keys) and their Turkic particles: Russian -ovich/-evna, Ukrainian
# -ovych/-iyovych, Belarusian -avich/-auna/-awna, Swedish -ovitj, Romanian -ovici.
_PATRONYMIC = re.compile(
    r"^(?:\w+(?:[oea]vih|ovitj|ovitsi|oviks|[oea]vna|auna|ihna|inihna)|ogli|oglu|ogl|gizi|kizi)$"
)
# One given name in the official romanisations of Russian, Ukrainian and Belarusian (and
# the German/English form where it differs only in spelling): the same person is listed
# as Oleksandr in Kyiv, Aliaksandr in Minsk and Aleksandr in Moscow.
_GIVEN_NAME_FAMILIES = (
    "Aleksandr Alexander Aleksander Oleksandr Olexander Oleksander Aliaksandr Aliaksander",
    "Aleksey Alexei Alexey Aleksei Oleksiy Oleksii Aliaksei Aliaksiej",
    "Andrey Andrei Andriy Andrii Andrej Andrei",
    "Anatoly Anatoliy Anatolii Anatol",
    "Dmitry Dmitriy Dmitri Dmytro Dzmitry Dzmitri",
    "Evgeny Yevgeny Yevgeniy Evgeniy Evgeni Yevhen Yauhen Jewgeni",
    "Georgy Georgiy Georgi Heorhiy Heorhii",
    "Grigory Grigoriy Hryhoriy Hryhorii Ryhor",
    "Igor Ihor Ihar",
    "Mikhail Michail Mykhailo Mykhaylo Mikheil",
    "Nikolay Nikolai Mykola Mikalai",
    "Oleg Oleh Aleh",
    "Pavel Pavlo Paval",
    "Petr Pyotr Petro Piotr Peter Piatro Pyetr",
    "Sergey Sergei Serhiy Serhii Siarhei Siarhey Sergiy Sergii Serguei",
    "Viktor Viktar Victor",
    "Vladimir Volodymyr Uladzimir",
    "Vasily Vasiliy Vasyl Vasil",
    "Yury Yuriy Yuri Iurii Yurii Jurij",
    "Galina Halyna Halina",
    "Elena Yelena Olena Alena",
    "Tatiana Tatyana Tetiana Tatsiana",
    "Natalia Natalya Nataliya Natallia",
    "Svetlana Sviatlana Svitlana",
    "Ekaterina Yekaterina Kateryna Katsiaryna",
    "Olga Olha Volha",
    "Mohammad Mohammed Muhammad Mohamed Muhammed Mohamad",
    "Hossein Hussein Husayn Hosein",
    "Seyed Sayyed Seyyed Sayed Sayyid Seyyid",
)
# Belarusian surname endings against Russian ones: -enka/-enko, -au/-eu for -ov/-ev
# (ў for в), -uski for -vski.
# Ukrainian writes German -berg as -berh (Rotenberh).
_SURNAME_ENDINGS = tuple(
    (re.compile(p), r)
    for p, r in ((r"enka$", "enko"), (r"[ae]u$", "ov"), (r"uski$", "vski"), (r"berh$", "berg"))
)
# Vowels written differently by each romanisation (Emelyanova / Emilianova, Samer /
# Samir, Abnoush / Abnush): e, i and y are one class, o and u another; a stays itself,
# so Omar / Amir, Hasan / Husein, Mahmud / Muhamad stay apart. The diphthongs ai / ei /
# ay / ey are one sound too (Heydar / Haydar, Zuhair / Zuheir, Peyman / Payman), and a
# Persian final -eh is -e (Rezvanianzadeh / Rezvanianzade).
_DIPHTHONG = re.compile(r"[ae][iy]")
_VOWEL_CLASSES = str.maketrans({"e": "i", "y": "i", "o": "u"})
_REPEATED_VOWEL = re.compile(r"([aiu])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")

# Legal-form words: acronyms keep their letters and script (ПАО, PJSC), words are keyed
# like any word (Company -> kompani, Limited -> limited).
_LEGAL_ACRONYMS = frozenset(
    {
        "pjsc", "pao", "пао", "oao", "оао", "jsc", "ao", "ао", "zao", "зао", "ooo", "ооо",
        "llc", "ltd", "gmbh", "ag", "sa", "inc", "corp", "plc", "kk", "nv", "bv", "spa", "srl",
        "as", "ab", "oy", "tov", "тов", "psc", "ojsc", "cjsc", "pllc", "llp", "lp", "se", "kg",
        "ohg", "sarl", "sas", "njsc", "gup", "fgup", "fgbu", "mup", "co",
    }
)  # fmt: skip
LEGAL_FORMS = _LEGAL_ACRONYMS | frozenset(
    name_key(w)
    for w in str.split(
        "ltd limited gmbh inc incorporated corp corporation korporation plc llc jsc co company "
        "sarl srl spa"
    )
)
# Words that join an organisation's name and say nothing of it (of, the, and).
_JOINING = frozenset(name_key(w) for w in str.split("of the and for in de des du la le"))
# Legal forms written out, as sequences of name keys: English (OFAC, company registers)
# and the romanised Russian the registers transliterate (Obshchestvo s Ogranichennoi
# Otvetstvennostyu is OOO). Longest first.
_LEGAL_PHRASES = tuple(
    sorted(
        (
            tuple(name_key(p).split())
            for p in (
                "Public Joint Stock Company", "Open Joint Stock Company",
                "Closed Joint Stock Company", "Joint Stock Company", "Joint-Stock Company",
                "Limited Liability Company", "Limited Liability Partnership",
                "Publichnoe Aktsionernoe Obshchestvo", "Otkrytoe Aktsionernoe Obshchestvo",
                "Zakrytoe Aktsionernoe Obshchestvo", "Aktsionernoe Obshchestvo",
                "Obshchestvo s Ogranichennoi Otvetstvennostyu",
                "Obshchestvo s Ogranichennoy Otvetstvennostyu",
                "Публичное акционерное общество", "Открытое акционерное общество",
                "Закрытое акционерное общество", "Акционерное общество",
                "Общество с ограниченной ответственностью",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# Head nouns of organisations' names (as name keys): a name with one is not a person's.
_ORG_WORDS = frozenset(
    name_key(w)
    for w in str.split(
        "bank company corporation group party committee ministry front brigade organization "
        "organisation agency airlines airline service institute university council fund "
        "holding plant factory bureau enterprise center centre association union movement "
        "army forces force guard guards concern trust exchange port shipping industries "
        "industry office department police court assembly parliament government state "
        "federation republic foundation news agency club team channel network radio "
        "television obshchestvo kompaniya zavod bank банк компания завод партия"
    )
)
_SUN_ARTICLES = frozenset({"ash", "as", "ad", "at", "ar", "an", "az", "ath", "adh"})
_QUOTES = re.compile(r"[\"«»“”„‟'‘’]")


def _arabic_article(parts: list[str]) -> list[str]:
    """al- before a sun letter is written as it sounds: ash-Shabaab, as-Sisi, ad-Din."""
    return [
        "al" if p in _SUN_ARTICLES and i + 1 < len(parts) and parts[i + 1].startswith(p[1:]) else p
        for i, p in enumerate(parts)
    ]


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Name key of each spelling of a given name -> the key of its family's first."""
    table: dict[str, str] = {}
    for family in _GIVEN_NAME_FAMILIES:
        spellings = family.split()
        canonical = word_key(spellings[0])
        table.update((word_key(s), canonical) for s in spellings)
    return table


def _vowels(part: str) -> str:
    part = _DIPHTHONG.sub("i", _FINAL_H.sub("", part))
    return _REPEATED_VOWEL.sub(r"\1", part.translate(_VOWEL_CLASSES))


# Arabic articles are not a person's first or last name (Maher al-Assad / Maher Assad).
_ARTICLES = frozenset({"al", "el"})
_CAPITALS = re.compile(r"\b[^\W\d_]{4,}\b")


def _unshout(match: re.Match[str]) -> str:
    word = match.group()
    legal = word.lower() in _LEGAL_ACRONYMS  # PJSC, CJSC, GMBH stay acronyms
    return word.capitalize() if word.isupper() and not legal else word


def _person_parts(text: str) -> list[str]:
    # A surname in capitals is not an acronym (Vladimir PUTIN, ПУТИН Владимир).
    text = _CAPITALS.sub(_unshout, text)
    parts = _arabic_article(name_key(text).split())
    return [p for p in parts if p not in _ARTICLES and not _PATRONYMIC.match(p)]


def person_key(text: str) -> str:
    """The key of a person's name: first and last name without patronymics and middle
    names, given names by family, surnames without Belarusian endings, vowels in classes,
    the two in a fixed order (Putin Vladimir / Vladimir Putin)."""
    parts = _person_parts(text)
    if len(parts) > 2:
        parts = [parts[0], parts[-1]]
    given = _given_names()
    parts = [given.get(p, p) for p in parts]
    if len(parts) == 2:
        for pattern, replacement in _SURNAME_ENDINGS:
            parts = [pattern.sub(replacement, p) if p not in given.values() else p for p in parts]
    return " ".join(sorted(_vowels(p) for p in parts))


def _drop_legal_phrases(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _LEGAL_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


def _org_words(text: str) -> list[str]:
    text = _CAPITALS.sub(_unshout, _QUOTES.sub(" ", text))
    words = _drop_legal_phrases(_arabic_article(name_key(text).split()))
    return [p for p in words if p not in LEGAL_FORMS and p not in _JOINING] or words


def org_key(text: str) -> str:
    """The key of an organisation's name without legal forms and quotes, vowels in
    classes (Jaysh / Jaish, Qavamin / Qavvamin), words sorted."""
    return " ".join(sorted(_vowels(p) for p in _org_words(text)))


def looks_like(text: str) -> str:
    """ "ORG", "PER" or "" for a name given alone (``names resolve``): a legal form, a
    quote or an organisation's head noun makes an organisation; two to four words
    (besides articles) otherwise a person; anything else is keyed as an organisation,
    which for one word is the person key too."""
    words = name_key(_QUOTES.sub(" ", text)).split()
    if (
        _QUOTES.search(text)
        or any(w in LEGAL_FORMS or w in _ORG_WORDS for w in words)
        or len(_drop_legal_phrases(words)) < len(words)
    ):
        return "ORG"
    return "PER" if 2 <= len([w for w in words if w not in _ARTICLES]) <= 4 else ""


def unknown_key(text: str) -> str:
    """The key that groups a name no KB knows, given alone: ``person_key`` if it looks
    like a person's name, else ``org_key``."""
    return person_key(text) if looks_like(text) == "PER" else org_key(text)
