"""`newsflow run` as ops run it: a long-lived process against a local feed and the real node."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from elasticsearch import Elasticsearch

from connectors.dedupstate import state_index
from schemas.templates import versioned_index
from tests.support.cli import NEWSFLOW, newsflow
from tests.support.faulty_proxy import closed_port_url
from tests.support.flink import free_port
from tests.support.newsroom import article_page, rss_feed, rss_item
from tests.support.web import Reply, Resource, Site, serve

pytestmark = pytest.mark.es
DEADLINE_S = 60.0


def _feed(site: Site, count: int) -> bytes:
    items = (
        rss_item(f"Story {n}", site.url(f"/story/{n}"), f"Summary of story {n}.")
        for n in range(count)
    )
    return rss_feed(items, title="Wire")


def _page(n: int) -> bytes:
    return article_page(
        f"Story {n}: Baku and Moscow",
        [
            f"Story {n} reports that officials in Baku and Moscow exchanged statements again on "
            "Tuesday after the deaths of two men in police custody in Yekaterinburg.",
            "Analysts in the region said the dispute was unlikely to end soon, as both "
            "governments face domestic pressure to appear firm.",
        ],
    )


def _config(tmp_path: Path, site: Site, es_url: str, index: str, **http: object) -> str:
    settings = {"allow_private_networks": "true", "per_host_delay": 0, "read_timeout": 5, **http}
    lines = "\n".join(f"  {key}: {value}" for key, value in settings.items())
    path = tmp_path / "newsflow.yaml"
    path.write_text(
        f"""feeds:
  - id: wire
    url: {site.url("/feed.xml")}
    poll_interval: 1
    tags: [e2e]
feed_defaults:
  jitter: 0
elasticsearch:
  url: {es_url}
  index: {index}
  feeds_index: {index}-feeds
http:
{lines}
dead_letter:
  path: {tmp_path / "dead.jsonl"}
""",
        encoding="utf-8",
    )
    return str(path)


@contextmanager
def _running(
    config: str, log_path: Path, options: tuple[str, ...] = ()
) -> Iterator[subprocess.Popen[str]]:
    """`newsflow [options] run` in the background, its output in ``log_path``; killed if
    still up."""
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [NEWSFLOW, *options, "run", "--config", config],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                # Still up after the test: dump every thread's stack into the log
                # (faulthandler) so a hang can be diagnosed, then kill it.
                process.send_signal(signal.SIGABRT)
                time.sleep(2)
                process.kill()
                process.wait()


def _wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, f"newsflow run exited ({process.returncode}) before {what}"
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _count(client: Elasticsearch, index: str) -> int:
    if not client.indices.exists(index=index):
        return 0
    client.indices.refresh(index=index)
    return int(client.count(index=index)["count"])


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.add("/robots.txt", Reply(404, b""))
        for n in range(10):
            running.add(f"/story/{n}", Reply(body=_page(n)))
        yield running


def test_run_indexes_new_items_while_running_stops_on_sigterm_and_restarts_conditionally(
    site: Site, es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    feed = Resource(_feed(site, 2))
    site.add("/feed.xml", feed)
    config = _config(tmp_path, site, es_url, index_name)
    before = newsflow("feeds", "status", "--config", config, timeout_s=60)
    assert before.returncode == 0, before.stderr
    assert before.stdout.splitlines()[1].split() == ["wire", "new", "never", "now", "0", "0"]
    with _running(config, tmp_path / "run.log") as process:
        _wait_for(lambda: _count(es_client, index_name) == 2, "the first two stories", process)
        feed.update(_feed(site, 3), "Wed, 09 Jul 2025 09:00:00 GMT")
        _wait_for(lambda: _count(es_client, index_name) == 3, "the added story", process)
        assert process.poll() is None  # indexed while the process keeps running
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert time.monotonic() - stopped_at < 30
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert "SIGTERM: stopping after the work in flight" in log
    assert "newsflow: stopped after" in log
    assert "Traceback" not in log

    # A restart re-indexes nothing and asks conditionally: a 304, no page fetched (only
    # robots.txt again: its cache lives in the process).
    requests_before = len(site.seen)
    again = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert again.returncode == 0, again.stderr
    assert "polled 1 of 1 due feeds (1 not modified, 0 failed); 0 new" in again.stdout
    new_requests = site.seen[requests_before:]
    assert [r.path for r in new_requests] == ["/robots.txt", "/feed.xml"]
    assert new_requests[1].headers["if-none-match"] == feed.etag
    assert _count(es_client, index_name) == 3
    stories = es_client.search(index=index_name, size=10)["hits"]["hits"]
    assert {hit["_source"]["tags"][0] for hit in stories} == {"e2e"}

    status = newsflow("feeds", "status", "--config", config, timeout_s=60)
    assert status.returncode == 0, status.stderr
    row = status.stdout.splitlines()[1].split()
    assert row[:2] == ["wire", "not_modified"]
    assert row[-1] == "3"  # items seen
    assert status.stdout.splitlines()[-1] == "1 feeds, 0 failing"


def test_sigint_mid_cycle_flushes_what_was_fetched_and_leaves_the_rest_for_the_next_run(
    site: Site, es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    for n in range(5):  # slow pages: the cycle is still fetching when the signal comes
        site.add(f"/story/{n}", Reply(body=_page(n), delay_s=1.0))
    site.add("/feed.xml", Resource(_feed(site, 5)))
    config = _config(tmp_path, site, es_url, index_name)
    with _running(config, tmp_path / "run.log") as process:
        _wait_for(lambda: len(site.requests_to("/story/1")) > 0, "the second page", process)
        stopped_at = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert time.monotonic() - stopped_at < 10
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert "SIGINT: stopping after the work in flight" in log
    cycle = next(line for line in log.splitlines() if line.startswith("cycle 1:"))
    flushed = _count(es_client, index_name)
    assert 1 <= flushed < 5  # what was fetched is indexed...
    assert f"indexed {flushed}," in cycle
    assert f"deferred {5 - flushed}" in cycle  # ...the rest is left for the next run

    for n in range(5):
        site.add(f"/story/{n}", Reply(body=_page(n)))
    again = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert again.returncode == 0, again.stderr
    assert f"indexed {5 - flushed}, duplicate 0" in again.stdout
    assert _count(es_client, index_name) == 5


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("feeds:\n  - {id: wire, url: 'https://x.example/', poll_interval: -5}\n",
         "feeds[0].poll_interval: must be greater than 0"),
        ("feeds:\n  - {id: wire, url: 'https://x.example/'}\nhttp:\n  user_agnet: x\n",
         "http.user_agnet: unknown key (did you mean user_agent?)"),
    ],
)  # fmt: skip
def test_config_errors_are_one_line_and_exit_2(tmp_path: Path, yaml: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml, encoding="utf-8")
    for command in (["run", "--config", str(path)], ["feeds", "status", "--config", str(path)]):
        done = newsflow(*command, timeout_s=60)
        assert done.returncode == 2
        assert done.stderr.strip() == f"newsflow: error: {path}: {message}"


def test_unreachable_elasticsearch_fails_once_mode_in_one_line(tmp_path: Path, site: Site) -> None:
    site.add("/feed.xml", Resource(_feed(site, 1)))
    config = _config(tmp_path, site, closed_port_url(), "news")
    done = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert done.returncode == 1
    error = done.stderr.strip().splitlines()[-1]
    assert error.startswith("newsflow: error: cannot reach Elasticsearch at")
    assert "Traceback" not in done.stderr
    assert site.requests_to("/feed.xml") == []  # nothing polled that could not be saved


def _scrape(port: int) -> dict[str, float]:
    """The samples of /metrics, by series name with labels; empty while not serving."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
            text = reply.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not serving, or it stopped mid-reply
        return {}
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_run_serves_prometheus_metrics_per_source_host_and_sink(
    site: Site, es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    feed_url = site.url("/feed.xml")
    items = (
        rss_item(f"Story {n}", site.url(path), f"Summary of story {n}, told by the feed.")
        for n, path in enumerate(["/story/0", "/story/1", "/gone"])
    )
    site.add("/feed.xml", Resource(rss_feed(items)))
    host = urlsplit(feed_url).netloc
    config = _config(tmp_path, site, es_url, index_name)
    port = free_port()
    source = f'{{source="{feed_url}"}}'
    with _running(config, tmp_path / "run.log", ("--metrics-port", str(port))) as process:
        _wait_for(
            lambda: _scrape(port).get(f"newsflow_articles_indexed_total{source}") == 3,
            "three articles counted as indexed",
            process,
        )
        _wait_for(
            lambda: _scrape(port).get('newsflow_feeds{status="ok"}') == 1,
            "the feed's status",
            process,
        )
        samples = _scrape(port)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert _count(es_client, index_name) == 3
    assert samples[f"newsflow_articles_read_total{source}"] == 3
    assert f"newsflow_articles_dead_lettered_total{source}" not in samples
    assert samples["newsflow_pages_fetched_total"] == 2
    assert samples["newsflow_pages_fallback_total"] == 1  # /gone: indexed from the feed
    # per host: the feed and three pages fetched (robots.txt is not counted), one failed
    assert samples[f'newsflow_fetch_duration_seconds_count{{host="{host}"}}'] >= 4
    assert 0 < samples[f'newsflow_fetch_duration_seconds_sum{{host="{host}"}}'] < 60
    assert samples[f'newsflow_fetch_errors_total{{error="FetchRejected",host="{host}"}}'] == 1
    assert samples["newsflow_sink_request_documents_sum"] == 3
    assert samples["newsflow_sink_request_documents_count"] >= 1
    assert "newsflow_sink_retries_total" not in samples  # declared, never retried
    assert samples["newsflow_cycles_total"] >= 1
    assert samples["newsflow_cycle_duration_seconds_count"] == samples["newsflow_cycles_total"]
    assert samples['newsflow_feeds{status="failing"}'] == 0


def test_feed_state_follows_its_article_index_and_resets_on_request(
    site: Site, es_url: str, es_client: Elasticsearch, index_name: str, tmp_path: Path
) -> None:
    site.add("/feed.xml", Resource(_feed(site, 2)))
    config = _config(tmp_path, site, es_url, index_name)
    text = Path(config).read_text(encoding="utf-8")
    Path(config).write_text(text.replace(f"  feeds_index: {index_name}-feeds\n", ""))
    env = {**os.environ, "NEWSFLOW_ES_URL": es_url, "NEWSFLOW_INDEX": index_name}

    first = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert first.returncode == 0, first.stderr
    assert f"(feed states in '{index_name}-feeds')" in first.stderr  # the default
    assert _count(es_client, index_name) == 2
    # The article index is deleted and set up again: the feed states served the old one.
    es_client.indices.delete(index=versioned_index(index_name))
    assert newsflow("es", "setup", env=env).returncode == 0
    again = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert again.returncode == 0, again.stderr
    assert f"forgot the state of 1 feeds in '{index_name}-feeds'" in again.stdout
    assert _count(es_client, index_name) == 2

    unconfirmed = newsflow("feeds", "reset", "--config", config, stdin="", timeout_s=60)
    assert unconfirmed.returncode == 2
    assert "pass --yes" in unconfirmed.stderr
    unknown = newsflow("feeds", "reset", "--config", config, "--feed", "nope", "--yes")
    assert unknown.returncode == 2
    assert "no feed 'nope'" in unknown.stderr
    reset = newsflow("feeds", "reset", "--config", config, "--feed", "wire", "--yes")
    assert reset.returncode == 0, reset.stderr
    assert f"forgot the state of 1 feeds in '{index_name}-feeds'" in reset.stdout
    requests_before = len(site.seen)
    fresh = newsflow("run", "--config", config, "--once", timeout_s=120)
    assert fresh.returncode == 0, fresh.stderr
    feed_request = next(r for r in site.seen[requests_before:] if r.path == "/feed.xml")
    assert "if-none-match" not in feed_request.headers  # validators forgotten
    assert _count(es_client, index_name) == 2  # read again, indexed once

    status = newsflow("es", "status", env=env)
    assert status.returncode == 0, status.stderr
    for name, role in (
        (versioned_index(index_name), "articles"),
        (state_index(index_name), "dedup state"),
        (f"{index_name}-feeds", "feed state"),
    ):
        line = next(line for line in status.stdout.splitlines() if line.split()[:1] == [name])
        assert role in line
        assert " green " in line
