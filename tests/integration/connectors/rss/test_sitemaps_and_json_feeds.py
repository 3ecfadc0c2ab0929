"""Sitemaps and JSON Feeds polled against a real local server (no Elasticsearch).

Every failure the RSS path handles is exercised for sitemaps (and the body ones for
JSON Feeds) through the same ``poll_feed``: 304, 429 with Retry-After, 5xx, timeouts,
oversized and malformed bodies, private addresses; then what only sitemaps have:
gzip files, indexes (bounded in depth and count, loops, failing sitemaps) and
robots.txt ``Sitemap:`` lines.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from connectors.http import Fetcher
from connectors.rss import FeedSpec, FeedStatus
from connectors.rss.config import FeedType
from connectors.rss.read import MAX_DEPTH, MAX_SITEMAPS
from tests.conftest import FIXTURES
from tests.integration.connectors.rss.conftest import HTTP, NOW, poll_once
from tests.support.web import Reply, Resource, Sequence, Site

FEEDS = FIXTURES / "feeds"
NEWS = (FEEDS / "news_sitemap.xml").read_bytes()
JSON_FEED = (FEEDS / "jsonfeed_1_1.json").read_bytes()
XML = "application/xml"


def _urlset(site: Site, *paths: str) -> bytes:
    urls = "".join(f"<url><loc>{site.url(path)}</loc></url>" for path in paths)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def _index(site: Site, *paths: str) -> bytes:
    maps = "".join(f"<sitemap><loc>{site.url(path)}</loc></sitemap>" for path in paths)
    return f"<sitemapindex>{maps}</sitemapindex>".encode()


@pytest.mark.parametrize(
    ("kind", "body", "count"), [("sitemap", NEWS, 3), ("jsonfeed", JSON_FEED, 4)]
)
def test_a_feed_then_304_then_nothing_new(
    site: Site, fetcher: Fetcher, kind: str, body: bytes, count: int
) -> None:
    spec = FeedSpec(id="wire", url=site.add(f"/{kind}", Resource(body, XML)))
    first = poll_once(fetcher, spec)
    assert (first.result.entries, first.result.new_entries) == (count, count)
    assert first.result.state.status is FeedStatus.OK
    assert first.result.state.etag == '"v1"'
    again = poll_once(fetcher, spec, first.result.state)
    assert again.result.not_modified
    assert site.requests_to(f"/{kind}")[1].headers["if-none-match"] == '"v1"'
    assert "application/feed+json" in site.requests_to(f"/{kind}")[0].headers["accept"]


def test_a_news_sitemap_entry_carries_its_news_fields_and_the_feed_hints(
    site: Site, fetcher: Fetcher
) -> None:
    spec = FeedSpec(id="wire", url=site.add("/n", Resource(NEWS, XML)), tags=("caucasus",))
    aktau = poll_once(fetcher, spec).entries[0].document
    assert aktau.title == "Aktau crash: interim report & what it says"
    assert aktau.tags == ("Azerbaijan Airlines", "Kazakhstan", "caucasus")
    assert (aktau.language, aktau.source, aktau.source_feed) == ("en", "Caucasus Wire", spec.url)


def test_429_with_retry_after_fails_the_poll_and_schedules_after_it(
    site: Site, fetcher: Fetcher
) -> None:
    busy = Reply(429, b"slow down", headers=(("Retry-After", "7200"),))
    spec = FeedSpec(id="busy", url=site.add("/busy.xml", busy), type=FeedType.SITEMAP)
    polled = poll_once(fetcher, spec)
    assert polled.result.failed
    state = polled.result.state
    assert state.status is FeedStatus.ERROR
    assert "429" in (state.last_error or "")
    assert state.next_poll_at is not None
    assert state.next_poll_at >= NOW + timedelta(seconds=7200)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(503, b"down"), "FetchUnavailable: .*503"),
        (Reply(500, b"oops"), "FetchUnavailable: .*500"),
        (Reply(body=NEWS, content_type=XML, delay_s=1.5), "FetchUnavailable: .*timed out"),
        (Reply(stream_bytes=8 * 1024 * 1024), "FetchRejected: .*max_body_bytes"),
        (Reply(404, b""), "FetchRejected: .*404"),
    ],
)
def test_fetch_failures_fail_the_sitemap_poll_and_back_off(
    site: Site, fetcher: Fetcher, reply: Reply, error: str
) -> None:
    spec = FeedSpec(id="s", url=site.add("/s.xml", reply), poll_interval_s=60)
    polled = poll_once(fetcher, spec)
    assert polled.result.failed
    assert polled.dead_letter is None  # the sitemap is polled again, not replayed
    assert re.search(error, polled.result.state.last_error or ""), polled.result.state.last_error
    assert polled.result.state.next_poll_at == NOW + timedelta(seconds=60)


def test_a_trickling_sitemap_times_out(site: Site) -> None:
    url = site.add("/slow.xml", Reply(body=NEWS, content_type=XML, trickle_s=0.05))
    with Fetcher(replace(HTTP, total_timeout_s=0.5)) as slow:
        polled = poll_once(slow, FeedSpec(id="slow", url=url))
    assert polled.result.failed
    assert "timed out" in (polled.result.state.last_error or "")


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        (FeedType.SITEMAP, (FEEDS / "not_a_feed.html").read_bytes()),
        (FeedType.SITEMAP, b"<urlset><url><loc>https://x.example/a"),
        (FeedType.AUTO, b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url>"),
        (FeedType.JSONFEED, b'{"version": "https://jsonfeed.org/version/1.1", "items": ['),
        (FeedType.AUTO, b'{"error": "rate limited"}'),
    ],
)
def test_malformed_bodies_fail_the_poll_with_a_dead_letter(
    site: Site, fetcher: Fetcher, kind: FeedType, body: bytes
) -> None:
    spec = FeedSpec(id="bad", url=site.add("/bad", Reply(body=body, content_type=XML)), type=kind)
    polled = poll_once(fetcher, spec)
    assert polled.result.failed
    assert polled.dead_letter is not None
    assert (polled.dead_letter.stage, polled.dead_letter.error_type) == ("poll", "InvalidInput")
    assert polled.dead_letter.original_bytes() == body


def test_oversized_json_feeds_fail_the_poll(site: Site) -> None:
    big = b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b" " * 20_000 + b"]}"
    url = site.add("/big.json", Reply(body=big, content_type="application/feed+json"))
    with Fetcher(replace(HTTP, max_body_bytes=10_000)) as capped:
        polled = poll_once(capped, FeedSpec(id="big", url=url))
    assert polled.result.failed
    assert "max_body_bytes" in (polled.result.state.last_error or "")


@pytest.mark.parametrize("kind", [FeedType.SITEMAP, FeedType.JSONFEED])
def test_private_addresses_are_refused(site: Site, kind: FeedType) -> None:
    url = site.add("/feed", Resource(NEWS if kind is FeedType.SITEMAP else JSON_FEED, XML))
    with Fetcher(replace(HTTP, allow_private_networks=False)) as guarded:
        polled = poll_once(guarded, FeedSpec(id="p", url=url, type=kind))
    assert polled.result.failed
    assert "FetchRefused" in (polled.result.state.last_error or "")
    assert site.requests_to("/feed") == []


def test_a_gzip_sitemap_is_read_and_a_gzip_bomb_is_refused(site: Site) -> None:
    gz = "application/gzip"
    url = site.add("/news.xml.gz", Reply(body=gzip.compress(NEWS), content_type=gz))
    bomb = site.add("/bomb.xml.gz", Reply(body=gzip.compress(b" " * (4 << 20)), content_type=gz))
    with Fetcher(replace(HTTP, max_body_bytes=1 << 20)) as fetcher:
        assert len(poll_once(fetcher, FeedSpec(id="gz", url=url)).entries) == 3
        refused = poll_once(fetcher, FeedSpec(id="bomb", url=bomb))
    assert refused.result.failed
    assert refused.dead_letter is None
    assert "decompresses to more than" in (refused.result.state.last_error or "")


def test_an_index_is_followed_to_its_sitemaps_and_its_validators_are_not_kept(
    site: Site, fetcher: Fetcher
) -> None:
    site.add("/a.xml", Reply(body=_urlset(site, "/1", "/2"), content_type=XML))
    site.add("/b.xml.gz", Reply(body=gzip.compress(_urlset(site, "/2", "/3")), content_type=XML))
    site.add("/c.xml", Reply(404, b""))
    index = Resource(_index(site, "/a.xml", "/b.xml.gz", "/c.xml", "/index.xml"), XML)
    spec = FeedSpec(id="idx", url=site.add("/index.xml", index))
    polled = poll_once(fetcher, spec)
    assert sorted(e.document.url or "" for e in polled.entries) == [
        site.url(p) for p in ("/1", "/2", "/3")
    ]
    state = polled.result.state
    assert state.status is FeedStatus.OK
    assert "/c.xml answered 404" in (state.problem or "")
    assert (state.etag, state.last_modified) == (None, None)  # read afresh next time
    assert len(site.requests_to("/index.xml")) == 1  # listing itself is no loop
    again = poll_once(fetcher, spec, state)
    assert not again.result.not_modified
    assert again.entries == ()  # everything already seen
    assert "if-none-match" not in site.requests_to("/index.xml")[1].headers


def test_an_index_whose_every_sitemap_fails_fails_the_poll(site: Site, fetcher: Fetcher) -> None:
    site.add("/a.xml", Reply(body=b"<html>gateway</html>", content_type="text/html"))
    site.add("/b.xml", Reply(500, b""))
    spec = FeedSpec(id="i", url=site.add("/i.xml", Reply(body=_index(site, "/a.xml", "/b.xml"))))
    polled = poll_once(fetcher, spec)
    assert polled.result.failed
    assert "InvalidInput" in (polled.result.state.last_error or "")  # the first one's error


def test_a_sitemap_asking_to_wait_stops_the_index_there(site: Site) -> None:
    """A 429 with Retry-After is the site asking us to slow down: the sitemaps after it
    wait for the next poll, which comes after the Retry-After when nothing was read."""
    busy = Reply(429, b"", headers=(("Retry-After", "3600"),))
    site.add("/a.xml", Sequence([busy, Reply(body=_urlset(site, "/1"), content_type=XML)]))
    site.add("/b.xml", Reply(body=_urlset(site, "/2"), content_type=XML))
    spec = FeedSpec(id="i", url=site.add("/i.xml", Reply(body=_index(site, "/a.xml", "/b.xml"))))
    # the host pause a Retry-After sets is capped by http.max_retry_after_s: short here
    with Fetcher(replace(HTTP, max_retry_after_s=0.2)) as fetcher:
        polled = poll_once(fetcher, spec)
        assert polled.result.failed
        assert polled.result.state.next_poll_at == NOW + timedelta(seconds=3600)
        assert site.requests_to("/b.xml") == []
        later = poll_once(fetcher, spec, polled.result.state)
    assert [e.document.url for e in later.entries] == [site.url("/1"), site.url("/2")]


def test_index_depth_and_count_are_bounded(site: Site, fetcher: Fetcher) -> None:
    levels = MAX_DEPTH + 1
    for level in range(1, levels):
        site.add(
            f"/level{level}.xml",
            Reply(body=_index(site, f"/level{level + 1}.xml"), content_type=XML),
        )
    site.add(f"/level{levels}.xml", Reply(body=_urlset(site, "/deep"), content_type=XML))
    deep = poll_once(fetcher, FeedSpec(id="deep", url=site.url("/level1.xml")))
    assert deep.entries == ()
    assert f"deeper than {MAX_DEPTH} levels" in (deep.result.state.problem or "")
    assert site.requests_to(f"/level{levels}.xml") == []

    many = [f"/m{n}.xml" for n in range(MAX_SITEMAPS + 5)]
    for n, path in enumerate(many):
        site.add(path, Reply(body=_urlset(site, f"/story{n}"), content_type=XML))
    wide = poll_once(
        fetcher, FeedSpec(id="wide", url=site.add("/wide.xml", Reply(body=_index(site, *many))))
    )
    assert len(wide.entries) == MAX_SITEMAPS
    assert "5 more sitemaps not read" in (wide.result.state.problem or "")
    assert site.requests_to(many[-1]) == []


def test_robots_txt_sitemap_lines_are_followed(site: Site, fetcher: Fetcher) -> None:
    site.add("/news.xml", Reply(body=_urlset(site, "/1", "/2"), content_type=XML))
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/news.xml')}\n"
    site.add("/robots.txt", Reply(body=robots.encode(), content_type="text/plain"))
    polled = poll_once(fetcher, FeedSpec(id="r", url=site.url("/robots.txt")))
    assert [e.document.url for e in polled.entries] == [site.url("/1"), site.url("/2")]
    empty = Reply(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    site.add("/robots.txt", empty)
    with Fetcher(HTTP) as fresh:  # robots.txt rules are cached per fetcher
        nothing = poll_once(fresh, FeedSpec(id="r", url=site.url("/robots.txt")))
    assert nothing.result.failed
    assert nothing.dead_letter is not None
    assert "lists no sitemap" in nothing.dead_letter.reason


def test_robots_txt_rules_apply_to_the_sitemaps_it_lists(site: Site, fetcher: Fetcher) -> None:
    site.add("/private/news.xml", Reply(body=_urlset(site, "/1"), content_type=XML))
    site.add("/news.xml", Reply(body=_urlset(site, "/2"), content_type=XML))
    robots = (
        f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/private/news.xml')}\n"
        f"Sitemap: {site.url('/news.xml')}\n"
    )
    site.add("/robots.txt", Reply(body=robots.encode(), content_type="text/plain"))
    polled = poll_once(fetcher, FeedSpec(id="r", url=site.url("/robots.txt")))
    assert [e.document.url for e in polled.entries] == [site.url("/2")]
    assert "disallows" in (polled.result.state.problem or "")
    assert site.requests_to("/private/news.xml") == []
