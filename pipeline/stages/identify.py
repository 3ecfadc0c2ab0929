"""Identify: give an extracted document its deterministic id, hashes and final shape.

The id is what makes a replay idempotent. A document with a URL is identified by
its canonical URL (the same story fetched twice is one document); a document
without one (a local text file) by the hash of its normalised text, so the same
file replayed from anywhere is still one document.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

import py3langid

from pipeline.stages.canonical import canonical_url
from pipeline.stages.extract import Extracted
from pipeline.stages.textnorm import hash_key, word_count
from schemas import Article, DateSource
from schemas.errors import redact_urls

# ``url`` is rendered as a link by whoever shows articles (Kibana, a search page): a
# javascript:, data: or vbscript: link there is cross-site scripting waiting for a click.
LINK_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SHOWN_LINK_CHARS = 80

# How far past the ingestion time a publication date may lie (time zones, clock skew).
FUTURE_SLACK = timedelta(days=1)
# Kana is Japanese and Hangul Korean whatever else a text holds; Han alone is Chinese.
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
# A text this share Han (without kana or Hangul) is Chinese; py3langid decides the rest.
HAN_SHARE = 0.3

__all__ = ["canonical_url", "content_hash", "detect_language", "document_id", "identify"]


def content_hash(text: str) -> str:
    return hashlib.sha256(hash_key(text).encode("utf-8")).hexdigest()


def document_id(canonical: str | None, text_hash: str) -> str:
    """32 hex characters; stable across runs, machines and workers."""
    identity = f"url:{canonical}" if canonical else f"text:{text_hash}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def detect_language(text: str) -> str:
    """An ISO 639-1 code for any non-empty text, short ones included (then a best guess).

    The script decides where it is unambiguous (kana: ja, Hangul: ko, mostly Han: zh):
    n-gram models confuse Japanese with Chinese on kanji-heavy headlines.
    """
    # The first paragraphs decide the language; classifying more costs time, not accuracy.
    head = text[:1500]
    letters = sum(ch.isalpha() for ch in head) or 1
    if len(_KANA.findall(head)) >= 0.05 * letters:
        return "ja"
    if len(_HANGUL.findall(head)) >= 0.2 * letters:
        return "ko"
    if len(_HAN.findall(head)) >= HAN_SHARE * letters:
        return "zh"
    language, _score = py3langid.classify(head)
    return str(language)


def linkable(url: str | None, note: str | None) -> tuple[str | None, str | None]:
    """``url`` if it is an http(s) link, else None and a note saying what was dropped."""
    if url is None:
        return None, note
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() in LINK_SCHEMES:
        return url, note
    shown = redact_urls(url if len(url) <= _SHOWN_LINK_CHARS else f"{url[:_SHOWN_LINK_CHARS]}...")
    dropped = f"link {shown!r} not stored as url: only http and https links are"
    return None, f"{note}; {dropped}" if note else dropped


def _language_code(declared: str | None) -> str | None:
    """A page's or feed's declared language ("en-US", "pt_BR") as its primary subtag."""
    if not declared:
        return None
    code = re.split(r"[-_]", declared.strip(), maxsplit=1)[0].casefold()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def identify(doc: Extracted, *, ingested_at: datetime) -> Article:
    """The Article for ``doc``; ``ingested_at`` is passed in so tests control the clock.

    A publication date later than ``ingested_at`` (beyond a day of time-zone slack) is a
    misread or an embargo template, never the truth: the article gets no date instead.
    """
    published, date_source = doc.published_at, doc.date_source
    if published is not None and published > ingested_at + FUTURE_SLACK:
        published, date_source = None, DateSource.NONE
    url, note = linkable(doc.url, doc.note)
    declared, _ = linkable(doc.declared_canonical, None)
    canonical = canonical_url(url, declared=declared)
    text_hash = content_hash(doc.text)
    return Article(
        id=document_id(canonical, text_hash),
        url=url,
        canonical_url=canonical,
        source=doc.source,
        source_feed=doc.source_feed,
        origin=doc.origin,
        title=doc.title,
        text=doc.text,
        summary=doc.summary,
        authors=doc.authors,
        tags=doc.tags,
        language=_language_code(doc.language) or detect_language(f"{doc.title}\n{doc.text}"),
        published_at=published,
        published_at_source=date_source,
        extraction_note=note,
        extractor=doc.extractor,
        ingested_at=ingested_at,
        content_hash=text_hash,
        word_count=word_count(doc.text),
    )
