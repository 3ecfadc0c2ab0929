"""What the feed tests share: a local site (robots.txt answering 404) and a fetcher
allowed to reach it, with no delays and no retries so each failure shows at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from connectors.http import Fetcher, HttpConfig
from connectors.rss import FeedPolicy, FeedSpec, FeedState, PollTask
from connectors.rss.poll import Polled, poll_feed
from connectors.rss.state import state_for
from tests.support.web import Reply, Site, serve

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)
HTTP = HttpConfig(
    allow_private_networks=True, per_host_delay_s=0.0, max_retries=0, read_timeout_s=1.0
)
POLICY = FeedPolicy(jitter=0.0)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.add("/robots.txt", Reply(404, b""))
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(HTTP) as running:
        yield running


def poll_once(
    fetcher: Fetcher,
    spec: FeedSpec,
    state: FeedState | None = None,
    policy: FeedPolicy = POLICY,
) -> Polled:
    """One poll of ``spec`` at ``NOW``, from ``state`` or a new feed's."""
    task = PollTask(spec, state or state_for(spec, None))
    return poll_feed(task, fetcher, policy, now=NOW, rand=lambda: 0.0)
