"""Fetch lanes count per source and per host on the bundle's thread, though the fetches
run on the lanes' pool threads (where Beam metrics cannot be updated)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline

from connectors.http import Fetcher, HttpConfig
from connectors.rss.lanes import FetchBySite
from pipeline.core import metrics
from pipeline.core.deadletters import DEAD_LETTER
from schemas import FetchRejected
from tests.support.web import Reply, Site, serve


class FetchPath:
    """Fetches each item (a URL); a refused fetch is an output too, like a fallback."""

    stage = "fetch"

    def site(self, url: str) -> str:
        return urlsplit(url).netloc

    def identity(self, url: str) -> str:
        return url

    def source(self, url: str) -> str:
        return f"feed-of-{urlsplit(url).path.split('/')[1]}"

    def handle(self, fetcher: Fetcher, url: str) -> list[Any]:
        try:
            return [len(fetcher.fetch(url).body)]
        except FetchRejected:
            return [-1]

    def counters(self, output: Any) -> tuple[str, ...]:
        return (metrics.READ,)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.add("/robots.txt", Reply(404, b""))
        for n in range(3):
            running.add(f"/a/{n}", Reply(body=b"<p>a page</p>"))
        running.add("/b/0", Reply(body=b"<p>b page</p>"))
        yield running


def test_lanes_count_reads_per_source_and_fetches_per_host(site: Site) -> None:
    urls = [site.url(f"/a/{n}") for n in range(3)] + [site.url("/b/0"), site.url("/b/404")]
    host = urlsplit(urls[0]).netloc
    http = HttpConfig(allow_private_networks=True, per_host_delay_s=0.0, max_retries=0)
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    _ = pipeline | beam.Create(urls) | FetchBySite(FetchPath(), http, (DEAD_LETTER,))
    result = pipeline.run()
    result.wait_until_finish()
    query = result.metrics().query(MetricsFilter().with_namespace(metrics.NAMESPACE))
    counters = {c.key.metric.name: c.committed for c in query["counters"]}
    assert counters[metrics.READ] == 5
    assert counters[metrics.labelled(metrics.READ, source="feed-of-a")] == 3
    assert counters[metrics.labelled(metrics.READ, source="feed-of-b")] == 2
    errors = metrics.labelled(metrics.FETCH_ERRORS, host=host, error="FetchRejected")
    assert counters[errors] == 1
    latency = {d.key.metric.name: d.committed for d in query["distributions"]}
    fetches = latency[metrics.labelled(metrics.FETCH_MS, host=host)]
    assert fetches.count == 5
    assert 0 <= fetches.sum < 5 * 5000
