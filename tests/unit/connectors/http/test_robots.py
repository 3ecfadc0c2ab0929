"""robots.txt rules and their cache. The fetch function and the clock are passed in."""

from __future__ import annotations

from connectors.http._robots import RobotsCache, robots_url, rules_from_answer
from schemas import FetchUnavailable
from tests.conftest import FIXTURES

ROBOTS = (FIXTURES / "feeds" / "robots_disallow.txt").read_bytes()


def test_rules_of_a_2xx_answer_are_obeyed() -> None:
    rules = rules_from_answer(200, ROBOTS)
    assert not rules.allows("https://site.example/private/a.html", "newsflow")
    assert rules.allows("https://site.example/news/a.html", "newsflow")
    assert rules.crawl_delay("newsflow") == 2.0


def test_4xx_allows_everything_and_5xx_nothing_for_now() -> None:
    assert rules_from_answer(404, b"").allows("https://site.example/private/x", "newsflow")
    assert rules_from_answer(403, b"").allows("https://site.example/x", "newsflow")
    unavailable = rules_from_answer(503, b"")
    assert unavailable.unavailable == "robots.txt answered 503"
    assert not unavailable.allows("https://site.example/x", "newsflow")


def test_robots_url_is_per_scheme_host_and_port() -> None:
    assert robots_url("https://Site.example:8443/a/b?c=d") == "https://Site.example:8443/robots.txt"


def test_cache_fetches_once_per_site_until_the_ttl() -> None:
    calls: list[str] = []
    now = [0.0]

    def fetch(url: str) -> tuple[int, bytes]:
        calls.append(url)
        return 200, ROBOTS

    cache = RobotsCache(fetch, ttl_s=100, clock=lambda: now[0])
    for path in ("/a", "/b", "/private/c"):
        cache.rules_for(f"https://site.example{path}")
    cache.rules_for("https://other.example/a")
    assert calls == ["https://site.example/robots.txt", "https://other.example/robots.txt"]
    now[0] = 101.0
    cache.rules_for("https://site.example/a")
    assert len(calls) == 3


def test_unreachable_robots_is_remembered_briefly() -> None:
    now = [0.0]

    def fetch(url: str) -> tuple[int, bytes]:
        raise FetchUnavailable(f"{url} timed out")

    cache = RobotsCache(fetch, ttl_s=3600, clock=lambda: now[0])
    rules = cache.rules_for("https://down.example/a")
    assert rules.unavailable
    assert "timed out" in rules.unavailable
    now[0] = 61.0  # well before the TTL: asked again
    assert cache.rules_for("https://down.example/a") is not rules
