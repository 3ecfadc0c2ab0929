"""The durable dedup state in Elasticsearch: create-once documents, read back by id.

Three kinds of documents live in one index (``state_index``), told apart by their
id prefix and their ``kind`` field:

- ``s.<article id>`` the article's signature, exact and lead keys and its stamp;
- ``c.<key>`` a claim on one key (exact text, lead or LSH band) by its ``owner``;
- ``d.<article id>`` the article's decision: ``duplicate_of`` and ``similarity``.

All three are written with ``op_type: create``: the first writer of an id wins and
every later writer gets a 409, so Elasticsearch (the primary shard, under its
per-document lock) arbitrates every race. They are read with multi-get, which is
real-time: it sees every acknowledged write whether or not the index has refreshed.
Nothing here searches, so nothing depends on the refresh interval.

Retries follow the sink's ``BulkPolicy``: capped exponential backoff with jitter,
only the failed items again; what still fails raises ``SinkUnavailable``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Mapping

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.bulk import delay
from connectors.elasticsearch.client import RETRYABLE_STATUSES, client_url, translate
from connectors.elasticsearch.config import BulkPolicy
from pipeline.dedup.protocol import Doc
from schemas.errors import DocumentRejected, SinkUnavailable


class EsStateStore:
    """``pipeline.dedup.protocol.StateStore`` on an Elasticsearch index: create-once
    writes (``op_type: create``) and real-time reads (multi-get)."""

    def __init__(
        self,
        client: Elasticsearch,
        index: str,
        policy: BulkPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self._client = client
        self._index = index
        self._policy = policy
        self._sleep = sleep
        self._rand = rand

    @property
    def index(self) -> str:
        return self._index

    def create(self, docs: Mapping[str, Doc]) -> dict[str, bool]:
        """Create each document; True where this call created it, False where it existed."""
        outcome: dict[str, bool] = {}
        pending = list(docs)
        if not pending:
            return outcome
        failure = ""
        for attempt in range(self._policy.max_retries + 1):
            pending, failure = self._create_once(pending, docs, outcome)
            if not pending:
                return outcome
            if attempt < self._policy.max_retries:
                self._sleep(delay(attempt, self._policy, self._rand))
        raise SinkUnavailable(f"dedup state: {len(pending)} writes kept failing: {failure}")

    def get(self, ids: Iterable[str]) -> dict[str, Doc]:
        """The sources of the documents that exist, by id (real-time multi-get)."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        for attempt in range(self._policy.max_retries + 1):
            try:
                response = self._client.mget(index=self._index, ids=wanted, realtime=True)
            except (ApiError, TransportError) as exc:
                error = translate(exc, url=client_url(self._client), action="read dedup state")
                if not error.transient or attempt == self._policy.max_retries:
                    raise error from exc
                self._sleep(delay(attempt, self._policy, self._rand))
                continue
            return {d["_id"]: d["_source"] for d in response["docs"] if d.get("found")}
        raise AssertionError("unreachable: the loop returns or raises")

    def _create_once(
        self, ids: list[str], docs: Mapping[str, Doc], outcome: dict[str, bool]
    ) -> tuple[list[str], str]:
        operations: list[bytes] = []
        for doc_id in ids:
            operations.append(
                json.dumps({"create": {"_index": self._index, "_id": doc_id}}).encode()
            )
            operations.append(json.dumps(docs[doc_id], separators=(",", ":")).encode())
        try:
            response = self._client.bulk(operations=operations)  # type: ignore[arg-type]
        except (ApiError, TransportError) as exc:
            error = translate(exc, url=client_url(self._client), action="write dedup state")
            if not error.transient:
                raise error from exc
            return ids, str(error)
        retry: list[str] = []
        reason = ""
        for doc_id, item in zip(ids, response["items"], strict=True):
            result = item["create"]
            status = int(result.get("status", 0))
            if 200 <= status < 300 or status == 409:
                outcome[doc_id] = status != 409
            elif status in RETRYABLE_STATUSES:
                retry.append(doc_id)
                reason = f"{status} {result.get('error', {}).get('type', '')}"
            else:
                raise DocumentRejected(
                    f"dedup state rejected {doc_id}: {status} {result.get('error')}; "
                    "is the state index from another newsflow version?"
                )
        return retry, reason
