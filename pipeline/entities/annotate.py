"""From mentions to what the index stores: entities, entity_ids and the facets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pipeline.entities.linker import Mention
from schemas import Article, Entity, EntityType

_FACETS = {
    EntityType.PERSON: "people",
    EntityType.LOCATION: "places",
    EntityType.ORGANIZATION: "organizations",
}


def entities_of(mentions: Sequence[Mention], outside: Sequence[Mention] = ()) -> tuple[Entity, ...]:
    """One Entity per id, in order of first appearance, with its distinct surface forms.

    ``mentions`` are in the text (their offsets count); ``outside`` are in the title or
    the tags: they add surface forms and counts, and entities named only there come
    last, with no offset.
    """
    grouped: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        grouped.setdefault(mention.entity_id, []).append(mention)
    in_text = set(grouped)
    for mention in outside:
        grouped.setdefault(mention.entity_id, []).append(mention)
    return tuple(
        Entity(
            id=entity_id,
            type=group[0].type,
            name=group[0].name,
            mentions=tuple(dict.fromkeys(" ".join(m.surface.split()) for m in group)),
            count=len(group),
            first_offset=group[0].start if entity_id in in_text else None,
        )
        for entity_id, group in grouped.items()
    )


def annotate(
    article: Article,
    mentions: Sequence[Mention],
    outside: Sequence[Mention] = (),
    names_of: Callable[[Iterable[str]], tuple[str, ...]] | None = None,
) -> Article:
    """``article`` with its entities, entity ids and facets filled from ``mentions``
    (in the text) and ``outside`` (in the title and tags), and, given ``names_of``
    (``searchnames.EntityNames``), the spellings of its entities."""
    entities = entities_of(mentions, outside)
    facets: dict[str, list[str]] = {name: [] for name in _FACETS.values()}
    for entity in entities:
        facet = _FACETS.get(entity.type)
        if facet and entity.name not in facets[facet]:
            facets[facet].append(entity.name)
    return article.model_copy(
        update={
            "entities": entities,
            "entity_ids": tuple(e.id for e in entities),
            "entity_names": names_of(e.id for e in entities) if names_of else (),
            "people": tuple(facets["people"]),
            "places": tuple(facets["places"]),
            "organizations": tuple(facets["organizations"]),
        }
    )
