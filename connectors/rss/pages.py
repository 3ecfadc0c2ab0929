"""Turning a new feed entry into the document to extract: its page, or the entry itself.

The page is fetched with the same fetcher as feeds (robots.txt, politeness,
limits). What comes back is an HTML RawDocument that carries the entry as its
``fallback``, so extraction can still use the entry when the page yields nothing.
When the page cannot be fetched at all, the entry itself goes on, with a note
saying why: the article is indexed from the feed's content rather than lost.
"""

from __future__ import annotations

from connectors.http import Fetcher, decode_html
from schemas import DocumentKind, IngestError, Interrupted, RawDocument

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def page_document(entry: RawDocument, fetcher: Fetcher) -> RawDocument:
    """The document for ``entry``. Raises only ``Interrupted`` (the run is stopping)."""
    if not entry.url:
        return _as_fallback(entry, "the feed entry has no link")
    try:
        fetched = fetcher.fetch(entry.url, accept=PAGE_ACCEPT)
    except Interrupted:
        raise
    except IngestError as err:
        return _as_fallback(entry, f"page not fetched: {err}")
    content_type = (fetched.content_type or "text/html").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return _as_fallback(entry, f"page {entry.url} is {content_type}, not HTML")
    # The page, with everything the feed said of it; the entry itself stays as the
    # fallback for a page that yields no article.
    payload = decode_html(fetched.body, fetched.content_type)
    return entry.model_copy(
        update={
            "origin": entry.url,
            "kind": DocumentKind.HTML,
            "payload": payload,
            "note": None,
            "fallback": entry,
        }
    )


def _as_fallback(entry: RawDocument, why: str) -> RawDocument:
    note = f"{why}; the text is the feed entry's own"
    return entry.model_copy(update={"note": note})
