"""The article stages in Beam: extract, then identify, each through the kernel's
dead-letter wrapper (``pipeline.core.deadletters.apply_stage``)."""

from __future__ import annotations

from typing import Any

from apache_beam.pvalue import PCollection

from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DeadLetterCollector, apply_stage
from pipeline.stages.fallback import extract_with_fallback
from pipeline.stages.identify import identify
from schemas import Article, Stage


class _Identify:
    """``identify`` with the clock bound; a class, not a lambda, so it pickles and reads."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def __call__(self, extracted: Any) -> Article:
        return identify(extracted, ingested_at=self._clock())


def to_articles(raw: PCollection, dead: DeadLetterCollector, clock: Clock = utc_now) -> PCollection:
    """RawDocuments to Articles: extract, then identify; failures go to ``dead``.

    A fetched page that yields no article text is replaced by the feed entry it came
    from (``RawDocument.fallback``); other documents are extracted as they are.
    """
    extracted = apply_stage(raw, Stage.EXTRACT, extract_with_fallback, dead, clock)
    return apply_stage(extracted, Stage.IDENTIFY, _Identify(clock), dead, clock)
