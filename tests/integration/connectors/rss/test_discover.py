"""Discovery against a real local site: what it finds, how, and the fetcher rules it obeys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from connectors.http import Fetcher
from connectors.rss.config import FeedType
from connectors.rss.discover import COMMON, COMMON_PATHS, GIVEN, LINKED, ROBOTS, discover
from schemas import FetchRefused, FetchRejected
from tests.conftest import FIXTURES
from tests.integration.connectors.rss.conftest import HTTP
from tests.support.seed_site import stage_seed_feeds
from tests.support.web import Reply, Resource, Site

FEEDS = FIXTURES / "feeds"


def test_the_seed_site_gives_its_rss_feed_json_feed_and_sitemap(
    site: Site, fetcher: Fetcher
) -> None:
    urls = stage_seed_feeds(site)
    found = discover(site.url("/"), fetcher, sample=2)
    by_url = {item.url: item for item in found.found}
    assert set(by_url) == set(urls.values())
    for kind, url in urls.items():
        item = by_url[url]
        assert item.kind is FeedType(kind)
        assert item.entries == 5
        assert len(item.sample) == 2
        assert all(doc.url and doc.url.startswith(site.base_url) for doc in item.sample)
    assert by_url[urls["rss"]].via == LINKED
    assert by_url[urls["jsonfeed"]].via == LINKED
    assert by_url[urls["sitemap"]].via == ROBOTS
    assert by_url[urls["rss"]].title == "Seed News"
    # every common path was asked for once (the ones found already were not asked again)
    skipped = dict(found.skipped)
    assert all(site.url(p) in skipped for p in COMMON_PATHS if site.url(p) not in by_url)
    assert len(site.requests_to("/seeds.xml")) == 1


def test_feeds_at_common_paths_and_a_sitemap_index(site: Site, fetcher: Fetcher) -> None:
    site.add("/", Reply(body=b"<html><head><title>No links</title></head><body></body></html>"))
    site.add("/feed.json", Resource((FEEDS / "jsonfeed_1_0.json").read_bytes(), "application/json"))
    news = (FEEDS / "news_sitemap.xml").read_bytes()
    site.add("/news.xml", Reply(body=news, content_type="application/xml"))
    index = f"<sitemapindex><sitemap><loc>{site.url('/news.xml')}</loc></sitemap></sitemapindex>"
    site.add("/sitemap.xml", Reply(body=index.encode(), content_type="application/xml"))
    site.add("/feed", Reply(301, headers=(("Location", "/feed.json"),)))  # one feed, two paths
    site.add("/rss", Reply(body=b"<html><body>Soft 404</body></html>"))
    found = discover(site.url("/"), fetcher)
    by_url = {item.url: item for item in found.found}
    assert set(by_url) == {site.url("/feed.json"), site.url("/sitemap.xml")}
    assert {item.via for item in found.found} == {COMMON}
    sitemap = by_url[site.url("/sitemap.xml")]
    assert (sitemap.kind, sitemap.sitemaps, sitemap.entries) == (FeedType.SITEMAP, 1, 3)
    assert sitemap.sample[0].title == "Aktau crash: interim report & what it says"
    assert "is an HTML page, not a feed" in dict(found.skipped)[site.url("/rss")]
    assert not discover(site.url("/"), fetcher, guess=False).found


def test_a_feed_url_given_is_reported_as_itself(site: Site, fetcher: Fetcher) -> None:
    body = (FEEDS / "rss2_content_creator.xml").read_bytes()
    url = site.add("/feed/", Resource(body))
    (item,) = discover(url, fetcher, guess=False).found
    assert (item.url, item.kind, item.via, item.entries) == (url, FeedType.RSS, GIVEN, 3)


def test_robots_txt_is_obeyed_for_every_candidate(site: Site, fetcher: Fetcher) -> None:
    site.add("/", Reply(body=b'<html><head><link rel="alternate" type="application/rss+xml" '
                             b'href="/private/feed.xml"></head></html>'))  # fmt: skip
    site.add("/private/feed.xml", Resource((FEEDS / "rss2_content_creator.xml").read_bytes()))
    site.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    found = discover(site.url("/"), fetcher, guess=False)
    assert found.found == ()
    assert "disallows" in dict(found.skipped)[site.url("/private/feed.xml")]
    assert site.requests_to("/private/feed.xml") == []


def test_private_addresses_and_oversized_pages_are_refused(site: Site) -> None:
    site.add("/", Reply(stream_bytes=4 * 1024 * 1024))
    guarded = Fetcher(replace(HTTP, allow_private_networks=False))
    with guarded, pytest.raises(FetchRefused):
        discover(site.url("/"), guarded)
    assert site.requests_to("/") == []
    capped = Fetcher(replace(HTTP, max_body_bytes=1024 * 1024))
    with capped, pytest.raises(FetchRejected, match="max_body_bytes"):
        discover(site.url("/"), capped)


def test_an_oversized_or_malformed_candidate_is_skipped_not_fatal(site: Site) -> None:
    site.add("/", Reply(body=b"<html><head></head></html>"))
    site.add(
        "/feed.json", Reply(body=b'{"items": [' + b" " * 300_000, content_type="application/json")
    )
    site.add("/rss.xml", Reply(body=b"<rss><channel><item><title>x", content_type="text/xml"))
    site.add("/sitemap.xml", Reply(stream_bytes=2 * 1024 * 1024))
    with Fetcher(replace(HTTP, max_body_bytes=1024 * 1024)) as capped:
        found = discover(site.url("/"), capped)
    skipped = dict(found.skipped)
    assert "malformed JSON Feed" in skipped[site.url("/feed.json")]
    assert "max_body_bytes" in skipped[site.url("/sitemap.xml")]
    assert found.found == ()
    assert skipped[site.url("/rss.xml")].startswith(f"malformed feed {site.url('/rss.xml')}")
