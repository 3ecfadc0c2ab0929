"""Turning a dead letter back into the element its stage failed on (pure, no I/O).

Which stage a dead letter re-enters the pipeline at depends on where it failed and
what it kept (``DeadLetter.payload``, the original input inlined up to 1 MiB):

    read      the file's bytes (or one JSON Lines record)  -> decode + parse again
    extract   the RawDocument as JSON                       -> extract, identify, ...
    dedup     the Article as JSON                           -> dedup, entities, index
    entities  the Article as JSON                           -> entities, index
    sink      the Article as JSON                           -> index again

``identify`` letters do not carry their input, and letters whose payload was too
large to inline only have its size and hash: those cannot be replayed here, and
``replayable`` says so (the caller keeps them in the dead-letter file).
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from connectors.files.decode import decode_text
from connectors.files.parse import RecordError, parse_file
from schemas import Article, DeadLetter, InvalidInput, RawDocument

# Stages whose dead letters carry the Article they failed on.
ARTICLE_STAGES = ("dedup", "entities", "sink")
RESUMABLE_STAGES = ("read", "extract", *ARTICLE_STAGES)
# "/data/in.jsonl:7" is record 7 of /data/in.jsonl
_RECORD_SUFFIX = re.compile(r":\d+$")


def replayable(letter: DeadLetter) -> bool:
    return letter.stage in RESUMABLE_STAGES and letter.payload is not None


def resume(letter: DeadLetter) -> list[RawDocument | Article]:
    """What to feed back into the pipeline for ``letter``; raises IngestError if it
    fails again (the caller dead-letters it anew, under the same stage)."""
    data = letter.original_bytes()
    if data is None or letter.stage not in RESUMABLE_STAGES:
        raise InvalidInput(f"{letter.origin}: a {letter.stage!r} dead letter without its input")
    try:
        if letter.stage in ARTICLE_STAGES:
            return [Article.model_validate_json(data)]
        if letter.stage == "extract":
            return [RawDocument.model_validate_json(data)]
    except ValidationError as exc:
        raise InvalidInput(f"{letter.origin}: payload is not a valid {letter.stage} input") from exc
    path = _RECORD_SUFFIX.sub("", letter.origin)
    documents: list[RawDocument | Article] = []
    for item in parse_file(path, decode_text(data, letter.origin)):
        if isinstance(item, RecordError):
            raise item.error
        documents.append(item.model_copy(update={"origin": letter.origin}))
    return documents
