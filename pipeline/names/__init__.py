"""Names: transliteration to Latin and folding of romanisation variants into one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from pipeline.names.fold import fold_word
    from pipeline.names.key import is_acronym, name_key, skeleton, word_key, word_spans, words
    from pipeline.names.translit import to_latin

__getattr__ = lazy_exports(
    __name__,
    {
        "pipeline.names.fold": ("fold_word",),
        "pipeline.names.key": (
            "is_acronym",
            "name_key",
            "skeleton",
            "word_key",
            "word_spans",
            "words",
        ),
        "pipeline.names.translit": ("to_latin",),
    },
)

__all__ = [
    "fold_word",
    "is_acronym",
    "name_key",
    "skeleton",
    "to_latin",
    "word_key",
    "word_spans",
    "words",
]
