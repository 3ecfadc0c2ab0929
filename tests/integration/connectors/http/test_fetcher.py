"""The fetcher against real HTTP servers on 127.0.0.1, one scripted behaviour per test.

Every test sets ``allow_private_networks`` explicitly: 127.0.0.1 is a private
address, and the fetcher refuses it otherwise (the first test proves that).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

import pytest

from connectors.http import Fetcher, HttpConfig, Validators, recording
from schemas import FetchRefused, FetchRejected, FetchUnavailable, Interrupted
from tests.conftest import FIXTURES
from tests.support.web import Reply, Resource, Sequence, Site, serve

FAST = HttpConfig(
    allow_private_networks=True,
    connect_timeout_s=1.0,
    read_timeout_s=0.5,
    total_timeout_s=5.0,
    max_retries=2,
    initial_backoff_s=0.01,
    max_backoff_s=0.05,
    max_retry_after_s=2.0,
    per_host_delay_s=0.0,
    max_body_bytes=64 * 1024,
)
HTML = b"<html><body><p>Hello Baku</p></body></html>"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.add("/robots.txt", Reply(404, b""))
        yield running


def _fetcher(**overrides: object) -> Fetcher:
    return Fetcher(replace(FAST, **overrides))  # type: ignore[arg-type]


def test_private_addresses_are_refused_unless_allowed(site: Site) -> None:
    url = site.add("/page", Reply(body=HTML))
    with Fetcher(replace(FAST, allow_private_networks=False)) as fetcher:
        with pytest.raises(FetchRefused, match=r"127\.0\.0\.1.*non-public address 127\.0\.0\.1"):
            fetcher.fetch(url)
        with pytest.raises(FetchRefused, match="non-public"):
            fetcher.fetch(url.replace("127.0.0.1", "localhost"))
    assert site.requests_to("/page") == []  # refused before any byte was sent
    with _fetcher() as fetcher:
        assert fetcher.fetch(url).body == HTML


def test_user_agent_compression_and_validators(site: Site) -> None:
    headers = (("ETag", '"abc"'), ("Last-Modified", "Wed, 09 Jul 2025 08:00:00 GMT"))
    gzip_url = site.add("/gz", Reply(body=HTML * 50, encoding="gzip", headers=headers))
    br_url = site.add("/br", Reply(body=HTML * 50, encoding="br"))
    with _fetcher(user_agent="newsflow-test/1.0 (+mailto:ops@example.com)") as fetcher:
        fetched = fetcher.fetch(gzip_url)
        assert fetched.body == HTML * 50
        assert fetched.validators == Validators('"abc"', "Wed, 09 Jul 2025 08:00:00 GMT")
        assert fetcher.fetch(br_url).body == HTML * 50
    sent = site.requests_to("/gz")[0].headers
    assert sent["user-agent"] == "newsflow-test/1.0 (+mailto:ops@example.com)"
    assert {"gzip", "deflate", "br"} <= {e.strip() for e in sent["accept-encoding"].split(",")}


def test_conditional_get_gets_304_and_keeps_the_validators(site: Site) -> None:
    url = site.add("/feed.xml", Resource(b"<rss/>"))
    with _fetcher() as fetcher:
        first = fetcher.fetch(url)
        second = fetcher.fetch(url, first.validators)
    assert (first.status, second.status) == (200, 304)
    assert second.not_modified
    assert second.validators == first.validators
    conditional = site.requests_to("/feed.xml")[1].headers
    assert conditional["if-none-match"] == '"v1"'
    assert conditional["if-modified-since"] == "Wed, 09 Jul 2025 08:00:00 GMT"


def test_429_with_retry_after_is_waited_for_then_retried(site: Site) -> None:
    busy = Reply(429, b"slow down", headers=(("Retry-After", "1"),))
    url = site.add("/busy", Sequence([busy, Reply(body=HTML)]))
    started = time.monotonic()
    with _fetcher() as fetcher:
        fetched = fetcher.fetch(url)
    assert fetched.body == HTML
    assert fetched.attempts == 2
    assert time.monotonic() - started >= 1.0  # the server's word, not our 10 ms backoff


def test_retry_after_beyond_the_cap_ends_the_fetch_carrying_it(site: Site) -> None:
    url = site.add("/later", Reply(503, b"", headers=(("Retry-After", "3600"),)))
    with _fetcher() as fetcher, pytest.raises(FetchUnavailable, match="wait 3600 s") as caught:
        fetcher.fetch(url)
    assert caught.value.retry_after_s == 3600
    assert len(site.requests_to("/later")) == 1


def test_500_then_success_is_retried(site: Site) -> None:
    url = site.add("/flaky", Sequence([Reply(500, b"oops"), Reply(502, b""), Reply(body=HTML)]))
    with _fetcher() as fetcher:
        fetched = fetcher.fetch(url)
    assert (fetched.body, fetched.attempts) == (HTML, 3)


def test_persistent_5xx_gives_up_after_the_retries(site: Site) -> None:
    url = site.add("/down", Reply(503, b""))
    with _fetcher() as fetcher, pytest.raises(FetchUnavailable, match="gave up after 3 attempts"):
        fetcher.fetch(url)
    assert len(site.requests_to("/down")) == 3


def test_a_timeout_is_transient_and_retried(site: Site) -> None:
    url = site.add("/slow", Sequence([Reply(body=HTML, delay_s=1.0), Reply(body=HTML)]))
    with _fetcher() as fetcher:
        assert fetcher.fetch(url).attempts == 2
    url = site.add("/stuck", Reply(body=HTML, delay_s=1.0))
    with _fetcher(max_retries=0) as fetcher, pytest.raises(FetchUnavailable, match="timed out"):
        fetcher.fetch(url)


def test_404_is_terminal_and_not_retried(site: Site) -> None:
    url = site.url("/missing")
    with _fetcher() as fetcher, pytest.raises(FetchRejected, match="answered 404 Not Found"):
        fetcher.fetch(url)
    assert len(site.requests_to("/missing")) == 1


def test_redirects_are_followed_up_to_the_limit_and_loops_refused(site: Site) -> None:
    site.add("/a", Reply(301, b"", headers=(("Location", "/b"),)))
    site.add("/b", Reply(302, b"", headers=(("Location", "/a"),)))
    for n in range(7):
        site.add(f"/hop{n}", Reply(302, b"", headers=(("Location", f"/hop{n + 1}"),)))
    site.add("/hop7", Reply(body=HTML))
    site.add("/to-file", Reply(302, b"", headers=(("Location", "file:///etc/passwd"),)))
    with _fetcher() as fetcher:
        with pytest.raises(FetchRejected, match=r"redirect loop: .*/a -> .*/b -> .*/a"):
            fetcher.fetch(site.url("/a"))
        with pytest.raises(FetchRejected, match="redirected more than 5 times"):
            fetcher.fetch(site.url("/hop0"))
        fetched = fetcher.fetch(site.url("/hop2"))  # 5 redirects: allowed
        assert fetched.final_url == site.url("/hop7")
        with pytest.raises(FetchRefused, match="only http and https"):
            fetcher.fetch(site.url("/to-file"))


def test_oversized_bodies_are_refused_declared_or_streamed(site: Site) -> None:
    declared = site.add("/big", Reply(body=b"x" * (128 * 1024)))
    streamed = site.add("/endless", Reply(stream_bytes=8 * 1024 * 1024))
    bomb = site.add("/bomb", Reply(body=b"\0" * (2 * 1024 * 1024), encoding="gzip"))
    with _fetcher() as fetcher:
        with pytest.raises(FetchRejected, match=r"declares 131,072 bytes, above the 65,536"):
            fetcher.fetch(declared)
        with pytest.raises(FetchRejected, match="sent more than 65,536 bytes"):
            fetcher.fetch(streamed)
        with pytest.raises(FetchRejected, match="sent more than 65,536 bytes"):
            fetcher.fetch(bomb)  # ~2 KB on the wire, 2 MiB decoded: the cap is on what we keep


def test_robots_disallow_is_obeyed_and_crawl_delay_spaces_requests() -> None:
    with serve() as site:
        robots = (FIXTURES / "feeds" / "robots_disallow.txt").read_bytes()
        site.add("/robots.txt", Reply(body=robots, content_type="text/plain"))
        site.add("/private/a", Reply(body=HTML))
        site.add("/news/a", Reply(body=HTML))
        site.add("/news/b", Reply(body=HTML))
        with _fetcher(max_crawl_delay_s=0.3) as fetcher:
            with pytest.raises(FetchRefused, match=r"robots\.txt disallows .*/private/a"):
                fetcher.fetch(site.url("/private/a"))
            started = time.monotonic()
            fetcher.fetch(site.url("/news/a"))
            fetcher.fetch(site.url("/news/b"))
            assert time.monotonic() - started >= 0.3  # Crawl-delay 2 s, capped at 0.3 s here
        assert site.requests_to("/private/a") == []
        assert len(site.requests_to("/robots.txt")) == 1  # cached


def test_unavailable_robots_txt_defers_the_site() -> None:
    with serve() as site:
        site.add("/robots.txt", Reply(503, b""))
        url = site.add("/news/a", Reply(body=HTML))
        with _fetcher(max_retries=0) as fetcher, pytest.raises(FetchUnavailable, match="robots"):
            fetcher.fetch(url)
        assert site.requests_to("/news/a") == []


def test_per_host_delay_spaces_requests_to_one_site(site: Site) -> None:
    urls = [site.add(f"/p{n}", Reply(body=HTML)) for n in range(3)]
    with _fetcher(per_host_delay_s=0.2) as fetcher:
        started = time.monotonic()
        for url in urls:
            fetcher.fetch(url)
        assert time.monotonic() - started >= 0.4


def test_a_stop_interrupts_waiting_for_a_retry(site: Site) -> None:
    url = site.add("/busy", Reply(429, b"", headers=(("Retry-After", "2"),)))
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with Fetcher(FAST, stop=stop) as fetcher, pytest.raises(Interrupted, match="not retried"):
        fetcher.fetch(url)
    assert time.monotonic() - started < 1.5


def test_each_fetch_is_recorded_with_its_host_latency_and_error(site: Site) -> None:
    slow = site.add("/slow-ok", Reply(body=HTML, delay_s=0.2))
    flaky = site.add("/flaky-ok", Sequence([Reply(503, b""), Reply(body=HTML)]))
    missing = site.url("/missing")
    host = urlsplit(slow).netloc
    with _fetcher() as fetcher:
        fetcher.fetch(slow)  # outside recording(): not kept anywhere
        with recording() as records:
            fetcher.fetch(slow)
            fetcher.fetch(flaky)  # one fetch, two attempts: one record
            with pytest.raises(FetchRejected):
                fetcher.fetch(missing)
    assert [(r.host, r.error) for r in records] == [
        (host, None),
        (host, None),
        (host, "FetchRejected"),
    ]
    assert records[0].seconds >= 0.2
    assert all(r.seconds < 5 for r in records)
