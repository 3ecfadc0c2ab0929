"""The knowledge base of canonical entities: a value object plus its JSON Lines form.

One line per entity::

    {"id": "Q887", "type": "LOC", "name": "Yekaterinburg", "aliases": ["Ekaterinburg", ...],
     "country": "RU", "demonyms": [], "context": ["Urals", "Sverdlovsk Oblast"], "prior": 0.6}

``id`` is the Wikidata QID where one is known, else a local ``kb:`` id. ``context``
holds names whose presence in an article speaks for this entity when its name is
ambiguous (Georgia the country vs the US state); ``prior`` decides when the article
says nothing either way. ``demonyms`` are words derived from the name (Azerbaijani,
Russian) that must never be linked as the entity itself nor fuzzily matched to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from schemas import ConfigError, EntityType

STARTER_KB = "starter_kb.jsonl"


@dataclass(frozen=True, slots=True)
class KbEntity:
    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    prior: float = 0.5
    kind: str | None = None  # e.g. "outlet" for media organisations

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias, canonical first, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    def merged(self, other: KbEntity) -> KbEntity:
        """This entity with ``other``'s aliases and context added (same id)."""
        return KbEntity(
            id=self.id,
            type=self.type,
            name=self.name,
            aliases=tuple(dict.fromkeys((*self.aliases, *other.names))),
            country=self.country or other.country,
            demonyms=tuple(dict.fromkeys((*self.demonyms, *other.demonyms))),
            context=tuple(dict.fromkeys((*self.context, *other.context))),
            prior=max(self.prior, other.prior),
            kind=self.kind or other.kind,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.type.value,
            "name": self.name,
            "aliases": list(self.aliases),
            "country": self.country,
            "demonyms": list(self.demonyms),
            "context": list(self.context),
            "prior": self.prior,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    entities: dict[str, KbEntity] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[KbEntity]:
        return iter(self.entities.values())

    def get(self, entity_id: str) -> KbEntity | None:
        return self.entities.get(entity_id)

    def plus(self, extra: Iterable[KbEntity]) -> KnowledgeBase:
        """A new KB with ``extra`` added; an id already present gains the new aliases."""
        merged = dict(self.entities)
        for entity in extra:
            known = merged.get(entity.id)
            merged[entity.id] = known.merged(entity) if known else entity
        return KnowledgeBase(merged)


def entity_from_json(record: dict[str, object], where: str) -> KbEntity:
    """One KB line as a KbEntity; ConfigError names the file and line when it is wrong."""
    try:
        return KbEntity(
            id=str(record["id"]),
            type=EntityType(str(record["type"])),
            name=str(record["name"]),
            aliases=tuple(str(a) for a in _list(record.get("aliases"))),
            country=str(record["country"]) if record.get("country") else None,
            demonyms=tuple(str(d) for d in _list(record.get("demonyms"))),
            context=tuple(str(c) for c in _list(record.get("context"))),
            prior=float(str(record.get("prior", 0.5))),
            kind=str(record["kind"]) if record.get("kind") else None,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: not a knowledge-base entity ({exc!r}): {record}") from exc


def _list(value: object) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return value


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[KbEntity]:
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{source}:{number}: not JSON ({exc.msg})") from exc
        yield entity_from_json(record, f"{source}:{number}")


def load_kb_file(path: str | Path) -> list[KbEntity]:
    """Entities of a KB JSON Lines file (our own format, see the module docstring)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return list(read_jsonl(handle, str(path)))
    except OSError as exc:
        raise ConfigError(f"cannot read knowledge base {path}: {exc.strerror}") from exc


def starter_kb() -> KnowledgeBase:
    """The KB that ships inside the package (so it travels to remote Beam workers)."""
    text = (
        resources.files("pipeline.entities")
        .joinpath("data")
        .joinpath(STARTER_KB)
        .read_text("utf-8")
    )
    return KnowledgeBase().plus(read_jsonl(text.splitlines(), STARTER_KB))


def write_jsonl(entities: Iterable[KbEntity], path: str | Path) -> int:
    """Write entities in the KB format; returns how many (for the loaders' CLI use)."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for entity in entities:
            handle.write(json.dumps(entity.as_json(), ensure_ascii=False) + "\n")
            count += 1
    return count
