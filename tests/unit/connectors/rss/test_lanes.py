"""Fetch lanes on TestPipeline with a work object that needs no network."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.http import Fetcher, HttpConfig
from connectors.rss.lanes import FetchBySite, lane_key
from pipeline.core.deadletters import DEAD_LETTER

SPANS: dict[str, list[tuple[float, float]]] = {}  # site -> (start, end) of each item
LOCK = threading.Lock()


class Echo:
    """Echoes 'site/path' items; 'bug' items raise; 'odd' items also go to the ODD tag."""

    stage = "echo"

    def site(self, item: str) -> str:
        return item.split("/", 1)[0]

    def identity(self, item: str) -> str:
        return item

    def source(self, item: str) -> str:
        return f"http://{self.site(item)}/feed.xml"

    def payload(self, item: str) -> str:
        return item

    def handle(self, fetcher: Fetcher, item: str) -> list[Any]:
        start = time.monotonic()
        time.sleep(0.02)
        with LOCK:
            SPANS.setdefault(self.site(item), []).append((start, time.monotonic()))
        if item.endswith("bug"):
            raise ValueError(f"cannot handle {item}")
        if item.endswith("odd"):
            return [item.upper(), TaggedOutput("odd", item)]
        return [item.upper()]

    def counters(self, output: Any) -> tuple[str, ...]:
        return ()


def test_lane_key_spreads_a_site_over_its_lanes_stably() -> None:
    keys = {lane_key(f"a.example/{n}", Echo(), 3)[0] for n in range(50)}
    assert keys == {"a.example#0", "a.example#1", "a.example#2"}
    assert lane_key("a.example/7", Echo(), 3) == lane_key("a.example/7", Echo(), 3)


def test_one_lane_per_site_outputs_tags_and_bugs_become_dead_letters() -> None:
    SPANS.clear()
    items = [f"a.example/{n}" for n in range(5)] + ["b.example/odd", "b.example/bug", "c.example/1"]
    http = HttpConfig(per_host_concurrency=1)
    with BeamTestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(items) | FetchBySite(Echo(), http, ("odd", DEAD_LETTER))
        assert_that(
            out["main"],
            equal_to([item.upper() for item in items if not item.endswith("bug")]),
            label="main",
        )
        assert_that(out["odd"], equal_to(["b.example/odd"]), label="odd")
        dead = out[DEAD_LETTER] | beam.Map(lambda d: (d.stage, d.origin, d.reason))
        assert_that(
            dead,
            equal_to([("echo", "b.example/bug",
                       "unexpected ValueError in stage echo: cannot handle b.example/bug")]),
            label="dead",
        )  # fmt: skip
    spans = sorted(SPANS["a.example"])
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    assert len(SPANS) == 3  # three sites, three lanes: they may overlap each other
