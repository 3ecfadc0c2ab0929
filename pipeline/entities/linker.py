"""Linking: find the knowledge base's entities in a text, and say why.

The steps, in order, each filling what the previous left:

1. exact: every word gets its ``name_key``; an Aho-Corasick automaton over the KB's
   alias keys finds the longest alias at each place (one pass over the text, however
   large the KB);
2. fuzzy: runs of capitalised words nothing matched are compared with the KB's
   alias keys of the same length (rapidfuzz), on the key and on its consonant
   skeleton, so machine-translation errors (Grozen, Actao, Ambrair) still link;
3. disambiguation: a key shared by several entities (Georgia, Armavir) goes to the
   one whose context names and country the rest of the article supports;
4. coreference: a bare surname after a linked person ("Aliyev" after "Ilham
   Aliyev") is that person.

With a compiled open-data gazetteer (``compiled.py``), places the starter KB lacks are
looked up after step 1, under the rules of ``places.py``; the fuzzy step then never
takes a frequent word of any language for a name.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import ahocorasick
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from pipeline.entities.cjk import find_cjk_names, has_cjk
from pipeline.entities.compiled import KINDS, Gazetteer
from pipeline.entities.gazetteer import population_of, population_prior
from pipeline.entities.kb import KbEntity, KnowledgeBase
from pipeline.entities.places import (
    FAMOUS_PRIOR,
    STANDALONE_PRIOR,
    Candidate,
    PlaceLink,
    find_places,
    sentence_initial,
    written_in_latin,
)
from pipeline.entities.standalone import (
    ABJAD_SCORE,
    AbjadIndex,
    Designators,
    TownAbjadIndex,
    arabic_script_word,
    city_of_region,
)
from pipeline.names import is_acronym, name_key, skeleton, word_key, word_spans
from pipeline.names.key import acronym_alone
from pipeline.names.lexicon import NameParts
from pipeline.names.readings import (
    arabic_script,
    georgian_stem,
    reading_of,
    readings,
    script_of,
    unaccented,
)
from schemas import EntityType

# Fuzzy matching compares keys at least this long: below it, everything is near everything.
MIN_FUZZY_CHARS = 5
MAX_NGRAM = 4
# Weights of the disambiguation score: the prior, context names present, same-country entities.
CONTEXT_WEIGHT = 0.3
COUNTRY_WEIGHT = 0.15
# The score of a standalone name that is the surname of exactly one KB person.
SURNAME_SCORE = 0.85
# A place in the one territory whose language a script writes (CLDR's likely subtags:
# Armenian letters, Armenia; Georgian, Georgia), for a name typed in that script.
SCRIPT_TERRITORY_BONUS = 0.1
# Unicode's names of the scripts CLDR codes so (ISO 15924) that may name one territory
# (Greek and Hebrew name several: Cyprus, minority languages); others name none.
_SCRIPT_CODES = {"ARMENIAN": "Armn", "GEORGIAN": "Geor"}


@lru_cache(maxsize=8)
def script_territory(script: str) -> str:
    """The one territory of the languages CLDR writes in ``script`` by default (babel's
    likely subtags: ARMENIAN -> AM, GEORGIAN -> GE), "" if several or none."""
    code = _SCRIPT_CODES.get(script)
    if code is None:
        return ""
    from babel.core import get_global

    territories = {
        likely.split("_")[2]
        for language, likely in get_global("likely_subtags").items()
        if "_" not in language and likely.count("_") == 2 and likely.split("_")[1] == code
    }
    return next(iter(territories)) if len(territories) == 1 else ""


# A standalone name's gazetteer places are ranked by prior plus these (``_spelling_bonus``):
# the name is the place's own name, one of its spellings, or in a script it is written
# in. 0.2 is a factor of about 250 in population (Gazakh, 20,000 people, before Gaza,
# 400,000, whose Ghazah keys alike); the step from a spelling to an own name, 0.05, is
# a factor of 4 (Goris, Armenia, before Gori, Georgia, which some locale spells Goris;
# Lemberg stays Lviv, not Lemberg in the Palatinate with 4,000 people); a script the
# place is written in, 0.08, a factor of 9, less than a spelling (Ղափան, Kapan in
# Armenian, before Gapan in the Philippines; جت, Jatt in Israel, before Jette, which
# the data writes ژت).
OWN_NAME_BONUS = 0.2
SPELLING_BONUS = 0.15
SCRIPT_BONUS = 0.08
# A subdivision named alone counts at most as a town of about 560,000 people: famous
# cities keep their names (Gaza, Vienna, Norfolk in Virginia), towns below that yield
# to a region of the name (``Linker._alone_prior``).
MAX_SUBDIVISION_PRIOR = 0.75
# Suffixes that derive a word from a name (Russia -> Russian, Kazakh -> Kazakhstan).
_DERIVATIONS = re.compile(r"(?:n|an|ana|ian|ians|ns|i|is|ish|ese|stan|ets|ts|ka)$")
# Words at least this frequent (Zipf; "he", "the", "in") never belong to a name.
FUNCTION_WORD_ZIPF = 5.0
# Before a bare surname, only a title or a word more frequent than any first name (James
# is 5.1) leaves it the surname of the person named in full elsewhere.
COREF_FUNCTION_ZIPF = 5.6
_TITLES = frozenset(
    {"president", "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gov", "governor",
     "minister", "premier", "chancellor", "general", "gen", "king", "queen", "prince",
     "former", "secretary", "leader", "chairman", "mayor", "judge", "justice", "speaker"}
)  # fmt: skip
# Endings of words for peoples and languages (any stem): never a garbled name.
_DEMONYM = re.compile(r"(?:ian|ians|ans|ese|ish)$")
# Capitalised words at least this frequent in English (Zipf scale: 3 is once per
# million words) are ordinary words at a sentence start, not garbled names: "Rather"
# must not become Reuters. Names rarer than that (Grozen, Actao) stay candidates.
COMMON_WORD_ZIPF = 3.5


class Token(NamedTuple):  # a tuple: built for every word of every article, so built cheaply
    text: str
    start: int
    end: int
    key: str
    capitalised: bool  # an upper-case first letter, or a letter of a caseless script


@dataclass(frozen=True, slots=True)
class Mention:
    """One linked place in the text, and the evidence for it."""

    entity_id: str
    type: EntityType
    name: str
    surface: str
    start: int
    end: int
    method: str  # exact | fuzzy | coref | ner
    score: float
    why: str


# Between a town and the subdivision that holds it: a comma (Atlanta, Georgia).
_COMMA_ONLY = re.compile(r",[ \t]*")
# After a place, words that make it one of a list: "and" or "or" before another name
# (Moscow, Washington and Beijing; not Atlanta, Georgia, and studied law).
_LIST_GOES_ON = re.compile(r"\s*,?\s*(?:and|or|&)\s+(?=[^\W\d_])(?=\w*[A-Z])")


# A sea, gulf, bay or strait named after a place ("of", "de", "di"... and the place), in
# English, French, Spanish, Portuguese, Italian and German: the Gulf of Mexico, the Sea of
# Azov, mer de Chine, mar di Sardegna, canale di Sicilia, Golf von Mexiko.
_WATER_OF = re.compile(
    r"\b(?:gulf|sea|bay|bight|straits?|channel|ocean|mer|golfe|baie|détroit|mar|mare|"
    r"golfo|bahía|baía|estrecho|estreito|stretto|canale|golf|bucht|meerenge)"
    r"\s+(?:of|de|di|du|des|del|della|do|da|von)\s+(?:the\s+|la\s+|le\s+|l['’])?$",
    re.IGNORECASE,
)
MAX_WATER_PREFIX = 40  # characters before a place searched for the sea's words


def _named_after(text: str, mention: Mention) -> bool:
    """A place that names a sea, a gulf, a bay or a strait (the Gulf of Mexico, the
    Strait of Hormuz, mer de Chine méridionale): the water is meant, not the place."""
    if mention.type is not EntityType.LOCATION:
        return False
    before = text[max(0, mention.start - MAX_WATER_PREFIX) : mention.start]
    return _WATER_OF.search(before) is not None


# A place, then what holds it after a comma or in brackets (Yerevan, Armenia; Gyumri
# (Armenia)): one qualifier, no other comma or bracket.
_QUALIFIED = re.compile(
    r"^\s*(?P<place>[^,()]+?)\s*(?:,\s*(?P<comma>[^,()]+?)|\((?P<brackets>[^,()]+)\))\s*$"
)
_ARABIC = frozenset({"ARABIC"})
# The languages of the frequent-word lists (``COMMON_WORD_LANGUAGES``) written in a script.
_SCRIPT_LANGUAGES = {"CYRILLIC": ("ru", "uk", "bg")}


def tokenize(text: str) -> list[Token]:
    # The hottest loop of linking (every word of every article): no call per word but
    # the cached word_key, and the tuple built without NamedTuple's Python-level __new__.
    new, key = tuple.__new__, word_key
    tokens = []
    for start, end in word_spans(text):
        word = text[start:end]
        first = word[0]
        capitalised = first.isupper() or (first.isalpha() and not first.islower())
        tokens.append(new(Token, (word, start, end, key(word), capitalised)))
    return tokens


def _as_typed(name: str) -> str:
    """``name`` up to case, diacritics, punctuation and spacing, in its own script
    (Syunik' is Syunik; a mark such as the RLM goes too)."""
    return " ".join("".join(c if c.isalnum() else " " for c in unaccented(name)).split())


def _ngram_key(tokens: Sequence[Token]) -> str:
    return " ".join(t.key for t in tokens if t.key)


def fuzzy_score(a: str, b: str) -> float:
    """Similarity of two keys in [0, 1]: half the key, half the consonant skeleton.

    Names of several words score as their least similar word, so a shared first
    name cannot carry a different surname (Sergey Lavrentiev is not Sergey Lavrov).
    """
    words_a, words_b = a.split(), b.split()
    if len(words_a) > 1 and len(words_a) == len(words_b):
        return min(_word_score(x, y) for x, y in zip(words_a, words_b, strict=True))
    return _word_score(a, b)


def _word_score(a: str, b: str) -> float:
    skel_a, skel_b = skeleton(a), skeleton(b)
    if not skel_a or not skel_b:
        return 0.0
    return 0.5 * fuzz.ratio(a, b) / 100 + 0.5 * fuzz.ratio(skel_a, skel_b) / 100


def _derived(candidate: str, alias: str) -> bool:
    """True when ``candidate`` is a word derived from ``alias`` (Russian from Russia)."""
    if len(candidate) <= len(alias):
        return candidate != alias and alias.startswith(candidate)
    stem = alias[:-1] if alias[-1] in "aeiou" else alias
    return candidate.startswith(stem) and bool(_DERIVATIONS.search(candidate[len(stem) :]))


# Languages that write names and nothing else capitalised but these: not English (its
# headings are in title case), German and Luxembourgish (their nouns).
_CAPITALISED_NOUNS = ("en", "de", "lb")


class Linker:
    """Links texts against one KB. Build once per worker: the automaton is the costly part."""

    def __init__(
        self,
        kb: KnowledgeBase,
        fuzzy_threshold: float,
        gazetteer: Gazetteer | None = None,
        name_parts: Callable[[], NameParts] | None = None,
    ) -> None:
        """``name_parts`` loads rigour's name-part table (``entities/nameparts.py``) the
        first time a name the KB lacks is keyed: linking with the KB alone never needs it."""
        self.kb = kb
        self.fuzzy_threshold = fuzzy_threshold
        self.gazetteer = gazetteer
        self._name_parts_loader = name_parts
        self._ids_by_key: dict[str, list[str]] = defaultdict(list)
        self._acronym_keys: set[str] = set()
        spelled_keys: set[str] = set()
        self._lowercase_ok: set[str] = set()
        self._blocked: set[str] = set()
        self._surnames: dict[str, set[str]] = defaultdict(set)
        self._context: dict[str, frozenset[str]] = {}
        latin_keys: set[str] = set()  # keys of names written in Latin letters
        scripts: dict[str, set[str]] = defaultdict(set)  # key -> scripts of its names
        for entity in kb:
            self._add(entity, spelled_keys, latin_keys, scripts)
        self._scripts = {key: frozenset(found) for key, found in scripts.items()}
        # Arabic script writes no short vowels: the key of تهران is "tran", a Vietnamese
        # surname, of رویترز "ruitirz". Such a key, when no name in another script has
        # it, links only a name written in Arabic script.
        self._abjad_only = frozenset(k for k, found in self._scripts.items() if found == _ARABIC)
        self._context_keys = _ContextKeys(self._context.values())
        self._named_by: dict[str, set[str]] = defaultdict(set)
        cited = defaultdict(set)  # context key -> entities citing it
        for entity_id, keys in self._context.items():
            for key in keys:
                cited[key].add(entity_id)
        for entity in kb:
            for name in entity.names:
                self._named_by[entity.id].update(cited.get(name_key(name), ()))
        self._acronym_keys -= spelled_keys  # "Azal" as well as "AZAL": any case will do
        for key in self._blocked:  # a demonym is never a name (Georgian ისრაელი is "israeli")
            self._ids_by_key.pop(key, None)
        self._automaton = ahocorasick.Automaton()
        for key in self._ids_by_key:
            self._automaton.add_word(f" {key} ", key)
        self._automaton.make_automaton()
        # A garbled Latin name is compared with the names written in Latin: Verstappen is
        # not a garbled Վրաստան (Georgia in Armenian, keyed as Vrastan). A name in another
        # script, keyed through a lossy transliteration, with every name (Алиев, Aliyev).
        buckets: dict[tuple[int, str, bool], list[str]] = defaultdict(list)
        for key in self._ids_by_key:
            skel = skeleton(key.replace(" ", ""))
            if len(key) >= MIN_FUZZY_CHARS and skel and key not in self._acronym_keys:
                buckets[(key.count(" ") + 1, skel[0], False)].append(key)
                if key in latin_keys:
                    buckets[(key.count(" ") + 1, skel[0], True)].append(key)
        self._fuzzy_buckets = dict(buckets)

    def _add(
        self,
        entity: KbEntity,
        spelled_keys: set[str],
        latin_keys: set[str],
        scripts: dict[str, set[str]],
    ) -> None:
        for name in entity.names:
            key = name_key(name)
            if not key:
                continue
            scripts[key].add(script_of(name))
            if written_in_latin(name):
                latin_keys.add(key)
            if entity.id not in self._ids_by_key[key]:
                self._ids_by_key[key].append(entity.id)
            if all(is_acronym(w) for w in name.split()):
                self._acronym_keys.add(key)
            else:
                spelled_keys.add(key)
            if name[:1].islower():
                self._lowercase_ok.add(key)
            if entity.type is EntityType.PERSON and " " in key:
                self._surnames[key.rsplit(" ", 1)[1]].add(entity.id)
        self._blocked.update(name_key(d) for d in entity.demonyms)
        # The names that speak for the entity, not its country's ISO code: keyed, AM,
        # IN, IT, US, NO are the words am, in, it, us, no of any English or German text.
        self._context[entity.id] = frozenset(filter(None, (name_key(c) for c in entity.context)))

    @cached_property
    def name_parts(self) -> NameParts:
        """rigour's name parts for the keys of names the KB lacks (empty without a loader)."""
        return self._name_parts_loader() if self._name_parts_loader else NameParts({})

    def ids_for_key(self, key: str) -> list[str]:
        return list(self._ids_by_key.get(key, ()))

    # -- the steps ---------------------------------------------------------------------

    def link(
        self, text: str, background: Evidence | None = None, language: str | None = None
    ) -> list[Mention]:
        """Every KB mention in ``text``, in text order; ``background`` is what the rest
        of the document says (for a title or tags linked apart from their article);
        ``language`` (ISO 639-1) says whose ordinary words are not names."""
        return self.link_document(text, background, language)[0]

    def link_document(
        self, text: str, background: Evidence | None = None, language: str | None = None
    ) -> tuple[list[Mention], Evidence]:
        """``link``, and the evidence the text gives (for its title and tags)."""
        tokens = tokenize(text)
        spans = [
            s
            for s in self._exact_spans(tokens)
            if not self._word(text, tokens, s, language)
            and not self._in_longer_name(text, tokens, s, language)
        ]
        outside = background.countries if background else frozenset()
        places = self._places(text, tokens, spans, outside, language)
        # A longer place holding a KB name (Nord America holds America) is the mention.
        spans = [
            s for s in spans if not any(p.first <= s.first and s.last <= p.last for p in places)
        ]
        taken = {i for place in places for i in range(place.first, place.last)}
        keys = self._context_keys.found(tokens)
        evidence = self._evidence(keys, spans, places).plus(background)
        spans += self._fuzzy_spans(tokens, spans, taken, evidence, language, text)
        # The countries of the places the gazetteer settled count as the KB's own do
        # (Macon and Nashville for Georgia the state, Kutaisi for the country).
        settled_places = {p.chosen.entity_id: p.chosen.country for p in places}
        mentions = self._disambiguate(
            text, tokens, spans, keys, outside, [c for c in settled_places.values() if c]
        )
        mentions += [self._place_mention(text, tokens, place) for place in places]
        mentions = self._subdivisions_after_towns(text, mentions)
        mentions = [m for m in mentions if not _named_after(text, m)]
        mentions += self.coreferences(tokens, mentions, text)
        if self.gazetteer is not None and self.gazetteer.cjk and has_cjk(text):
            mentions += self._cjk_mentions(text, mentions)
        return sorted(mentions, key=lambda m: m.start), evidence

    def _subdivisions_after_towns(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A place named after a town and a comma is what holds the town, as news writes
        it (Atlanta, Georgia; Albany, New York; Spokane, Washington): where its name is
        also a subdivision of the town's country, it is that subdivision, not a country
        (Georgia), a city (New York City) or a district (Washington, D.C.) of that name.
        Not in a list of places (Moscow, Washington and Beijing; New York, Washington,
        Chicago): a place followed by "and", "or" or another place's comma is one of
        them."""
        if self.gazetteer is None:
            return mentions
        places = sorted(
            (m for m in mentions if m.type is EntityType.LOCATION), key=lambda m: m.start
        )
        if len(places) < 2:
            return mentions
        changed: dict[int, Mention] = {}
        for before, mention, after in zip(
            [None, *places[:-1]], places, [*places[1:], None], strict=True
        ):
            if before is None or not _COMMA_ONLY.fullmatch(text[before.end : mention.start]):
                continue
            if _LIST_GOES_ON.match(text, mention.end) or (
                after is not None and _COMMA_ONLY.fullmatch(text[mention.end : after.start])
            ):
                continue
            town = self._gazetteer_place(before)
            if town is None or town.base != "city":
                continue
            holding = {
                c.entity_id: c
                for i in self.gazetteer.lookup(name_key(mention.surface))
                if (c := self._candidate(i)).base == "subdivision" and c.country == town.country
            }
            named = {
                i: c
                for i, c in holding.items()
                if unaccented(c.name) == unaccented(mention.surface)
            }
            holding = named or holding  # Washington the state, not the District of Columbia
            if len(holding) != 1 or mention.entity_id in holding:
                continue
            state = next(iter(holding.values()))
            changed[mention.start] = dataclasses.replace(
                mention,
                entity_id=state.entity_id,
                name=state.name,
                method="gazetteer",
                why=f"{mention.surface!r} after the town {before.surface!r} and a comma: "
                f"the subdivision {state.entity_id} of {town.country} that holds it",
            )
        return [changed.get(m.start, m) if m.type is EntityType.LOCATION else m for m in mentions]

    def _gazetteer_place(self, mention: Mention) -> Candidate | None:
        """The gazetteer's place a mention links to (its kind and country), if any."""
        assert self.gazetteer is not None
        for i in self.gazetteer.lookup(name_key(mention.surface)):
            candidate = self._candidate(i)
            if candidate.entity_id == mention.entity_id:
                return candidate
        return None

    def _cjk_mentions(self, text: str, linked: Sequence[Mention]) -> list[Mention]:
        """Countries and regions written in Han or katakana inside a clause (``cjk.py``),
        where no other mention is."""
        assert self.gazetteer is not None
        mentions = []
        for start, end, index in find_cjk_names(text, self.gazetteer.cjk):
            if any(m.start < end and start < m.end for m in linked):
                continue
            place = self._candidate(index)
            mentions.append(
                Mention(
                    place.entity_id,
                    EntityType.LOCATION,
                    place.name,
                    text[start:end],
                    start,
                    end,
                    "gazetteer",
                    1.0,
                    f"{text[start:end]!r} is CLDR's name of {place.entity_id} as written",
                )
            )
        return mentions

    def outlet_evidence(self, outlet: str | None) -> Evidence | None:
        """The country of the outlet an article comes from, when the KB knows the outlet:
        Armavir in an Armenpress story is the Armenian one."""
        if not outlet:
            return None
        countries = {
            entity.country
            for m in self.link(outlet)
            if (entity := self.kb.entities.get(m.entity_id)) and entity.kind == "outlet"
            if entity.country
        }
        return Evidence(frozenset(countries), frozenset(), frozenset()) if countries else None

    def _evidence(
        self, keys: frozenset[str], spans: Sequence[_Span], places: Sequence[PlaceLink]
    ) -> Evidence:
        settled = {span.ids[0] for span in spans if len(span.ids) == 1}
        countries = {c for i in settled if (c := self.kb.entities[i].country)}
        countries.update(p.chosen.country for p in places if p.chosen.country)
        return Evidence(frozenset(countries), keys, frozenset(settled))

    def _supported(self, entity_id: str, evidence: Evidence, garbled: bool = False) -> bool:
        """The document speaks for this entity: its country, its context names, or an
        entity linked here that names it in its own context (Azal names Embraer). An
        agency is cited in any story ("as Armepress reported"), but a word that only
        looks like its name (``garbled``: German Reiters, Rasters, Kornformen; Reuters,
        Ukrinform) needs the rest of that evidence too."""
        entity = self.kb.entities[entity_id]
        if entity.kind == "outlet" and not garbled:
            return True
        if not entity.country and not self._context[entity_id]:
            return True  # an entity the KB does not place gives nothing to check against
        if entity.country and entity.country in evidence.countries:
            return True
        if self._context[entity_id] & evidence.keys:
            return True
        return bool(self._named_by.get(entity_id, set()) & evidence.ids)

    def _exact_spans(self, tokens: Sequence[Token]) -> list[_Span]:
        joined, starts = _joined_keys(tokens)
        found: list[tuple[int, int, str]] = []
        for end_char, key in self._automaton.iter(joined):
            first = starts[end_char - len(key) - 1]
            found.append((first, first + key.count(" ") + 1, key))
        spans: list[_Span] = []
        taken = -1
        for first, last, key in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
            if first <= taken or not self._looks_like_name(tokens[first:last], key):
                continue
            spans.append(_Span(first, last, key, self._ids_by_key[key], "exact", 1.0))
            taken = last - 1
        return spans

    def _word(self, text: str, tokens: Sequence[Token], span: _Span, language: str | None) -> bool:
        """A one-word KB name that is here a word of the document's language, by the
        frequent words of ``COMMON_WORD_LANGUAGES`` (no acronym: EU, NATO, UN are names):

        - a word frequent in that language alone, opening a sentence, but for a place's
          name: German "Mehr Informationen" is not Mehr News Agency (NATO, Reuters,
          Putin are frequent in many languages; Turkey opening a sentence is the country);
        - a Latin word, frequent in that language, that only a name in another script
          spells, whose own languages do not use it as often: German Reiter (riders) is
          keyed like Рейтер, Russian for Reuters (Kreml is also frequent as Кремль)."""
        if span.last - span.first != 1 or language is None or self.gazetteer is None:
            return False
        token = tokens[span.first]
        if token.text.isupper() or not self.gazetteer.is_common(span.key, language):
            return False
        if (
            self.gazetteer.common_only_in(span.key, (language,))
            and sentence_initial(text, tokens, span.first)
            and all(self.kb.entities[i].type is not EntityType.LOCATION for i in span.ids)
        ):
            return True
        scripts = self._scripts.get(span.key, frozenset())
        if not written_in_latin(token.text) or "LATIN" in scripts:
            return False
        own = {lang for script in scripts for lang in _SCRIPT_LANGUAGES.get(script, ())}
        return not any(self.gazetteer.is_common(span.key, lang) for lang in own)

    def _in_longer_name(
        self, text: str, tokens: Sequence[Token], span: _Span, language: str | None
    ) -> bool:
        """A one-word KB place joined by a space to a capitalised word before or after it,
        in a language that capitalises names only: a word of a longer name the KB does
        not know, a person's (David France, French) or an event's (Copa América), not the
        place. Not in English, where the NER model reads such names and headings are
        written in title case, nor in German, which capitalises its nouns (Hauptstadt
        Berlin); a frequent word opening a sentence, or of three letters or fewer, does
        not count (En Francia..., "7h07 - La Russie dit")."""
        gazetteer = self.gazetteer  # its frequent words tell "La" from "David"
        if gazetteer is None or language in (None, *_CAPITALISED_NOUNS):
            return False
        if span.last - span.first != 1:
            return False
        if any(self.kb.entities[i].type is not EntityType.LOCATION for i in span.ids):
            return False
        if span.first > 0:
            before = tokens[span.first - 1]
            if (
                _written_as_a_name(before)
                and text[before.end : tokens[span.first].start] == " "
                and not (
                    (sentence_initial(text, tokens, span.first - 1) or len(before.key) <= 3)
                    and gazetteer.is_common(before.key, language)
                )
            ):
                return True
        if span.last < len(tokens):
            after = tokens[span.last]
            gap = text[tokens[span.first].end : after.start]
            return _written_as_a_name(after) and gap == " "
        return False

    def _looks_like_name(self, tokens: Sequence[Token], key: str) -> bool:
        if key in self._abjad_only and not arabic_script(tokens[0].text):
            return False
        if key in self._acronym_keys:
            return all(t.text.isupper() for t in tokens)
        return tokens[0].capitalised or key in self._lowercase_ok

    def _places(
        self,
        text: str,
        tokens: Sequence[Token],
        exact: Sequence[_Span],
        outside: frozenset[str] = frozenset(),
        language: str | None = None,
    ) -> list[PlaceLink]:
        if self.gazetteer is None:
            return []
        taken = [(span.first, span.last) for span in exact]
        countries = {
            country
            for span in exact
            if len(span.ids) == 1 and (country := self.kb.entities[span.ids[0]].country)
        } | set(outside)
        return find_places(
            text, tokens, taken, self.gazetteer, self._candidate, countries, language
        )

    def _candidate(self, index: int) -> Candidate:
        assert self.gazetteer is not None
        curated = self.kb.entities.get(self.gazetteer.ids[index])
        if curated is not None:
            base = self.gazetteer.kind(index)
            # A curated country or region is as likely as the open data says (Europe:
            # 0.9 as a UN M.49 region, 0.6 in the starter KB, where it competes with
            # other KB names); a curated city keeps the KB's prior.
            prior = (
                curated.prior
                if base == "city"
                else max(curated.prior, self.gazetteer.priors[index])
            )
            return Candidate(
                curated.id, curated.name, curated.country or "", prior, "curated", index, base
            )
        kind = self.gazetteer.kind(index)
        return Candidate(
            self.gazetteer.ids[index],
            self.gazetteer.names[index],
            self.gazetteer.countries[index],
            self.gazetteer.priors[index],
            kind,
            index,
            kind,
        )

    def _place_mention(self, text: str, tokens: Sequence[Token], place: PlaceLink) -> Mention:
        start, end = tokens[place.first].start, tokens[place.last - 1].end
        return Mention(
            entity_id=place.chosen.entity_id,
            type=EntityType.LOCATION,
            name=place.chosen.name,
            surface=text[start:end],
            start=start,
            end=end,
            method="gazetteer",
            score=place.score,
            why=place.why,
        )

    def _common(self, token: Token, language: str | None = None) -> bool:
        """An ordinary word: in English, or (with the gazetteer's lists) in the document's
        language, or in any language when that is unknown. A Slovene word in an English
        story (Grozen) is a garbled name, in a Slovene one it is a word."""
        if common_word(token.text):
            return True
        return self.gazetteer is not None and self.gazetteer.is_common(token.key, language)

    def _fuzzy_spans(
        self,
        tokens: Sequence[Token],
        exact: Sequence[_Span],
        taken: set[int] | None = None,
        evidence: Evidence | None = None,
        language: str | None = None,
        text: str = "",
    ) -> list[_Span]:
        """Fuzzy matches of capitalised runs nothing else took. With ``evidence``, only to
        entities the document speaks for: a garbled name is recognised in its story
        (Grozen in a story about Russia), not anywhere a word looks like it; an agency
        garbled where its country is not named, only where it is cited as a source
        (``_cited``: "as Armepress reported", "ifølge Reutes")."""
        covered = {i for span in exact for i in range(span.first, span.last)} | (taken or set())
        lowercase_words = {t.key for t in tokens if not t.capitalised}
        spans: list[_Span] = []
        i = 0
        while i < len(tokens):
            best: _Span | None = None
            if i in covered or not tokens[i].text[:1].isupper():
                # Only words with a capital: in Hangul, Arabic or Georgian script, which
                # have none, every word looks like a name (``Token.capitalised``), and
                # their romanisations meet names by chance (Korean 종교, "religion",
                # came within reach of China).
                i += 1
                continue
            run = _capitalised_run(tokens, i, covered)
            for n in range(run, 0, -1):  # longer windows break the run: never candidates
                window = tokens[i : i + n]
                if all(t.key in lowercase_words or self._common(t, language) for t in window):
                    continue
                if not _alone(tokens, i, i + n, covered):
                    continue
                best = self._fuzzy_match(i, window)
                if best and n == 1 and self._a_name_of_its_own(window[0]):
                    best = None  # asked only of a match: most words meet no name
                if (
                    best
                    and evidence
                    and not any(
                        self._supported(e, evidence, garbled=not _cited(text, tokens, i, i + n))
                        for e in best.ids
                    )
                ):
                    best = None
                if best:
                    break
            if best:
                spans.append(best)
                i = best.last
            else:
                i += 1
        return spans

    def _a_name_of_its_own(self, token: Token) -> bool:
        """One word that the name data knows as a given or family name, or the gazetteer
        as a place, is that name, not a KB name garbled (Garzon, Garza and Bratton are
        surnames, Kalibo a town: not Grozny, Georgia, the United Kingdom, Caliber)."""
        if self.gazetteer is None:
            return False
        key = word_key(token.text)
        return self.name_parts.knows(key) or self.knows_place(key)

    def _fuzzy_match(self, first: int, window: Sequence[Token]) -> _Span | None:
        key = _ngram_key(window)
        compact = key.replace(" ", "")
        if len(compact) < MIN_FUZZY_CHARS or key in self._blocked:
            return None

        latin = written_in_latin(window[0].text)
        bucket = self._fuzzy_buckets.get((key.count(" ") + 1, skeleton(compact)[:1], latin))
        if not bucket:
            return None
        candidates = process.extract(key, bucket, scorer=fuzz.ratio, score_cutoff=55, limit=8)
        best_key, best_score = "", 0.0
        for alias_key, _, _ in candidates:
            if _derived(key, alias_key):
                continue
            score = fuzzy_score(key, alias_key)
            if score > best_score:
                best_key, best_score = alias_key, score
        if best_score < self.fuzzy_threshold:
            return None
        if len(window) == 1 and _DEMONYM.search(compact):
            ids = [
                i
                for i in self._ids_by_key[best_key]
                if self.kb.entities[i].type is not EntityType.LOCATION
            ]
            if not ids:
                return None  # Gazans, Assyrian, Grecian: words of a people, not garbled places
        return _Span(
            first, first + len(window), best_key, self._ids_by_key[best_key], "fuzzy", best_score
        )

    def _disambiguate(
        self,
        text: str,
        tokens: Sequence[Token],
        spans: Sequence[_Span],
        keys: frozenset[str],
        outside: frozenset[str] = frozenset(),
        places: Sequence[str] = (),
    ) -> list[Mention]:
        settled = [s.ids[0] for s in spans if len(s.ids) == 1]
        countries = [self.kb.entities[i].country for i in set(settled)] + sorted(outside)
        countries += places
        mentions = []
        for span in spans:
            surface = _surface(tokens, span.first, span.last)
            if len(span.ids) == 1:
                entity = self.kb.entities[span.ids[0]]
                why = _why(span, surface)
            else:
                entity, why = self._choose(span, keys, countries)
                why = f"{_why(span, surface)}; {why}"
            mentions.append(_mention(entity, text, tokens, span, why))
        return mentions

    def _choose(
        self, span: _Span, keys: frozenset[str], countries: Sequence[str | None]
    ) -> tuple[KbEntity, str]:
        scored = []
        for entity_id in span.ids:
            entity = self.kb.entities[entity_id]
            context = sorted(self._context[entity_id] & keys)
            same_country = sum(1 for c in countries if c and c == entity.country)
            score = (
                entity.prior + CONTEXT_WEIGHT * len(context) + COUNTRY_WEIGHT * min(same_country, 3)
            )
            scored.append((score, entity, context, same_country))
        scored.sort(key=lambda s: -s[0])
        score, entity, context, same_country = scored[0]
        others = ", ".join(f"{e.id} {s:.2f}" for s, e, _, _ in scored[1:])
        return entity, (
            f"ambiguous, chose {score:.2f} over {others} "
            f"(context {context or 'none'}, {same_country} same-country entities)"
        )

    def coreferences(
        self, tokens: Sequence[Token], mentions: Sequence[Mention], text: str = ""
    ) -> list[Mention]:
        """Bare surnames of persons already linked in the text, each to the nearest before it."""
        people = [m for m in mentions if m.type is EntityType.PERSON and m.method != "coref"]
        if not people:
            return []
        starts = [t.start for t in tokens]
        covered = {
            i
            for m in mentions
            for i in range(bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end))
        }
        found = []
        for i, token in enumerate(tokens):
            if i in covered or not token.capitalised or token.key not in self._surnames:
                continue
            opener = i > 0 and sentence_initial(text, tokens, i - 1) if text else False
            zipf = FUNCTION_WORD_ZIPF if opener else COREF_FUNCTION_ZIPF
            if not _alone(tokens, i, i + 1, covered, _TITLES, zipf):
                continue  # Hunter or James Biden is not Joe Biden: another name stands before it
            owners = self._surnames[token.key]
            before = [m for m in people if m.entity_id in owners and m.start < token.start]
            after = [m for m in people if m.entity_id in owners and m.start > token.start]
            antecedent = before[-1] if before else (after[0] if after else None)
            if antecedent is None:
                continue
            found.append(
                Mention(
                    entity_id=antecedent.entity_id,
                    type=antecedent.type,
                    name=antecedent.name,
                    surface=token.text,
                    start=token.start,
                    end=token.end,
                    method="coref",
                    score=antecedent.score,
                    why=f"surname of {antecedent.surface!r} at offset {antecedent.start}",
                )
            )
        return found

    def resolve(self, name: str, words_of: str | None = None) -> tuple[KbEntity | None, float, str]:
        """The entity a standalone name refers to (for ``names resolve``): exact, then
        fuzzy. A small place named like a frequent word of ``words_of`` (every language
        when None) is not taken for the place; ``names resolve`` says "en", as the fuzzy
        step does: a name typed alone has no language (Lachin is a Finnish word)."""
        qualified = self._qualified_place(name, words_of)
        if qualified is not None:
            return qualified, 1.0, "gazetteer, in the territory named after it"
        key, read = name_key(name), reading_of(name)
        if read != name and not self._own_name(name, key):
            # Chouchi is French: Shushi before the village of Huhi; Prague is Prague.
            found, score, how = self._resolve_exact(read, words_of)
            if found is not None:
                return found, score, f"{how}, as {read!r}"
        index = self.gazetteer.cjk.get(name.strip()) if self.gazetteer is not None else None
        if index is not None:  # 日本, ロシア: CLDR's names as written
            return self._place_entity(self._candidate(index)), 1.0, "gazetteer"
        entity = self._exact_entity(name, key)
        if entity is not None:
            return entity, 1.0, "exact"
        owners = self._surnames.get(key, set())
        if len(owners) == 1:  # a bare surname of exactly one KB person: Erdogan, Pashinian
            return self.kb.entities[next(iter(owners))], SURNAME_SCORE, "surname"
        # An acronym alone (MTS, МТС, UNO) is a place only if a KB lists it (NATO, BBC),
        # not a town GeoNames keys so (Metz, Uno).
        place = None if acronym_alone(name) else self._resolve_place(key, words_of, name)
        if place is not None:
            return place, 1.0, "gazetteer"
        for other in (*readings(name), *self._designators.strip(name)):
            # Kermanchah, Chouchi: French for Kermanshah, Shushi; Syunik Province: Syunik
            found, score, how = self._resolve_exact(other, words_of)
            if found is not None:
                return found, score, f"{how}, as {other!r}"
        if arabic_script(name) and (found_id := self._abjad_index.match(key)) is not None:
            return self.kb.entities[found_id], ABJAD_SCORE, "consonants"  # فلاديمير بوتين
        if (
            arabic_script(name)
            and self.gazetteer is not None
            and (town := self._town_abjad_index.match(key)) is not None
            and not arabic_script_word(name.strip())
        ):
            return self._place_entity(self._candidate(town)), ABJAD_SCORE, "consonants"
        tokens = [Token(name, 0, len(name), key, True)]
        # English words only: a name typed alone has no language to say otherwise, and
        # Grozen (a Slovene word) is the garbled Grozny it looks like.
        ordinary = all(common_word(word) for word in name.split())
        span = self._fuzzy_match(0, tokens) if key and not ordinary else None
        if span is None:
            return None, 0.0, "none"
        entity = max((self.kb.entities[i] for i in span.ids), key=lambda e: e.prior)
        return entity, span.score, "fuzzy"

    def _qualified_place(self, name: str, words_of: str | None) -> KbEntity | None:
        """A place written with the country or the subdivision it is in, after a comma or
        in brackets (Yerevan, Armenia; Gyumri (Armenia); Armavir, Russia; Vincennes,
        Indiana): the place of that name in that country, the biggest if the qualifier is
        a country, the only one if it is a subdivision (the gazetteer does not say which
        of a country's subdivisions holds a town)."""
        match = _QUALIFIED.match(name)
        if match is None or self.gazetteer is None:
            return None
        place, qualifier = match.group("place"), match.group("comma") or match.group("brackets")
        where, _score, _how = self.resolve(qualifier, words_of)
        if where is None or where.type is not EntityType.LOCATION or not where.country:
            return None
        kinds = self.kinds_of(where.id, qualifier)
        if not kinds & {"country", "subdivision"}:
            return None  # a city or a region says too little (Putin, Vladimir)
        alone, _score, _how = self.resolve(place, words_of)
        if (
            alone is not None
            and alone.type is EntityType.LOCATION
            and alone.country == where.country
        ):
            return alone  # the place the name alone is: Armavir, Armenia is Armavir
        inside = [
            candidate
            for i in self.gazetteer.lookup(name_key(place))
            if (candidate := self._candidate(i)).country == where.country
            and candidate.entity_id != where.id
        ]
        if not inside or ("country" not in kinds and len({c.entity_id for c in inside}) > 1):
            return None
        return self._place_entity(max(inside, key=lambda c: c.prior))

    def _arabic_only(self, key: str, found: tuple[int, ...], surface: str) -> tuple[int, ...]:
        """The places that gave ``key`` up, their Arabic-script spelling read as another
        place's name (``Gazetteer.arabic_only``): those of ``STANDALONE_PRIOR`` the data
        spells as ``surface`` when no place that kept the key is spelled so (عمان is
        Amman's, not the Isle of Man's nor Man's in Côte d'Ivoire, which key as "man"
        too; بخارى is Bukhara, not Bsharri); else those of ``FAMOUS_PRIOR`` when every
        place that kept it is under ``STANDALONE_PRIOR``: پیرس is Paris, not Pierre
        (South Dakota); بوخارا, spelled so for Bukhara and Pokhara, stays Bukhara."""
        assert self.gazetteer is not None
        priors = self.gazetteer.priors
        given_up = self.gazetteer.arabic_only.get(key, ())

        def spelled(index: int) -> bool:  # its own name or another spelling, as typed
            return self._spelling_bonus(index, surface) >= SPELLING_BONUS

        if not any(spelled(i) for i in found):
            so = tuple(i for i in given_up if priors[i] >= STANDALONE_PRIOR and spelled(i))
            if so:
                return so
        if any(priors[i] >= STANDALONE_PRIOR for i in found):
            return ()
        return tuple(i for i in given_up if priors[i] >= FAMOUS_PRIOR)

    def _own_name(self, name: str, key: str) -> bool:
        """Whether ``name`` is, as typed, the own name of a place its ``key`` finds."""
        if self.gazetteer is None:
            return False
        typed = _as_typed(name)
        return any(self._named(i, typed) for i in self.gazetteer.lookup(key))

    def _named(self, index: int, typed: str) -> bool:
        """Whether place ``index``'s own name is ``typed`` (``_as_typed``)."""
        assert self.gazetteer is not None
        return _as_typed(self.gazetteer.names[index]) == typed

    @cached_property
    def _designators(self) -> Designators:
        return Designators()

    @cached_property
    def _town_abjad_index(self) -> TownAbjadIndex:
        assert self.gazetteer is not None
        return TownAbjadIndex(self.gazetteer)

    @cached_property
    def _abjad_index(self) -> AbjadIndex:
        return AbjadIndex(self.kb)

    def _exact_entity(self, name: str, key: str) -> KbEntity | None:
        """The likeliest KB entity with a name keyed ``key``, unless only an Arabic-script
        name has the key and ``name`` is not in Arabic script."""
        ids = self._ids_by_key.get(key)
        if not ids or (key in self._abjad_only and not arabic_script(name)):
            return None
        return max((self.kb.entities[i] for i in ids), key=lambda e: e.prior)

    def _resolve_exact(self, name: str, words_of: str | None) -> tuple[KbEntity | None, float, str]:
        """A KB alias key, else a gazetteer place (``resolve`` without the fuzzy step)."""
        key = name_key(name)
        entity = self._exact_entity(name, key)
        if entity is not None:
            return entity, 1.0, "exact"
        place = self._resolve_place(key, words_of)
        return (place, 1.0, "gazetteer") if place is not None else (None, 0.0, "none")

    def _resolve_place(
        self, key: str, words_of: str | None = None, surface: str = ""
    ) -> KbEntity | None:
        """A standalone name the gazetteer knows: its likeliest place (``_spelling_bonus``:
        by size, and by how the data spells it), if that is not small and named like a
        frequent word; a region named like a city of its country is, standing alone,
        that city (Мингечевир)."""
        if self.gazetteer is None or not key:
            return None
        found = self.gazetteer.lookup(key)
        if arabic_script(surface) and (given_up := self._arabic_only(key, found, surface)):
            found = (*found, *given_up)
        options = [(self._candidate(i), i) for i in found]
        if not options:
            return None
        # Spellings only rank places that share a key: one place needs no reading of them.
        bonus = {index: 0.0 for _, index in options}
        if len(options) > 1:
            bonus = {index: self._spelling_bonus(index, surface) for _, index in options}
            if max(bonus.values()) >= SPELLING_BONUS:
                # A place spelled so outranks one that is only written in the script:
                # Відень, Вена are Vienna's, not Sweden's Widen or Russia's Venäjä.
                bonus = {i: b if b >= SPELLING_BONUS else 0.0 for i, b in bonus.items()}
        for place, index in options:
            if place.territory:
                # A region shares the spellings of its namesake towns (the data writes
                # Syunik' in Armenian for the village, not for the province): the
                # prior decides between them, as before.
                bonus[index] = max(
                    bonus[i] for other, i in options if other.country == place.country
                )
        script = script_of(surface)
        if script not in ("", "LATIN") and max(bonus.values()) >= SPELLING_BONUS:
            # A name typed in another script than Latin is a place the data spells with
            # that key in that script, not a bigger place whose spellings in other
            # scripts only fold alike: شکی is Sheki, spelled so, not Czechia, which Ewe
            # writes Shɛ́ɛ́kì.
            same = [(p, i) for p, i in options if self._spelled_in(i, script, key)]
            options = same or options
        alone = {index: self._alone_prior(place, options) for place, index in options}
        home = script_territory(script)
        if home and all(alone[i] < STANDALONE_PRIOR for p, i in options if p.country != home):
            # Armenian letters name a place of Armenia before a small Turkish town the
            # data also spells in them (Ջերմուկ: Jermuk, not Çermik, its old Armenian
            # name); not before a city (Դիլի: Dili, East Timor's capital, not a village).
            for place, index in options:
                if place.country == home:
                    bonus[index] += SCRIPT_TERRITORY_BONUS
        best, index = max(options, key=lambda option: alone[option[1]] + bonus[option[1]])
        if (
            script == "GEORGIAN"
            and (stem := georgian_stem(surface)) != surface
            and self.gazetteer.is_common(name_key(stem), words_of)
            and not self._spelled_in(index, script, key)
        ):
            # Georgian writes a foreign name with its nominative -ი (ჰამასი, Hamas): a
            # place the data does not spell so in Georgian, only keyed alike from
            # another script, is no answer when the name without the -ი is a frequent
            # word, as its spelling in other scripts is not (Хамас; the Greek village
            # Anávra, also Chamasi). ფოთი is Poti, though pot is a word: GeoNames spells
            # Poti so.
            return None
        # Not a name written with Latin letters English lacks (Şəki keys as "shaky"), if
        # they make its key: Hamás is Hamas.
        foreign = (
            words_of == "en"
            and script_of(surface) == "LATIN"
            and not surface.isascii()
            and name_key(unaccented(surface)) != key
        )
        if self.gazetteer.is_common(key, words_of) and not foreign:
            if alone[index] < STANDALONE_PRIOR:
                # A word frequent in the language it is that language's name of a
                # territory in is that territory: frequent for being famous (Texas,
                # Scotland, Alaska; a territory's flat prior is under the bar).
                named = [
                    (place, i)
                    for place, i in options
                    if place.territory
                    and words_of is not None
                    and self.gazetteer.named_in(i, surface, words_of)
                ]
                if not named:
                    return None
                best, index = max(named, key=lambda option: option[0].prior)
            elif (
                not best.territory
                and " " not in key
                and best.prior < FAMOUS_PRIOR
                and name_key(best.name) != key
            ):
                # A frequent word (one) that is only another name of a city under half
                # a million people, not its own name in any script: Hamas and ХАМАС are
                # Hamm only in Lithuanian, Taliban a Turkish town's other name, Florida
                # one of Floridablanca's; Kiev, a frequent word too, is Kyiv, and
                # Эдисон is Edison.
                return None
        if best.kind == "subdivision":
            best = self._candidate(city_of_region(self.gazetteer, index))
        return self._place_entity(best)

    def _alone_prior(self, place: Candidate, options: list[tuple[Candidate, int]]) -> float:
        """How likely a name typed alone means ``place``. A subdivision's prior is flat
        (the data gives it no population) and under any town of a thousand people, so a
        region named alone was a small town abroad of its name (Ontario in California,
        Andalusia in Alabama, Adjara a town in Benin). Against towns of other countries
        a subdivision counts as its country's average subdivision (``_subdivision_priors``);
        against a town of its own country, as before (that town is its capital or
        namesake: Zürich, Lisbon, San Salvador de Jujuy)."""
        if place.base != "subdivision" or any(
            other.country == place.country and not other.territory for other, _ in options
        ):
            return place.prior
        return max(place.prior, self._subdivision_priors.get(place.country, 0.0))

    @cached_property
    def _subdivision_priors(self) -> dict[str, float]:
        """Country code -> the prior of a town as big as its average subdivision: the
        people of its towns in the gazetteer (read back from their priors), shared by its
        subdivisions, at most ``MAX_SUBDIVISION_PRIOR`` (a famous city's name alone is
        that city: Gaza, not Mozambique's province; Vienna, not France's Vienne). Cape
        Verde's or Liechtenstein's are villages' (Porto-Novo is Benin's capital)."""
        assert self.gazetteer is not None
        people: defaultdict[str, float] = defaultdict(float)
        divisions: defaultdict[str, int] = defaultdict(int)
        city, subdivision = KINDS.index("city"), KINDS.index("subdivision")
        for kind, country, prior in zip(
            self.gazetteer.kinds, self.gazetteer.countries, self.gazetteer.priors, strict=True
        ):
            if kind == city:
                people[country] += population_of(prior)
            elif kind == subdivision:
                divisions[country] += 1
        return {
            country: min(MAX_SUBDIVISION_PRIOR, population_prior(int(people[country] / count)))
            for country, count in divisions.items()
        }

    def _spelled_in(self, index: int, script: str, key: str) -> bool:
        """True if the data spells place ``index`` with ``key`` in ``script``."""
        assert self.gazetteer is not None
        return any(
            script_of(spelling) == script and name_key(spelling) == key
            for spelling in self.gazetteer.spellings_of(index)
        )

    def _spelling_bonus(self, index: int, surface: str) -> float:
        """How much likelier place ``index`` is for a name typed as ``surface`` than its
        size says: the data spells it so (as its own name, more), or at least writes it
        in the name's script. A key is shared by spellings that only fold alike: Gazakh
        keys as Gaza's Ghazah, Sheki as Shiqi's Shekki, Kapan as Gapan's Capan, Ղափան
        (an Armenian spelling of Kapan) as Gapan; the place spelled so is meant."""
        assert self.gazetteer is not None
        written = _as_typed(surface)
        if not written:
            return 0.0
        if self._named(index, written):
            return OWN_NAME_BONUS
        spellings = self.gazetteer.spellings_of(index)
        if any(_as_typed(spelling) == written for spelling in spellings):
            return SPELLING_BONUS
        script = script_of(surface)
        if script != "LATIN" and any(script_of(spelling) == script for spelling in spellings):
            return SCRIPT_BONUS
        return 0.0

    def _place_entity(self, place: Candidate) -> KbEntity:
        """The KB's entity of a gazetteer place, or one made of its fields."""
        return self.kb.entities.get(place.entity_id) or KbEntity(
            place.entity_id,
            EntityType.LOCATION,
            place.name,
            country=place.country or None,
            prior=place.prior,
        )

    def kinds_of(self, entity_id: str, name: str) -> set[str]:
        """What the open data says ``entity_id`` is (city, country, subdivision, region)
        among the gazetteer's places named ``name``, curated or not."""
        if self.gazetteer is None:
            return set()
        return {
            candidate.base
            for i in self.gazetteer.lookup(name_key(name))
            if (candidate := self._candidate(i)).entity_id == entity_id
        }

    def knows_place(self, key: str) -> bool:
        """True when the gazetteer has a place of this key, or there is no gazetteer to ask
        (a starter-KB-only linker cannot tell)."""
        if self.gazetteer is None:
            return True
        if any(
            self.kb.entities[i].type is EntityType.LOCATION for i in self._ids_by_key.get(key, ())
        ):
            return True
        return bool(self.gazetteer.lookup(key))

    def known_types(self, key: str) -> frozenset[EntityType]:
        """The types of the KB entities (and big gazetteer places) with this name key: a
        village named like a surname does not make every bearer of it a place."""
        types = {self.kb.entities[i].type for i in self._ids_by_key.get(key, ())}
        if self.gazetteer is not None and any(
            self.gazetteer.priors[i] >= FAMOUS_PRIOR for i in self.gazetteer.lookup(key)
        ):
            types.add(EntityType.LOCATION)
        return frozenset(types)

    def is_blocked(self, key: str) -> bool:
        """Words derived from names (demonyms): never entities themselves."""
        return key in self._blocked

    def surname_owners(self, key: str) -> frozenset[str]:
        return frozenset(self._surnames.get(key, ()))


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a document says that speaks for or against an entity: the countries of what
    is linked unambiguously, the keys of its words and word runs that are some entity's
    context (``_ContextKeys``: nothing else is ever looked up), the settled ids."""

    countries: frozenset[str]
    keys: frozenset[str]
    ids: frozenset[str]

    def plus(self, other: Evidence | None) -> Evidence:
        if other is None:
            return self
        return Evidence(
            self.countries | other.countries, self.keys | other.keys, self.ids | other.ids
        )


@dataclass(frozen=True, slots=True)
class _Span:
    first: int  # token index
    last: int  # token index, exclusive
    key: str
    ids: Sequence[str]
    method: str
    score: float


# A source cited: the words before or after an agency's name, or brackets around it
# (MOSCOW (Reuters) -), in the languages of the pages judged.
_CITED_BEFORE = re.compile(
    r"(?:according to|citing|quoted by|told|ifølge|ifølje|enligt|laut|selon|según"
    r"|segundo|secondo|według|по данным|по сообщению|сообщает|сообщило|передает|передаёт)"
    r"\s+$",
    re.IGNORECASE,
)
_CITED_AFTER = re.compile(
    r"\s*(?:reported|reports|reporting|news agency|zufolge|berichtete|berichtet|meldete|meldet"
    r"|rapporterer|rapporterte|rapporterade|rapporte|a rapporté|informó|informa|informou"
    r"|riporta|podała|podaje|сообщает|сообщило|сообщил|передает|передаёт)\b",
    re.IGNORECASE,
)
_CITED_CHARS = 24


def _cited(text: str, tokens: Sequence[Token], first: int, last: int) -> bool:
    """The name at tokens ``first`` to ``last`` is cited as a source (``_CITED_BEFORE``,
    ``_CITED_AFTER``, in brackets)."""
    if not text:
        return False
    start, end = tokens[first].start, tokens[last - 1].end
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True
    return bool(
        _CITED_BEFORE.search(text, max(0, start - _CITED_CHARS), start)
        or _CITED_AFTER.match(text, end)
    )


def _joined_keys(tokens: Sequence[Token]) -> tuple[str, dict[int, int]]:
    """' k1 k2 k3 ' and, for the space before each token's key, that token's index."""
    parts = [" "]
    starts: dict[int, int] = {}
    offset = 0
    for index, token in enumerate(tokens):
        starts[offset] = index
        piece = f"{token.key or '_'} "
        parts.append(piece)
        offset += len(piece)
    return "".join(parts), starts


def _written_as_a_name(token: Token) -> bool:
    """A capital, then lower case (David, Copa): no word of a caseless script (Arabic has
    no capitals), no acronym or word in capitals."""
    return token.text[:1].isupper() and not token.text.isupper()


def _capitalised_run(tokens: Sequence[Token], first: int, covered: set[int]) -> int:
    """How many tokens from ``first`` on (up to MAX_NGRAM) are capitalised, not covered
    and adjacent: the fuzzy step's windows at ``first`` are the prefixes of that run."""
    run = 0
    for index in range(first, min(first + MAX_NGRAM, len(tokens))):
        token = tokens[index]
        if not token.capitalised or index in covered:
            break
        if run and token.start - tokens[index - 1].end > 2:
            break
        run += 1
    return run


def _alone(
    tokens: Sequence[Token],
    first: int,
    last: int,
    linked: set[int],
    titles: frozenset[str] = frozenset(),
    function_zipf: float = 0.0,
) -> bool:
    """No other capitalised word right before or after (one space apart), but for
    function words (He, The, In) and words linked already (Actao Kazakhstan): "Steve
    Carell", "Merrick Garland" are names of their own, not a garbled Kremlin or United
    States."""
    for index, gap in (
        (first - 1, tokens[first].start - tokens[first - 1].end if first > 0 else 0),
        (last, tokens[last].start - tokens[last - 1].end if last < len(tokens) else 0),
    ):
        if gap != 1 or index in linked:
            continue
        other = tokens[index]
        if not other.capitalised or other.text.lower() in titles:
            continue
        if not _function_word(other.text) or zipf_frequency(other.text, "en") < function_zipf:
            return False
    return True


@lru_cache(maxsize=2_000)
def _function_word(word: str) -> bool:
    return bool(zipf_frequency(word, "en") >= FUNCTION_WORD_ZIPF)


# wordfreq keeps its own cache of up to 100,000 lookups; this one only saves the call.
# Small on purpose: both stay in memory for the life of a `newsflow run` process.
@lru_cache(maxsize=20_000)
def common_word(word: str) -> bool:
    """True for ordinary English words (Rather, Relations, West), which are not names."""
    return bool(zipf_frequency(word, "en") >= COMMON_WORD_ZIPF)


class _ContextKeys:
    """The keys (of one to three words) that name some KB entity's context or country.

    A document's evidence is only ever intersected with an entity's context, so only
    these of its words and word runs are kept; a pair or triple is built only where
    its first word starts such a key, so the cost follows the candidates, not every
    word pair of the text."""

    def __init__(self, contexts: Iterable[frozenset[str]]) -> None:
        self.keys = frozenset(k for keys in contexts for k in keys)
        self.pairs = frozenset(k.split(" ")[0] for k in self.keys if k.count(" ") == 1)
        self.triples = frozenset(k.split(" ")[0] for k in self.keys if k.count(" ") == 2)

    def found(self, tokens: Sequence[Token]) -> frozenset[str]:
        keys, pairs, triples = self.keys, self.pairs, self.triples
        found = set()
        count = len(tokens)
        for index, token in enumerate(tokens):
            key = token.key
            if key in keys:
                found.add(key)
            if key in pairs and index + 1 < count:
                pair = f"{key} {tokens[index + 1].key}"
                if pair in keys:
                    found.add(pair)
            if key in triples and index + 2 < count:
                triple = f"{key} {tokens[index + 1].key} {tokens[index + 2].key}"
                if triple in keys:
                    found.add(triple)
        return frozenset(found)


def _surface(tokens: Sequence[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first:last]) if last - first > 1 else tokens[first].text


def _why(span: _Span, surface: str) -> str:
    if span.method == "exact":
        return f"key {span.key!r} of {surface!r} is a KB alias key"
    return f"{surface!r} is {span.score:.2f} similar to KB alias key {span.key!r}"


def _mention(
    entity: KbEntity, text: str, tokens: Sequence[Token], span: _Span, why: str
) -> Mention:
    start, end = tokens[span.first].start, tokens[span.last - 1].end
    return Mention(
        entity_id=entity.id,
        type=entity.type,
        name=entity.name,
        surface=text[start:end],
        start=start,
        end=end,
        method=span.method,
        score=span.score,
        why=why,
    )
