"""RSS/Atom connector: poll feeds, fetch their articles' pages, remember what was seen.

Public transforms (each a few labelled steps; the work is in the modules):

    PollFeeds         PollTasks -> (PollResults, NewEntries)
    FetchArticles     NewEntries -> (RawDocuments: page or entry, deferred keys)
    CommitFeedStates  (PollResults, deferred keys, settled count) -> saved FeedStates

Dead letters go to the ``DeadLetterCollector`` each transform is given (those of
the commit, which runs after the dead-letter sink, straight to the file).

Parsing never fetches: ``parse`` (RSS/Atom), ``sitemap`` (news sitemaps, indexes),
``jsonfeed`` (JSON Feed 1.0/1.1), the one a feed's type names or its document shows
picked by ``formats``. Polling (``poll``), reading a fetched document (``read``,
which follows sitemap indexes), pages (``pages``) and ``discover`` (a site's feeds
from its home page) get the fetcher passed in; ``state`` is the pure state machine
and ``store`` keeps it in Elasticsearch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.rss.config import FeedPolicy, FeedSpec
    from connectors.rss.parse import ParsedFeed, parse_feed
    from connectors.rss.poll import NewEntry, PollResult, PollTask
    from connectors.rss.state import FeedState, FeedStatus
    from connectors.rss.store import DEFAULT_FEEDS_INDEX, FeedStateStore
    from connectors.rss.transforms import (
        FEEDS_COMMITTED,
        CommitFeedStates,
        FetchArticles,
        PollFeeds,
    )
    from schemas.templates import feeds_index

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.rss.config": ("FeedPolicy", "FeedSpec"),
        "connectors.rss.parse": ("ParsedFeed", "parse_feed"),
        "connectors.rss.poll": ("NewEntry", "PollResult", "PollTask"),
        "connectors.rss.state": ("FeedState", "FeedStatus"),
        "connectors.rss.store": ("DEFAULT_FEEDS_INDEX", "FeedStateStore"),
        "connectors.rss.transforms": (
            "FEEDS_COMMITTED",
            "CommitFeedStates",
            "FetchArticles",
            "PollFeeds",
        ),
        "schemas.templates": ("feeds_index",),
    },
)

__all__ = [
    "DEFAULT_FEEDS_INDEX",
    "FEEDS_COMMITTED",
    "CommitFeedStates",
    "FeedPolicy",
    "FeedSpec",
    "FeedState",
    "FeedStateStore",
    "FeedStatus",
    "FetchArticles",
    "NewEntry",
    "ParsedFeed",
    "PollFeeds",
    "PollResult",
    "PollTask",
    "feeds_index",
    "parse_feed",
]
