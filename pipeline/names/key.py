"""``name_key``: one key for every spelling of a name, in any script."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.names.fold import fold_word
from pipeline.names.translit import to_latin

# Words are split on anything that is not a letter, a mark or an apostrophe, so
# "Nagorno-Karabakh", "Nagorno -Karabakh" and "Nagorno Karabakh" are one key.
# Marks inside a word: Latin combining accents, Arabic vowel signs and shadda (محمّد),
# and the zero-width non-joiner of Persian words (خامنه‌ای). An apostrophe may be the
# left quote Uzbek Latin is often typed with for its ʻ (Qo‘qon, Farg‘ona) and ayn
# is written with (Mo‘tamed).
_WORDS = re.compile(
    r"[^\W\d_](?:[^\W\d_]|['’‘ʼʹ`](?=[^\W\d_])|[\u0300-\u036f\u064b-\u065f\u0670\u200c])*"
)
# A possessive 's ends a word with one of these and an s (checked without a regex:
# word_spans runs for every word of every text); a left quote too, typed for one
# (Mr. Trump‘s speech).
_APOSTROPHES = frozenset("'’‘ʼ")
_VOWELS = re.compile(r"[aeiou]")
# All-capital words this short are acronyms (AZAL, EEU, CSTO): their letters are the key.
MAX_ACRONYM = 5


# Elided articles and prepositions that open a sentence (French, Italian, Catalan).
_CAPITALISED_ELISIONS = frozenset({"L", "D", "Dell", "Nell", "All", "Dall", "Sull", "Qu"})
# An initial glued to the word after it (A.Yaskin, V.Putin): two words, as "A. Yaskin".
_GLUED_INITIAL = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_]{2})")
# A single letter hyphenated to a word (E-Sail, Т-Плюс): one word, as "Esail" is written.
_HYPHENED_LETTER = re.compile(r"(?<![^\W\d_])([^\W\d_])-(?=[^\W\d_]{2})")


def spaced(text: str) -> str:
    """``text`` with initials glued to a name set apart (A.Yaskin -> A. Yaskin) and a
    letter hyphenated to a word joined to it (E-Sail -> ESail), so each spelling is
    split into the same words."""
    return _HYPHENED_LETTER.sub(r"\1", _GLUED_INITIAL.sub(r"\1. ", text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``; a possessive 's is not part of the word,
    nor an elided article or preposition before a name (French l'Ukraine, d'Israël,
    Italian dell'Artico: the word is Ukraine, Israël, Artico)."""
    spans = []
    for match in _WORDS.finditer(text):
        start, end = match.span()
        if end - start > 2 and text[end - 1] == "s" and text[end - 2] in _APOSTROPHES:
            end -= 2
        spans.append((start, end))
    if any(mark in text for mark in _APOSTROPHES):
        _drop_elisions(text, spans)
    return spans


def _capital_after_apostrophe(text: str) -> list[int]:
    """Where an apostrophe stands between a letter and a capital (str.find: fast)."""
    found = []
    for mark in _APOSTROPHES:
        at = text.find(mark, 1)
        while 0 < at < len(text) - 1:
            if text[at + 1].isupper() and text[at - 1].isalpha():
                found.append(at)
            at = text.find(mark, at + 1)
    return found


def _drop_elisions(text: str, spans: list[tuple[int, int]]) -> None:
    """Start each word written with an elided article before a name at the name: after
    one to four lower-case letters and an apostrophe, at an upper-case letter; at the
    start of a sentence, after the French and Italian articles (L'Europe, Nell'Artico).
    A pass over the apostrophes only: word_spans runs for every word of every text."""
    starts: list[int] = []
    for at in _capital_after_apostrophe(text):
        starts = starts or [start for start, _ in spans]
        index = bisect.bisect_right(starts, at) - 1
        if index < 0:
            continue
        start, end = spans[index]
        if not (start < at < end - 1 and at - start <= 4):
            continue
        before = text[start:at]
        if before.islower() or before.capitalize() in _CAPITALISED_ELISIONS:
            spans[index] = (at + 1, end)


def words(text: str) -> list[str]:
    """The words of ``text`` as written (letters, marks, inner apostrophes; no possessive)."""
    return [text[start:end] for start, end in word_spans(text)]


def is_acronym(word: str) -> bool:
    return 1 < len(word) <= MAX_ACRONYM and word.isupper()


def acronym_alone(name: str) -> bool:
    """A name that is one acronym and nothing else (VTB, МТС), spaces around it aside."""
    name = name.strip()
    return name.isalpha() and is_acronym(name)


# Sized for a long run's memory, not only speed: full, 50,000 entries hold ~10 MiB
# (200,000 held ~40 MiB); the words of names repeat, so the hit rate stays high.
@lru_cache(maxsize=50_000)
def word_key(word: str) -> str:
    """The key of one word as written in any script (cached: names repeat)."""
    if is_acronym(word):
        letters = "".join(c for c in word.lower() if c.isalpha())
        if len(letters) <= 2 or letters.isascii():
            # A short acronym is its letters in its own script: Russian ЕС (EU) is not
            # English YES, nor ES.
            return letters
        # A longer one is its letters transliterated one by one (ВТБ is VTB, ФСБ FSB,
        # ТАСС TASS), or a name written in capitals (ХАМАС, Hamas) when that makes more
        # letters than an acronym has.
        latin = "".join(to_latin(c).upper() for c in word)
        return word_key(latin) if latin.isascii() else letters
    latin = to_latin(word)
    return "".join(fold_word(part) for part in words(latin))


def name_key(text: str) -> str:
    """Script-aware, romanisation-folded key of a name; words joined by one space.

    >>> name_key("Екатеринбург") == name_key("Ekaterinburg") == name_key("Yekaterinburg")
    True
    >>> name_key("Heydar Aliyev") == name_key("Ilham Aliyev")
    False
    """
    return " ".join(filter(None, (word_key(word) for word in words(text))))


def skeleton(key: str) -> str:
    """The consonants of a key: what survives a machine translator's vowel errors."""
    return _VOWELS.sub("", key)
