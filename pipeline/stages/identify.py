"""Identify: give an extracted document its deterministic id, hashes and final shape.

The id is what makes a replay idempotent. A document with a URL is identified by
its canonical URL (the same story fetched twice is one document); a document
without one (a local text file) by the hash of its normalised text, so the same
file replayed from anywhere is still one document.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import py3langid

from pipeline.dedup.canonical import canonical_url
from pipeline.stages.extract import Extracted
from pipeline.stages.textnorm import hash_key, word_count
from schemas import Article

# Below this many characters language identification is a coin toss; leave it empty.
MIN_CHARS_FOR_LANGUAGE = 40
__all__ = ["canonical_url", "content_hash", "detect_language", "document_id", "identify"]


def content_hash(text: str) -> str:
    return hashlib.sha256(hash_key(text).encode("utf-8")).hexdigest()


def document_id(canonical: str | None, text_hash: str) -> str:
    """32 hex characters; stable across runs, machines and workers."""
    identity = f"url:{canonical}" if canonical else f"text:{text_hash}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def detect_language(text: str) -> str | None:
    if len(text) < MIN_CHARS_FOR_LANGUAGE:
        return None
    # The first paragraphs decide the language; classifying more costs time, not accuracy.
    language, _score = py3langid.classify(text[:1500])
    return str(language)


def identify(doc: Extracted, *, ingested_at: datetime) -> Article:
    """The Article for ``doc``; ``ingested_at`` is passed in so tests control the clock."""
    canonical = canonical_url(doc.url, declared=doc.declared_canonical)
    text_hash = content_hash(doc.text)
    return Article(
        id=document_id(canonical, text_hash),
        url=doc.url,
        canonical_url=canonical,
        source=doc.source,
        source_feed=doc.source_feed,
        origin=doc.origin,
        title=doc.title,
        text=doc.text,
        summary=doc.summary,
        authors=doc.authors,
        tags=doc.tags,
        language=doc.language or detect_language(doc.text),
        published_at=doc.published_at,
        published_at_source=doc.date_source,
        extraction_note=doc.note,
        extractor=doc.extractor,
        ingested_at=ingested_at,
        content_hash=text_hash,
        word_count=word_count(doc.text),
    )
