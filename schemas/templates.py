"""The Elasticsearch index template, loaded from the JSON file that ships in this package."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

# Bump when a mapping changes incompatibly: `es setup` then creates `<alias>-v<N>`
# and moves the alias, so old and new documents never share a mapping.
# 2: search analyzer with the knowledge base's name synonyms; 3: `tags`; 4: stemmed
# sub-fields, copies, updated_at, revisions; 5: entity_names.
TEMPLATE_VERSION = 5


def _template_file() -> dict[str, Any]:
    text = resources.files("schemas").joinpath("index_template.json").read_text("utf-8")
    body: dict[str, Any] = json.loads(text)
    body.pop("_comment", None)
    return body


def versioned_index(alias: str, version: int = TEMPLATE_VERSION) -> str:
    """The concrete index behind ``alias`` for a template version."""
    return f"{alias}-v{version}"


def feeds_index(alias: str) -> str:
    """The feed state index that goes with an article alias (outside its ``<alias>-v*``);
    ``run`` keeps feed states there and Kibana's feed status view reads it."""
    return f"{alias}-feeds"


def template_name(alias: str) -> str:
    return f"{alias}-articles"


def index_template(
    alias: str, *, replicas: int = 0, synonyms: Sequence[str] = ()
) -> dict[str, Any]:
    """The composable index template body for the indices behind ``alias``.

    ``synonyms`` are Solr-format equivalence rules for the search analyzer (the
    knowledge base's alias sets; see pipeline.entities.synonyms).
    """
    body = _template_file()
    analysis = body["template"]["settings"]["analysis"]
    analysis["filter"]["newsflow_names"]["synonyms"] = list(synonyms)
    body["index_patterns"] = [f"{alias}-v*"]
    body["version"] = TEMPLATE_VERSION
    body["priority"] = 200
    body["_meta"] = {"managed_by": "newsflow", "alias": alias}
    body["template"]["settings"]["index"]["number_of_replicas"] = replicas
    return body


def article_mapping_fields() -> frozenset[str]:
    """Top-level field names the template maps; the Article model must match them."""
    return frozenset(_template_file()["template"]["mappings"]["properties"])
