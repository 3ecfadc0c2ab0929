"""What a fingerprint is computed from: an article's text, folded, without repeats.

Boilerplate removal (``pipeline.stages.boilerplate``) already dropped page chrome
and lists of teasers. Here the text is reduced further to what identifies the story:

- lines cut off with an ellipsis (a teaser, or the last line of a truncated copy)
  carry no complete sentence and are left out;
- a paragraph that repeats an earlier one after folding (case, punctuation,
  whitespace and Unicode forms) counts once, so a page that prints a block twice
  has the same exact key as one that prints it once;
- words are folded like ``content_hash`` folds them.

Shingles run across paragraph breaks, so a copy that wraps or joins paragraphs
differently loses at most a few shingles at each break.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np
import numpy.typing as npt

from pipeline.stages.boilerplate import is_teaser_like
from pipeline.stages.textnorm import hash_key


def story_paragraphs(text: str) -> list[str]:
    """The folded paragraphs that identify the story: no teasers, no repeats."""
    seen: set[str] = set()
    kept: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or is_teaser_like(line.strip()):
            continue
        folded = hash_key(line)
        if folded and folded not in seen:
            seen.add(folded)
            kept.append(folded)
    return kept


def exact_key(paragraphs: list[str]) -> str:
    """sha256 of the folded story text: equal for copies that differ only in form."""
    return hashlib.sha256(" ".join(paragraphs).encode("utf-8")).hexdigest()


def lead_key(paragraphs: list[str], words: int) -> str | None:
    """sha256 of the first ``words`` words, for texts at least twice that long.

    Truncated copies (feed excerpts, "continue reading" pages) keep the lead and
    little else, so their Jaccard similarity with the full text can be too low for
    the LSH bands to meet; the lead still finds them as candidates.
    """
    tokens = " ".join(paragraphs).split()
    if len(tokens) < 2 * words:
        return None
    return hashlib.sha256(" ".join(tokens[:words]).encode("utf-8")).hexdigest()


def shingle_hashes(paragraphs: list[str], size: int) -> npt.NDArray[np.uint32]:
    """Distinct 32-bit hashes of the word ``size``-grams of the text (sorted).

    A text shorter than ``size`` words is one shingle. CRC-32 is enough here: it is
    only the input of MinHash, and two of ~1,000 shingles collide with odds of ~1e-4.
    """
    words = " ".join(paragraphs).split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    count = max(1, len(words) - size + 1)
    grams = (" ".join(words[i : i + size]).encode("utf-8") for i in range(count))
    return np.unique(np.fromiter((zlib.crc32(g) for g in grams), dtype=np.uint32, count=count))
