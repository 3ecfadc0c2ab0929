"""An article's fingerprint, and the similarity of two fingerprints. Pure functions.

Similarity is the larger of the estimated Jaccard similarity of the two shingle
sets and the estimated share of the smaller set found in the larger one
(containment). Jaccard alone punishes a truncated copy for what it lacks: the first
half of an article has a Jaccard of about 0.5 with the whole, yet it is plainly a
copy. Containment is derived from the Jaccard estimate and the two set sizes,
``|A ∩ B| = J (|A| + |B|) / (1 + J)``; it is only trusted while the estimate is
not dominated by noise (``MIN_JACCARD_FOR_CONTAINMENT``). Both are symmetric, so
two workers comparing the same pair always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.dedup import minhash
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.text import exact_key, lead_key, shingle_hashes, story_paragraphs
from schemas import Article

# With 128 permutations the Jaccard estimate has a standard error of ~0.03 around
# 0.2; below that, containment derived from it would amplify noise by |B|/|A|.
MIN_JACCARD_FOR_CONTAINMENT = 0.2
# The lead key covers about the first two sentences of a news story.
LEAD_WORDS = 40


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup knows about one article: its keys, its signature and its set size."""

    article_id: str
    exact_key: str
    lead_key: str | None
    signature: bytes
    shingles: int
    band_keys: tuple[str, ...]  # empty when the text is too short for near-duplicates
    published_at: datetime | None
    words: int

    @property
    def claim_keys(self) -> tuple[str, ...]:
        """Every key this article claims: its exact text key, its lead, its bands."""
        lead = (f"l.{self.lead_key}",) if self.lead_key and self.band_keys else ()
        return (f"x.{self.exact_key}", *lead, *self.band_keys)


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    """An article travelling to the decision step with its fingerprint."""

    article: Article
    fingerprint: Fingerprint


def fingerprint(article: Article, config: DedupConfig) -> Fingerprint:
    """The fingerprint of ``article``'s story text under ``config``'s signature shape."""
    paragraphs = story_paragraphs(article.text)
    hashes = shingle_hashes(paragraphs, config.shingle_words)
    sig = minhash.signature(hashes, config.num_perm)
    near = hashes.size >= config.min_shingles
    return Fingerprint(
        article_id=article.id,
        exact_key=exact_key(paragraphs),
        lead_key=lead_key(paragraphs, LEAD_WORDS),
        signature=minhash.to_bytes(sig),
        shingles=int(hashes.size),
        band_keys=minhash.band_keys(sig, config.bands, config.rows) if near else (),
        published_at=article.published_at,
        words=article.word_count,
    )


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """1.0 for the same exact key, else max(Jaccard, containment), both estimated."""
    if a.exact_key == b.exact_key:
        return 1.0
    if not a.band_keys or not b.band_keys:
        return 0.0
    jaccard = minhash.estimated_jaccard(
        minhash.from_bytes(a.signature), minhash.from_bytes(b.signature)
    )
    if jaccard < MIN_JACCARD_FOR_CONTAINMENT:
        return jaccard
    common = jaccard * (a.shingles + b.shingles) / (1.0 + jaccard)
    return min(1.0, max(jaccard, common / min(a.shingles, b.shingles)))


class Fingerprinter:
    """``fingerprint`` with the config bound: a pickleable stage function for Beam."""

    def __init__(self, config: DedupConfig) -> None:
        self._config = config

    def __call__(self, article: Article) -> Fingerprinted:
        return Fingerprinted(article, fingerprint(article, self._config))
