"""Reading a fetched feed document: undo gzip, parse it as its type, and follow a
sitemap index (or a robots.txt's ``Sitemap:`` lines) to the sitemaps it lists.

The fetcher is passed in, so the sitemaps an index lists are fetched under the same
rules as feeds and pages: the address guard, robots.txt, per-host politeness, the
body cap, retries and Retry-After. Following is bounded: at most ``MAX_SITEMAPS``
sitemaps per poll, and at most ``MAX_DEPTH`` levels (robots.txt -> index -> sitemap).

A gzip sitemap (``sitemap.xml.gz``) arrives as gzip bytes, not as a Content-Encoding
the fetcher undoes; it is decompressed under the same cap, piece by piece.

Conditional GET covers the document the feed names. The sitemaps behind an index are
read afresh on each poll (their state is not kept per sitemap), and the index's own
validators are not kept either: a 304 for the index would say nothing of them.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from connectors.http import Fetched, Fetcher, gunzipped
from connectors.rss.config import FeedSpec, FeedType
from connectors.rss.formats import parse_document
from connectors.rss.parse import ParsedFeed, RejectedEntry
from schemas import FetchUnavailable, IngestError, Interrupted, InvalidInput, RawDocument

MAX_SITEMAPS = 20
MAX_DEPTH = 3
SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, application/gzip;q=0.8, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class Read:
    kind: FeedType
    feed: ParsedFeed
    followed: bool = False  # other sitemaps were read: the validators cover none of them
    listed: tuple[str, ...] = ()  # the sitemaps the document itself lists (index, robots.txt)


def read_feed(
    fetched: Fetched,
    spec: FeedSpec,
    fetcher: Fetcher,
    *,
    max_entries: int,
    max_sitemaps: int = MAX_SITEMAPS,
) -> Read:
    """What ``fetched`` (the feed's 200 answer) holds. Raises ``Interrupted`` or an
    ``IngestError``: ``InvalidInput`` for a document no parser can read, a fetch
    error when every sitemap an index lists failed, ``FetchRejected`` for a gzip bomb."""
    body = gunzipped(fetched.body, fetcher.max_body_bytes, origin=spec.url)
    headers = {"content-type": fetched.content_type} if fetched.content_type else {}
    kind, parsed = parse_document(
        body,
        spec.type,
        origin=spec.url,
        url=fetched.final_url,
        headers=headers,
        source=spec.source,
        max_entries=max_entries,
    )
    if not parsed.sitemaps:
        return Read(kind, parsed)
    seen = {spec.url, fetched.final_url}
    followed = _follow(parsed, spec, fetcher, seen, max_entries, max_sitemaps)
    return Read(kind, followed, followed=True, listed=parsed.sitemaps)


def _follow(
    index: ParsedFeed,
    spec: FeedSpec,
    fetcher: Fetcher,
    seen: set[str],
    max_entries: int,
    max_sitemaps: int,
) -> ParsedFeed:
    """The entries of the sitemaps ``index`` lists (and of the indexes among them)."""
    queue = deque((url, 2) for url in index.sitemaps)
    entries: list[RawDocument] = []
    rejected: list[RejectedEntry] = list(index.rejected)
    problems = [index.problem] if index.problem else []
    errors: list[IngestError] = []
    read = 0
    while queue:
        url, depth = queue.popleft()
        if url in seen:
            continue
        if read >= max_sitemaps:
            left = len({u for u, _ in queue} - seen) + 1
            problems.append(f"{left} more sitemaps not read (at most {max_sitemaps} at a time)")
            break
        seen.add(url)
        read += 1
        try:
            found = _sitemap(url, spec, fetcher, max_entries)
        except Interrupted:
            raise
        except IngestError as err:
            errors.append(err)
            problems.append(f"{url}: {err}")
            if _waits(err):
                left = len({u for u, _ in queue} - seen)
                problems.append(
                    f"the site asks to wait: {left} more sitemaps wait for the next poll"
                )
                break  # its host asked us to slow down: the rest can wait for the next poll
            continue
        entries.extend(found.entries)
        rejected.extend(found.rejected)
        if found.problem:
            problems.append(f"{url}: {found.problem}")
        if found.sitemaps and depth >= MAX_DEPTH:
            problems.append(f"{url} nests sitemaps deeper than {MAX_DEPTH} levels; not followed")
        elif found.sitemaps:
            queue.extend((child, depth + 1) for child in found.sitemaps)
    if errors and len(errors) == read:
        raise errors[-1] if _waits(errors[-1]) else errors[0]  # the poll failed: it backs off
    return ParsedFeed(
        title=index.title,
        link=index.link,
        entries=_newest(entries, max_entries),
        problem="; ".join(problems) or None,
        rejected=tuple(rejected),
    )


def _waits(err: IngestError) -> bool:
    return isinstance(err, FetchUnavailable) and err.retry_after_s is not None


def _sitemap(url: str, spec: FeedSpec, fetcher: Fetcher, max_entries: int) -> ParsedFeed:
    fetched = fetcher.fetch(url, accept=SITEMAP_ACCEPT)
    body = gunzipped(fetched.body, fetcher.max_body_bytes, origin=url)
    if not body.strip():
        raise InvalidInput(f"{url} is empty")
    _kind, parsed = parse_document(
        body,
        FeedType.SITEMAP,
        origin=spec.url,
        url=fetched.final_url,
        source=spec.source,
        max_entries=max_entries,
    )
    return parsed


def _newest(entries: list[RawDocument], limit: int) -> tuple[RawDocument, ...]:
    """One entry per URL, newest first (undated last), at most ``limit``."""
    first: dict[str, RawDocument] = {}
    for doc in entries:
        first.setdefault(doc.url or doc.origin, doc)
    unique = sorted(
        first.values(),
        key=lambda doc: -doc.published_at.timestamp() if doc.published_at else float("inf"),
    )
    return tuple(unique[:limit])
