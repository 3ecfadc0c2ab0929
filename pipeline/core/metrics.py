"""Counter names: every element ends up in exactly one of indexed, duplicate, dead-lettered.

``linked`` is not a fourth outcome: it counts the indexed articles that were indexed
as copies of an earlier article (``duplicate_of`` set), so it is part of ``indexed``.
``recorded`` (an exact copy from another origin, added to the stored article's
``copies``) and ``updated`` (changed text at a known canonical URL, replaced in
place) are parts of ``duplicate``: no new document, but the stored one changed.
``duplicate`` counts documents not indexed again because their id already was.

``count_by_source`` adds a per-source copy of the four outcome counters, named
``indexed|source=<feed URL>`` (``files`` for documents read from files that are not
feeds): ``pipeline.app.observability`` turns the ``|key=value`` part into Prometheus
labels. Other labelled metrics (fetches per host, sink requests) use the same form.
"""

from __future__ import annotations

from typing import Any

from apache_beam.metrics.metric import Metrics, MetricsFilter

NAMESPACE = "newsflow"
READ = "read"
INDEXED = "indexed"
DUPLICATE = "duplicate"
LINKED = "linked"
# Of duplicate (the id was taken, no new document): an exact copy from another origin
# recorded on the stored article, or a new version of it that replaced it in place.
RECORDED = "recorded"
UPDATED = "updated"
DEAD_LETTERED = "dead_lettered"
FILES = "files"
# Feeds (newsflow run): per cycle, read = indexed + duplicate + dead_lettered + deferred.
FEEDS_POLLED = "feeds_polled"
FEEDS_NOT_MODIFIED = "feeds_not_modified"
FEEDS_FAILED = "feeds_failed"
PAGES_FETCHED = "pages_fetched"
PAGES_FALLBACK = "pages_fallback"
DEFERRED = "deferred"  # left for the next run because the run was stopping


# The per-source label of what was not read from a feed.
FILES_SOURCE = "files"
# Beam distributions hold integers: fetch latency is counted in milliseconds.
FETCH_MS = "fetch_ms"
FETCH_ERRORS = "fetch_errors"
SINK_REQUEST_DOCS = "sink_request_docs"
SINK_RETRIES = "sink_retries"


def counter(name: str) -> Any:
    return Metrics.counter(NAMESPACE, name)


def labelled(name: str, **labels: str) -> str:
    """``name|key=value|...``; ``|`` in a value is escaped, so any URL is a valid value."""
    pairs = "".join(f"|{key}={value.replace('|', '%7C')}" for key, value in labels.items())
    return name + pairs


def source_feed_of(element: object) -> str | None:
    """The feed URL a document, article, dead letter or encoded doc came from, if any."""
    feed = getattr(element, "source_feed", None)
    return feed if isinstance(feed, str) and feed else None


def source_of(element: object) -> str:
    """The per-source label of an element: its feed's URL, or ``files``."""
    return source_feed_of(element) or FILES_SOURCE


def count_by_source(name: str, source: str) -> None:
    """One more ``name``, in total and for ``source``."""
    Metrics.counter(NAMESPACE, name).inc()
    Metrics.counter(NAMESPACE, labelled(name, source=source)).inc()


def distribution(name: str) -> Any:
    return Metrics.distribution(NAMESPACE, name)


def dead_letter_counter(stage: str) -> Any:
    """Per-stage breakdown of DEAD_LETTERED, e.g. ``dead_lettered.read``."""
    return Metrics.counter(NAMESPACE, f"{DEAD_LETTERED}.{stage}")


def committed_counts(result: Any) -> dict[str, int]:
    """Every newsflow counter of a finished pipeline, by name (labelled ones included)."""
    counts: dict[str, int] = {}
    for found in result.metrics().query(MetricsFilter().with_namespace(NAMESPACE))["counters"]:
        name = found.key.metric.name
        counts[name] = counts.get(name, 0) + int(found.committed or 0)
    return counts
