"""Bulk indexing in small steps: chunk, send, inspect each item, retry only what can succeed.

Every document handed to ``write_bulk`` gets exactly one ItemResult:

- INDEXED      2xx
- DUPLICATE    409 on ``create``: a document with this deterministic id exists (the
               sink then asks ``revisions`` whether it is a copy or an update)
- REJECTED     any other 4xx item error (mapping, parsing): terminal
- UNAVAILABLE  429/5xx/connection errors that outlasted the retries: transient

Backoff is capped exponential with jitter (``delay`` below); the sleep function
and the random source are parameters so tests run without waiting.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.backoff import equal_jitter
from connectors.elasticsearch.client import RETRYABLE_STATUSES, client_url, translate
from connectors.elasticsearch.config import BulkPolicy
from schemas import Article


class Outcome(StrEnum):
    INDEXED = "indexed"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class EncodedDoc:
    """An Article serialised once: the bytes are both the bulk body and the dead-letter payload."""

    id: str
    origin: str
    body: bytes
    duplicate_of: str | None = None
    source_feed: str | None = None  # for per-source counts and dead letters

    @classmethod
    def of(cls, article: Article) -> EncodedDoc:
        body = json.dumps(article.to_document(), ensure_ascii=False, separators=(",", ":"))
        return cls(
            id=article.id,
            origin=article.origin,
            body=body.encode("utf-8"),
            duplicate_of=article.duplicate_of,
            source_feed=article.source_feed,
        )

    @property
    def payload(self) -> bytes:
        """What a dead letter keeps of the document: the body, to be indexed again."""
        return self.body


@dataclass(frozen=True, slots=True)
class ItemResult:
    doc: EncodedDoc
    outcome: Outcome
    reason: str | None = None
    index: str | None = None  # the concrete index that answered (set on DUPLICATE)
    change: str | None = None  # a DUPLICATE recorded as a copy or an update (revisions.Change)


def chunks(docs: Sequence[EncodedDoc], policy: BulkPolicy) -> Iterator[list[EncodedDoc]]:
    """Split by document count and request bytes; an oversized document travels alone."""
    batch: list[EncodedDoc] = []
    size = 0
    for doc in docs:
        doc_size = len(doc.body) + len(doc.id) + 64  # action line and newlines
        if batch and (len(batch) >= policy.max_docs or size + doc_size > policy.max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(doc)
        size += doc_size
    if batch:
        yield batch


def delay(attempt: int, policy: BulkPolicy, rand: Callable[[], float]) -> float:
    return equal_jitter(attempt, policy.initial_backoff_s, policy.max_backoff_s, rand)


def write_bulk(
    client: Elasticsearch,
    index: str,
    docs: Sequence[EncodedDoc],
    policy: BulkPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float] = random.random,
    observe: Callable[[int, int], None] | None = None,
) -> list[ItemResult]:
    """Index ``docs`` into ``index`` (an alias is fine); one result per document, in order.

    ``observe(documents, attempt)`` is called before each bulk request (attempt 0 is
    the first, higher ones are retries), for the sink's metrics.

    Results are kept by position, not by id: two documents with one id in a batch
    (the same page under two tracking URLs) get one INDEXED and one DUPLICATE.
    """
    results: dict[int, ItemResult] = {}
    offset = 0
    for batch in chunks(docs, policy):
        pending = list(range(offset, offset + len(batch)))
        offset += len(batch)
        for attempt in range(policy.max_retries + 1):
            if observe is not None:
                observe(len(pending), attempt)
            pending, failure = _send(client, index, docs, pending, policy, results)
            if not pending:
                break
            if attempt == policy.max_retries:
                for position in pending:
                    results[position] = ItemResult(docs[position], Outcome.UNAVAILABLE, failure)
                break
            sleep(delay(attempt, policy, rand))
    return [results[position] for position in range(len(docs))]


def _send(
    client: Elasticsearch,
    index: str,
    docs: Sequence[EncodedDoc],
    batch: list[int],
    policy: BulkPolicy,
    results: dict[int, ItemResult],
) -> tuple[list[int], str]:
    """One bulk request; records final results, returns the positions worth retrying and why."""
    operations: list[bytes] = []
    for position in batch:
        doc = docs[position]
        action = {policy.op_type: {"_index": index, "_id": doc.id}}
        operations.append(json.dumps(action).encode("utf-8"))
        operations.append(doc.body)
    try:
        response = client.bulk(operations=operations)  # type: ignore[arg-type]
    except (ApiError, TransportError) as exc:
        error = translate(exc, url=client_url(client), action="bulk index")
        retryable = not isinstance(exc, ApiError) or exc.status_code in RETRYABLE_STATUSES
        if retryable:
            return batch, str(error)
        for position in batch:
            results[position] = ItemResult(docs[position], Outcome.REJECTED, str(error))
        return [], ""
    retry: list[int] = []
    reason = ""
    for position, item in zip(batch, response["items"], strict=True):
        answer = next(iter(item.values()))
        outcome, why = _item_outcome(answer, policy)
        if outcome is None:
            retry.append(position)
            reason = why
        else:
            results[position] = ItemResult(docs[position], outcome, why, answer.get("_index"))
    return retry, reason


def _item_outcome(item: dict[str, Any], policy: BulkPolicy) -> tuple[Outcome | None, str]:
    """The final outcome of one bulk item, or None when it should be retried."""
    status = int(item.get("status", 0))
    if 200 <= status < 300:
        return Outcome.INDEXED, ""
    error = item.get("error") or {}
    why = f"{status} {error.get('type', 'error')}: {error.get('reason', '')}".strip()
    if status == 409 and policy.op_type == "create":
        return Outcome.DUPLICATE, "a document with this id is already indexed"
    if status in RETRYABLE_STATUSES:
        return None, why
    return Outcome.REJECTED, why
