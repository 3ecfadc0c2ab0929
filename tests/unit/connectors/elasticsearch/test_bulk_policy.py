"""Pure parts of the bulk sink: chunking by count and bytes, capped backoff, config checks."""

from __future__ import annotations

import pytest

from connectors.elasticsearch.bulk import EncodedDoc, chunks, delay
from connectors.elasticsearch.config import BulkPolicy, EsConfig
from schemas import ConfigError


def _doc(i: int, size: int) -> EncodedDoc:
    return EncodedDoc(id=f"id{i}", origin=f"o{i}", body=b"x" * size)


def test_chunks_split_by_count() -> None:
    docs = [_doc(i, 10) for i in range(7)]
    sizes = [len(c) for c in chunks(docs, BulkPolicy(max_docs=3))]
    assert sizes == [3, 3, 1]


def test_chunks_split_by_bytes_and_oversized_doc_travels_alone() -> None:
    policy = BulkPolicy(max_docs=100, max_bytes=2000)
    docs = [_doc(0, 1000), _doc(1, 1000), _doc(2, 5000), _doc(3, 10)]
    assert [[d.id for d in c] for c in chunks(docs, policy)] == [["id0"], ["id1"], ["id2"], ["id3"]]


def test_delay_is_capped_exponential_with_bounded_jitter() -> None:
    policy = BulkPolicy(initial_backoff_s=0.5, max_backoff_s=4.0)
    assert [delay(n, policy, lambda: 1.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert [delay(n, policy, lambda: 0.0) for n in range(4)] == [0.25, 0.5, 1.0, 2.0]


def test_bulk_policy_rejects_nonsense() -> None:
    with pytest.raises(ConfigError):
        BulkPolicy(max_docs=0)
    with pytest.raises(ConfigError):
        BulkPolicy(max_retries=-1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "localhost:9200"}, "not an http"),
        ({"url": "http://user:pw@host:9200"}, "not in the URL"),
        ({"index": "News"}, "lower case"),
        ({"index": "_x"}, "invalid"),
        ({"username": "elastic"}, "both"),
    ],
)
def test_es_config_errors_name_the_problem(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        EsConfig(**kwargs)  # type: ignore[arg-type]
