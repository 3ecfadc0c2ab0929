"""Cleaning that never destroys an article.

The line rules are general, so on some page they will be wrong. When cleaning would
remove most of what the extractor kept (more than ``GUARD_SHARE`` of its words, counted
script-aware), the extractor's text is kept as it was and the article's
``extraction_note`` says so: a page with some chrome beats a lost article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.boilerplate import RemovedLine, TextOrigin, clean_lines, word_count

__all__ = ["Cleaned", "clean_guarded"]

GUARD_SHARE = 0.5
# Below this many words a text is all label or all article; the rules decide alone.
GUARD_MIN_WORDS = 30


@dataclass(frozen=True, slots=True)
class Cleaned:
    lines: list[str]
    removed: list[RemovedLine]
    note: str | None = None


def clean_guarded(lines: Sequence[str], *, origin: TextOrigin = "scraped") -> Cleaned:
    """``clean_lines``, unless it would remove most of the text (see the module docstring)."""
    kept, removed = clean_lines(lines, origin=origin)
    total = sum(word_count(line) for line in lines)
    lost = total - sum(word_count(line) for line in kept)
    if total < GUARD_MIN_WORDS or lost <= GUARD_SHARE * total:
        return Cleaned(kept, removed)
    note = f"cleaning would have removed {lost} of {total} words; the text is kept as extracted"
    return Cleaned([line.strip() for line in lines if line.strip()], [], note)
