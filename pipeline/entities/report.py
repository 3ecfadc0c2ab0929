"""What ``newsflow names resolve`` and ``newsflow entities`` print. Pure: no I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.entities.kb import KbEntity
from pipeline.entities.linker import Linker, Mention
from pipeline.names import name_key
from pipeline.names.parts import initial_key, looks_like, org_key, person_key, unknown_key
from schemas import EntityType

# A person's name in another order or with a patronymic the KB does not list
# (Putin Vladimir Vladimirovich) is still that KB person, when only one has that key;
# an organisation's name with a legal form the KB does not list (OAO Gazprom, ПАО
# «Газпром») that KB organisation.
PERSON_KEY_SCORE = 0.9
ORG_KEY_SCORE = 0.9


def kb_people_by_key(linker: Linker) -> dict[str, KbEntity]:
    """``person_key`` of every name of every KB person, and that key with the first name
    as its initial (V. Putin) -> the person, if unique."""
    owners: dict[str, set[str]] = {}
    for entity in linker.kb.entities.values():
        if entity.type is EntityType.PERSON:
            for name in entity.names:
                owners.setdefault(person_key(name, linker.name_parts), set()).add(entity.id)
                initials = initial_key(name, linker.name_parts)
                if initials:
                    owners.setdefault(initials, set()).add(entity.id)
    return {k: linker.kb.entities[next(iter(v))] for k, v in owners.items() if len(v) == 1}


def kb_organisations_by_key(linker: Linker) -> dict[str, KbEntity]:
    """``org_key`` of every name of every KB organisation -> the organisation, if unique."""
    owners: dict[str, set[str]] = {}
    for entity in linker.kb.entities.values():
        if entity.type is EntityType.ORGANIZATION:
            for name in entity.names:
                owners.setdefault(org_key(name), set()).add(entity.id)
    return {k: linker.kb.entities[next(iter(v))] for k, v in owners.items() if len(v) == 1}


def resolve_names(linker: Linker, names: Iterable[str]) -> list[dict[str, Any]]:
    """One record per input name: the KB entity it resolves to, if any, and its key: the
    name key of a resolved name, else the key that groups names no KB knows
    (``names.parts.unknown_key``: people by first and last name, organisations without
    legal forms). A name the linker cannot resolve is still a KB person or organisation
    when its person or organisation key is one's, and no other's."""
    people, organisations = kb_people_by_key(linker), kb_organisations_by_key(linker)
    parts = linker.name_parts
    records = []
    for name in names:
        entity, score, _how = linker.resolve(name, words_of="en")
        if entity is None and (person := people.get(person_key(name, parts))) is not None:
            entity, score = person, PERSON_KEY_SCORE
        elif entity is None and looks_like(name, parts) != "PER":
            organisation = organisations.get(org_key(name))
            entity, score = (organisation, ORG_KEY_SCORE) if organisation else (None, score)
        records.append(
            {
                "input": name,
                "key": name_key(name) if entity else unknown_key(name, parts),
                "entity_id": entity.id if entity else None,
                "canonical": entity.name if entity else None,
                "type": entity.type.value if entity else None,
                "score": round(score, 3),
            }
        )
    return records


def explain(document: dict[str, Any], mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """The stored entities of an indexed article, each with the evidence of re-linking it now."""
    evidence: dict[str, list[Mention]] = {}
    for mention in mentions:
        evidence.setdefault(mention.entity_id, []).append(mention)
    rows = []
    for entity in document.get("entities") or []:
        found = evidence.get(entity["id"], [])
        rows.append(
            {
                **entity,
                "how": sorted({m.method for m in found}),
                "why": list(dict.fromkeys(m.why for m in found))[:5],
            }
        )
    return rows


def format_explanation(title: str, rows: Sequence[dict[str, Any]]) -> str:
    lines = [f"{title}: {len(rows)} entities"]
    for row in rows:
        lines.append(
            f"- {row['name']} [{row['type']}] {row['id']}: {row['count']}x, first at "
            f"{row['first_offset']}, written {', '.join(repr(m) for m in row['mentions'])}"
        )
        lines.append(f"    linked by {', '.join(row['how']) or 'an older pipeline version'}")
        lines.extend(f"    because {why}" for why in row["why"])
    return "\n".join(lines)
