"""Typed, frozen settings of the fetcher, with named defaults and checks that name the key."""

from __future__ import annotations

from dataclasses import dataclass, fields

from schemas.errors import ConfigError

DEFAULT_USER_AGENT = "newsflow/0.1 (+https://github.com/newsflow/newsflow; news feed reader)"

# Defaults follow StormCrawler's (fetcher.server.delay 1 s, one queue per host) and
# Google's robots.txt practice (500 KiB cap, cache for a day at most).
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_READ_TIMEOUT_S = 20.0
# Shorter than `newsflow run`'s 25 s stop grace: a stop never waits on one request.
DEFAULT_TOTAL_TIMEOUT_S = 20.0
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_PER_HOST_CONCURRENCY = 1
DEFAULT_PER_HOST_DELAY_S = 1.0
DEFAULT_MAX_CONNECTIONS = 16
DEFAULT_MAX_RETRIES = 3
DEFAULT_INITIAL_BACKOFF_S = 1.0
DEFAULT_MAX_BACKOFF_S = 30.0
DEFAULT_MAX_RETRY_AFTER_S = 60.0
DEFAULT_ROBOTS_TTL_S = 3600.0
DEFAULT_MAX_CRAWL_DELAY_S = 30.0


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """How newsflow talks to web servers. Every field is a key of the ``http:`` config section.

    ``max_retry_after_s`` bounds how long one fetch waits in line for a server's
    Retry-After; a longer Retry-After ends the fetch as unavailable, carrying the
    value so the feed's next poll is scheduled after it instead.
    """

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S
    total_timeout_s: float = DEFAULT_TOTAL_TIMEOUT_S
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    per_host_concurrency: int = DEFAULT_PER_HOST_CONCURRENCY
    per_host_delay_s: float = DEFAULT_PER_HOST_DELAY_S
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_retries: int = DEFAULT_MAX_RETRIES
    initial_backoff_s: float = DEFAULT_INITIAL_BACKOFF_S
    max_backoff_s: float = DEFAULT_MAX_BACKOFF_S
    max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S
    obey_robots: bool = True
    robots_ttl_s: float = DEFAULT_ROBOTS_TTL_S
    max_crawl_delay_s: float = DEFAULT_MAX_CRAWL_DELAY_S
    allow_private_networks: bool = False

    def __post_init__(self) -> None:
        if not self.user_agent.strip() or "\n" in self.user_agent:
            raise ConfigError("http.user_agent must be one non-empty line")
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            positive = spec.name.endswith(("timeout_s", "_bytes", "concurrency", "connections"))
            if positive and value <= 0:
                raise ConfigError(f"http.{spec.name} must be positive, got {value}")
            if value < 0:
                raise ConfigError(f"http.{spec.name} must not be negative, got {value}")
        if self.max_redirects > 20:
            raise ConfigError(f"http.max_redirects is {self.max_redirects}; at most 20 allowed")

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against (``newsflow``)."""
        return self.user_agent.split("/", 1)[0].split()[0]
