"""Metrics in Prometheus text format, served over HTTP, fed from Beam's metrics.

The pipeline counts with Beam metrics (``pipeline.core.metrics``): that is what works
on every runner, with workers in other processes or on other machines. The
process that drives the pipeline reads them back from each finished pipeline's
``PipelineResult`` and adds them to a ``MetricsRegistry`` (``add_from_beam``);
``MetricsServer`` serves the registry at ``/metrics`` (text exposition format
0.0.4) and ``/healthz``. ``newsflow run`` adds every cycle's metrics, so the
series are running totals over the life of the process, as Prometheus expects.

Beam metric names map to Prometheus families through ``BEAM_SERIES``. A Beam name
may carry labels after ``|``: ``indexed|source=URL`` is
``newsflow_articles_indexed_total{source="URL"}``. The outcome counters (read,
indexed, duplicate, dead-lettered, deferred) are exported per source only, so a
family never holds both a total and its parts; ``dead_lettered.<stage>`` goes to
its own family with a ``stage`` label. Beam distributions become summaries
(``_count`` and ``_sum``, scaled: fetch latency is counted in milliseconds and
exported in seconds). On Flink the same Beam metrics are Flink user metrics,
scraped from Flink's own Prometheus reporter.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from connectors.rss import FEEDS_COMMITTED
from pipeline.core import metrics

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Series:
    """One metric family: its Prometheus name, type and help text."""

    name: str
    kind: str  # "counter", "gauge" or "summary"
    help: str
    scale: float = 1.0  # a summary's sum is multiplied by this (milliseconds -> seconds)


def _counter(name: str, help: str) -> Series:
    return Series(name, "counter", help)


# Beam metric name (namespace "newsflow") -> Prometheus family.
BEAM_SERIES: Mapping[str, Series] = {
    metrics.FILES: _counter("newsflow_files_read_total", "Files read."),
    metrics.READ: _counter("newsflow_articles_read_total", "Documents read, per source."),
    metrics.INDEXED: _counter(
        "newsflow_articles_indexed_total", "Articles newly indexed, per source."
    ),
    metrics.DUPLICATE: _counter(
        "newsflow_articles_duplicate_total", "Articles already in the index, per source."
    ),
    metrics.DEAD_LETTERED: _counter(
        "newsflow_articles_dead_lettered_total", "Documents sent to the dead letters, per source."
    ),
    metrics.DEFERRED: _counter(
        "newsflow_articles_deferred_total", "Entries left for the next run at a stop, per source."
    ),
    metrics.LINKED: _counter(
        "newsflow_articles_linked_total", "Indexed articles marked as copies of another."
    ),
    metrics.FEEDS_POLLED: _counter("newsflow_feed_polls_total", "Feed polls."),
    metrics.FEEDS_NOT_MODIFIED: _counter(
        "newsflow_feed_polls_not_modified_total", "Feed polls answered 304 Not Modified."
    ),
    metrics.FEEDS_FAILED: _counter("newsflow_feed_polls_failed_total", "Feed polls that failed."),
    FEEDS_COMMITTED: _counter("newsflow_feed_states_saved_total", "Feed states saved."),
    metrics.PAGES_FETCHED: _counter("newsflow_pages_fetched_total", "Article pages fetched."),
    metrics.PAGES_FALLBACK: _counter(
        "newsflow_pages_fallback_total", "Entries indexed from the feed because the page failed."
    ),
    metrics.FETCH_MS: Series(
        "newsflow_fetch_duration_seconds",
        "summary",
        "HTTP fetch latency (retries included), per host.",
        scale=0.001,
    ),
    metrics.FETCH_ERRORS: _counter(
        "newsflow_fetch_errors_total", "HTTP fetches that failed, per host and error."
    ),
    metrics.SINK_REQUEST_DOCS: Series(
        "newsflow_sink_request_documents", "summary", "Documents per bulk request."
    ),
    metrics.SINK_RETRIES: _counter("newsflow_sink_retries_total", "Bulk requests retried."),
    "dead_letter_index_failures": _counter(
        "newsflow_dead_letter_index_failures_total",
        "Dead letters not copied to the dead-letter index (the file has them).",
    ),
}
# Exported only with their labels (see the module docstring).
_PER_SOURCE = frozenset(
    {metrics.READ, metrics.INDEXED, metrics.DUPLICATE, metrics.DEAD_LETTERED, metrics.DEFERRED}
)
# Names with a dotted qualifier: "dead_lettered.read" -> its family, label stage="read".
_DOTTED: Mapping[str, tuple[Series, str]] = {
    metrics.DEAD_LETTERED: (
        _counter("newsflow_dead_letters_by_stage_total", "Dead letters, per pipeline stage."),
        "stage",
    ),
}
# What the continuous process itself reports (``newsflow run``).
CYCLES = _counter("newsflow_cycles_total", "Polling cycles run.")
CYCLES_FAILED = _counter("newsflow_cycles_failed_total", "Polling cycles that failed.")
CYCLE_SECONDS = Series("newsflow_cycle_duration_seconds", "summary", "Polling cycle duration.")
LAST_CYCLE = Series(
    "newsflow_last_cycle_timestamp_seconds", "gauge", "Unix time the last cycle ended."
)
FEEDS = Series("newsflow_feeds", "gauge", "Configured feeds, per status.")
RUN_SERIES = (CYCLES, CYCLES_FAILED, CYCLE_SECONDS, LAST_CYCLE, FEEDS)


class MetricsRegistry:
    """Thread-safe current values of every series, rendered in Prometheus text format."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._families: dict[str, Series] = {}
        self._values: dict[tuple[str, Labels], float] = {}

    def declare(self, series: Series) -> None:
        with self._lock:
            self._families.setdefault(series.name, series)

    def set(self, series: Series, value: float, labels: Mapping[str, str] | None = None) -> None:
        """Set a value (a counter's running total as read from Beam, or a gauge)."""
        key = (series.name, _labels(labels))
        with self._lock:
            self._families.setdefault(series.name, series)
            self._values[key] = float(value)

    def inc(
        self, series: Series, amount: float = 1, labels: Mapping[str, str] | None = None
    ) -> None:
        key = (series.name, _labels(labels))
        with self._lock:
            self._families.setdefault(series.name, series)
            self._values[key] = self._values.get(key, 0.0) + amount

    def add_summary(
        self, series: Series, count: int, total: float, labels: Mapping[str, str] | None = None
    ) -> None:
        """Add ``count`` observations summing to ``total`` to a summary."""
        with self._lock:
            self._families.setdefault(series.name, series)
            for suffix, amount in (("_count", float(count)), ("_sum", float(total))):
                key = (f"{series.name}{suffix}", _labels(labels))
                self._values[key] = self._values.get(key, 0.0) + amount

    def render(self) -> str:
        """The registry in the Prometheus text exposition format, version 0.0.4."""
        with self._lock:
            families = sorted(self._families.values(), key=lambda s: s.name)
            values = dict(self._values)
        lines: list[str] = []
        for family in families:
            lines.append(f"# HELP {family.name} {_escape_help(family.help)}")
            lines.append(f"# TYPE {family.name} {family.kind}")
            names = (
                (f"{family.name}_count", f"{family.name}_sum")
                if family.kind == "summary"
                else (family.name,)
            )
            for (name, labels), value in sorted(values.items()):
                if name in names:
                    lines.append(f"{name}{_format_labels(labels)} {_format_value(value)}")
        return "\n".join(lines) + "\n"


def add_from_beam(registry: MetricsRegistry, results: Any) -> None:
    """Add the ``newsflow`` counters and distributions of one finished pipeline's
    ``MetricResults`` to the running totals (Beam reports one value per step; they
    are summed)."""
    from apache_beam.metrics.metric import MetricsFilter

    query = results.query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    for result in query["counters"]:
        parsed = _parse_beam_name(result.key.metric.name)
        if parsed:
            series, labels = parsed
            registry.inc(series, _committed_or_attempted(result), dict(labels))
    for result in query["distributions"]:
        parsed = _parse_beam_name(result.key.metric.name)
        data = result.committed or result.attempted
        if parsed and data is not None and data.count:
            series, labels = parsed
            registry.add_summary(
                series, int(data.count), float(data.sum) * series.scale, dict(labels)
            )


def _committed_or_attempted(result: Any) -> float:
    # Runners that do not commit (e.g. while a streaming job runs) only attempt.
    value = result.committed if result.committed is not None else result.attempted
    return float(value or 0)


def _parse_beam_name(name: str) -> tuple[Series, Labels] | None:
    base, *pairs = name.split("|")
    labels: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if sep:
            labels[key] = value.replace("%7C", "|")
    if "." in base:
        head, qualifier = base.split(".", 1)
        if head in _DOTTED:
            series, label = _DOTTED[head]
            return series, _labels({**labels, label: qualifier})
    family = BEAM_SERIES.get(base)
    if family is None or (base in _PER_SOURCE and "source" not in labels):
        return None
    return family, _labels(labels)


def _labels(labels: Mapping[str, str] | None) -> Labels:
    return tuple(sorted((labels or {}).items()))


def _format_labels(labels: Labels) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{key}="{_escape_label(value)}"' for key, value in labels)
    return "{" + inner + "}"


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _format_value(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if value.is_integer() else repr(value)


class MetricsServer:
    """``GET /metrics`` and ``GET /healthz`` on a background thread; ``port=0`` picks one."""

    def __init__(self, registry: MetricsRegistry, port: int, host: str = "127.0.0.1") -> None:
        self.registry = registry
        handler = _handler(registry)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="newsflow-metrics", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> MetricsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> MetricsServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _handler(registry: MetricsRegistry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._reply(200, CONTENT_TYPE, registry.render().encode("utf-8"))
            elif path == "/healthz":
                self._reply(200, "text/plain; charset=utf-8", b"ok\n")
            else:
                self._reply(404, "text/plain; charset=utf-8", b"not found: try /metrics\n")

        def _reply(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # scrapes every few seconds would drown the logs

    return Handler


def declare_all(registry: MetricsRegistry, series: Iterable[Series] | None = None) -> None:
    """Declare every known family, so a scrape shows HELP/TYPE before the first value."""
    known = [*BEAM_SERIES.values(), *(dotted for dotted, _ in _DOTTED.values()), *RUN_SERIES]
    for family in known if series is None else series:
        registry.declare(family)
