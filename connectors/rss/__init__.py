"""RSS/Atom connector. Parsing lives in ``parse``; fetching (httpx) comes with the feeds issue."""

from connectors.rss.parse import ParsedFeed, parse_feed

__all__ = ["ParsedFeed", "parse_feed"]
