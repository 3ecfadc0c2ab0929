"""The frequent words the span rules (``plausible.py``) look up, shipped as a small
package file instead of read from wordfreq at run time: wordfreq keeps a whole
language's frequency table in memory once asked (about 35 MiB each, 115 MiB for
Russian), and the rules ask about nine languages, which took the entity stage's
resident memory up by 400 MiB.

``data/frequent_words.json.gz`` holds, for each language an NER model runs on, its
words at least ``FREQUENT_ZIPF`` frequent, and the English words that are ordinary
words rather than names (``english_only``). ``python -m pipeline.entities.wordlists``
writes it again from the installed wordfreq (tests check it matches).
"""

from __future__ import annotations

import gzip
import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

DATA_FILE = "frequent_words.json.gz"
# The languages NER models run on (config.DEFAULT_NER_MODELS).
LANGUAGES = ("en", "ru")
# A one-word span at least this frequent in its language is a word (Giraffe, Думаю).
FREQUENT_ZIPF = 3.0
# An English word, not a name: frequent in English (Zipf) and this much rarer in the
# third most frequent of these languages; first names and surnames are common in all
# of them (John, Lisa, Lopez), ordinary words only in English (Heart, Fire, Empire).
ENGLISH_WORD_ZIPF = 3.0
ENGLISH_WORD_MARGIN = 0.9
OTHER_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt", "pl", "sv")


@dataclass(frozen=True)
class WordLists:
    frequent: dict[str, frozenset[str]]
    english_only: frozenset[str]


def build() -> dict[str, object]:
    """The lists, from the installed wordfreq (loads ten languages' tables: build time only)."""
    from importlib.metadata import version

    from wordfreq import iter_wordlist, zipf_frequency

    frequent: dict[str, list[str]] = {}
    for language in LANGUAGES:
        words = []
        for word in iter_wordlist(language):
            if zipf_frequency(word, language) < FREQUENT_ZIPF:
                break
            words.append(word)
        frequent[language] = sorted(words)
    english_only = []
    for word in frequent["en"]:
        english = zipf_frequency(word, "en")
        others = sorted(zipf_frequency(word, language) for language in OTHER_LANGUAGES)
        if english >= ENGLISH_WORD_ZIPF and english - others[-3] >= ENGLISH_WORD_MARGIN:
            english_only.append(word)
    return {"wordfreq": version("wordfreq"), "frequent": frequent, "english_only": english_only}


@cache
def load() -> WordLists:
    packed = resources.files("pipeline.entities").joinpath("data", DATA_FILE).read_bytes()
    data = json.loads(gzip.decompress(packed))
    return WordLists(
        {language: frozenset(words) for language, words in data["frequent"].items()},
        frozenset(data["english_only"]),
    )


def main() -> None:
    path = Path(__file__).parent / "data" / DATA_FILE
    text = json.dumps(build(), ensure_ascii=False, separators=(",", ":"))
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    sys.stdout.write(f"{path}: {path.stat().st_size / 1024:.0f} KiB\n")


if __name__ == "__main__":
    main()
