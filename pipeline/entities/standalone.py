"""What ``Linker.resolve`` knows of a name given alone, beyond the alias keys: the kind
of region around a region's name, a region named like its city, and the consonants an
Arabic-script name keeps of a KB entity's name."""

from __future__ import annotations

from collections import defaultdict

from pipeline.entities.compiled import Gazetteer
from pipeline.entities.gazetteer import designators
from pipeline.entities.kb import KnowledgeBase
from pipeline.entities.places import FAMOUS_PRIOR, STANDALONE_PRIOR
from pipeline.names import name_key
from pipeline.names.readings import abjad_skeleton
from schemas import EntityType

# A name in Arabic script that no alias spells is the one KB entity with its consonants
# (p as b, v as f: فلاديمير بوتين), if it has this many, with this score.
MIN_ABJAD_CHARS = 5
ABJAD_SCORE = 0.85
# A region named like a city of its country is, standing alone, that city if the city
# has at least 20,000 people (population_prior(20_000)): Мингечевир is the city of
# Mingachevir, Syunik the province, not its village.
CITY_OF_REGION_PRIOR = 0.658


class Designators:
    """The kinds of subdivision ISO 3166-2 names (pycountry), as key phrases."""

    def __init__(self) -> None:
        phrases = {tuple(name_key(kind).split()) for kind in designators()}
        self.phrases = tuple(sorted(phrases, key=len, reverse=True))

    def strip(self, name: str) -> list[str]:
        """``name`` without the kind of region it ends with, or starts with before "of"
        (Syunik Province, Nakhchivan Autonomous Republic, Province of Syunik), if any."""
        keys = name_key(name).split()
        for phrase in self.phrases:
            n = len(phrase)
            if len(keys) > n and tuple(keys[-n:]) == phrase:
                return [" ".join(keys[:-n])]
            if len(keys) > n + 1 and tuple(keys[:n]) == phrase and keys[n] == "of":
                return [" ".join(keys[n + 1 :])]
        return []


class AbjadIndex:
    """``abjad_skeleton`` of each KB name (and of the first and last word of a person's
    longer name) -> the entities with it."""

    def __init__(self, kb: KnowledgeBase) -> None:
        index: dict[str, set[str]] = defaultdict(set)
        for entity in kb:
            for name in entity.names:
                words = name_key(name).split()
                index[abjad_skeleton(" ".join(words))].add(entity.id)
                if entity.type is EntityType.PERSON and len(words) > 2:
                    index[abjad_skeleton(f"{words[0]} {words[-1]}")].add(entity.id)
        self.index = dict(index)

    def match(self, key: str) -> str | None:
        """The id of the one entity whose consonants, as Arabic script writes them, are
        those of ``key`` (the key of a name in Arabic script: the whole name, else its
        first and last word); None if none or several have them, or the name has fewer
        than ``MIN_ABJAD_CHARS``."""
        words = [w for w in key.split() if w not in ("al", "el")]
        if not words:
            return None
        for wanted in dict.fromkeys((" ".join(words), f"{words[0]} {words[-1]}")):
            skeleton = abjad_skeleton(wanted, arabic=True)
            owners = self.index.get(skeleton, set())
            if len(skeleton.replace(" ", "")) >= MIN_ABJAD_CHARS and len(owners) == 1:
                return next(iter(owners))
        return None


# A one-word name in Arabic script that no alias spells is the one gazetteer town of at
# least this prior (population_prior(5_000)) with its consonants; or, with four
# consonants or more, a city of FAMOUS_PRIOR (440,000 people) whose namesakes by
# consonants are all under STANDALONE_PRIOR (100,000): برلن is Berlin, not Barlin.
# Three are too few: حماس (Hamas, and a common Arabic word) has Homs' h, m, s.
ABJAD_TOWN_PRIOR = 0.608
MIN_FAMOUS_ABJAD_CHARS = 4
# A word this frequent (Zipf) in Arabic, Persian or Urdu is a word of the language, not
# a town's name written by its consonants: طالبان (students, the Taliban) keeps Tlalpan's
# t, l, b, n, سلطان (sultan) Sulţānah's, سلمان (Salman) Sulaymaniyah's, مرسل (sender)
# Marseille's. A town's own name that frequent is in GeoNames' aliases (تهران, برلن).
ARABIC_SCRIPT_LANGUAGES = ("ar", "fa", "ur")
ARABIC_WORD_ZIPF = 3.0


def arabic_script_word(word: str) -> bool:
    """True if ``word`` is frequent in Arabic, Persian or Urdu (wordfreq; each language's
    table is loaded on first use, about 35 MiB: only names given alone ask)."""
    from wordfreq import zipf_frequency

    return any(zipf_frequency(word, lang) >= ARABIC_WORD_ZIPF for lang in ARABIC_SCRIPT_LANGUAGES)


class TownAbjadIndex:
    """``abjad_skeleton`` of the own name of each gazetteer town of one word -> the town
    its consonants name standing alone (``ABJAD_TOWN_PRIOR``): built on first use, about
    9,000 skeletons, some 3 seconds."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        towns: dict[str, dict[int, float]] = defaultdict(dict)
        for i, name in enumerate(gazetteer.names):
            if gazetteer.kind(i) != "city":
                continue
            key = name_key(name)
            if " " in key:
                continue
            skeleton = abjad_skeleton(key)
            if len(skeleton) >= MIN_FAMOUS_ABJAD_CHARS:
                towns[skeleton][i] = gazetteer.priors[i]
        self.index: dict[str, int] = {}
        for skeleton, sizes in towns.items():
            ranked = sorted(sizes, key=sizes.__getitem__, reverse=True)
            best = ranked[0]
            if len(ranked) == 1:
                if len(skeleton) >= MIN_ABJAD_CHARS and sizes[best] >= ABJAD_TOWN_PRIOR:
                    self.index[skeleton] = best
            elif sizes[best] >= FAMOUS_PRIOR and sizes[ranked[1]] < STANDALONE_PRIOR:
                self.index[skeleton] = best

    def match(self, key: str) -> int | None:
        """The town whose name's consonants, as Arabic script writes them, are those of
        ``key`` (the key of one word in Arabic script: ونادزور, Vanadzor; برلن, Berlin).
        The caller keeps out the words of the language (``arabic_script_word``)."""
        words = [w for w in key.split() if w not in ("al", "el")]
        if len(words) != 1:
            return None
        return self.index.get(abjad_skeleton(words[0], arabic=True))


def city_of_region(gazetteer: Gazetteer, region: int) -> int:
    """The biggest city of the region's country whose own name is one of the region's
    names, if it is a town of ``CITY_OF_REGION_PRIOR`` at least, else the region (not a
    city that only lists the name among its others: Selong, on Lombok, for Bali)."""
    country = gazetteer.countries[region]
    keys = {name_key(spelling) for spelling in gazetteer.spellings_of(region)}
    cities = {
        index
        for key in keys
        for index in gazetteer.lookup(key)
        if gazetteer.kind(index) == "city"
        and gazetteer.countries[index] == country
        and gazetteer.priors[index] >= CITY_OF_REGION_PRIOR
        and name_key(gazetteer.names[index]) in keys
    }
    return max(cities, key=lambda i: gazetteer.priors[i]) if cities else region
