"""The open-data gazetteer compiled once into a compact, versioned artifact.

Keying a million alternate names (``name_key``: ICU transliteration and folding) takes
about half a minute; loading the result takes about a second. So the places of
``gazetteer.py`` are compiled once, on first use or by ``make kb``, into
``gazetteer-<version>.pickle`` in a cache directory, next to
``gazetteer-<version>.aliases.tsv.gz`` (every alias with its entity, key and source,
for people, not for the linker). The version is a hash of the data packages'
versions, the starter KB and the code that makes keys, so a change to any of them
builds a new artifact instead of reading a stale one.

What the linker needs and nothing more is kept in memory: parallel lists of ids,
canonical names, countries, kinds and priors, and ``keys`` (alias key -> entity
indexes). A gazetteer place that is an entity of the starter KB (same country, same
name key) takes the starter KB's id, so Yekaterinburg is one entity whichever of the
two finds it, and the curated entity gains GeoNames' spellings.

``common``: the keys of the 20,000 most frequent words of each of many languages
(wordfreq), so that neither the gazetteer nor the fuzzy fallback takes an ordinary
word of any language for a name (Jahre, Versand, Поэтому).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.entities.cjk import readable_cjk
from pipeline.entities.gazetteer import (
    Place,
    cjk_territory_names,
    data_versions,
    open_data_places,
    source_languages,
)
from pipeline.entities.kb import STARTER_KB, KnowledgeBase, starter_kb
from pipeline.names import name_key, word_key, words
from pipeline.names.fold import fold_letters
from pipeline.names.readings import arabic_script
from schemas import ConfigError, EntityType

FORMAT_VERSION = 11  # raise it when what compile_places stores changes
COMMON_WORDS_PER_LANGUAGE = 20_000
# Languages whose frequent words must never be taken for names (wordfreq's lists).
COMMON_WORD_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "id", "sv", "da",
    "nb", "fi", "cs", "sk", "hu", "ro", "ca", "bg", "lt", "lv", "sl", "ms", "fil", "vi",
)  # fmt: skip
KINDS = ("city", "country", "subdivision", "curated", "region")
SPELLING_SEPARATOR = "\x1f"  # the ASCII unit separator: in no name


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The compiled places: look a key up, get entity indexes; read their fields by index."""

    version: str
    ids: list[str]
    names: list[str]
    countries: list[str]
    kinds: bytes  # index into KINDS
    priors: array[float]
    keys: dict[str, int | tuple[int, ...]]
    common: dict[str, int]  # key -> bit i set when frequent in COMMON_WORD_LANGUAGES[i]
    # A country's or subdivision's spelling (``fold_letters``: no case or diacritics) ->
    # (place index, language bits, place index, language bits...): bit i set when it is
    # the place's name in the locales of COMMON_WORD_LANGUAGES[i] (Italia: it, es, pt...;
    # Island: de, da, sv...; 0 for GeoNames' spellings, which say no language).
    spelled: dict[str, tuple[int, ...]]
    # Each place's distinct spellings, UTF-8, joined by SPELLING_SEPARATOR, one blob for
    # all (about 12 MB, no object per spelling); place i's are [offsets[i], offsets[i+1]).
    spellings: bytes
    spelling_offsets: array[int]
    # Names of countries and regions as CJK locales write them (日本, ロシア, 俄罗斯) ->
    # place index: read in the text as written (``cjk.py``), not through keys.
    cjk: dict[str, int]
    # Keys of the words (of four letters or more) after a country's or region's first
    # word where a locale names it (Asie centrale, Amérique latine, America Latina): a
    # window that writes them in lower case is read as that territory in the locale's
    # language, not as its first word.
    inner_words: frozenset[str]
    # Keys a place had only through an Arabic-script alias and gave up to places that
    # spell them in a faithful script (``keys`` lacks them there): پیرس is Paris's in
    # Urdu but reads "piris", a name of Pierre's. A name typed in Arabic script may
    # still mean such a place (``Linker._resolve_place``); running text never does.
    arabic_only: dict[str, tuple[int, ...]]

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, key: str) -> tuple[int, ...]:
        found = self.keys.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def kind(self, index: int) -> str:
        return KINDS[self.kinds[index]]

    def spellings_of(self, index: int) -> tuple[str, ...]:
        """Every distinct spelling of place ``index`` the open data gives, name first."""
        start, end = self.spelling_offsets[index], self.spelling_offsets[index + 1]
        return tuple(self.spellings[start:end].decode("utf-8").split(SPELLING_SEPARATOR))

    def spelled_as(self, index: int, surface: str) -> int | None:
        """None unless country or subdivision ``index`` is spelled ``surface`` (up to case
        and diacritics); else the bits of the languages it is the place's name in."""
        found = self.spelled.get(_folded(surface), ())
        for at in range(0, len(found), 2):
            if found[at] == index:
                return found[at + 1]
        return None

    def named_in(self, index: int, surface: str, language: str | None) -> bool:
        """True when ``surface`` is the name of country or subdivision ``index`` in
        ``language`` (so that a frequent word of it, Italia or Brasil, is not ordinary)."""
        bits = self.spelled_as(index, surface)
        return bool(bits and bits & _LANGUAGE_BITS.get(language or "", 0))

    def is_common(self, key: str, language: str | None = None) -> bool:
        """True when every word of ``key`` is a frequent word of ``language`` or, when the
        language is unknown or has no list, of any language."""
        if language in _LANGUAGE_BITS:
            bit = _LANGUAGE_BITS[language]
            return all(self.common.get(word, 0) & bit for word in key.split())
        return all(word in self.common for word in key.split())

    def common_only_in(self, key: str, languages: Iterable[str]) -> bool:
        """True when ``key`` (one word) is a frequent word of some of ``languages`` and of
        no other language of ``COMMON_WORD_LANGUAGES``."""
        bits = self.common.get(key, 0)
        return bool(bits) and not bits & ~_language_bits(languages)


def artifact_version() -> str:
    """Hash of everything the artifact is made from (see the module docstring)."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}".encode())
    for name, version in sorted(data_versions().items()):
        digest.update(f"{name} {version}\n".encode())
    for module in ("fold.py", "key.py", "translit.py"):
        digest.update(resources.files("pipeline.names").joinpath(module).read_bytes())
    digest.update(resources.files("pipeline.entities").joinpath("gazetteer.py").read_bytes())
    digest.update(resources.files("pipeline.entities").joinpath("data", STARTER_KB).read_bytes())
    return digest.hexdigest()[:16]


_LANGUAGE_BITS = {language: 1 << i for i, language in enumerate(COMMON_WORD_LANGUAGES)}
# A surface is asked about once per candidate place: fold it once.
_folded = lru_cache(maxsize=65_536)(fold_letters)
_ENGLISH = _LANGUAGE_BITS["en"]


def _language_bits(languages: Iterable[str]) -> int:
    bits = 0
    for language in languages:
        bits |= _LANGUAGE_BITS.get(language, 0)
    return bits


def common_word_keys() -> dict[str, int]:
    """Key -> languages (bits) in whose most frequent words it is."""
    from wordfreq import top_n_list

    keys: dict[str, int] = defaultdict(int)
    for language, bit in _LANGUAGE_BITS.items():
        for word in top_n_list(language, COMMON_WORDS_PER_LANGUAGE):
            keys[word_key(word)] |= bit
    keys.pop("", None)
    return dict(keys)


def _curated_targets(kb: KnowledgeBase) -> dict[tuple[str, str], list[str]]:
    """(country, name key) -> ids of the starter KB's places with that name."""
    targets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity in kb:
        if entity.type is EntityType.LOCATION:  # no country: a region (Europe, Central Asia)
            for key in dict.fromkeys(name_key(name) for name in entity.names):
                targets[(entity.country or "", key)].append(entity.id)
    return targets


def _merges(places: list[Place], kb: KnowledgeBase) -> dict[int, str]:
    """Place index -> starter KB id, for the biggest place of each curated place's name."""
    targets = _curated_targets(kb)
    best: dict[str, tuple[float, int]] = {}
    for index, place in enumerate(places):
        curated = targets.get((place.country or "", name_key(place.name)), [])
        if len(curated) == 1 and best.get(curated[0], (-1.0, 0))[0] < place.prior:
            best[curated[0]] = (place.prior, index)
    return {index: curated_id for curated_id, (_prior, index) in best.items()}


def compile_places(
    places: Iterable[Place],
    kb: KnowledgeBase,
    common: dict[str, int],
    version: str,
    cjk_names: Iterable[tuple[str, str, str]] = (),
) -> tuple[Gazetteer, list[tuple[str, str, str, str]]]:
    """The Gazetteer and its alias table (id, alias, key, source) from ``places``;
    ``cjk_names`` are (place id, name, language) written in CJK scripts."""
    listed = list(places)
    merges = _merges(listed, kb)
    blocked = {name_key(d) for entity in kb for d in entity.demonyms}
    kinds = bytearray()
    priors = array("f")
    keys: dict[str, list[int]] = defaultdict(list)
    # Places that have a key through an alias in a script it renders faithfully (not
    # Arabic's, which writes no short vowels and no p: بوخارا is Pokhara).
    faithful: dict[str, set[int]] = defaultdict(set)
    spelled_as: dict[str, dict[int, int]] = defaultdict(dict)
    aliases: list[tuple[str, str, str, str]] = []
    inner_words: set[str] = set()
    spellings = bytearray()
    offsets = array("I", [0])
    for index, place in enumerate(listed):
        kinds.append(KINDS.index(place.kind))  # a curated place's own kind (the KB says it is one)
        priors.append(place.prior)
        entity_id = merges.get(index, place.id)
        own = name_key(place.name)
        for alias, source in place.aliases:
            key = name_key(alias)
            languages = _language_bits(source_languages(source))
            english = common.get(key, 0) & _ENGLISH
            if place.kind != "city" and key != own and english and not languages:
                continue  # a country's name in a minor locale that is an English word (Pain)
            if place.kind != "city" and (folded := fold_letters(alias)):
                spelled_as[folded][index] = spelled_as[folded].get(index, 0) | languages
                if languages and place.kind in ("country", "region"):
                    inner_words.update(word_key(w) for w in words(alias)[1:] if len(w) > 3)
            if key and key not in blocked and (not keys[key] or keys[key][-1] != index):
                keys[key].append(index)
            if key and not arabic_script(alias):
                faithful[key].add(index)
            aliases.append((entity_id, alias, key, source))
        spelled = dict.fromkeys((place.name, *(alias for alias, _ in place.aliases)))
        spellings += SPELLING_SEPARATOR.join(spelled).encode("utf-8")
        offsets.append(len(spellings))
    at = {place.id: index for index, place in enumerate(listed)}
    cjk: dict[str, int] = {}
    for place_id, name, _language in cjk_names:
        if place_id in at and readable_cjk(name):
            cjk.setdefault(name, at[place_id])
    arabic_only: dict[str, tuple[int, ...]] = {}
    for key, found in keys.items():
        # An Arabic-script alias's key gives way to another place's own spelling of it:
        # Pokhara's بوخارا reads "buhara", which is Bukhara's name.
        if len(found) > 1 and faithful.get(key):
            if given_up := tuple(i for i in found if i not in faithful[key]):
                arabic_only[key] = given_up
            found[:] = [i for i in found if i in faithful[key]]
    compact: dict[str, int | tuple[int, ...]] = {
        key: found[0] if len(found) == 1 else tuple(found) for key, found in keys.items()
    }
    gazetteer = Gazetteer(
        version=version,
        ids=[merges.get(i, p.id) for i, p in enumerate(listed)],
        names=[p.name for p in listed],
        countries=[p.country or "" for p in listed],
        kinds=bytes(kinds),
        priors=priors,
        keys=compact,
        common=common,
        spelled={
            folded: tuple(n for pair in places.items() for n in pair)
            for folded, places in spelled_as.items()
        },
        spellings=bytes(spellings),
        spelling_offsets=offsets,
        inner_words=frozenset(inner_words),
        arabic_only=arabic_only,
        cjk=cjk,
    )
    return gazetteer, aliases


def artifact_path(cache_dir: str | Path, version: str) -> Path:
    return Path(cache_dir) / f"gazetteer-{version}.pickle"


def main() -> None:
    """Compile into the directory given as the first argument unless this version is
    there already (``make kb``); rigour's name-part table too (``nameparts.py``), so an
    image holds both and a worker never compiles at run time."""
    import sys
    import time

    from pipeline.entities.config import DEFAULT_KB_CACHE
    from pipeline.entities.nameparts import build_name_parts, nameparts_path

    cache_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_KB_CACHE
    for path, build in (
        (artifact_path(cache_dir, artifact_version()), build_artifact),
        (nameparts_path(cache_dir), build_name_parts),
    ):
        if path.exists():
            print(f"{path}: {path.stat().st_size / 2**20:.1f} MiB, up to date")
            continue
        started = time.perf_counter()
        path = build(cache_dir)
        size = path.stat().st_size / 2**20
        print(f"{path}: {size:.1f} MiB in {time.perf_counter() - started:.0f} s")


def build_artifact(cache_dir: str | Path, min_population: int = 500) -> Path:
    """Compile the open data into ``cache_dir`` (atomically) and return the artifact's path."""
    kb = starter_kb()
    version = artifact_version()
    gazetteer, aliases = compile_places(
        open_data_places(min_population), kb, common_word_keys(), version, cjk_territory_names()
    )
    target = artifact_path(cache_dir, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    fields = {name: getattr(gazetteer, name) for name in Gazetteer.__dataclass_fields__}
    write_atomically(target, pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))
    table = "".join("\t".join(row) + "\n" for row in aliases)
    write_atomically(target.with_suffix(".aliases.tsv.gz"), gzip.compress(table.encode("utf-8"), 6))
    return target


def write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def curated_aliases(cache_dir: str | Path, kb: KnowledgeBase) -> dict[str, list[str]]:
    """The gazetteer's spellings of the KB's own entities (Q887: Ekaterinbourg, ...),
    read from the alias table: a few thousand, few enough for inline synonyms. The
    gazetteer's other places are found by query-time expansion instead."""
    path = artifact_path(cache_dir, artifact_version())
    if not path.exists():
        load_gazetteer(cache_dir)
    table = gzip.decompress(path.with_suffix(".aliases.tsv.gz").read_bytes()).decode("utf-8")
    found: dict[str, list[str]] = defaultdict(list)
    for line in table.splitlines():
        entity_id, alias, _key, _source = line.split("\t")
        if entity_id in kb.entities:
            found[entity_id].append(alias)
    return dict(found)


@lru_cache(maxsize=1)
def cached_gazetteer(cache_dir: str) -> Gazetteer:
    """``load_gazetteer``, once per process: every stage a worker builds shares it."""
    return load_gazetteer(cache_dir)


def load_gazetteer(cache_dir: str | Path, *, build: bool = True) -> Gazetteer:
    """The compiled gazetteer of this version from ``cache_dir``, compiled first if missing."""
    path = artifact_path(cache_dir, artifact_version())
    if not path.exists():
        if not build:
            raise ConfigError(f"no compiled gazetteer at {path}: run `make kb`")
        try:
            path = build_artifact(cache_dir)
        except OSError as exc:
            raise ConfigError(f"cannot write the gazetteer to {cache_dir}: {exc}") from exc
    with open(path, "rb") as handle:
        fields = pickle.load(handle)
    if not isinstance(fields, dict) or fields.get("version") != path.stem.split("-", 1)[1]:
        raise ConfigError(f"{path} is not a compiled gazetteer of this version")
    return Gazetteer(**fields)
