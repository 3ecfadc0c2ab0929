"""A name as French, German or Dutch write it, rewritten the way English romanisation does.

``fold`` maps the spellings that mean one sound in every orthography of the region to
one letter; what it cannot fold is a spelling that means one sound in one language and
another elsewhere: French ``ch`` is English ``sh`` (Chevardnadze / Shevardnadze,
Tymochenko / Tymoshenko) but German and English-Slavic ``ch`` is ``kh`` (Michail /
Mikhail; fold writes it h); German ``s`` between vowels and in ``ds`` is English ``z``
(Schewardnadse) and German ``z`` is ``ts``; Dutch ``oe`` is ``u`` and ``tsj`` is
``ch`` (Moesa Dzjafarovitsj). A reading rewrites a Latin name as if it were written in
that language, so that ``name_key`` of the result is the key of its English spelling.

``reading_of`` picks the one reading a name's own letters give away (French: ou, tch,
dj, gui, gue, Georgian -chvili, é, è, ë, ï, î, ç; German: sch, tsch, dsch, -itsch,
-dse, -jew (Nasarbajew), ß; not ä, ö, ü, which Azerbaijani, Turkish and Hungarian
write too: Mübariz and Hüseynov keep their z and s; Dutch: dzj, tsj, zj), for keys that
must be computed from the name alone (``person_key``); ``readings`` are all of them, for
a lookup that can try each against the KB and the gazetteer (``Linker.resolve``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Letters and clusters that give a name's orthography away.
_FRENCH_SIGNS = re.compile(r"ou|tch|dj|gu[ie]|chvili\b|[éèêëïîç]", re.IGNORECASE)
_GERMAN_SIGNS = re.compile(r"(?<!h)sch|itsch\b|dse\b|jewa?\b|ß", re.IGNORECASE)

# French: chtch is щ (Khrouchtchev), tch is English ch, ch is sh, j is zh, -ine is -in
# (Poutine), ou is u (fold does that already), gu before e or i is a hard g (Guiorgui).
_FRENCH = re.compile(r"chtch|tch|(?<![sS])ch|j|(?<=[^aeiouy])ine\b|gu(?=[ie])", re.IGNORECASE)
_FRENCH_MAP = {"chtch": "shch", "tch": "ch", "ch": "sh", "j": "zh", "ine": "in", "gu": "g"}
# German: z is ts; s between vowels is z (ss there is s) and ds is dz (Schewardnadse);
# an s elsewhere is either (Sergej / Saporischschja), so it stays. sch, tsch and j are
# left to fold (sh, ch, y).
_GERMAN = re.compile(
    r"z|(?<=[aeiouyäöü])s(?=[aeiouyäöü])|(?<=[aeiouyäöü])ss(?=[aeiouyäöü])|(?<=d)s",
    re.IGNORECASE,
)
_GERMAN_MAP = {"z": "ts", "s": "z", "ss": "s"}


def _rewrite(pattern: re.Pattern[str], table: dict[str, str]) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            found = match.group()
            new = table[found.lower()]
            return new.capitalize() if found[:1].isupper() else new

        return pattern.sub(one, text)

    return rewrite


# Dutch (Wikipedia nl's transliteration of Russian and Azerbaijani names): dzj, tsj and
# zj are English j, ch and zh (Dzjavansjir, Dzjafarovitsj), oe is u (Moesa, Joeri,
# Poetin). Its signs are the clusters; oe alone is English too (Joel, Chloe, Boeing).
_DUTCH_SIGNS = re.compile(r"dzj|tsj|zj", re.IGNORECASE)
_DUTCH = re.compile(r"dzj|tsj|zj|oe", re.IGNORECASE)
_DUTCH_MAP = {"dzj": "dzh", "tsj": "ch", "zj": "zh", "oe": "u"}

french = _rewrite(_FRENCH, _FRENCH_MAP)
german = _rewrite(_GERMAN, _GERMAN_MAP)
dutch = _rewrite(_DUTCH, _DUTCH_MAP)


def reading_of(text: str) -> str:
    """``text`` in the reading its letters give away (French, German or Dutch), else as
    it is."""
    if _FRENCH_SIGNS.search(text):
        return french(text)
    if _GERMAN_SIGNS.search(text):
        return german(text)
    if _DUTCH_SIGNS.search(text):
        return dutch(text)
    return text


def readings(text: str) -> list[str]:
    """The French, German and Dutch readings of ``text`` where they change it, in that
    order, and a Georgian name without its nominative ending."""
    found = [french(text), german(text), dutch(text), georgian_stem(text)]
    return [r for r in dict.fromkeys(found) if r != text]


# Georgian writes a foreign name ending in a consonant with the nominative -ი: ბარნაული
# is Barnaul, ტომსკი Tomsk, ერევანი Yerevan (the person keys drop it too: parts.py).
_GEORGIAN_NOMINATIVE = re.compile(r"(?<=[\u10d0-\u10ff]{3})ი\b")


def georgian_stem(text: str) -> str:
    """``text`` with the nominative -ი of each Georgian word of four letters or more
    dropped: a reading to try after the name as written (თბილისი is Tbilisi)."""
    return _GEORGIAN_NOMINATIVE.sub("", text)


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# What Arabic script cannot tell apart, folded: p is b, v is f, k is g (Arabic has no p,
# v or g: Persian پ is written ب, v و or ف, گ ك or ق, as in بازركان, Bazargan; a key's
# g is also q and gh); vowels are mostly unwritten.
_ABJAD = str.maketrans(
    {"p": "b", "v": "f", "k": "g", "a": None, "e": None, "i": None, "o": None, "u": None}
)
# A final h after a vowel is the silent ه of Persian names (Faezeh, فائزه).
_SILENT_H = re.compile(r"(?<=[aeiou])h$")
_REPEATED = re.compile(r"(.)\1+")
_VOWEL_V = re.compile(r"(?<=[^aeiou])v(?=[^aeiou]|$)")


def script_of(name: str) -> str:
    """The script of the first letter of ``name`` (LATIN, CYRILLIC, ARMENIAN...), "" if
    it has none."""
    letter = next((c for c in name if c.isalpha()), "")
    return unicodedata.name(letter, " ").split(" ", 1)[0] if letter else ""


def unaccented(name: str) -> str:
    """``name`` case-folded, without diacritics, in its own script."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def arabic_script(text: str) -> bool:
    return bool(_ARABIC_LETTER.search(text))


def abjad_skeleton(key: str, arabic: bool = False, loose: bool = False) -> str:
    """A name key as Arabic script would keep it: consonants only, p as b, v as f, no
    article, words sorted (فلاديمير بوتين and Vladimir Putin: "btn fldmr"). The key of
    a name written in Arabic script (``arabic``) has و as v: between consonants it is
    the vowel u, dropped too. ``loose`` drops every v and w, on either side: Persian و
    is v or u, and a transliteration may read it as either (پیشه‌وری, Pishevari)."""
    words = [w for w in key.split() if w not in ("al", "el")]
    if loose:
        words = [w.replace("v", "").replace("w", "") for w in words]
    elif arabic:
        words = [_VOWEL_V.sub("", w) for w in words]
    if not arabic:
        words = [_SILENT_H.sub("", w) for w in words]
    skeletons = (_REPEATED.sub(r"\1", w.replace("y", "").translate(_ABJAD)) for w in words)
    return " ".join(sorted(filter(None, skeletons)))
