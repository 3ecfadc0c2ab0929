"""Preparing the indices a run writes to, before any pipeline starts."""

from __future__ import annotations

from connectors.dedupstate import setup_state_index
from connectors.elasticsearch import EsConfig, make_client, setup_index
from pipeline.dedup.config import DedupConfig
from pipeline.entities import EntityConfig, load_kb
from pipeline.entities.synonyms import synonym_rules


def prepare_indices(es: EsConfig, dedup: DedupConfig, entities: EntityConfig) -> None:
    """The article template with the knowledge base's synonyms, the alias, and the
    dedup state index; idempotent, and the first place an unreachable node is reported."""
    client = make_client(es)
    try:
        setup_index(client, es.index, synonyms=synonym_rules(load_kb(entities)))
        setup_state_index(client, es.index, dedup)
    finally:
        client.close()
