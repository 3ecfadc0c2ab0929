"""The same name normalisation for search queries as for articles."""

from __future__ import annotations

from pipeline.entities.linker import Linker


def query_entity_ids(linker: Linker, query: str) -> list[str]:
    """KB entities a search query names, in any spelling or case ("ekaterinburg", "Grozen")."""
    entity, _score, _how = linker.resolve(query)
    if entity is not None:
        return [entity.id]
    titled = " ".join(word[:1].upper() + word[1:] for word in query.split())
    return list(dict.fromkeys(m.entity_id for m in linker.link(titled)))
