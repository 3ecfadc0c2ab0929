"""Typed, frozen settings of the feeds connector: what to poll, and how to treat failures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from schemas.errors import ConfigError

DEFAULT_POLL_INTERVAL_S = 900.0
DEFAULT_FAILING_AFTER = 5
DEFAULT_MAX_BACKOFF_S = 6 * 3600.0
# A feed document lists 10-100 entries; remembering this many keys per feed spans
# many documents, so an entry that drops out and comes back is still recognised.
DEFAULT_MAX_SEEN = 1000
# New entries one poll hands on; the rest come with the next cycle. Bounds a cycle's
# memory when a feed is added with a long backlog.
DEFAULT_MAX_NEW_ENTRIES = 100
# How long one cycle of `newsflow run` may fetch: a slow site's remaining work is then
# deferred to the next cycle, so it delays no other site's feeds by more than a cycle.
DEFAULT_CYCLE_DEADLINE_S = 300.0
FEED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class FeedType(StrEnum):
    """What a feed's document is; ``auto`` tells it from the document itself (see ``formats``)."""

    AUTO = "auto"
    RSS = "rss"  # RSS 0.9x, 1.0, 2.0 and Atom, read by feedparser
    SITEMAP = "sitemap"  # a (news) sitemap, a sitemap index, or a robots.txt's Sitemap: lines
    JSONFEED = "jsonfeed"  # JSON Feed 1.0 and 1.1


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed of the ``feeds:`` list (or of an OPML file)."""

    id: str
    url: str
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S
    language: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    type: FeedType = FeedType.AUTO

    def __post_init__(self) -> None:
        if not FEED_ID.match(self.id):
            raise ConfigError(
                f"feed id {self.id!r} is invalid: use letters, digits, '.', '_' or '-'"
            )
        if self.poll_interval_s <= 0:
            raise ConfigError(f"feed {self.id}: poll_interval must be positive")


@dataclass(frozen=True, slots=True)
class FeedPolicy:
    """How polling reacts to failures; the ``feed_defaults:`` section of the config file.

    A failing feed is polled again after its interval times 2^(failures - 1), at
    most ``max_backoff_s`` later (or after the server's Retry-After when longer);
    after ``failing_after`` consecutive failures its status becomes ``failing``,
    which ``newsflow feeds status`` shows. It is never dropped.
    """

    failing_after: int = DEFAULT_FAILING_AFTER
    max_backoff_s: float = DEFAULT_MAX_BACKOFF_S
    max_seen: int = DEFAULT_MAX_SEEN
    max_new_entries: int = DEFAULT_MAX_NEW_ENTRIES
    jitter: float = 0.1  # share of the interval added at random, to spread polls out
    cycle_deadline_s: float = DEFAULT_CYCLE_DEADLINE_S  # see connectors.rss.lanes.CycleStop

    def __post_init__(self) -> None:
        if min(self.failing_after, self.max_seen, self.max_new_entries) < 1:
            raise ConfigError(
                "feed_defaults: failing_after, max_seen and max_new_entries must be >= 1"
            )
        if self.max_backoff_s <= 0:
            raise ConfigError("feed_defaults.max_backoff must be positive")
        if self.cycle_deadline_s <= 0:
            raise ConfigError("feed_defaults.cycle_deadline must be positive")
        if not 0 <= self.jitter <= 1:
            raise ConfigError("feed_defaults.jitter must be between 0 and 1")
