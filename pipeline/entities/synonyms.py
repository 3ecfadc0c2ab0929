"""The KB's alias sets as Elasticsearch synonym rules for the search analyzer.

Each entity with more than one spelling becomes one equivalence rule
(``yekaterinburg, ekaterinburg, jekaterinburg, екатеринбург``), so a Kibana user
who types any spelling finds articles that wrote another. Elasticsearch analyses
the rules with the analyzer's own chain (lowercase, asciifolding), so Əliyev and
Aliyev are already one term there; we only drop what would break a rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pipeline.entities.kb import KnowledgeBase

# Inline synonyms live in the index settings; keep them to a size a cluster state carries well.
MAX_SYNONYM_RULES = 20_000
_RULE_BREAKERS = re.compile(r"[,=>#\\]|\s+")


def _term(name: str) -> str:
    return _RULE_BREAKERS.sub(" ", name).strip().lower()


def synonym_rules(
    kb: KnowledgeBase,
    max_rules: int = MAX_SYNONYM_RULES,
    extra: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Solr-format equivalence rules, one per entity with several spellings, sorted.
    ``extra`` adds spellings by entity id: the gazetteer's spellings of the KB's own
    places (``compiled.curated_aliases``: Ekaterinbourg, Jekaterinburga for Q887)."""
    extra = extra or {}
    rules = []
    for entity in kb:
        names = (*entity.names, *extra.get(entity.id, ()))
        terms = list(dict.fromkeys(t for t in map(_term, names) if len(t) > 1))
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return sorted(rules)[:max_rules]
