"""Counter names: every element ends up in exactly one of indexed, duplicate, dead-lettered.

``linked`` is not a fourth outcome: it counts the indexed articles that were indexed
as copies of an earlier article (``duplicate_of`` set), so it is part of ``indexed``.
``duplicate`` counts documents not indexed again because their id already was.
"""

from __future__ import annotations

from typing import Any

from apache_beam.metrics.metric import Metrics

NAMESPACE = "newsflow"
READ = "read"
INDEXED = "indexed"
DUPLICATE = "duplicate"
LINKED = "linked"
DEAD_LETTERED = "dead_lettered"
FILES = "files"


def counter(name: str) -> Any:
    return Metrics.counter(NAMESPACE, name)


def dead_letter_counter(stage: str) -> Any:
    """Per-stage breakdown of DEAD_LETTERED, e.g. ``dead_lettered.read``."""
    return Metrics.counter(NAMESPACE, f"{DEAD_LETTERED}.{stage}")
