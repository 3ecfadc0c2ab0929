"""Keys for the names no KB knows: people with or without their middle parts, and
organisations with or without their legal form.

``person_key``: a person is named with or without a patronymic or middle name
(Vladimir Vladimirovich Putin / Vladimir Putin; Ilham Heydar oglu Aliyev / Ilham
Aliyev), so the key keeps the first and the last name. ``org_key``: an organisation
is named with or without its legal form, in any script and order (PJSC Sberbank /
Sberbank PJSC / ПАО «Сбербанк»), so the key drops legal forms and quotes.

OpenSanctions' ``rigour`` was evaluated for both: its person name-part symbols
(Wikidata given and family names, across scripts) are the better data, but loading
them costs about 350 MiB of memory and 0.25 ms a name, too much for a stage that
runs on every article; its legal-form tables expect case-folded Latin input and
left ПАО/ООО in place. These small tables cover the forms of the region's press.
"""

from __future__ import annotations

import re

from pipeline.names.key import name_key

# Patronymics and their Turkic particles: -ovich/-evna, oglu, qizi, kyzy.
_PATRONYMIC = re.compile(r"^(?:\w+(?:ovih|evih|ovna|evna|ihna|inihna)|ogli|oglu|ogl|gizi|kizi)$")
# Legal-form words, as their name keys (Latin and Cyrillic acronyms keep their script).
LEGAL_FORMS = frozenset(
    {
        "pjsc", "pao", "пао", "oao", "оао", "jsc", "ao", "ао", "zao", "зао", "ooo", "ооо",
        "llc", "ltd", "limited", "gmbh", "ag", "sa", "inc", "incorporated", "corp",
        "korporation", "plc", "kk", "nv", "bv", "spa", "srl", "as", "ab", "oy", "tov", "тов",
        "psc", "ojsc", "cjsc", "pllc", "llp", "lp", "se", "kg", "ohg", "sarl", "sas",
    }
)  # fmt: skip
_SUN_ARTICLES = frozenset({"ash", "as", "ad", "at", "ar", "an", "az", "ath", "adh"})
_QUOTES = re.compile(r"[\"«»“”„‟'‘’]")


def _arabic_article(parts: list[str]) -> list[str]:
    """al- before a sun letter is written as it sounds: ash-Shabaab, as-Sisi, ad-Din."""
    return [
        "al" if p in _SUN_ARTICLES and i + 1 < len(parts) and parts[i + 1].startswith(p[1:]) else p
        for i, p in enumerate(parts)
    ]


def person_key(text: str) -> str:
    """The key of a person's name without patronymics and middle names."""
    parts = [p for p in _arabic_article(name_key(text).split()) if not _PATRONYMIC.match(p)]
    if len(parts) > 2:
        parts = [parts[0], parts[-1]]
    return " ".join(parts)


def org_key(text: str) -> str:
    """The key of an organisation's name without legal forms and quotes, words sorted."""
    words = _arabic_article(name_key(_QUOTES.sub(" ", text)).split())
    parts = [p for p in words if p not in LEGAL_FORMS]
    return " ".join(sorted(parts))
