"""Text normalisation shared by the stages: whitespace, Unicode form, hashing keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Control and invisible characters; among them the soft hyphen, a hyphenation hint that
# German pages put inside words (Tran\u00adskrip\u00adta\u00adse), where it would cut a
# word in two for search and for entity linking (Tran, a key of Tehran).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def tidy_text(text: str) -> str:
    """NFC, no control, zero-width or soft-hyphen characters, single spaces, one blank
    line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n\n".join(line for line in lines if line)).strip()


def tidy_line(text: str) -> str:
    """One line of display text, e.g. a title: NFC and single spaces."""
    return " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", text)).split())


def hash_key(text: str) -> str:
    """The form two texts share when they differ only in case, spacing, punctuation or
    Unicode composition: the input of ``content_hash``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut}…"
