"""The bulk writer against the real node: outcomes, idempotence, rejections, retries."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from connectors.elasticsearch import (
    BulkPolicy,
    EncodedDoc,
    EsConfig,
    Outcome,
    make_client,
    setup_index,
    write_bulk,
)
from schemas import Article
from tests.support.faulty_proxy import Faults, closed_port_url, faulty_proxy

pytestmark = pytest.mark.es
NOW = datetime(2025, 7, 9, tzinfo=UTC)


def _article(i: int) -> Article:
    return Article(
        id=f"doc-{i:04d}",
        origin=f"test://{i}",
        title=f"Title {i}",
        text=f"Body of article {i} about Baku and Moscow.",
        ingested_at=NOW,
        content_hash=f"{i:064x}",
        word_count=7,
    )


def _docs(n: int) -> list[EncodedDoc]:
    return [EncodedDoc.of(_article(i)) for i in range(n)]


class _Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def test_two_documents_with_one_id_in_a_batch_are_one_indexed_one_duplicate(
    es_client: Elasticsearch, index_name: str
) -> None:
    # The same page reached through two tracking URLs: one canonical URL, one id.
    setup_index(es_client, index_name)
    twin = EncodedDoc.of(_article(1).model_copy(update={"origin": "test://other-link"}))
    results = write_bulk(es_client, index_name, [*_docs(3), twin], BulkPolicy())
    assert [r.outcome for r in results] == [Outcome.INDEXED] * 3 + [Outcome.DUPLICATE]
    assert results[3].doc.origin == "test://other-link"


def test_index_then_replay_counts_duplicates(es_client: Elasticsearch, index_name: str) -> None:
    setup_index(es_client, index_name)
    docs = _docs(30)
    requests: list[tuple[int, int]] = []
    first = write_bulk(
        es_client, index_name, docs, BulkPolicy(max_docs=7), observe=lambda *r: requests.append(r)
    )
    assert requests == [(7, 0), (7, 0), (7, 0), (7, 0), (2, 0)]  # (documents, attempt)
    second = write_bulk(es_client, index_name, docs, BulkPolicy(max_docs=7))
    es_client.indices.refresh(index=index_name)
    assert [r.outcome for r in first] == [Outcome.INDEXED] * 30
    assert [r.outcome for r in second] == [Outcome.DUPLICATE] * 30
    assert es_client.count(index=index_name)["count"] == 30
    stored = es_client.get(index=index_name, id="doc-0003")["_source"]
    assert stored["title"] == "Title 3"
    assert stored["ingested_at"] == "2025-07-09T00:00:00Z"


def test_overwrite_policy_reindexes(es_client: Elasticsearch, index_name: str) -> None:
    setup_index(es_client, index_name)
    docs = _docs(3)
    write_bulk(es_client, index_name, docs, BulkPolicy())
    again = write_bulk(es_client, index_name, docs, BulkPolicy(op_type="index"))
    assert [r.outcome for r in again] == [Outcome.INDEXED] * 3


def test_mapping_rejection_is_terminal_per_item(es_client: Elasticsearch, index_name: str) -> None:
    setup_index(es_client, index_name)
    good = _docs(2)
    body = json.loads(good[1].body)
    body["unexpected_field"] = "strict mappings refuse this"
    bad = EncodedDoc(id="doc-bad", origin="test://bad", body=json.dumps(body).encode())
    wrong_type = json.loads(good[0].body)
    wrong_type["word_count"] = "not a number"
    bad_type = EncodedDoc(
        id="doc-bad-type", origin="test://bad2", body=json.dumps(wrong_type).encode()
    )
    results = write_bulk(es_client, index_name, [good[0], bad, bad_type], BulkPolicy())
    assert [r.outcome for r in results] == [Outcome.INDEXED, Outcome.REJECTED, Outcome.REJECTED]
    assert "strict_dynamic_mapping_exception" in (results[1].reason or "")
    assert "document_parsing_exception" in (results[2].reason or "")


def test_retries_429_then_succeeds(es_url: str, index_name: str, es_client: Elasticsearch) -> None:
    setup_index(es_client, index_name)
    faults = Faults(bulk_status=429, bulk_failures=2)
    sleeps = _Sleeps()
    with faulty_proxy(es_url, faults) as proxy_url:
        client = make_client(EsConfig(url=proxy_url, index=index_name))
        policy = BulkPolicy(max_retries=3, initial_backoff_s=0.01, max_backoff_s=0.05)
        requests: list[tuple[int, int]] = []
        results = write_bulk(
            client,
            index_name,
            _docs(5),
            policy,
            sleep=sleeps,
            rand=lambda: 1.0,
            observe=lambda *r: requests.append(r),
        )
        client.close()
    assert [r.outcome for r in results] == [Outcome.INDEXED] * 5
    assert faults.seen_bulk == 3
    assert requests == [(5, 0), (5, 1), (5, 2)]
    assert sleeps.calls == [0.01, 0.02]


def test_gives_up_after_capped_retries_on_503(
    es_url: str, index_name: str, es_client: Elasticsearch
) -> None:
    setup_index(es_client, index_name)
    faults = Faults(bulk_status=503, bulk_failures=100)
    sleeps = _Sleeps()
    with faulty_proxy(es_url, faults) as proxy_url:
        client = make_client(EsConfig(url=proxy_url, index=index_name))
        policy = BulkPolicy(max_retries=2, initial_backoff_s=0.01, max_backoff_s=0.01)
        results = write_bulk(client, index_name, _docs(3), policy, sleep=sleeps, rand=lambda: 0.0)
        client.close()
    assert [r.outcome for r in results] == [Outcome.UNAVAILABLE] * 3
    assert "503" in (results[0].reason or "")
    assert faults.seen_bulk == 3
    assert len(sleeps.calls) == 2


def test_node_down_gives_unavailable_with_reason() -> None:
    url = closed_port_url()
    client = make_client(EsConfig(url=url, request_timeout_s=2))
    sleeps = _Sleeps()
    results = write_bulk(client, "news", _docs(2), BulkPolicy(max_retries=1), sleep=sleeps)
    client.close()
    assert [r.outcome for r in results] == [Outcome.UNAVAILABLE] * 2
    assert "cannot reach Elasticsearch" in (results[0].reason or "")
    assert len(sleeps.calls) == 1
