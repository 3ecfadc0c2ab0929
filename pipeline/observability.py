"""Metrics in Prometheus text format, served over HTTP, fed from Beam's counters.

The pipeline counts with Beam metrics (``pipeline.metrics``): that is what works
on every runner, with workers in other processes or on other machines. The
process that drives the pipeline reads them back from the ``PipelineResult``
(``update_from_beam``) into a ``MetricsRegistry``, and ``MetricsServer`` serves
the registry at ``/metrics`` (text exposition format 0.0.4) and ``/healthz``.

Beam metric names map to Prometheus series through ``BEAM_SERIES``. A Beam name
may carry labels after ``|``: ``indexed|source=PNN`` is
``newsflow_articles_indexed_total{source="PNN"}``; the older dotted form
``dead_lettered.<stage>`` carries the stage. Beam distributions become summaries
(``_count`` and ``_sum``).

Hook for the continuous mode (``newsflow run``, issue 3): the CLI builds the
registry and the server from ``--metrics-port`` and hands the registry to the
command as ``args.metrics``; the run loop calls ``update_from_beam(registry,
result.metrics())`` every few seconds (and once at the end). On Flink the same
counters are Flink user metrics, scraped from Flink's own Prometheus reporter.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pipeline import metrics

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Series:
    """One metric family: its Prometheus name, type and help text."""

    name: str
    kind: str  # "counter", "gauge" or "summary"
    help: str


# Beam metric name (namespace "newsflow") -> Prometheus family.
BEAM_SERIES: Mapping[str, Series] = {
    metrics.FILES: Series("newsflow_files_read_total", "counter", "Files read."),
    metrics.READ: Series("newsflow_articles_read_total", "counter", "Documents read."),
    metrics.INDEXED: Series(
        "newsflow_articles_indexed_total", "counter", "Articles newly indexed."
    ),
    metrics.DUPLICATE: Series(
        "newsflow_articles_duplicate_total", "counter", "Articles already in the index."
    ),
    metrics.DEAD_LETTERED: Series(
        "newsflow_articles_dead_lettered_total", "counter", "Documents sent to the dead letters."
    ),
    "fetch_seconds": Series("newsflow_fetch_duration_seconds", "summary", "HTTP fetch latency."),
    "fetch_errors": Series("newsflow_fetch_errors_total", "counter", "HTTP fetches that failed."),
    "sink_batch_documents": Series(
        "newsflow_sink_batch_documents", "summary", "Documents per bulk request."
    ),
    "sink_retries": Series("newsflow_sink_retries_total", "counter", "Bulk requests retried."),
}
# Names with a dotted qualifier: "dead_lettered.read" -> label stage="read".
_DOTTED_LABEL = {metrics.DEAD_LETTERED: "stage"}


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

    def observe_summary(
        self, series: Series, count: int, total: float, labels: Mapping[str, str] | None = None
    ) -> None:
        """Set a summary's running ``_count`` and ``_sum``."""
        with self._lock:
            self._families.setdefault(series.name, series)
            self._values[(f"{series.name}_count", _labels(labels))] = float(count)
            self._values[(f"{series.name}_sum", _labels(labels))] = float(total)

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


def update_from_beam(registry: MetricsRegistry, results: Any) -> None:
    """Copy the ``newsflow`` counters and distributions of a Beam ``MetricResults``.

    Beam reports one value per step; the registry holds their sum per name.
    """
    from apache_beam.metrics.metric import MetricsFilter

    query = results.query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    counters: dict[tuple[Series, Labels], float] = {}
    for result in query["counters"]:
        parsed = _parse_beam_name(result.key.metric.name)
        if parsed:
            counters[parsed] = counters.get(parsed, 0.0) + _committed_or_attempted(result)
    for (series, labels), value in counters.items():
        registry.set(series, value, dict(labels))
    sums: dict[tuple[Series, Labels], tuple[int, float]] = {}
    for result in query["distributions"]:
        parsed = _parse_beam_name(result.key.metric.name)
        data = result.committed or result.attempted
        if parsed and data is not None:
            count, total = sums.get(parsed, (0, 0.0))
            sums[parsed] = (count + int(data.count), total + float(data.sum))
    for (series, labels), (count, total) in sums.items():
        registry.observe_summary(series, count, total, dict(labels))


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
            labels[key] = value
    if base not in BEAM_SERIES and "." in base:
        base, qualifier = base.split(".", 1)
        if base in _DOTTED_LABEL:
            labels[_DOTTED_LABEL[base]] = qualifier
    series = BEAM_SERIES.get(base)
    return (series, _labels(labels)) if series else None


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


def declare_all(registry: MetricsRegistry, series: Iterable[Series] = BEAM_SERIES.values()) -> None:
    """Declare every known family, so a scrape shows HELP/TYPE before the first value."""
    for family in series:
        registry.declare(family)
