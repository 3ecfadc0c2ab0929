"""Names: transliteration to Latin and folding of romanisation variants into one key."""

from pipeline.names.fold import fold_word
from pipeline.names.key import is_acronym, name_key, skeleton, word_key, word_spans, words
from pipeline.names.translit import to_latin

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
