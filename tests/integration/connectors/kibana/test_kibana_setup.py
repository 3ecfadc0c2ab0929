"""`newsflow kibana setup` against a strict stand-in for Kibana's import API on 127.0.0.1,
and the dashboard's fields against the real Elasticsearch node."""

from __future__ import annotations

import json
import subprocess
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from connectors.elasticsearch import setup_index
from connectors.rss import FeedSpec, FeedStateStore
from connectors.rss.state import state_for
from schemas import DeadLetter, InvalidInput
from schemas.kibana_objects import (
    DEAD_LETTER_STAGE_FIELD,
    FEED_FAILURES_FIELD,
    FEED_ID_FIELD,
    FEED_STATUS_FIELD,
    FEED_TIME_FIELD,
    NDJSON_PATH,
)
from tests.support import fake_kibana
from tests.support.cli import clean_env, newsflow
from tests.support.faulty_proxy import closed_port_url

SHIPPED = [json.loads(line) for line in NDJSON_PATH.read_text(encoding="utf-8").splitlines()]


def _setup(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return newsflow("kibana", "setup", *args, env=clean_env(**env), timeout_s=120)


def _basic() -> dict[str, str]:
    return {
        "NEWSFLOW_KIBANA_USERNAME": fake_kibana.USERNAME,
        "NEWSFLOW_KIBANA_PASSWORD": fake_kibana.PASSWORD,
    }


def test_setup_posts_the_saved_objects_as_kibana_expects() -> None:
    with fake_kibana.fake_kibana() as kibana:
        done = _setup("--kibana-url", kibana.url, "--index", "articles", **_basic())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"imported {len(SHIPPED)} saved objects into Kibana at ")
    (request,) = kibana.requests
    assert (request.method, request.path) == ("POST", "/api/saved_objects/_import")
    assert request.query == {"overwrite": ["true"]}
    assert request.headers["kbn-xsrf"]
    assert request.headers["authorization"].startswith("Basic ")
    assert request.filename
    assert request.filename.endswith(".ndjson")
    assert request.part_content_type == "application/ndjson"
    assert [(o["type"], o["id"]) for o in request.objects] == [
        (o["type"], o["id"]) for o in SHIPPED
    ]
    (news,) = [o for o in request.objects if o["id"] == "newsflow-news"]
    assert news["attributes"]["title"] == "articles"


def test_api_key_and_space() -> None:
    with fake_kibana.fake_kibana() as kibana:
        done = _setup(
            "--kibana-url",
            kibana.url,
            "--space",
            "ops",
            NEWSFLOW_KIBANA_API_KEY=fake_kibana.API_KEY,
        )
    assert done.returncode == 0, done.stderr
    (request,) = kibana.requests
    assert request.path == "/s/ops/api/saved_objects/_import"
    assert request.headers["authorization"] == f"ApiKey {fake_kibana.API_KEY}"


def test_rejected_objects_are_one_line_and_fail() -> None:
    with fake_kibana.fake_kibana() as kibana:
        kibana.fail_ids.add("newsflow-overview")
        done = _setup("--kibana-url", kibana.url, **_basic())
    assert done.returncode == 1
    assert done.stderr == (
        f"newsflow: error: Kibana imported {len(SHIPPED) - 1} of {len(SHIPPED)} objects; "
        "dashboard newsflow-overview: missing references (index-pattern gone)\n"
    )


def test_bad_credentials_are_a_configuration_error() -> None:
    with fake_kibana.fake_kibana() as kibana:
        done = _setup(
            "--kibana-url",
            kibana.url,
            NEWSFLOW_KIBANA_USERNAME="elastic",
            NEWSFLOW_KIBANA_PASSWORD="wrong",
        )
    assert done.returncode == 2
    assert done.stderr.startswith("newsflow: error: Kibana at http://127.0.0.1:")
    assert "unable to authenticate user" in done.stderr
    assert "wrong" not in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_unreachable_kibana_is_one_line() -> None:
    url = closed_port_url()
    done = _setup("--kibana-url", url, **_basic())
    assert done.returncode == 1
    assert done.stderr.startswith(f"newsflow: error: cannot reach Kibana at {url}")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.es
def test_dashboard_fields_exist_and_aggregate_in_elasticsearch(
    es_client: Elasticsearch, index_name: str
) -> None:
    """The news fields come from our template, the feed fields from the feed state
    store's mapping; the dead-letter index is dynamically mapped."""
    setup_index(es_client, index_name)
    letters = f"test-deadletters-{uuid.uuid4().hex[:8]}"
    letter = DeadLetter.build(
        stage="read",
        error=InvalidInput("bad"),
        origin="/x.txt",
        payload=b"x",
        failed_at=datetime(2025, 7, 9, tzinfo=UTC),
    )
    es_client.index(index=letters, document=letter.model_dump(mode="json"), refresh=True)
    feeds = FeedStateStore(es_client, f"test-feeds-{uuid.uuid4().hex[:8]}")
    feeds.setup()
    spec = FeedSpec(id="wire", url="https://news.example/feed.xml")
    polled = replace(state_for(spec, None), last_poll_at=datetime(2025, 7, 9, tzinfo=UTC))
    assert feeds.save([polled]) == 1
    es_client.indices.refresh(index=feeds.index)
    try:
        fields: set[str] = set()
        for obj in SHIPPED:
            if obj["type"] == "visualization":
                state = json.loads(obj["attributes"]["visState"])
                fields |= {a["params"]["field"] for a in state["aggs"] if "field" in a["params"]}
        news_caps = es_client.field_caps(index=index_name, fields="*")["fields"]
        letter_caps = es_client.field_caps(index=letters, fields="*")["fields"]
        feed_caps = es_client.field_caps(index=feeds.index, fields="*")["fields"]
        feed_fields = {FEED_STATUS_FIELD, FEED_ID_FIELD, FEED_FAILURES_FIELD, FEED_TIME_FIELD}
        assert {FEED_STATUS_FIELD, FEED_ID_FIELD} <= fields  # the feed health panel
        assert "extractor" in fields  # the articles-by-extractor panel
        for field in fields | feed_fields:
            if field in (DEAD_LETTER_STAGE_FIELD, "failed_at"):
                caps = letter_caps
            elif field in feed_fields:
                caps = feed_caps
            else:
                caps = news_caps
            assert field in caps, field
            assert all(c["aggregatable"] for c in caps[field].values()), field
        assert set(feed_caps[FEED_TIME_FIELD]) == {"date"}  # the feed data view's time field
    finally:
        es_client.indices.delete(index=[letters, feeds.index])
