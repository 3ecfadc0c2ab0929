"""Durable dedup state in Elasticsearch and the Beam step that decides duplicates.

``Deduplicate`` takes Articles and returns them with ``duplicate_of`` and
``duplicate_similarity`` set on copies (nothing is dropped), plus dead letters.
How the state makes decisions durable and race-free is explained in
pipeline/dedup/protocol.py (the claim protocol, typed against a small store
protocol) and in the README's "Deduplication" section; this package holds the
Elasticsearch store, its admin and the Beam step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.dedupstate.admin import STATE_VERSION, setup_state_index, state_index
    from connectors.dedupstate.decider import STAGE
    from connectors.dedupstate.store import EsStateStore
    from connectors.dedupstate.transforms import Deduplicate

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.dedupstate.admin": ("STATE_VERSION", "setup_state_index", "state_index"),
        "connectors.dedupstate.decider": ("STAGE",),
        "connectors.dedupstate.store": ("EsStateStore",),
        "connectors.dedupstate.transforms": ("Deduplicate",),
    },
)

__all__ = [
    "STAGE",
    "STATE_VERSION",
    "Deduplicate",
    "EsStateStore",
    "setup_state_index",
    "state_index",
]
