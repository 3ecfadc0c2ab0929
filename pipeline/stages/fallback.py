"""Extract a fetched page, falling back to the feed entry it came from.

A page can fail in ways a feed entry does not: a paywall, a JavaScript shell, a
cookie wall. The entry's own content or summary is then the best text we have;
the article says so in ``extraction_note`` so search users know what they read.
"""

from __future__ import annotations

from pipeline.stages.extract import Extracted, extract
from schemas import ExtractionFailed, RawDocument


def extract_with_fallback(raw: RawDocument) -> Extracted:
    """``extract(raw)``; when it finds no article text, ``extract(raw.fallback)`` instead."""
    try:
        return extract(raw)
    except ExtractionFailed as err:
        if raw.fallback is None:
            raise
        page = raw.url or raw.origin
        note = f"page {page} yielded no article text ({err}); the text is the feed entry's own"
        try:
            return extract(raw.fallback.model_copy(update={"note": note}))
        except ExtractionFailed as again:
            raise ExtractionFailed(
                f"page {page} yielded no article text, and neither did its feed entry"
            ) from again
