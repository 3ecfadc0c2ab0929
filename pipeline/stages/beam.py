"""The article stages in Beam: extract, then identify, each through the kernel's
dead-letter wrapper (``pipeline.core.deadletters.apply_stage``)."""

from __future__ import annotations

from typing import Any

from apache_beam.pvalue import PCollection

from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import apply_stage
from pipeline.stages.fallback import extract_with_fallback
from pipeline.stages.identify import identify
from schemas import Article


class _Identify:
    """``identify`` with the clock bound; a class, not a lambda, so it pickles and reads."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def __call__(self, extracted: Any) -> Article:
        return identify(extracted, ingested_at=self._clock())


def to_articles(raw: PCollection, clock: Clock = utc_now) -> tuple[PCollection, list[PCollection]]:
    """RawDocuments to Articles: extract, then identify. Returns articles and dead letters.

    A fetched page that yields no article text is replaced by the feed entry it came
    from (``RawDocument.fallback``); other documents are extracted as they are.
    """
    extracted, dead_extract = apply_stage(raw, "extract", extract_with_fallback, clock)
    articles, dead_identify = apply_stage(extracted, "identify", _Identify(clock), clock)
    return articles, [dead_extract, dead_identify]
