"""Is an NER span the name of a person, place or organisation? Rules that keep a model's
guesses right or silent (fewer right entities beat many wrong ones).

Judged on real pages (tests/quality/judged_links.py), spaCy's small English model
reads titles of works, awards, bands, laws and headline or menu text as people and
organisations, and people as organisations. Each rule below says what it drops; all
look only at the text, so they are tested on strings. The KB's own checks (a name it
knows as another type, a place no gazetteer has) are in ``unknown.py``.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from pipeline.entities.wordlists import FREQUENT_ZIPF
from pipeline.entities.wordlists import load as load_word_lists
from schemas import EntityType

# Names have no digits, handles, hashtags or URLs ("Nicolas Jarry 6-4", "@newsflow"),
# nor line breaks (a headline or list fragment: "Giving Me\n\nLibianca"), nor a
# possessive inside ("Fox News' Chad Pergram" is two names), nor dotted initialisms
# an English model takes for organisations (N.D.A).
_NOT_A_NAME = re.compile(r"[\d@#/=+\n|•()\[\]]|https?:|\w['’]s?\s|\w\.\w")
# A hashtag or a handle right before the span (#Hololens, @newsflow): a tag, not a name.
_TAG_BEFORE = frozenset("#@")
# An opening quotation mark inside a span: the model ran a name into a title after it
# (Institute for Transportation and Development Policy ‘Gold Standard).
_OPENING_QUOTE = re.compile(r"\s[‘“«„\"']")
# A line this short without a sentence's end is a headline, a caption or a menu.
HEADLINE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?:;…\"“”»)\]]\s*$")
# What opens a byline or an item of a list of people: a bullet, "By", a short label.
_LABEL = re.compile(r"^(?:[-–—•*]\s*|by\s+|[^\W\d_]+(?:\s[^\W\d_]+){0,2}:\s*)", re.IGNORECASE)
# A news agency's acronym and the dash of its dateline ("PNN – ", "AP — ").
_DATELINE = re.compile(r"[A-ZА-Я]{2,5}\s+[-–—]\s")
# Determiners no name opens with, which a model takes in at a sentence's start.
_DETERMINERS = frozenset({"each", "every", "these", "those", "another"})
# Reasons that say a name is an organisation's, wherever else the document writes it.
BEFORE_AN_OFFICER = "a company's name before its officer's title (Bobbie CEO Laura Modi)"
SHORT_FORM = "a short form in brackets after the name it shortens (DonNU)"
AFTER_A_COMPANY = "a company's or band's name after a word that says so (company Zoetis)"
ORGANISATION_READINGS = frozenset({BEFORE_AN_OFFICER, SHORT_FORM, AFTER_A_COMPANY})
# "animal health company Zoetis", "the band Jamestown Revival", "soul trio Gabriels":
# what follows is a company's or a band's name, not a person's.
_COMPANY_BEFORE = re.compile(
    r"\b(?:company|firm|startup|start-up|retailer|carmaker|band|duo|trio|quartet|label)\s+$"
)
# English says "which" of a thing or a body, "who" of a person.
_WHICH_AFTER = re.compile(r",\s+which\b")
# "the Basotho people", "the Galvan and Lopez family": a people or a family.
_GROUP_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z]\w*)?\s+(?:people|peoples|family|families|clan|tribe)\b"
)
# "USC vs. Notre Dame": a team named after a place, not the place.
_VERSUS_BEFORE = re.compile(r"\b(?:vs?\.|vs|versus)\s+$", re.IGNORECASE)
_VERSUS_AFTER = re.compile(r"\s+(?:vs?\.|vs|versus)\s", re.IGNORECASE)
# A span followed by a hyphenated lower-case word and another word is the start of a
# longer name (Annandale-on-Hudson, Tehrik-e-Taliban): not that name, and not another.
_HYPHENATED_ON = re.compile(r"-[a-zß-ÿ]+-\w")
# Words that join a name to the rest of it, so a span ending in one was cut short
# ("US Agency for [International Development]", "Ursula von der [Leyen]").
_JOINING_WORDS = frozenset({"of", "for", "and", "the", "at", "on", "in", "to"})
# A company's officers, written after its name ("Bobbie CEO Laura Modi"): titles only a
# company has (a person has a spokesman and a president, not a chief executive).
_OFFICER_AFTER = re.compile(
    r"\s+(?:CEO|chief executive|co-?founder|founder|chairman|chairwoman)\b", re.IGNORECASE
)
# A name of two capitalised words or more, then an opening bracket: what a one-word
# name in the brackets shortens (Donetsk National University (DonNU)).
_NAME_BEFORE_BRACKET = re.compile(r"[A-Z]\w*\s+[A-Z]\w*\s*\($")
# Text inside quotes of at most this many words is a title (“Frozen Empire”).
TITLE_WORDS = 8
# A longer quoted stretch is a title only if written as one (``_title_cased``).
LONG_TITLE_WORDS = 24
_SPEECH_END = re.compile(r"[.,!?;…]\s*$")
_QUOTES = {"“": "”", '"': '"', "«": "»", "„": "“"}
# Words that make a span a work, an event, an award or a law, not a name of our types.
_NOT_OUR_TYPES = {
    "en": frozenset(
        [
            "act",
            "acts",
            "award",
            "awards",
            "prize",
            "prizes",
            "festival",
            "tour",
            "cup",
            "championship",
            "championships",
            "olympics",
            "games",
            "bill",
            "law",
            "treaty",
            "accord",
            "album",
            "show",
            "series",
            "season",
            "war",
            "summit",
            "expo",
            "fair",
            "day",
            "week",
            "month",
            "trophy",
            "medal",
            "grammy",
            "grammys",
            "oscar",
            "oscars",
            "emmy",
            "emmys",
            "artist",
            "song",
            "songs",
            "film",
            "movie",
            "book",
            "novel",
            "edition",
        ]
    ),
    "ru": frozenset(
        [
            "закон",
            "закона",
            "законе",
            "премия",
            "премии",
            "фестиваль",
            "фестиваля",
            "чемпионат",
            "чемпионата",
            "кубок",
            "кубка",
            "турнир",
            "турнира",
            "олимпиада",
            "олимпиады",
            "саммит",
            "саммита",
            "война",
            "войны",
            "операция",
            "операции",
            "выставка",
            "выставки",
        ]
    ),
}
# Words that say a span names an organisation (its head or legal form).
_ORG_CUES = {
    "en": frozenset(
        [
            "inc",
            "corp",
            "corporation",
            "co",
            "company",
            "companies",
            "ltd",
            "llc",
            "plc",
            "group",
            "holdings",
            "bank",
            "university",
            "college",
            "school",
            "institute",
            "institution",
            "academy",
            "foundation",
            "fund",
            "trust",
            "association",
            "society",
            "council",
            "committee",
            "commission",
            "board",
            "authority",
            "agency",
            "bureau",
            "department",
            "ministry",
            "office",
            "service",
            "services",
            "court",
            "party",
            "union",
            "federation",
            "league",
            "club",
            "fc",
            "team",
            "church",
            "mosque",
            "hospital",
            "clinic",
            "center",
            "centre",
            "museum",
            "library",
            "organization",
            "organisation",
            "network",
            "news",
            "times",
            "post",
            "press",
            "journal",
            "herald",
            "tribune",
            "gazette",
            "telegraph",
            "guardian",
            "mail",
            "review",
            "magazine",
            "radio",
            "tv",
            "television",
            "broadcasting",
            "airlines",
            "airways",
            "motors",
            "industries",
            "systems",
            "technologies",
            "labs",
            "laboratories",
            "government",
            "parliament",
            "senate",
            "congress",
            "assembly",
            "army",
            "navy",
            "police",
            "forces",
            "guard",
            "brigade",
            "movement",
            "campaign",
            "coalition",
            "alliance",
            "watch",
            "watchdog",
            "institute",
            "capital",
            "partners",
            "ventures",
            "media",
            "studios",
            "records",
            "publishing",
        ]
    ),
    "ru": frozenset(),  # natasha's organisations are kept on their shape alone
}
# Rooms, halls and streets natasha reads as organisations ("в Андреевском зале").
_NOT_ORGANISATIONS = {"ru": frozenset(["зал", "фойе", "кабинет", "площадь", "улица", "проспект"])}
# Words of streets, parks and buildings: a place, whatever type the model says
# ("Adam Clayton Powell Boulevard", "Victoria Embankment Gardens", "Memorial Coliseum").
_SITES = {
    "en": frozenset(
        [
            "street",
            "avenue",
            "boulevard",
            "road",
            "lane",
            "square",
            "gardens",
            "garden",
            "park",
            "bridge",
            "hall",
            "palace",
            "coliseum",
            "stadium",
            "arena",
            "theatre",
            "theater",
            "cathedral",
            "building",
            "tower",
            "lodge",
            "hotel",
            "motel",
            "inn",
            "resort",
        ]
    ),
}
# Words a person's name may have in lower case (de la Cruz, van Gogh, bin Salman).
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)
ACRONYM_LETTERS = 5


def reason_to_drop(
    text: str,
    start: int,
    end: int,
    entity_type: EntityType,
    language: str,
    normal: str | None = None,
) -> str | None:
    """Why the span ``text[start:end]`` of this type is not kept, or None to keep it.
    ``normal`` is its base form (Russian names are inflected)."""
    surface = text[start:end]
    words = (normal or surface).split()
    if not words or _NOT_A_NAME.search(surface):
        return "digits, handles, line breaks or a possessive inside"
    if start > 0 and text[start - 1] in _TAG_BEFORE:
        return "a hashtag or a handle (#Hololens)"
    if _OPENING_QUOTE.search(surface):
        return "a name run into a quoted title"
    if not surface[:1].isupper():
        return "not capitalised"
    if _shouting(words, entity_type):
        return "all capitals"
    line = _line(text, start, end)
    byline = entity_type is EntityType.PERSON and _whole_line(line, surface)
    if " | " in line or (_headline(line) and not byline):
        return "in a headline, caption or menu"
    if _quoted_title(text, start, end) and not (
        entity_type is EntityType.ORGANIZATION and language != "en"
    ):
        return "a title in quotes"
    lowered = [w.lower().strip(".,") for w in words]
    if _cut_short(text, end, words, lowered):
        return "cut short: part of a longer name (US Agency for, Annandale-on-Hudson)"
    if any(w in _NOT_OUR_TYPES.get(language, ()) for w in lowered):
        return "a work, event, award or law"
    if language == "en" and lowered[0] in _DETERMINERS:
        return "a phrase that opens with a determiner (Each National Trust Easter trail)"
    # A place's base form the gazetteer decides on (Москве -> Москва, a frequent word).
    inflected_place = entity_type is EntityType.LOCATION and normal is not None
    if len(words) == 1 and not inflected_place and frequent_word(lowered[0], language):
        return "a frequent word"
    site = len(words) > 1 and lowered[-1] in _SITES.get(language, ())
    if site and entity_type is not EntityType.LOCATION:
        return "a street, park or building"
    if entity_type is EntityType.PERSON:
        if language == "en" and _OFFICER_AFTER.match(text, end):
            return BEFORE_AN_OFFICER
        if language == "en" and _COMPANY_BEFORE.search(text, max(0, start - 12), start):
            return AFTER_A_COMPANY
        if language == "en" and len(words) == 1 and _GROUP_AFTER.match(text, end):
            return "a people or a family, not a person (the Basotho people)"
        if len(words) == 1 and _short_form(text, start, end):
            return SHORT_FORM
        return _not_a_person(words, lowered, language)
    if entity_type is EntityType.ORGANIZATION:
        return _not_an_organisation(text, start, words, lowered, language)
    if _VERSUS_BEFORE.search(text, max(0, start - 10), start) or _VERSUS_AFTER.match(text, end):
        return "a team named after a place (USC vs. Notre Dame)"
    return None


def _not_a_person(words: list[str], lowered: list[str], language: str) -> str | None:
    if len(words) > 4:
        return "too long for a person's name"
    cues = _ORG_CUES.get(language, frozenset())
    if any(w in cues for w in lowered[1:]):
        return "an organisation's word in a person's name"
    if any(not w[:1].isupper() and w not in _PARTICLES for w in words):
        return "a lower-case word in a person's name"
    if language == "en" and any(english_word(w) for w in lowered):
        return "an English word in a person's name (a band, a work, a product)"
    return None


def _not_an_organisation(
    text: str, start: int, words: list[str], lowered: list[str], language: str
) -> str | None:
    if any(w in _NOT_ORGANISATIONS.get(language, ()) for w in lowered):
        return "a room, hall or street"
    if language != "en":
        return None
    if any(w in _ORG_CUES["en"] for w in lowered):
        return None
    one_word = len(lowered) == 1 and not _acronym(words[0])
    if _after_the(text, start) and not (one_word and not _compound_before(text, start)):
        # "the Lost Brothers", "the OBR", "the Softbank-backed company": a body, not a
        # person. One word that is no acronym after "the" is as often a people or a
        # thing (the Thomases, the Chozo, the Wasm, the Sultanate) as a company.
        return None
    if dateline(text, start):
        return None  # "PNN – A prominent expert said": the agency's dateline
    return "an organisation with no word or article that says so"


def dateline(text: str, start: int) -> bool:
    """The name at ``start`` opens a line as a news agency's dateline ("PNN – ")."""
    return bool(_DATELINE.match(text, start)) and (start == 0 or text[start - 1] == "\n")


def _after_the(text: str, start: int) -> bool:
    return text[max(0, start - 4) : start].lower() == "the "


def no_person(text: str, start: int, end: int, language: str) -> str | None:
    """Why an English span NER reads as a person's name is a thing, a people or a body,
    unless it is the surname of a person the text names in full (the Starmer government;
    Yeats, which...): the caller asks after coreference. None: it may be a person.

    - one word right after "the" (not opening a hyphenated compound, as in "the
      Tshisekedi-Kagame talks"): a people, a family, a thing or a place (the Chozo, the
      Basotho, the Ghan, the Copperfield location);
    - "which" after a comma: English says it of a thing or a body (Con Edison, which
      maintains...; Tor Browser, which...), "who" of a person."""
    if language != "en":
        return None
    one_word = " " not in text[start:end].strip()
    if one_word and _after_the(text, start) and not _compound_before(text, start):
        return "one word after 'the': a people, a thing or a place (the Chozo, the Ghan)"
    if _WHICH_AFTER.match(text, end):
        return "'which' follows: a thing or a body (Con Edison, which maintains...)"
    return None


def _compound_before(text: str, start: int) -> bool:
    """The word at ``start`` opens a hyphenated compound (Softbank-backed): "the" before
    it is the noun's after the compound."""
    end = start
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[end : end + 1] == "-"


def _acronym(word: str) -> bool:
    """OBR, NATO, FSF: capitals only, as organisations' short names are written."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _cut_short(text: str, end: int, words: list[str], lowered: list[str]) -> bool:
    """The span ends in a lower-case word that joins names (of, for, von, der), or a
    hyphenated lower-case word and another word follow it: NER cut a longer name."""
    last = words[-1]
    joining = last[:1].islower() and lowered[-1] in (_JOINING_WORDS | _PARTICLES)
    return (len(words) > 1 and joining) or bool(_HYPHENATED_ON.match(text, end))


def _short_form(text: str, start: int, end: int) -> bool:
    """The span alone in brackets right after a capitalised name of two words or more:
    that name's short form (The Synagogue, Church of All Nations (Scoan)), not a person;
    a person's name in brackets after one word is an actor after a part (Jamie (Margaret
    Qualley)), and is two words."""
    if text[end : end + 1] != ")":
        return False
    return bool(_NAME_BEFORE_BRACKET.search(text, max(0, start - 80), start))


def _whole_line(line: str, surface: str) -> bool:
    """The name is all its line holds but a bullet or a label: a byline or a list of
    people ("Author: Dmitry Rogdionov", "By Jane Doe", "- Alexander Averin")."""
    return _LABEL.sub("", line, count=1).strip() == surface


def _shouting(words: list[str], entity_type: EntityType) -> bool:
    """ALL-CAPS text is a menu, a label or a headline (RAYE, BREAKING NEWS), but for
    the short acronyms organisations go by (OBR, NATO, МИД)."""
    letters = [c for c in "".join(words) if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return False
    acronym = len(words) == 1 and len(letters) <= ACRONYM_LETTERS
    return not (acronym and entity_type is EntityType.ORGANIZATION)


def _line(text: str, start: int, end: int) -> str:
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first : last if last >= 0 else len(text)].strip()


def _headline(line: str) -> bool:
    return len(line.split()) <= HEADLINE_WORDS and not _SENTENCE_END.search(line)


def _quoted_title(text: str, start: int, end: int) -> bool:
    """The span is inside a short quoted stretch of its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    for opening, closing in _QUOTES.items():
        at = before.rfind(opening)
        if at < 0 or (opening == closing and before.count(opening) % 2 == 0):
            continue
        if opening != closing and closing in before[at + 1 :]:
            continue  # closed before the span: “Uncle Vanya” (Vivian Beaumont; ...)
        close = text.find(closing, end)
        newline = text.find("\n", end)
        if close < 0 or (0 <= newline < close):
            continue
        quoted = text[line_start + at + 1 : close]
        if len(quoted.split()) <= TITLE_WORDS or _title_cased(quoted):
            return True
    return False


def _title_cased(quoted: str) -> bool:
    """A longer quoted stretch that is a title: written in title case (most of its words
    of four letters or more capitalised) and ending in no punctuation of speech inside
    the quotes ("Bathymetry of the Tonga Trench and Forearc: A Map Series", a paper cited
    on a Wikipedia page), not a sentence someone said."""
    words = quoted.split()
    if len(words) > LONG_TITLE_WORDS or _SPEECH_END.search(quoted):
        return False
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    capitalised = [w for w in long_words if w[:1].isupper()]
    return len(long_words) >= 3 and len(capitalised) * 2 > len(long_words)


def event_word(word: str, language: str) -> bool:
    """A word of a work, an event, an award or a law (wars, treaty, summit), plural too."""
    words = _NOT_OUR_TYPES.get(language, frozenset())
    return word in words or (word.endswith("s") and word[:-1] in words)


def frequent_word(word: str, language: str) -> bool:
    """A frequent word of the language (wordfreq Zipf >= 3.0): not a name on its own."""
    lists = load_word_lists().frequent
    if language in lists:
        return word in lists[language]
    return bool(zipf_frequency(word, language) >= FREQUENT_ZIPF)  # no NER model runs there


def english_word(word: str) -> bool:
    """Heart, Fire, Empire: frequent in English, much rarer elsewhere (names are not)."""
    return word in load_word_lists().english_only
