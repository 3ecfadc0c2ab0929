"""The ``entity_names`` field: every spelling of the entities an article links to.

Inline synonyms cannot carry the gazetteer's 840,000 spellings, so each article
carries the names and aliases of the KB and gazetteer entities it links (an indexed
text field, analysed like the text): a Kibana user's plain query-string search for
``Wilno`` or ``Ekaterinbourg`` matches the field of the articles that wrote Vilnius or
Yekaterinburg. Provisional (NER) entities add nothing: their only names are the
mentions, which are in the text already.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from pipeline.entities.compiled import Gazetteer
from pipeline.entities.kb import KnowledgeBase
from pipeline.names.readings import script_of, unaccented

# Countries have 250 spellings in the open data (every CLDR locale); 64 distinct ones
# (after case and accent folding, as the index's analyzer folds them) cover the
# languages news is written in and keep a document's field to a few kilobytes.
MAX_NAMES_PER_ENTITY = 64
# Spellings kept per process: the entities news names most (countries, capitals) come
# back in article after article, and folding their ~250 spellings each time was work
# done again on the stage's hot path.
MAX_CACHED_ENTITIES = 20_000


def _across_scripts(names: list[str]) -> list[str]:
    """The names, the first one first, then taken in turn from each script (Latin,
    Cyrillic, Arabic, ...), so a cut keeps every script's spellings, not the Latin ones."""
    if not names:
        return names
    by_script: dict[str, list[str]] = {}
    for name in names[1:]:
        by_script.setdefault(script_of(name), []).append(name)
    ordered = [names[0]]
    for turn in itertools.zip_longest(*by_script.values()):
        ordered.extend(name for name in turn if name is not None)
    return ordered


class EntityNames:
    """Spellings by entity id, from the KB and the compiled gazetteer."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None) -> None:
        self._kb = kb
        self._gazetteer = gazetteer
        self._index: dict[str, int] | None = None
        self._cache: dict[str, tuple[str, ...]] = {}

    def _place_index(self, entity_id: str) -> int | None:
        if self._gazetteer is None:
            return None
        if self._index is None:  # built on first use: ~200,000 ids
            self._index = {place: i for i, place in enumerate(self._gazetteer.ids)}
        return self._index.get(entity_id)

    def spellings(self, entity_id: str) -> tuple[str, ...]:
        """Up to MAX_NAMES_PER_ENTITY distinct spellings of one entity, its name first."""
        found = self._cache.get(entity_id)
        if found is None:
            found = self._spellings(entity_id)
            if len(self._cache) >= MAX_CACHED_ENTITIES:
                self._cache.clear()  # bounded: a rare reset beats tracking recency
            self._cache[entity_id] = found
        return found

    def _spellings(self, entity_id: str) -> tuple[str, ...]:
        names: list[str] = []
        entity = self._kb.entities.get(entity_id)
        if entity is not None:
            names.extend(entity.names)
        index = self._place_index(entity_id)
        if index is not None and self._gazetteer is not None:
            names.extend(self._gazetteer.spellings_of(index))
        distinct: dict[str, str] = {}
        for name in names:  # the first spelling of each folded form: the KB's, the name
            distinct.setdefault(unaccented(name), name)
        return tuple(_across_scripts(list(distinct.values()))[:MAX_NAMES_PER_ENTITY])

    def __call__(self, entity_ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(name for i in entity_ids for name in self.spellings(i))
