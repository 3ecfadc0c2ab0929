"""The Prometheus endpoint: text format, Beam counters fed in, scraped over 127.0.0.1."""

from __future__ import annotations

import argparse
import urllib.error
import urllib.request

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline

from pipeline.app import observability
from pipeline.app.cli_ops import observe
from pipeline.app.observability import BEAM_SERIES, MetricsRegistry, MetricsServer, add_from_beam
from pipeline.core import metrics
from tests.support.flink import free_port


class _CountFn(beam.DoFn):  # type: ignore[misc]
    """Counts as the pipeline's stages do (``pipeline.core.metrics``)."""

    def process(self, element: tuple[str, int]):  # type: ignore[no-untyped-def]
        source, docs = element
        metrics.count_by_source(metrics.READ, source)
        metrics.count_by_source(metrics.INDEXED, source)
        metrics.dead_letter_counter("extract").inc()
        metrics.distribution(metrics.SINK_REQUEST_DOCS).update(docs)
        metrics.distribution(metrics.labelled(metrics.FETCH_MS, host="a.example:80")).update(250)
        metrics.counter("not_a_known_series").inc()
        yield element


def _run_counting(elements: list[tuple[str, int]]):  # type: ignore[no-untyped-def]
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    _ = pipeline | beam.Create(elements) | beam.ParDo(_CountFn())
    result = pipeline.run()
    result.wait_until_finish()
    return result.metrics()


def _scrape(port: int, path: str = "/metrics") -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as reply:
            return reply.status, reply.headers["Content-Type"], reply.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode("utf-8")


def test_render_follows_the_text_exposition_format() -> None:
    registry = MetricsRegistry()
    indexed = BEAM_SERIES[metrics.INDEXED]
    registry.set(indexed, 3, {"source": 'Say "hi"\\n'})
    registry.inc(indexed, 2, {"source": "PNN"})
    registry.add_summary(BEAM_SERIES[metrics.FETCH_MS], 4, 1.5, {"host": "example.org"})
    registry.add_summary(BEAM_SERIES[metrics.FETCH_MS], 1, 0.5, {"host": "example.org"})
    assert registry.render() == (
        "# HELP newsflow_articles_indexed_total Articles newly indexed, per source.\n"
        "# TYPE newsflow_articles_indexed_total counter\n"
        'newsflow_articles_indexed_total{source="PNN"} 2\n'
        'newsflow_articles_indexed_total{source="Say \\"hi\\"\\\\n"} 3\n'
        "# HELP newsflow_fetch_duration_seconds HTTP fetch latency (retries included), per host.\n"
        "# TYPE newsflow_fetch_duration_seconds summary\n"
        'newsflow_fetch_duration_seconds_count{host="example.org"} 5\n'
        'newsflow_fetch_duration_seconds_sum{host="example.org"} 2\n'
    )


def test_beam_metrics_become_prometheus_series() -> None:
    feed = "http://a.example/feed.xml?x=1|2"  # '|' and '=' survive the Beam name
    registry = MetricsRegistry()
    add_from_beam(registry, _run_counting([(feed, 10), (feed, 20), ("files", 5)]))
    text = registry.render()
    # outcome counters per source only: no unlabelled total beside the parts
    assert 'newsflow_articles_read_total{source="files"} 1\n' in text
    assert f'newsflow_articles_read_total{{source="{feed}"}} 2\n' in text
    assert f'newsflow_articles_indexed_total{{source="{feed}"}} 2\n' in text
    assert "newsflow_articles_read_total 3" not in text
    assert 'newsflow_dead_letters_by_stage_total{stage="extract"} 3\n' in text
    assert "newsflow_sink_request_documents_count 3\n" in text
    assert "newsflow_sink_request_documents_sum 35\n" in text
    # milliseconds in Beam, seconds in Prometheus
    assert 'newsflow_fetch_duration_seconds_count{host="a.example:80"} 3\n' in text
    assert 'newsflow_fetch_duration_seconds_sum{host="a.example:80"} 0.75\n' in text
    assert "not_a_known_series" not in text


def test_each_pipeline_adds_to_the_running_totals() -> None:
    registry = MetricsRegistry()
    add_from_beam(registry, _run_counting([("files", 1)]))
    add_from_beam(registry, _run_counting([("files", 2), ("files", 3)]))
    text = registry.render()
    assert 'newsflow_articles_read_total{source="files"} 3\n' in text
    assert "newsflow_sink_request_documents_sum 6\n" in text


def test_the_endpoint_is_scraped_over_loopback() -> None:
    registry = MetricsRegistry()
    observability.declare_all(registry)
    registry.set(BEAM_SERIES[metrics.FILES], 7)
    with MetricsServer(registry, port=0) as server:
        status, content_type, body = _scrape(server.port)
        assert (status, content_type) == (200, observability.CONTENT_TYPE)
        assert "# TYPE newsflow_files_read_total counter\nnewsflow_files_read_total 7\n" in body
        assert "# TYPE newsflow_sink_retries_total counter" in body  # declared, no value yet
        assert _scrape(server.port, "/healthz")[::2] == (200, "ok\n")
        assert _scrape(server.port, "/other")[0] == 404


def test_the_cli_serves_metrics_while_a_command_runs() -> None:
    port = free_port()
    args = argparse.Namespace(
        log_format="text", log_level="warning", metrics_port=port, metrics_host="127.0.0.1"
    )
    with observe(args):
        assert isinstance(args.metrics, MetricsRegistry)
        args.metrics.set(BEAM_SERIES[metrics.LINKED], 5)
        assert "newsflow_articles_linked_total 5\n" in _scrape(port)[2]
    with pytest.raises(urllib.error.URLError):
        _scrape(port)


def test_without_a_port_there_is_no_server() -> None:
    args = argparse.Namespace(
        log_format="text", log_level="warning", metrics_port=None, metrics_host="127.0.0.1"
    )
    with observe(args):
        assert args.metrics is None
