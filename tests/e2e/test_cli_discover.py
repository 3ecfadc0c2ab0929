"""`newsflow feeds discover URL` as a user runs it, against a local test site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from connectors.rss.config import FeedType
from pipeline.app.config import load_config
from tests.support.cli import clean_env, newsflow
from tests.support.seed_site import stage_seed_feeds
from tests.support.web import Reply, Site, serve

LOCAL = "http:\n  allow_private_networks: true\n  per_host_delay: 0\n  max_retries: 0\n"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def http_config(tmp_path: Path) -> str:
    path = tmp_path / "http.yaml"
    path.write_text(LOCAL)
    return str(path)


def test_discover_prints_config_ready_to_paste(
    site: Site, http_config: str, tmp_path: Path
) -> None:
    urls = stage_seed_feeds(site)
    done = newsflow("feeds", "discover", site.url("/"), "--config", http_config, timeout_s=120)
    assert done.returncode == 0, done.stderr
    feeds = yaml.safe_load(done.stdout)["feeds"]
    assert {(feed["url"], feed["type"]) for feed in feeds} == {
        (url, kind) for kind, url in urls.items()
    }
    assert "Tension Rises: Azerbaijan Cuts Ties with Russia" in done.stdout  # a sample entry
    assert f"not a feed: {site.url('/rss.xml')}" in done.stderr  # a common path, 404
    pasted = tmp_path / "newsflow.yaml"
    pasted.write_text(done.stdout)
    config = load_config(str(pasted), clean_env())
    assert {(spec.url, spec.type) for spec in config.feeds} == {
        (url, FeedType(kind)) for kind, url in urls.items()
    }

    as_json = newsflow(
        "feeds", "discover", site.url("/"), "--config", http_config, "--json", "--sample", "1",
        timeout_s=120,
    )  # fmt: skip
    found = {item["url"]: item for item in json.loads(as_json.stdout)}
    assert found[urls["sitemap"]]["found_by"] == "robots.txt Sitemap:"
    assert found[urls["jsonfeed"]]["entries"] == 5
    assert len(found[urls["rss"]]["sample"]) == 1


def test_nothing_found_and_private_addresses_exit_non_zero(site: Site, http_config: str) -> None:
    site.add("/", Reply(body=b"<html><body>A site without feeds</body></html>"))
    site.add("/robots.txt", Reply(404, b""))
    empty = newsflow("feeds", "discover", site.url("/"), "--config", http_config, "--no-guess")
    assert empty.returncode == 1
    assert yaml.safe_load(empty.stdout) == {"feeds": []}
    refused = newsflow("feeds", "discover", site.url("/"), env=clean_env(), timeout_s=60)
    assert refused.returncode == 1
    assert refused.stderr.startswith("newsflow: error: ")
    assert "private" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
