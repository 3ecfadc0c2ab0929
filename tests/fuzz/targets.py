"""What a fuzz case is fed to, and what counts as an escape.

A feed goes through ``parse_feed`` (as ``newsflow run`` polls it), through every feed
type's parser (``parse_document``: sitemap, JSON Feed, and the type detected), and ``parse_file``
(as ``newsflow replay`` reads it), and its first entries through extraction; a page
through charset decoding and extraction with its feed entry as the fallback (as a
fetched page is). Any exception that is not an ``IngestError`` is an escape: it
would crash a replay or dead-letter a page that should have fallen back.
"""

from __future__ import annotations

import contextlib

from connectors.files.decode import decode_text
from connectors.files.parse import parse_file
from connectors.http import decode_html
from connectors.rss.config import FeedType
from connectors.rss.formats import parse_document
from connectors.rss.parse import parse_feed
from pipeline.stages.fallback import extract_with_fallback
from schemas import DocumentKind, IngestError, RawDocument

ENTRIES_EXTRACTED = 3
FEED_URL = "https://example.com/feed.xml"
ENTRY = RawDocument(
    origin="https://example.com/story",
    kind=DocumentKind.FEED_ENTRY,
    payload="Officials in Baku met on Tuesday, the feed entry says.",
    url="https://example.com/story",
    title="Feed entry title",
)


def run_feed(data: bytes) -> None:
    try:
        feed = parse_feed(data, origin=FEED_URL)
    except IngestError:
        feed = None
    for kind in (FeedType.SITEMAP, FeedType.JSONFEED, FeedType.AUTO):
        with contextlib.suppress(IngestError):
            parse_document(data, kind, origin=FEED_URL, url=FEED_URL)
    with contextlib.suppress(IngestError):
        parse_file("/fuzz/feed.xml", decode_text(data, "/fuzz/feed.xml"))
    for entry in feed.entries[:ENTRIES_EXTRACTED] if feed else ():
        with contextlib.suppress(IngestError):
            extract_with_fallback(entry)


def run_page(data: bytes) -> None:
    text = decode_html(data, "text/html")
    page = ENTRY.model_copy(update={"kind": DocumentKind.HTML, "payload": text, "fallback": ENTRY})
    extracted = extract_with_fallback(page)  # the entry's text at worst: never raises
    assert extracted.text


TARGETS = {"feed": run_feed, "page": run_page}
