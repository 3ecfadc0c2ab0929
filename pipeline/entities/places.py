"""Linking against the open-data gazetteer: when a name in the text is a place, or not.

Two hundred thousand places include towns named like ordinary words (Of, Police,
Gap, Mobile), like people (Lincoln, Maria) and many places sharing one name. A name
the gazetteer knows is linked only when the evidence holds:

- it is written like a name: its first and last words capitalised, no all-capital
  word (US, AP are not the villages Us and Ap);
- it stands alone: a capitalised word right before or after it makes it part of a
  longer name (George Washington, Reading Festival; a name behind a lower-case
  prefix too, Xhosa boMzantsi Afrika), unless that word only opens the sentence (In,
  The);
- a territory's name may have lower-case words after its first where a locale of the
  document's language writes it so (Asie centrale, Amérique latine);
- a name in Han, kana or hangul is no country or subdivision through its key: its
  romanisation meets other places' spellings (卡塔里 is keyed like Katali, one of
  Qatar's); ``cjk.py`` finds them as CLDR writes them;
- a one-word name that is also a frequent word of some language (``Gazetteer.common``)
  and not the name of a big city (``FAMOUS_PRIOR``, whose frequency is its own) is a
  place only mid-sentence, for a place of at least ``STANDALONE_PRIOR`` (about 100,000
  people), whose country the document names;
- a city after "the" is a word in another name ("the Golestan wars");
- a one-word name the document also writes inside a longer name (Jamie Raskin) is
  that name cut short, unless the place is famous;
- a small place needs its country named and to be written like a place ("in
  Clanton", "Didcot, Oxfordshire"); so does a one-word name that is not the place's
  own name as written (Hamas, a Lithuanian form of Hamm; Gueta, Quetta only once
  folded), unless the city is among the biggest;
- same-name places are told apart by that country (and by size); when two stay
  within ``MIN_MARGIN`` of each other, the stage abstains rather than guess; when the
  document names the country of another place of that name and not the biggest's, it
  abstains too; when it names neither (Surrey: England's county or British Columbia's
  city), or the place has a same-name rival of its own country and another kind (New
  York, the city and the state), the link is made by size with ``UNDECIDED_SCORE``
  and its ``why`` says so.

The document's countries come from what is already linked unambiguously (the starter
KB's entities, countries the gazetteer finds). When it names none, the one country
where places of each of its ambiguous names lie ranks them as a named one would (La
Rioja beside Madrid is Spain's, not Argentina's city), but takes no famous city's name
away (``_shared_country``). Two subdivisions or more of one country, spelled as the data
spells them and the only places of their names a reader could mean, name that country
(Extremadura and Aragón, Spain: ``_subdivisions_country``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.entities.compiled import Gazetteer
from pipeline.names import name_key
from pipeline.names.fold import fold_letters

MAX_PLACE_WORDS = 4
# Shorter keys are letters and syllables (I, C, The -> "te"), not names, in too many places.
MIN_KEY_CHARS = 4
STANDALONE_PRIOR = 0.716  # population_prior(100_000) is 0.717
FAMOUS_PRIOR = 0.77  # about 440,000 people: Munich, Vilnius; not Nice, Reading or Mobile
BIG_CITY_PRIOR = 0.85  # about 4 million: an exonym of one word stands alone (Londres)
COUNTRY_BONUS = 0.15
MIN_MARGIN = 0.1
# The score of a link to one of several same-name places that the document's context
# does not decide (Surrey on a page that names no country: British Columbia's city by
# size, not England's county by evidence): linked by size, but said to be a guess.
UNDECIDED_SCORE = 0.5
# Ambiguous names of one document whose places share a country (``_shared_country``).
MIN_SHARED_NAMES = 2
MIN_SUBDIVISIONS = 2
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“”«»()\[\]|•–—]")
_ELIDED = re.compile(r"^ ?[dD]['’]$")  # Val d'Isère: a name's word, d' and the place
_NAME_GAP = re.compile(r"^[ \t]?$|^-$")  # what may stand between two words of one name
_ELIDED_GAP = re.compile(r"^ [^\W\d_]{1,4}['’]$")  # de l'Est: after a particle
# Lower-case particles inside place names: Rostov-on-Don, Frankfurt am Main, Rio de Janeiro.
# Words after which a name is a place (English, German, French, Spanish, Italian, Russian).
_LOCATIVES = frozenset(
    {"in", "near", "at", "from", "outside", "around", "into", "bei", "nach", "aus", "à", "près",
     "cerca", "в", "во", "под", "из", "около", "возле"}
)  # fmt: skip
# Articles (and German's article contractions) of languages whose cities take none:
# not Portuguese (o Porto, no Rio), nor French au/du (au Caire, du Havre).
_ARTICLES = {
    "en": frozenset({"the"}),
    "de": frozenset({"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen",
                     "einer", "eines", "zum", "zur", "vom", "beim", "im"}),
    "fr": frozenset({"le", "la", "les", "un", "une"}),
    "es": frozenset({"el", "la", "los", "las", "un", "una"}),
    "it": frozenset({"il", "lo", "la", "gli", "le", "un", "uno", "una"}),
    "nl": frozenset({"de", "het", "een"}),
}  # fmt: skip
# Lower-case words after a name that say a division is meant, not its city.
_DIVISION_WORDS = {"en": frozenset({"state", "province"})}
_PARTICLES = frozenset(
    {"on", "am", "an", "de", "del", "do", "da", "di", "la", "le", "na", "upon", "im", "sur"}
)


# Scripts whose letters are syllables or morphemes: Han, kana, hangul.
_SYLLABIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


class TokenLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def key(self) -> str: ...
    @property
    def capitalised(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a key may refer to: curated ids read their fields from the starter KB."""

    entity_id: str
    name: str
    country: str
    prior: float
    kind: str = "city"
    index: int = -1  # in the gazetteer
    # What the open data says the place is (a curated entity's kind is "curated"):
    # city, country or subdivision.
    base: str = "city"

    @property
    def territory(self) -> bool:
        """A country or a subdivision (whose names the data gives per language)."""
        return self.base != "city"


@dataclass(frozen=True, slots=True)
class PlaceLink:
    first: int
    last: int
    key: str
    chosen: Candidate
    score: float
    why: str


def sentence_initial(text: str, tokens: Sequence[TokenLike], index: int) -> bool:
    if index == 0:
        return True
    return bool(_SENTENCE_BREAK.search(text[tokens[index - 1].end : tokens[index].start]))


def _joined(text: str, a: TokenLike, b: TokenLike) -> bool:
    """Two words of one name: a space or a hyphen apart, or a particle and an elided
    article (Europe de l'Est; not Cina nell'Artico)."""
    gap = text[a.end : b.start]
    if _NAME_GAP.match(gap):
        return True
    return a.text.lower() in _PARTICLES and bool(_ELIDED_GAP.match(gap))


def _acronym(token: TokenLike) -> bool:
    return len(token.text) == 1 or token.text.isupper()


def _written_like_a_name(window: Sequence[TokenLike]) -> bool:
    if not (window[0].capitalised and window[-1].capitalised):
        return False
    if any(_acronym(t) for t in window):
        return False
    return all(t.capitalised or t.text.lower() in _PARTICLES for t in window)


def _stands_alone(
    text: str, tokens: Sequence[TokenLike], first: int, last: int, gazetteer: Gazetteer
) -> bool:
    if first > 0:
        before = tokens[first - 1]
        if _capitalised(before) and _joined(text, before, tokens[first]):
            opener = sentence_initial(text, tokens, first - 1) and gazetteer.is_common(before.key)
            if not opener:
                return False
    if last < len(tokens):
        after = tokens[last]
        if _capitalised(after) and _joined(text, tokens[last - 1], after):
            return False
    return True


def _capitalised(token: TokenLike) -> bool:
    """Capitalised, or a name behind a prefix written in lower case (Xhosa boMzantsi,
    Zulu eThekwini, kwaZulu: a class or locative prefix before the name's capital)."""
    if token.capitalised:
        return True
    word = token.text
    return len(word) > 3 and any(c.isupper() for c in word[1:4]) and word[0].islower()


def _ordinary(
    key: str, place: Candidate, gazetteer: Gazetteer, surface: str, language: str | None
) -> bool:
    """A one-word name that is also a frequent word, unless it is the own name of a
    place famous enough for the frequency to be its own (Paris and Munich are frequent
    because they are cities; "Te", a Chinese city's old romanisation, is not), or a
    country's name in the document's language (Italia in Italian, Brasil in Portuguese:
    frequent because they are the country)."""
    if " " in key or not gazetteer.is_common(key):
        return False
    if place.territory and gazetteer.named_in(place.index, surface, language):
        return False
    return place.prior < FAMOUS_PRIOR or key != name_key(place.name)


def _foreign_word(
    key: str, place: Candidate, gazetteer: Gazetteer, surface: str, language: str | None
) -> bool:
    """A country's or subdivision's name in another language that is a frequent word of
    the document's (Island, Iceland in German, in English; Pollen, Polen once folded, in
    German): not that place in this document. Outside English, a spelling the data gives
    as the place's name in another language stands (Palestina, which CLDR's Spanish
    calls Territorios Palestinos): English capitalises ordinary words in titles (Island,
    Chili, Norfolk), other languages seldom do."""
    if not (
        place.territory
        and " " not in key
        and gazetteer.is_common(key, language)
        and key != name_key(place.name)
    ):
        return False
    if gazetteer.named_in(place.index, surface, language):
        return False
    named_elsewhere = bool(gazetteer.spelled_as(place.index, surface))
    return language in (None, "en") or not named_elsewhere


def _surface(text: str, tokens: Sequence[TokenLike], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last - 1].end]


def find_places(
    text: str,
    tokens: Sequence[TokenLike],
    taken: Sequence[tuple[int, int]],
    gazetteer: Gazetteer,
    candidates: Callable[[int], Candidate],
    countries: set[str],
    language: str | None = None,
) -> list[PlaceLink]:
    """Gazetteer places among the tokens, each with its evidence; ``taken`` are the
    token ranges the KB's own names hold, which a place may only hold whole and exceed.

    ``candidates(index)`` gives a gazetteer entry as a Candidate; ``countries`` are
    the country codes the document already supports (updated with what is found);
    ``language`` is the document's (ISO 639-1), when known."""
    held = {index: (start, end) for start, end in taken for index in range(start, end)}
    # Places that hold a KB name and more (Nord America, Moscow Oblast) first: windows
    # around each KB name only, so that the cost follows the KB's mentions.
    spans: list[tuple[int, int, str, list[Candidate]]] = []
    outside: set[int] = set()  # tokens those places hold
    last_token = len(tokens) - 1
    for start, end in dict.fromkeys(taken):
        # Most KB names stand between ordinary words: nothing to extend.
        if not (
            (start > 0 and tokens[start - 1].capitalised)
            or (end <= last_token and tokens[end].capitalised)
            or (start > 0 and tokens[start - 1].text in _PARTICLES)
            or (end <= last_token and tokens[end].text in _PARTICLES)
            or (end <= last_token and language and tokens[end].key in gazetteer.inner_words)
        ):
            continue
        found = _around(text, tokens, start, end, held, gazetteer, candidates, language)
        if found and not outside.intersection(range(found[0], found[1])):
            spans.append(found)
            outside.update(range(found[0], found[1]))
    blocked = outside.union(held)
    i = 0
    while i < len(tokens):
        found = None
        if i not in blocked and tokens[i].capitalised:
            for n in range(min(MAX_PLACE_WORDS, len(tokens) - i), 0, -1):
                if n > 1 and not blocked.isdisjoint(range(i + 1, i + n)):
                    continue
                found = _window(text, tokens, i, i + n, gazetteer, candidates, language)
                if found:
                    break
        if found:
            spans.append(found)
            i = found[1]
        else:
            i += 1
    spans.sort(key=lambda span: span[0])
    for first, last, key, options in spans:  # places named outright support the rest
        ids = {c.entity_id for c in options}
        if (
            len(ids) == 1
            and options[0].country  # a region names no country
            and options[0].prior >= STANDALONE_PRIOR
            and not _ordinary(
                key, options[0], gazetteer, _surface(text, tokens, first, last), language
            )
            and not _foreign_word(
                key, options[0], gazetteer, _surface(text, tokens, first, last), language
            )
            and _stands_alone(text, tokens, first, last, gazetteer)
        ):
            countries.add(options[0].country)
    countries |= _subdivisions_country(text, tokens, spans, gazetteer, countries)
    # When the document names no country, a country its ambiguous names share counts for
    # these decisions only (the caller's ``countries`` are the ones it names). Names that
    # are frequent words do not count (German Union, Waren: American cities' names too).
    shared = ""
    if not countries:
        shared = _shared_country(
            [
                options
                for first, last, key, options in spans
                if len({c.entity_id for c in options}) > 1
                and not _ordinary(
                    key,
                    max(options, key=lambda o: o.prior),
                    gazetteer,
                    _surface(text, tokens, first, last),
                    language,
                )
            ]
        )
    supporting = countries | {shared} if shared else countries
    links = []
    parts = name_parts(text, tokens, gazetteer)
    for first, last, key, options in spans:
        link = _decide(
            text,
            tokens,
            first,
            last,
            key,
            options,
            gazetteer,
            supporting,
            parts,
            language,
            shared,
        )
        if link is not None:
            links.append(link)
    return links


def _subdivisions_country(
    text: str,
    tokens: Sequence[TokenLike],
    spans: Sequence[tuple[int, int, str, list[Candidate]]],
    gazetteer: Gazetteer,
    countries: set[str],
) -> set[str]:
    """The countries of which the document names ``MIN_SUBDIVISIONS`` subdivisions or
    more, each spelled as the data spells it, standing alone, and the only place of its
    name a reader could mean (``_rival``): Extremadura, Aragón (beside a village of
    Georgia) and Cataluña name Spain, which a Spanish paper need not write; La Rioja
    (also Argentina's) and Northern or Western (subdivisions of many countries) name none,
    nor does a name with a place in a country the document names already (Camden, Essex
    beside the United States)."""
    found: dict[str, set[str]] = {}
    for first, last, _key, options in spans:
        regions = {o.entity_id: o for o in options if o.base == "subdivision"}
        if len(regions) != 1:
            continue
        place = next(iter(regions.values()))
        if any(
            _rival(o, place) or (o.country in countries and o.country != place.country)
            for o in options
            if o.entity_id != place.entity_id
        ):
            # La Rioja: Spain's region, or Argentina's province or city; Camden and
            # Essex in an American paper: the counties of New Jersey, not England's
            continue
        if place.country and _region_as_written(text, tokens, first, last, place, gazetteer):
            found.setdefault(place.country, set()).add(place.entity_id)
    return {country for country, ids in found.items() if len(ids) >= MIN_SUBDIVISIONS}


def _region_as_written(
    text: str,
    tokens: Sequence[TokenLike],
    first: int,
    last: int,
    place: Candidate,
    gazetteer: Gazetteer,
) -> bool:
    """A subdivision named mid-sentence as the data spells it, standing alone: a
    frequent word only as its own name (Extremadura is frequent in Spanish because it
    is the region)."""
    surface = _surface(text, tokens, first, last)
    start, end = tokens[first].start, tokens[last - 1].end
    if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
        return False  # a word of a longer name: Bouches-du-Rhône, Val-d'Isère
    if (
        first > 0
        and _capitalised(tokens[first - 1])
        and _ELIDED.match(text[tokens[first - 1].end : start])
    ):
        # Val d'Isère (a resort of Savoie), not the Isère (la région d'Île-de-France:
        # a word in lower case before d' opens no name)
        return False
    return (
        (_as_written(surface, place) or gazetteer.spelled_as(place.index, surface) is not None)
        and not sentence_initial(text, tokens, first)
        and _stands_alone(text, tokens, first, last, gazetteer)
    )


def _shared_country(names: Sequence[list[Candidate]]) -> str:
    """The one country that places of each of a document's ambiguous names (their
    places; ``MIN_SHARED_NAMES`` of them at least) lie in, counting the places that could
    stand alone (a territory, or a town of ``STANDALONE_PRIOR``): La Rioja (a city of
    Argentina, two regions of Spain) and Madrid (Spain's capital and region, Colombia's
    town) share Spain. "" if none or several."""
    common: set[str] | None = None
    count = 0
    for options in names:
        found = {
            o.country for o in options if o.country and (o.territory or o.prior >= STANDALONE_PRIOR)
        }
        if not found:
            continue
        common = found if common is None else common & found
        count += 1
    if common is None or count < MIN_SHARED_NAMES or len(common) != 1:
        return ""
    return next(iter(common))


def _window(
    text: str,
    tokens: Sequence[TokenLike],
    first: int,
    last: int,
    gazetteer: Gazetteer,
    candidates: Callable[[int], Candidate],
    language: str | None = None,
) -> tuple[int, int, str, list[Candidate]] | None:
    """The gazetteer's places named by tokens[first:last], if it is written as a name,
    or as a territory's name in ``language`` with lower-case words after its first
    (Asie centrale, Amérique latine in French)."""
    window = tokens[first:last]
    named = _written_like_a_name(window)
    if not named and (
        window[-1].key not in gazetteer.inner_words
        or not _territory_words(window, gazetteer, language)
    ):
        return None
    if not all(_joined(text, a, b) for a, b in itertools.pairwise(window)):
        return None
    key = " ".join(t.key for t in window if t.key)
    if len(key) < MIN_KEY_CHARS:
        return None
    indexes = gazetteer.lookup(key)
    if indexes and not named:
        surface = _surface(text, tokens, first, last)
        indexes = tuple(x for x in indexes if gazetteer.named_in(x, surface, language))
    return (first, last, key, [candidates(x) for x in indexes]) if indexes else None


def _territory_words(
    window: Sequence[TokenLike], gazetteer: Gazetteer, language: str | None
) -> bool:
    """A capitalised word, then the lower-case words a locale writes in territories'
    names (centrale, latine, orientale; ``_window`` checks the last before calling), the
    words between capitalised or particles."""
    return (
        language is not None
        and len(window) > 1
        and window[0].capitalised
        and not window[-1].capitalised
        and not any(_acronym(t) for t in window)
        and all(
            t.capitalised or t.text.lower() in _PARTICLES or t.key in gazetteer.inner_words
            for t in window[1:]
        )
    )


def _around(
    text: str,
    tokens: Sequence[TokenLike],
    start: int,
    end: int,
    held: dict[int, tuple[int, int]],
    gazetteer: Gazetteer,
    candidates: Callable[[int], Candidate],
    language: str | None = None,
) -> tuple[int, int, str, list[Candidate]] | None:
    """The longest place the gazetteer names in more words than the KB name at
    tokens[start:end] and holding it whole (Nord America around America)."""
    before = (
        start > 0
        and _name_word(tokens[start - 1])
        and _joined(text, tokens[start - 1], tokens[start])
    )
    after = (
        end < len(tokens)
        and (_name_word(tokens[end]) or (language and tokens[end].key in gazetteer.inner_words))
        and _joined(text, tokens[end - 1], tokens[end])
    )
    if not (before or after):
        return None  # most KB names stand between ordinary words: nothing to extend
    for size in range(MAX_PLACE_WORDS, end - start, -1):
        for first in range(max(0, end - size), min(start, len(tokens) - size) + 1):
            if _covers(first, first + size, held):
                found = _window(text, tokens, first, first + size, gazetteer, candidates, language)
                if found:
                    return found
    return None


def _name_word(token: TokenLike) -> bool:
    """A word a place's name may hold next to another: capitalised or a particle."""
    return token.capitalised or token.text.lower() in _PARTICLES


def _covers(first: int, last: int, held: dict[int, tuple[int, int]]) -> bool:
    """A window of tokens the gazetteer may read: clear of the KB's own mentions (``held``:
    token -> the range of the KB name on it), or longer than every one it touches and
    holding each whole (Nord America, not America in it)."""
    for index in range(first, last):
        span = held.get(index)
        if span is not None:
            start, end = span
            if start < first or end > last or last - first <= end - start:
                return False
    return True


def name_parts(text: str, tokens: Sequence[TokenLike], gazetteer: Gazetteer) -> set[str]:
    """Keys of words the document writes inside longer capitalised names (Jamie Raskin,
    Reading Festival): such a word alone elsewhere is that name cut short, not a town."""
    parts: set[str] = set()
    for index, (a, b) in enumerate(itertools.pairwise(tokens)):
        if not (a.capitalised and b.capitalised and _joined(text, a, b)):
            continue
        if len(a.text) < 2 or len(b.text) < 2:
            continue
        if not (sentence_initial(text, tokens, index) and gazetteer.is_common(a.key)):
            parts.add(a.key)
        parts.add(b.key)
    return parts


def _division_after(tokens: Sequence[TokenLike], last: int, language: str | None) -> bool:
    """The name is followed by a lower-case word for a country's division (New York
    state, Quebec province), which says the division is meant, not its city."""
    if last >= len(tokens):
        return False
    return tokens[last].text in _DIVISION_WORDS.get(language or "en", frozenset())


def _after_article(
    text: str, tokens: Sequence[TokenLike], first: int, language: str | None
) -> bool:
    """tokens[first] right after an article of the document's language (English's "the"
    when it is not known; any case but in English, where "The Brooklyn native" opens a
    sentence), not after a comma, where German's der, die, das are relative pronouns
    (Canalettos, die Dresden zeigten), nor across a quotation mark (der »Windy City«)."""
    if first == 0 or text[tokens[first - 1].end : tokens[first].start].strip():
        return False
    word = tokens[first - 1].text
    articles = _ARTICLES.get(language or "en", frozenset())
    if not (word in articles or (language not in (None, "en") and word.lower() in articles)):
        return False
    return first < 2 or text[tokens[first - 2].end : tokens[first - 1].start].strip() != ","


def written_in_latin(text: str) -> bool:
    """The first letter of ``text`` is Latin (up to U+024F, or Vietnamese's U+1Exx)."""
    letter = next((c for c in text if c.isalpha()), "")
    return bool(letter) and (letter <= "\u024f" or "\u1e00" <= letter <= "\u1eff")


def _as_written(surface: str, place: Candidate) -> bool:
    """The place's own name as written, up to case and diacritics: Gueta is Quetta only
    by folding (q/g, doubled letters), Monterey is not Monterrey, Hamas not Hamm."""
    return fold_letters(surface) == fold_letters(place.name)


def _locative(text: str, tokens: Sequence[TokenLike], first: int, last: int) -> bool:
    """Written where a place is written: after "in", "near", "в"..., or before ", Region"."""
    if first > 0 and tokens[first - 1].text.lower() in _LOCATIVES:
        return True
    if last < len(tokens):
        after = tokens[last]
        return text[tokens[last - 1].end : after.start].strip() == "," and after.capitalised
    return False


def _decide(
    text: str,
    tokens: Sequence[TokenLike],
    first: int,
    last: int,
    key: str,
    options: list[Candidate],
    gazetteer: Gazetteer,
    countries: set[str],
    parts: set[str],
    language: str | None = None,
    shared: str = "",
) -> PlaceLink | None:
    """The link of one span, or None. ``countries`` support places: the ones the
    document names or, when it names none, ``shared``, the one its ambiguous names share
    (``_shared_country``), which ranks places as a named one does but takes no famous
    city's name away."""
    if not _stands_alone(text, tokens, first, last, gazetteer):
        return None
    surface = _surface(text, tokens, first, last)
    if any(o.territory for o in options):
        options = _territories_read(surface, key, options, gazetteer, language)
        if not options:
            return None
    division = _division_after(tokens, last, language) and any(
        o.base == "subdivision" for o in options
    )
    if division:
        # "New York state", "Washington state": the state, not the city (nor the
        # District of Columbia, which GeoNames also calls Washington); said outright,
        # so no size is needed.
        options = [o for o in options if o.base == "subdivision"]
        if any(_as_written(surface, o) for o in options):
            options = [o for o in options if _as_written(surface, o)]
    by_id: dict[str, tuple[float, Candidate]] = {}
    for option in options:
        score = option.prior + (COUNTRY_BONUS if option.country in countries else 0.0)
        if option.entity_id not in by_id or by_id[option.entity_id][0] < score:
            by_id[option.entity_id] = (score, option)
    ranked = sorted(by_id.values(), key=lambda s: -s[0])
    best_score, best = ranked[0]
    supported = best.country in countries
    one_word = " " not in key
    if one_word and key in parts and best.prior < FAMOUS_PRIOR:
        return None
    if best.kind == "city" and _after_article(text, tokens, first, language):
        # "the Golestan wars", German "das Essen" (the food), "zum Essen": a city's name
        # takes no article, a noun or another name's first word does.
        return None
    # A subdivision of a country the document supports, as the data spells it, is that
    # subdivision (Extremadura beside Aragón, in a Spanish paper that writes no España).
    region = (
        best.base == "subdivision"
        and supported
        and not any(_rival(c, best) for _, c in ranked[1:])
        and _region_as_written(text, tokens, first, last, best, gazetteer)
    )
    opener = sentence_initial(text, tokens, first)
    if (
        _ordinary(key, best, gazetteer, surface, language)
        and (opener or best.prior < STANDALONE_PRIOR or not supported)
        and not region
    ):
        return None
    if (
        (
            best.prior < STANDALONE_PRIOR
            or (
                one_word
                and not _as_written(tokens[first].text, best)
                and best.prior < BIG_CITY_PRIOR
            )
        )
        and not ((supported and _locative(text, tokens, first, last)) or division)
        and not region
    ):
        return None
    margin = best_score - ranked[1][0] if len(ranked) > 1 else 1.0
    if margin < MIN_MARGIN:
        return None
    rivals = [c for _, c in ranked[1:] if _rival(c, best)]
    if not supported and any(
        c.country in countries and (c.country != shared or best.prior < FAMOUS_PRIOR)
        for c in rivals
    ):
        # The document names the country of another place of that name, or all its
        # ambiguous names have places there (which does not outweigh a famous city).
        return None
    said = "shared by the document's places" if best.country == shared else "named in the document"
    why = f"gazetteer key {key!r}: {best.entity_id} prior {best.prior:.2f}" + (
        f", country {best.country} {said}" if supported else ""
    )
    if len(ranked) > 1:
        why += f"; {len(ranked) - 1} other places of that name, margin {margin:.2f}"
    score = round(min(1.0, 0.5 + margin), 2)
    undecided = [c for c in rivals if not supported or c.country == best.country]
    if undecided:
        score = min(score, UNDECIDED_SCORE)
        why += (
            f"; not decided by the document's context: also {undecided[0].entity_id} "
            f"({undecided[0].kind}, {undecided[0].country or 'no country'})"
        )
    return PlaceLink(first, last, key, best, score, why)


def _territories_read(
    surface: str,
    key: str,
    options: list[Candidate],
    gazetteer: Gazetteer,
    language: str | None,
) -> list[Candidate]:
    """The places a name may be once countries, subdivisions and regions among them are
    read by how the data spells them in which language."""
    if _SYLLABIC.search(surface):
        # Han, kana and hangul are keyed by their romanisation, which many spellings of
        # other places share (卡塔里, Katari, keys as Katali, a spelling of Qatar): a
        # territory in these scripts is found as CLDR writes it (卡塔尔; ``cjk.py``).
        options = [o for o in options if not o.territory]
    if any(o.base == "country" and _as_written(surface, o) for o in options):
        # A country named as itself is that country, not a place that lists its name
        # among other spellings (GeoNames gives Taiyuan the alternate name Taiwan).
        options = [o for o in options if _as_written(surface, o)]
    if any(o.territory and gazetteer.named_in(o.index, surface, language) for o in options):
        # Named so in the document's language: Nord America is North America in Italian,
        # Northern America (UN M.49's 021) in some other locale.
        options = [
            o for o in options if not o.territory or gazetteer.named_in(o.index, surface, language)
        ]
    if any(o.territory and gazetteer.spelled_as(o.index, surface) is not None for o in options):
        # A country spelled so beats one that only folds to it: Slovensko is Slovakia in
        # Czech, not Slovenia's Kashubian name Sloweńskô.
        options = [
            o
            for o in options
            if not o.territory or gazetteer.spelled_as(o.index, surface) is not None
        ]
    if " " not in key and written_in_latin(surface):
        # A one-word name of a territory in none of the languages of
        # ``COMMON_WORD_LANGUAGES`` as written (only folded to one, or a smaller
        # language's) is not that territory in running text: German Bahren (stretchers)
        # is not Bahrain (Baluchi's Bahren), Grünland (grassland) not Greenland, a game's
        # Shipur not Cyprus (Zarma's Šiipur); Tunis is the city, not Tunisia.
        options = [
            o
            for o in options
            if not o.territory or gazetteer.spelled_as(o.index, surface) or _as_written(surface, o)
        ]
    return [o for o in options if not _foreign_word(key, o, gazetteer, surface, language)]


def _rival(other: Candidate, best: Candidate) -> bool:
    """A same-name place the reader could mean instead: a country's subdivision, or a
    big city, in another country or of another kind (the state of the city's name)."""
    substantial = other.kind in ("subdivision", "country") or other.prior >= STANDALONE_PRIOR
    different = other.country != best.country or other.kind != best.kind
    return substantial and different
