"""Name parts across scripts and spellings, from OpenSanctions' ``rigour`` (MIT).

rigour ships, inside its compiled core, ``person_names.txt``: about 170,000 given and
family names from Wikidata, each line one name item with its spellings in many
languages and scripts (``kocharyan, kotcharian, kotscharjan, кочарян, քոչարյան,
کوچاریان, ... => Q...``). rigour's own name tagger loads all of it into an automaton
(5 s and about 440 MiB resident), too much for the entity stage; what the keys of
``parts.py`` need is far less: the spelling's ``word_key`` -> one canonical key for the
name it spells. ``NameParts`` is that table, compiled once (``entities/nameparts.py``
caches it) from the lines ``rigour_resource`` reads out of the installed package.

Items that share two keys or more are one name (Wikidata's Pavel, Pavlo and Paval); a
key spelled by several names takes the one with the most distinct keys (the broad name
"Vladimir" rather than a narrow item that lists two spellings), so the choice does not
depend on the order of the data; a name's canonical key is its most frequent key among
Latin-script spellings.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.names.key import word_key

PERSON_NAMES = "person_names.txt"
# rigour embeds its resources as zstd frames in its compiled core (rust include_bytes);
# there is no accessor for the name-part lines, so the frames are read where they are.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_MAX_RESOURCE_BYTES = 64 * 2**20
_HEAD_BYTES = 4096  # what tells one frame from the others
_LINE = re.compile(r"^(?P<forms>.+?) => (?P<id>[A-Z]+\d*)$")
# Spellings in scripts ``to_latin`` renders faithfully (the gazetteer keeps the same);
# CJK or Devanagari spellings would reach the table only through anyascii's guesses.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_KEPT_SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN", "GEORGIAN", "ARABIC")
# Two name items sharing this many keys are one name (see ``compile_name_parts``).
SHARED_KEYS = 2
MAX_NAME_ITEMS = 64
MIN_KEY_CHARS = 2
# A key becomes its name's canonical key only if the two are this similar (rapidfuzz's
# ratio, 0-100): Ihar / Igor (50), Volha / Olga; chains of Wikidata items that share
# spellings also join names that are not one (Vartanov / Novikas, Meru / Marov).
MIN_SIMILARITY = 50


class LexiconError(Exception):
    """rigour's name-part data cannot be found or read in the installed package."""


@dataclass(frozen=True, slots=True)
class NameParts:
    """Word key of a spelling of a name part -> the canonical key of that name."""

    canonical: dict[str, str]
    names: frozenset[str] = frozenset()  # the canonical keys themselves
    # Canonical key -> the word keys of its spellings, derived from ``canonical`` when
    # first asked for (``load_spellings``).
    _spellings: dict[str, tuple[str, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.canonical)

    def get(self, key: str) -> str:
        """The canonical key of ``key``, or ``key`` itself when no name item has it."""
        return self.canonical.get(key, key)

    def knows(self, key: str) -> bool:
        """True when ``key`` spells a name part of the data."""
        return key in self.canonical or key in self.names

    def spellings(self, canonical: str) -> tuple[str, ...]:
        """The word keys the data spells the name ``canonical`` with (sorted)."""
        return self.load_spellings().get(canonical, ())

    def load_spellings(self) -> dict[str, tuple[str, ...]]:
        """Every name's spellings (about 4 MiB for rigour's table), built once: the entity
        stage does so when it is built with NER on, so that no article waits for them."""
        if self._spellings is None:
            found: dict[str, list[str]] = {}
            for key, canonical in self.canonical.items():
                found.setdefault(canonical, []).append(key)
            built = {name: tuple(sorted(keys)) for name, keys in found.items()}
            object.__setattr__(self, "_spellings", built)  # frozen: derived state only
        assert self._spellings is not None
        return self._spellings


def rigour_core_path() -> Path:
    spec = importlib.util.find_spec("rigour._core")
    if spec is None or spec.origin is None:
        raise LexiconError("rigour is not installed: pip install rigour")
    return Path(spec.origin)


def rigour_resource(core: bytes, looks_right: str = " => Q", resource: str = PERSON_NAMES) -> str:
    """The text of the zstd frame in rigour's compiled core whose first 4 KiB contain
    ``looks_right`` (the name-part lines by default; ``'"org_domains"'`` finds the
    organisation symbols' spellings); ``resource`` names it in the error."""
    import zstandard

    # Each frame's first 4 KiB are read to tell it; only the one that is right is read
    # whole (the name-part lines are 10 MB decompressed), and the core is not copied.
    view = memoryview(core)
    start = core.find(_ZSTD_MAGIC)
    while start >= 0:
        try:
            source = view[start : start + _MAX_RESOURCE_BYTES]
            with zstandard.ZstdDecompressor().stream_reader(source) as reader:
                head = _read_up_to(reader, _HEAD_BYTES)
            if looks_right in head.decode("utf-8", "replace"):
                whole: bytes = zstandard.ZstdDecompressor().decompressobj().decompress(source)
                return whole.decode("utf-8")
        except zstandard.ZstdError:
            pass
        start = core.find(_ZSTD_MAGIC, start + 1)
    raise LexiconError(f"no {resource} among the data frames of rigour's core")


def _read_up_to(reader: Any, size: int) -> bytes:
    """Up to ``size`` bytes from a stream reader, fewer only at its end."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = reader.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def name_items(text: str) -> Iterable[tuple[str, list[str]]]:
    """(item id, spellings) of each line ``forms => id`` of ``person_names.txt``."""
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            forms = [f.strip() for f in match.group("forms").split(",")]
            yield match.group("id"), [f for f in forms if f]


def _kept(spelling: str) -> bool:
    letters = [c for c in spelling if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(_KEPT_SCRIPTS) for c in letters)


def _latin(spelling: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in spelling if c.isalpha())


def compile_name_parts(items: Iterable[tuple[str, list[str]]]) -> NameParts:
    """The table of ``NameParts`` from rigour's name items (one-word spellings only).

    Wikidata often has several items for one name (Pavel, Pavlo and Paval; a given name
    and the family name spelled alike): items that share at least ``SHARED_KEYS`` keys
    are one name. Keys of Arabic-script spellings do not count: without their vowels
    they are shared by different names (عمر is Omar or Amr; mr). The rare chains that
    would grow past ``MAX_NAME_ITEMS`` items (short syllables of Chinese names shared
    by hundreds) are left item by item."""
    keys_of: list[Counter[str]] = []
    latin_of: list[Counter[str]] = []
    vowelled_of: list[set[str]] = []
    for _item, spellings in items:
        keys: Counter[str] = Counter()
        latin: Counter[str] = Counter()
        abjad: set[str] = set()
        for spelling in spellings:
            if " " in spelling or not _kept(spelling):
                continue
            key = word_key(spelling)
            if len(key) >= MIN_KEY_CHARS:  # not an initial
                keys[key] += 1
                latin[key] += _latin(spelling)
                if _ARABIC.search(spelling):
                    abjad.add(key)
        if len(keys) >= 2:  # one key: nothing to join
            keys_of.append(keys)
            latin_of.append(latin)
            vowelled_of.append({k for k in keys if k not in abjad})
    units = _names(vowelled_of)
    unit_keys: list[set[str]] = [set().union(*(keys_of[i] for i in m)) for m in units]
    units_of: dict[str, list[int]] = defaultdict(list)
    for unit, spelled in enumerate(unit_keys):
        for key in spelled:
            units_of[key].append(unit)
    canonical_of = []
    for members in units:  # the most written Latin key of the name's broadest item
        index = max(members, key=lambda i: (len(keys_of[i]), -i))
        counts, latin = keys_of[index], latin_of[index]
        canonical_of.append(max(counts, key=lambda k: (latin[k], counts[k], -len(k), k)))
    table: dict[str, str] = {}
    for key, found in units_of.items():
        broadest = max(found, key=lambda u: (len(unit_keys[u]), -u))
        canonical = canonical_of[broadest]
        if canonical != key and fuzz.ratio(key, canonical) >= MIN_SIMILARITY:
            table[key] = canonical
    return NameParts(table, frozenset(canonical_of))


def _names(keys_of: list[set[str]]) -> list[list[int]]:
    """Items grouped into names: connected by sharing ``SHARED_KEYS`` keys, in groups of
    at most ``MAX_NAME_ITEMS`` (else each item of the group is a name of its own)."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_of):
        for key in keys:
            holders[key].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for found in holders.values():
        if len(found) <= MAX_NAME_ITEMS:
            shared.update(itertools.combinations(found, 2))
    parent = list(range(len(keys_of)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for (a, b), count in shared.items():
        if count >= SHARED_KEYS:
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(keys_of)):
        groups[root(index)].append(index)
    units: list[list[int]] = []
    for members in groups.values():
        if len(members) <= MAX_NAME_ITEMS:
            units.append(members)
        else:
            units.extend([m] for m in members)
    return units
