"""Russian NER with natasha (MIT): its navec embeddings and slovnet models ship inside
the ``natasha`` package, so it installs with pip and loads offline.

Russian names are inflected ("встретил Олесю" — Олеся in the accusative), so each span
also carries its base form (``NerSpan.normal``), which the name key is made from: one
person is one entity whatever case the sentence puts her in. People and places are
brought to the nominative word by word; an organisation only up to its head noun
("Фонда борьбы с коррупцией" -> "Фонд борьбы с коррупцией": the words after the head
keep their case, as in the name itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.entities.ner import MAX_NER_CHARS, NerSpan
from schemas import ConfigError, EntityType

RUSSIAN_MODEL = "natasha"
_LABELS = {"PER": EntityType.PERSON, "LOC": EntityType.LOCATION, "ORG": EntityType.ORGANIZATION}
_HEAD_POS = ("NOUN", "PROPN")


class NatashaModel:
    """natasha's news NER and morphology tagger, loaded once per worker."""

    language = "ru"
    model = RUSSIAN_MODEL

    def __init__(self) -> None:
        try:
            import natasha
        except ImportError as exc:
            raise ConfigError(
                "Russian NER needs the natasha package: pip install natasha, or leave it "
                "out of the NER models (entities.ner_models)"
            ) from exc
        embedding = natasha.NewsEmbedding()
        self._natasha: Any = natasha
        self._segmenter = natasha.Segmenter()
        self._ner = natasha.NewsNERTagger(embedding)
        self._morph = natasha.NewsMorphTagger(embedding)
        self._vocab = natasha.MorphVocab()
        # The taggers index words with their own vocabularies and keep only navec's
        # quantised vectors: its 250,000-word index (~65 MiB resident) goes.
        embedding.vocab = None

    def spans(self, texts: Sequence[str], batch_size: int) -> list[list[NerSpan]]:
        """The entity spans of each text, each with its base form (``normal``)."""
        del batch_size  # natasha tags one document at a time
        return [self._spans(text[:MAX_NER_CHARS]) for text in texts]

    def _spans(self, text: str) -> list[NerSpan]:
        doc = self._natasha.Doc(text)
        doc.segment(self._segmenter)
        doc.tag_ner(self._ner)
        if not doc.spans:
            return []
        doc.tag_morph(self._morph)
        found = []
        for span in doc.spans:
            entity_type = _LABELS.get(span.type)
            if entity_type is None or not span.tokens:
                continue
            normal = base_form(self._vocab, span.tokens, entity_type)
            found.append(NerSpan(span.start, span.stop, entity_type, normal))
        return found


def base_form(vocab: Any, tokens: Sequence[Any], entity_type: EntityType) -> str:
    """The span in the nominative: every word of a person's or place's name; an
    organisation's words up to and including its first noun."""
    from natasha.norm import inflect_word, recover_shape

    words = []
    inflecting = True
    for token in tokens:
        word = inflect_word(vocab, token) if inflecting else token.text
        words.append(
            recover_shape(word, token.text) if _same_word(word, token.text) else token.text
        )
        if entity_type is EntityType.ORGANIZATION and token.pos in _HEAD_POS:
            inflecting = False
    parts = [words[0]]
    for previous, token, word in zip(tokens, tokens[1:], words[1:], strict=False):
        parts.append(" " * (token.start - previous.stop) + word)
    return "".join(parts)


def _same_word(inflected: str, written: str) -> bool:
    """A case ending changes the last letters only: pymorphy also takes "Высшем" for
    a form of "высокий" and returns "высочайший", which is another word."""
    shorter = min(len(inflected), len(written))
    prefix = 0
    for a, b in zip(inflected.lower(), written.lower(), strict=False):
        if a != b:
            break
        prefix += 1
    return abs(len(inflected) - len(written)) <= 2 and prefix >= shorter - 2
