"""robots.txt: fetched once per site, cached, and obeyed.

What an answer means follows Google's documented practice (RFC 9309):

- 2xx: the rules in the file (only the first 500 KiB are read);
- 4xx (including 401/403): there are no rules, everything is allowed;
- 5xx, timeouts, connection errors: the site is unavailable, so nothing is
  fetched from it for now (the fetch is a transient failure, retried later).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from schemas.errors import FetchUnavailable

MAX_ROBOTS_BYTES = 500 * 1024
# An unavailable robots.txt is asked for again after this long, not after the full TTL.
UNAVAILABLE_TTL_S = 60.0

# fetch(robots_url) -> (status, body); raises FetchUnavailable when the site does not answer.
RobotsFetch = Callable[[str], tuple[int, bytes]]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one site. ``unavailable`` says why we could not read them, if so."""

    parser: RobotFileParser | None = None
    unavailable: str | None = None

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.unavailable is None
        return bool(self.parser.can_fetch(agent, url))

    def sitemaps(self) -> tuple[str, ...]:
        """The file's ``Sitemap:`` lines, in order, once each."""
        if self.parser is None:
            return ()
        return tuple(dict.fromkeys(self.parser.site_maps() or ()))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def rules_from_answer(status: int, body: bytes) -> RobotsRules:
    """Pure: the rules a robots.txt answer stands for."""
    if 200 <= status < 300:
        parser = RobotFileParser()
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return RobotsRules(parser=parser)
    if 400 <= status < 500:
        return RobotsRules()
    return RobotsRules(unavailable=f"robots.txt answered {status}")


class RobotsCache:
    """Rules per site (scheme, host and port), each fetched once per ``ttl_s``."""

    def __init__(
        self, fetch: RobotsFetch, ttl_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._fetch = fetch
        self._ttl_s = ttl_s
        self._clock = clock
        self._cache: dict[str, tuple[float, RobotsRules]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        site = robots_url(url)
        with self._lock:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch per site even when many lanes ask at once
            cached = self._cache.get(site)
            if cached is not None and cached[0] > self._clock():
                return cached[1]
            try:
                rules = rules_from_answer(*self._fetch(site))
            except FetchUnavailable as err:
                rules = RobotsRules(unavailable=str(err))
            ttl = self._ttl_s if rules.unavailable is None else min(self._ttl_s, UNAVAILABLE_TTL_S)
            self._cache[site] = (self._clock() + ttl, rules)
            return rules
