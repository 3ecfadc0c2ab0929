"""Creating the dedup state index, and refusing one built with another signature shape."""

from __future__ import annotations

from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, translate
from pipeline.dedup.config import DedupConfig
from schemas.errors import ConfigError

# Bump when the state documents or the default signature shape change; the index name
# carries it, so an upgrade starts a fresh state index instead of refusing the old one.
# 2: 6 bands x 2 rows (was 32 x 3).
STATE_VERSION = 2

# Only ids are ever looked up, so nothing needs to be searchable soon: a long refresh
# interval spares the node work. Keyword fields stay indexed for ad-hoc debugging.
_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "kind": {"type": "keyword"},
        "article": {"type": "keyword"},
        "owner": {"type": "keyword"},
        "exact": {"type": "keyword", "index": False},
        "lead": {"type": "keyword", "index": False},
        "sig": {"type": "binary"},
        "shingles": {"type": "integer", "index": False},
        "at": {"type": "long"},
        "duplicate_of": {"type": "keyword"},
        "similarity": {"type": "float", "index": False},
    },
}


def state_index(alias: str) -> str:
    """The state index that goes with an article alias (outside its ``<alias>-v*`` pattern)."""
    return f"{alias}-dedup-v{STATE_VERSION}"


def setup_state_index(
    client: Elasticsearch, alias: str, config: DedupConfig, *, replicas: int | None = None
) -> str:
    """Create the state index if needed (idempotent, race-safe); check its shape.

    It is created with ``replicas`` (0 when None, like the article index, so a
    single-node cluster stays green); an existing one gets ``replicas`` when given.
    """
    index = state_index(alias)
    try:
        if not client.indices.exists(index=index):
            try:
                client.indices.create(
                    index=index,
                    settings={
                        "number_of_shards": 1,
                        "number_of_replicas": replicas or 0,
                        "refresh_interval": "30s",
                    },
                    mappings={**_MAPPINGS, "_meta": {"shape": config.shape}},
                )
            except ApiError as exc:  # created by another worker since we looked
                if exc.error != "resource_already_exists_exception":
                    raise
        elif replicas is not None:
            client.indices.put_settings(index=index, settings={"number_of_replicas": replicas})
        mapping = client.indices.get_mapping(index=index)[index]["mappings"]
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"set up {index!r}") from exc
    shape = mapping.get("_meta", {}).get("shape")
    if shape != config.shape:
        raise ConfigError(
            f"dedup state {index!r} holds signatures of shape {shape}, but this run uses "
            f"{config.shape}; run with the same dedup settings, or delete {index!r} to "
            "start the dedup state afresh"
        )
    return index
