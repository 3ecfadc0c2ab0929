"""The Beam DoFn around ``decide_batch``: one keyed batch in, decided articles out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput

from connectors.dedupstate.admin import setup_state_index
from connectors.dedupstate.store import EsStateStore
from connectors.elasticsearch.client import make_client
from connectors.elasticsearch.config import EsConfig
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Decision
from pipeline.dedup.fingerprint import Fingerprinted
from pipeline.dedup.protocol import decide_batch
from schemas import Article, DeadLetter, IngestError

STAGE = "dedup"


def decider_key(item: Fingerprinted, deciders: int) -> tuple[int, Fingerprinted]:
    """Which decider gets the article; exact copies always meet on the same one."""
    return int(item.fingerprint.exact_key[:8], 16) % deciders, item


def linked(article: Article, decision: Decision) -> Article:
    """``article`` with its decision applied (unchanged for an original)."""
    if decision.duplicate_of is None:
        return article
    return article.model_copy(
        update={
            "duplicate_of": decision.duplicate_of,
            "duplicate_similarity": decision.similarity,
        }
    )


class DecideBatchFn(beam.DoFn):  # type: ignore[misc]
    """Decides a batch against the state index; the whole batch is dead-lettered on error."""

    def __init__(self, es: EsConfig, config: DedupConfig, clock: Clock = utc_now) -> None:
        self._es = es
        self._config = config
        self._clock = clock

    def setup(self) -> None:
        self._client = make_client(self._es)
        self._store: EsStateStore | None = None

    def process(
        self, keyed: tuple[int, Iterable[Fingerprinted]]
    ) -> Iterator[Article | TaggedOutput]:
        items = list(keyed[1])
        try:
            decisions = decide_batch(
                self._state(), (i.fingerprint for i in items), self._config, now=self._clock()
            )
        except IngestError as err:
            for item in items:
                yield TaggedOutput(DEAD_LETTER, self._dead_letter(item.article, err))
            return
        for item in items:
            yield linked(item.article, decisions[item.article.id])

    def _state(self) -> EsStateStore:
        # Set up on first use, not in setup(): Elasticsearch being down is then a
        # transient dead letter for the batch, not a crashed pipeline.
        if self._store is None:
            index = setup_state_index(self._client, self._es.index, self._config)
            self._store = EsStateStore(self._client, index, self._es.bulk)
        return self._store

    def teardown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()

    def _dead_letter(self, article: Article, err: IngestError) -> DeadLetter:
        return DeadLetter.build(
            stage=STAGE,
            error=err,
            origin=article.origin,
            payload=article.model_dump_json(),
            failed_at=self._clock(),
            source_feed=article.source_feed,
        )
