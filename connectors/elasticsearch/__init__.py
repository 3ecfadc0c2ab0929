"""Elasticsearch connector: configuration, index setup, and the bulk sink transform."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.elasticsearch.admin import IndexStatus, SetupResult, index_status, setup_index
    from connectors.elasticsearch.bulk import EncodedDoc, ItemResult, Outcome, write_bulk
    from connectors.elasticsearch.client import make_client
    from connectors.elasticsearch.config import BulkPolicy, EsConfig
    from connectors.elasticsearch.transforms import WriteToElasticsearch

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.elasticsearch.admin": (
            "IndexStatus",
            "SetupResult",
            "index_status",
            "setup_index",
        ),
        "connectors.elasticsearch.bulk": ("EncodedDoc", "ItemResult", "Outcome", "write_bulk"),
        "connectors.elasticsearch.client": ("make_client",),
        "connectors.elasticsearch.config": ("BulkPolicy", "EsConfig"),
        "connectors.elasticsearch.transforms": ("WriteToElasticsearch",),
    },
)

__all__ = [
    "BulkPolicy",
    "EncodedDoc",
    "EsConfig",
    "IndexStatus",
    "ItemResult",
    "Outcome",
    "SetupResult",
    "WriteToElasticsearch",
    "index_status",
    "make_client",
    "setup_index",
    "write_bulk",
]
