"""Session fixtures: the real Elasticsearch node every integration test talks to.

If NEWSFLOW_ES_URL is set, tests use that cluster. Otherwise the session starts
the local node from deploy/local-es on its own port and data directory (so a
developer's node on 9200 is left alone) and stops it at the end. There is no
skip: when the node cannot start, the tests that need it fail, loudly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from connectors.elasticsearch import EsConfig, make_client
from connectors.elasticsearch import local as local_es
from tests.support.es import drop_alias

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEST_ES_PORT = int(os.environ.get("NEWSFLOW_TEST_ES_PORT", "9250"))


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("NEWSFLOW_ES_URL")
    if external:
        yield external
        return
    home = tmp_path_factory.mktemp("local-es")
    os.environ["NEWSFLOW_ES_HOME"] = str(home)
    url = local_es.start(port=TEST_ES_PORT)
    try:
        yield url
    finally:
        local_es.run_script("stop", port=TEST_ES_PORT)
        os.environ.pop("NEWSFLOW_ES_HOME", None)


@pytest.fixture(scope="session")
def es_client(es_url: str) -> Iterator[Elasticsearch]:
    client = make_client(EsConfig(url=es_url))
    yield client
    client.close()


@pytest.fixture
def index_name(es_client: Elasticsearch) -> Iterator[str]:
    """A fresh alias name per test; its indices and template are removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    drop_alias(es_client, name)


@pytest.fixture
def es_config(es_url: str, index_name: str) -> EsConfig:
    return EsConfig(url=es_url, index=index_name)
