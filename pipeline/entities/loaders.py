"""Loaders for public gazetteers, so ops can grow the KB beyond the starter set.

- GeoNames: ``cities500.txt`` / ``cities15000.txt`` / ``allCountries.txt`` (19 tab-
  separated columns, see https://download.geonames.org/export/dump/readme.txt) and,
  optionally, ``alternateNames.txt`` / ``alternateNamesV2.txt`` (8 or 10 columns),
  whose ``wkdt`` rows give the Wikidata QID we then use as the entity id.
- Wikidata: JSON Lines of entities in the dump's shape (``labels``, ``aliases``,
  ``claims`` P31 instance-of and P17 country), one entity per line; the dump's
  ``[``/``]`` lines and trailing commas are accepted. Labels given as plain strings
  ({"en": "Baku"}) are accepted too.

``load_any`` recognises which of these (or our own KB JSON Lines) a file is.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pipeline.entities.kb import KbEntity, entity_from_json, read_jsonl, starter_kb
from schemas import ConfigError, EntityType

GEONAMES_COLUMNS = 19
# alternateNames "languages" that are not names: links, postcodes, airport codes...
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "wkdt"})
# Wikidata P31 (instance of) values and the type they mean; anything else is skipped.
PERSON_CLASSES = frozenset({"Q5"})
LOCATION_CLASSES = frozenset(
    {
        "Q515", "Q6256", "Q3624078", "Q1549591", "Q486972", "Q5119", "Q82794", "Q35657",
        "Q10864048", "Q1637706", "Q7930989", "Q3957", "Q532", "Q15284", "Q23442", "Q8502",
        "Q4022", "Q1620908", "Q13220204", "Q7275", "Q107390", "Q15642541",
    }
)  # fmt: skip
ORGANIZATION_CLASSES = frozenset(
    {
        "Q43229", "Q4830453", "Q11032", "Q1193236", "Q1110794", "Q46970", "Q3918", "Q7278",
        "Q484652", "Q327333", "Q2659904", "Q783794", "Q891723", "Q163740", "Q1331793",
        "Q17149090", "Q192350",
    }
)  # fmt: skip


def _prior_from_population(population: int) -> float:
    """0.3 for a hamlet up to 0.9 for a city of ten million: bigger places are meant more often."""
    if population <= 0:
        return 0.3
    return round(min(0.9, 0.3 + math.log10(population) / 12), 3)


def _is_code(name: str) -> bool:
    return len(name) <= 4 and name.isupper()


def read_alternate_names(lines: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(names by geonameid, Wikidata QID by geonameid) from alternateNames(V2) rows."""
    names: dict[str, list[str]] = defaultdict(list)
    qids: dict[str, str] = {}
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < 4:
            continue
        geonameid, language, name = row[1], row[2], row[3]
        if language == "wkdt" and name.startswith("Q"):
            qids[geonameid] = name
        elif language not in _NOT_NAMES and name and not _is_code(name):
            names[geonameid].append(name)
    return names, qids


def read_geonames(
    lines: Iterable[str],
    alternate_names: dict[str, list[str]] | None = None,
    qids: dict[str, str] | None = None,
    *,
    min_population: int = 0,
) -> Iterator[KbEntity]:
    """Places of a GeoNames ``cities*.txt`` / ``allCountries.txt`` file as LOC entities."""
    alternate_names = alternate_names or {}
    qids = qids or {}
    for number, row in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if len(row) != GEONAMES_COLUMNS:
            raise ConfigError(
                f"GeoNames line {number} has {len(row)} columns, expected {GEONAMES_COLUMNS}"
            )
        geonameid, name, asciiname, alternates = row[0], row[1], row[2], row[3]
        population = int(row[14] or 0)
        if population < min_population:
            continue
        aliases = [asciiname, *alternates.split(","), *alternate_names.get(geonameid, ())]
        yield KbEntity(
            id=qids.get(geonameid, f"geonames:{geonameid}"),
            type=EntityType.LOCATION,
            name=name,
            aliases=tuple(dict.fromkeys(a for a in aliases if a and a != name and not _is_code(a))),
            country=row[8] or None,
            prior=_prior_from_population(population),
        )


def load_geonames(
    cities: Path, alternate_names: Path | None = None, *, min_population: int = 0
) -> list[KbEntity]:
    try:
        names: dict[str, list[str]] = {}
        qids: dict[str, str] = {}
        if alternate_names is not None:
            with open(alternate_names, encoding="utf-8", newline="") as handle:
                names, qids = read_alternate_names(handle)
        with open(cities, encoding="utf-8", newline="") as handle:
            return list(read_geonames(handle, names, qids, min_population=min_population))
    except OSError as exc:
        raise ConfigError(f"cannot read GeoNames file: {exc}") from exc


def _values(field: Any) -> list[str]:
    """Strings of a Wikidata labels/aliases value: {"en": {"value": ..}} or {"en": [..]}."""
    found: list[str] = []
    for per_language in (field or {}).values():
        items = per_language if isinstance(per_language, list) else [per_language]
        for item in items:
            value = item.get("value") if isinstance(item, dict) else item
            if isinstance(value, str) and value:
                found.append(value)
    return found


def _claim_ids(claims: dict[str, Any], prop: str) -> list[str]:
    ids = []
    for claim in claims.get(prop, ()):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            ids.append(value["id"])
    return ids


def _wikidata_type(classes: list[str]) -> EntityType | None:
    if PERSON_CLASSES.intersection(classes):
        return EntityType.PERSON
    if LOCATION_CLASSES.intersection(classes):
        return EntityType.LOCATION
    if ORGANIZATION_CLASSES.intersection(classes):
        return EntityType.ORGANIZATION
    return None


def wikidata_entity(record: dict[str, Any], countries: dict[str, str]) -> KbEntity | None:
    """One Wikidata entity as a KbEntity; None when its P31 is not a type we index."""
    labels = record.get("labels") or {}
    english = labels.get("en")
    names = _values(labels)
    if not names:
        return None
    name = english.get("value") if isinstance(english, dict) else english
    name = name if isinstance(name, str) and name else names[0]
    claims = record.get("claims") or {}
    entity_type = _wikidata_type(_claim_ids(claims, "P31"))
    if entity_type is None:
        return None
    country_ids = _claim_ids(claims, "P17")
    return KbEntity(
        id=str(record["id"]),
        type=entity_type,
        name=name,
        aliases=tuple(dict.fromkeys(n for n in (*names, *_values(record.get("aliases"))) if n)),
        country=countries.get(country_ids[0], country_ids[0]) if country_ids else None,
        prior=0.5,
    )


def read_wikidata(lines: Iterable[str], source: str = "wikidata") -> Iterator[KbEntity]:
    countries = {e.id: e.country for e in starter_kb() if e.country and e.id.startswith("Q")}
    for number, line in enumerate(lines, start=1):
        line = line.strip().rstrip(",")
        if not line or line in "[]":
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{source}:{number}: not JSON ({exc.msg})") from exc
        entity = wikidata_entity(record, {k: v for k, v in countries.items() if v})
        if entity is not None:
            yield entity


def load_any(path: Path) -> list[KbEntity]:
    """Entities of a KB file in any supported format, recognised from its first record."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return read_any(handle, str(path))
    except OSError as exc:
        raise ConfigError(f"cannot read knowledge base {path}: {exc.strerror}") from exc


def read_any(handle: TextIO, name: str) -> list[KbEntity]:
    """Like ``load_any``, from an open, seekable text stream (``name`` for errors)."""
    first = next((line for line in handle if line.strip() not in ("", "[")), "")
    handle.seek(0)
    if first.count("\t") == GEONAMES_COLUMNS - 1:
        return list(read_geonames(handle))
    if first.lstrip().startswith("{") and '"labels"' in first:
        return list(read_wikidata(handle, name))
    return list(read_jsonl(handle, name))


__all__ = [
    "entity_from_json",
    "load_any",
    "load_geonames",
    "read_alternate_names",
    "read_any",
    "read_geonames",
    "read_wikidata",
]
