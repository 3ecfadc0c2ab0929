"""What ``newsflow names resolve`` and ``newsflow entities`` print. Pure: no I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.entities.linker import Linker, Mention
from pipeline.names import name_key


def resolve_names(linker: Linker, names: Iterable[str]) -> list[dict[str, Any]]:
    """One record per input name: its key and the KB entity it resolves to, if any."""
    records = []
    for name in names:
        entity, score, _how = linker.resolve(name)
        records.append(
            {
                "input": name,
                "key": name_key(name),
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
