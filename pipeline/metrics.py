"""Counter names: every element ends up in exactly one of indexed, duplicate, dead-lettered."""

from __future__ import annotations

from typing import Any

from apache_beam.metrics.metric import Metrics

NAMESPACE = "newsflow"
READ = "read"
INDEXED = "indexed"
DUPLICATE = "duplicate"
DEAD_LETTERED = "dead_lettered"
FILES = "files"


def counter(name: str) -> Any:
    return Metrics.counter(NAMESPACE, name)


def dead_letter_counter(stage: str) -> Any:
    """Per-stage breakdown of DEAD_LETTERED, e.g. ``dead_lettered.read``."""
    return Metrics.counter(NAMESPACE, f"{DEAD_LETTERED}.{stage}")
