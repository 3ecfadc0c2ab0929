"""Preparing the indices a run writes to, before any pipeline starts."""

from __future__ import annotations

from connectors.dedupstate import setup_state_index
from connectors.elasticsearch import EsConfig, make_client, setup_index
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig
from pipeline.entities.stage import synonyms_for


def prepare_indices(es: EsConfig, dedup: DedupConfig, entities: EntityConfig) -> None:
    """The article template with the knowledge base's synonyms, the alias, and the
    dedup state index; idempotent, and the first place an unreachable node is reported."""
    client = make_client(es)
    try:
        setup_index(client, es.index, synonyms=synonyms_for(entities))
        setup_state_index(client, es.index, dedup)
    finally:
        client.close()
