"""URLs and redirects a hostile feed can hand the fetcher, against a real server on
127.0.0.1: every one ends as our error (issue 14), none as httpx's or idna's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.http import Fetcher, HttpConfig
from schemas import FetchRefused, FetchRejected
from tests.support.web import Reply, Site, serve

CONFIG = HttpConfig(per_host_delay_s=0.0, max_retries=0, allow_private_networks=True)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.add("/robots.txt", Reply(404, b""))
        yield running


@pytest.mark.parametrize(
    "location",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "http://0177.0.0.1/",
        "http://[::1/",
        "https://xn--/",
        "http://a..b/",
    ],
)
def test_a_redirect_to_an_unusable_url_is_rejected_as_ours(site: Site, location: str) -> None:
    url = site.add("/moved", Reply(302, b"", None, (("Location", location),)))
    with Fetcher(CONFIG) as fetcher, pytest.raises((FetchRejected, FetchRefused)):
        fetcher.fetch(url)
    assert len(site.requests_to("/moved")) == 1  # terminal: not retried


@pytest.mark.parametrize(
    "url",
    ["http://0177.0.0.1/", "http://[::1", "http://\x00/", "https://xn--/"],
)
def test_an_unparseable_url_is_refused_before_any_connection(url: str) -> None:
    with Fetcher(CONFIG) as fetcher, pytest.raises(FetchRefused, match="not a valid URL"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    "host", ["[::127.0.0.1]", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::1]"]
)
def test_loopback_inside_ipv6_is_refused_before_any_connection(site: Site, host: str) -> None:
    port = site.base_url.rsplit(":", 1)[1]
    guarded = HttpConfig(per_host_delay_s=0.0, max_retries=0, obey_robots=False)
    with Fetcher(guarded) as fetcher, pytest.raises(FetchRefused, match="non-public address"):
        fetcher.fetch(f"http://{host}:{port}/page")
