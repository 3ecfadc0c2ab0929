"""Counter names: every element ends up in exactly one of indexed, duplicate, dead-lettered.

``linked`` is not a fourth outcome: it counts the indexed articles that were indexed
as copies of an earlier article (``duplicate_of`` set), so it is part of ``indexed``.
``duplicate`` counts documents not indexed again because their id already was.
"""

from __future__ import annotations

from typing import Any

from apache_beam.metrics.metric import Metrics, MetricsFilter

NAMESPACE = "newsflow"
READ = "read"
INDEXED = "indexed"
DUPLICATE = "duplicate"
LINKED = "linked"
DEAD_LETTERED = "dead_lettered"
FILES = "files"
# Feeds (newsflow run): per cycle, read = indexed + duplicate + dead_lettered + deferred.
FEEDS_POLLED = "feeds_polled"
FEEDS_NOT_MODIFIED = "feeds_not_modified"
FEEDS_FAILED = "feeds_failed"
PAGES_FETCHED = "pages_fetched"
PAGES_FALLBACK = "pages_fallback"
DEFERRED = "deferred"  # left for the next run because the run was stopping


def counter(name: str) -> Any:
    return Metrics.counter(NAMESPACE, name)


def dead_letter_counter(stage: str) -> Any:
    """Per-stage breakdown of DEAD_LETTERED, e.g. ``dead_lettered.read``."""
    return Metrics.counter(NAMESPACE, f"{DEAD_LETTERED}.{stage}")


def committed_counts(result: Any) -> dict[str, int]:
    """Every newsflow counter of a finished pipeline, by name."""
    counts: dict[str, int] = {}
    for found in result.metrics().query(MetricsFilter().with_namespace(NAMESPACE))["counters"]:
        name = found.key.metric.name
        counts[name] = counts.get(name, 0) + int(found.committed or 0)
    return counts
