"""``newsflow feeds discover URL``: what discovery found, as config ready to paste.

The feeds go to stdout as a ``feeds:`` list (each with its type pinned, and its
sample of entries as comments above it), so ``> feeds.yaml`` gives a file
``newsflow run`` loads; what was tried and is no feed goes to stderr.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import yaml

from connectors.http import Fetcher, HttpConfig
from connectors.rss.config import FEED_ID
from connectors.rss.discover import Discovery, Found, discover

_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_ID = 100


def run_discovery(url: str, http: HttpConfig, *, sample: int, guess: bool) -> Discovery:
    with Fetcher(http) as fetcher:
        return discover(url, fetcher, sample=sample, guess=guess)


def as_config(found: Discovery) -> str:
    """The feeds found, as the ``feeds:`` section of a config file."""
    lines = [f"# feeds and sitemaps found from {found.page} by newsflow feeds discover"]
    if not found.found:
        return "\n".join([*lines, "# none found", "feeds: []", ""])
    lines.append("feeds:")
    for item, feed_id in zip(found.found, _ids(found.found), strict=True):
        lines.extend(f"  # {_line(text)}" for text in _described(item))
        entry = {"id": feed_id, "url": item.url, "type": item.kind.value}
        dumped = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True)
        lines.extend(f"  {line}" for line in dumped.splitlines())
    return "\n".join(lines) + "\n"


def as_json(found: Discovery) -> list[dict[str, Any]]:
    return [
        {
            "url": item.url,
            "type": item.kind.value,
            "found_by": item.via,
            "title": item.title,
            "entries": item.entries,
            "sitemaps": item.sitemaps,
            "problem": item.problem,
            "sample": [
                {
                    "title": doc.title,
                    "url": doc.url,
                    "published_at": doc.published_at.isoformat() if doc.published_at else None,
                }
                for doc in item.sample
            ],
        }
        for item in found.found
    ]


def _described(item: Found) -> list[str]:
    what = f"{item.title} - " if item.title else ""
    listed = f", an index of {item.sitemaps} sitemaps" if item.sitemaps else ""
    lines = [f"{what}{item.kind.value}{listed}, {item.entries} entries; found by {item.via}"]
    if item.problem:
        lines.append(f"problem: {item.problem}")
    for doc in item.sample:
        date = doc.published_at.date().isoformat() if doc.published_at else "(no date)"
        lines.append(f"  {date}  {doc.title or '(no title)'}  {doc.url or doc.origin}")
    return lines


def _ids(found: tuple[Found, ...]) -> list[str]:
    """A readable id per feed (host and path), unique within the list."""
    ids: list[str] = []
    for item in found:
        parts = urlsplit(item.url)
        base = _NOT_ID.sub("-", f"{parts.hostname or 'feed'}{parts.path}").strip("-._")
        base = base[:_MAX_ID] or "feed"
        feed_id, number = base, 2
        while feed_id in ids or not FEED_ID.match(feed_id):
            feed_id, number = f"{base}-{number}", number + 1
        ids.append(feed_id)
    return ids


def _line(text: str) -> str:
    """One comment line, whatever line breaks a title carries."""
    return text.replace("\r", " ").replace("\n", " ")
