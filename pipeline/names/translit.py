"""Script-aware transliteration of any name to Latin letters.

Each run of letters of one script goes through the ICU transliterator made for
it (BGN/PCGN romanisation for Russian, Ukrainian, Kazakh, Azerbaijani Cyrillic,
Armenian and Georgian; ICU's Arabic-Latin for Persian and Arabic), because those
keep the distinctions a name needs (Ж is ``zh``, not ``z``; Щ is ``shch``, not
``s``). Whatever is left outside Latin (Greek, CJK, symbols) goes through
anyascii. The Latin letters that carry meaning in the region's orthographies
(Azerbaijani ə, Turkish ı, Czech ž ...) are kept here and mapped by ``fold``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import icu
from anyascii import anyascii

# Letters that only one Cyrillic orthography uses pick its transliterator.
_UKRAINIAN = frozenset("іїєґ")
_KAZAKH = frozenset("әғқңөұүһі")
_AZERBAIJANI_CYRILLIC = frozenset("әғҹјһөүҝ")
_KAZAKH_K = str.maketrans("қҚ", "кК")
_SCRIPT_RUNS = re.compile(
    r"(?P<cyrillic>[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]+)"
    r"|(?P<armenian>[\u0530-\u058f\ufb13-\ufb17]+)"
    r"|(?P<georgian>[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+)"
    r"|(?P<arabic>[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c]+)"
)
# Arabic vowel signs (harakat, shadda, sukun, superscript alef, Quranic marks), tatweel,
# the zero-width non-joiner; letters written in more than one way.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c]")
_ARABIC_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
# و is a consonant (v, w) at a word's start, after a long vowel's letter and before
# one, and at a word's end (خسرو, Khosrov); between consonants it is the vowel u
# (روستامیان, Rustamyan; پوتین, Putin), and او opening a word is o (اوسکانیان,
# Oskanian). ICU reads it as a consonant everywhere.
_WAW_VOWEL = re.compile(r"(?<=[^\W\d_اآو])و(?=[^\W\d_اآیيىو]|و(?=[اآیيى]))")
_ALEF_WAW = re.compile(r"(?<![^\W\d_])او(?=[^\W\d_])")
# A word's final ه after a consonant is a vowel: Persian e (کورتانیدزه, Kurtanidze;
# زاده, zade) or the ة of an Arabic feminine ending (مدينة, Madina), written ه above.
_FINAL_HE = re.compile(r"(?<=[^\W\d_اآوی])ه(?![^\W\d_])")
_ARMENIAN_AFTER_ASPIRATE = re.compile(r"’vo")
_ICU_IDS = {
    "russian": "Russian-Latin/BGN",
    "ukrainian": "Ukrainian-Latin/BGN",
    "kazakh": "Kazakh-Latin/BGN",
    "azerbaijani": "Azerbaijani-Latin/BGN",
    "armenian": "Armenian-Latin/BGN",
    "georgian": "Georgian-Latin/BGN",
    "arabic": "Arabic-Latin",
}


@cache
def _transliterator(name: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(_ICU_IDS[name])


def _cyrillic_system(run: str) -> str:
    letters = set(run.lower())
    if letters & _AZERBAIJANI_CYRILLIC - _KAZAKH or "ј" in letters:
        return "azerbaijani"
    if letters & _KAZAKH - _UKRAINIAN:
        return "kazakh"
    if letters & _UKRAINIAN:
        return "ukrainian"
    return "russian"


def _arabic(run: str) -> str:
    """An Arabic-script run in Latin letters: the vowel signs and tatweel that few
    writers use are dropped and the letters written in several ways unified (ة as ه,
    ى as ي, hamza seats as ا), so محمّد is محمد."""
    run = _ARABIC_MARKS.sub("", run).translate(_ARABIC_LETTERS)
    run = _ALEF_WAW.sub("u", _WAW_VOWEL.sub("u", run))
    run = _FINAL_HE.sub("e", run)
    # ج is always the consonant j, never the glide a German-style j after a vowel is
    # (``fold``'s step 2a: مهاجرانی, Mohajerani, is not "mhayrani"): written dj, which
    # folds to j after that step.
    return str(_transliterator("arabic").transliterate(run.replace("ج", "dj")))


def _romanise(match: re.Match[str]) -> str:
    script = match.lastgroup or ""
    run = match.group()
    if script == "cyrillic":
        system = _cyrillic_system(run)
        if system == "kazakh":  # қ is the k of Kazakh names as Russian and English write
            run = run.translate(_KAZAKH_K)  # them (Халық / Халык / Halyk), not BGN's q
        return str(_transliterator(system).transliterate(run))
    if script == "arabic":
        return _arabic(run)
    latin = str(_transliterator(script).transliterate(run))
    if script == "armenian":  # BGN writes word-initial ո as vo, and takes K’ for a word
        latin = _ARMENIAN_AFTER_ASPIRATE.sub("’o", latin)
    return latin


def _is_latin_or_common(char: str) -> bool:
    if ord(char) < 0x250:  # Basic Latin to Latin Extended-B
        return True
    if not unicodedata.category(char).startswith("L"):
        return True
    return unicodedata.name(char, "").startswith("LATIN")  # ə, ɡ and their kin


def to_latin(text: str) -> str:
    """``text`` in Latin letters; Latin letters with diacritics are left for ``fold``."""
    text = unicodedata.normalize("NFC", text)
    text = _SCRIPT_RUNS.sub(_romanise, text)
    if all(_is_latin_or_common(c) for c in text):
        return text
    return "".join(c if _is_latin_or_common(c) else anyascii(c) for c in text)
