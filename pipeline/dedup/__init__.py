"""Deduplication, the pure half: canonical URLs, story text, MinHash, decisions, and
the claim protocol (``protocol.decide_batch``) typed against a small store protocol.

The Elasticsearch store, its admin and the Beam step live in connectors/dedupstate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from pipeline.dedup.config import DedupConfig
    from pipeline.dedup.decide import Candidate, Choice, Decision, choose, must_wait
    from pipeline.dedup.fingerprint import (
        Fingerprint,
        Fingerprinted,
        Fingerprinter,
        similarity,
    )
    from pipeline.stages.canonical import TRACKING_PARAMS, TRACKING_PREFIXES, canonical_url

__getattr__ = lazy_exports(
    __name__,
    {
        "pipeline.dedup.config": ("DedupConfig",),
        "pipeline.dedup.decide": ("Candidate", "Choice", "Decision", "choose", "must_wait"),
        "pipeline.dedup.fingerprint": (
            "Fingerprint",
            "Fingerprinted",
            "Fingerprinter",
            "similarity",
        ),
        "pipeline.stages.canonical": ("TRACKING_PARAMS", "TRACKING_PREFIXES", "canonical_url"),
    },
)

__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "Candidate",
    "Choice",
    "Decision",
    "DedupConfig",
    "Fingerprint",
    "Fingerprinted",
    "Fingerprinter",
    "canonical_url",
    "choose",
    "must_wait",
    "similarity",
]
