"""The seed replay on Apache Flink, through Beam's portable runner, into the real node.

Flink runs embedded in Beam's Flink job server (deploy/flink-job-server, built
from Maven Central). Each run must index exactly the documents the local runner
indexes: same ids, same fields (except ``ingested_at``, the wall clock).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import SEEDS
from tests.support import flink
from tests.support.cli import clean_env, newsflow
from tests.support.es import drop_alias
from tests.support.seed_site import stage_seed_site
from tests.support.web import serve

pytestmark = pytest.mark.es


@pytest.fixture(scope="module")
def job_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with flink.job_server(tmp_path_factory.mktemp("flink")) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def worker_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[flink.WorkerPool]:
    with flink.worker_pool(tmp_path_factory.mktemp("worker")) as pool:
        yield pool


@pytest.fixture(scope="module")
def aliases(es_client: Elasticsearch) -> Iterator[list[str]]:
    """Alias names the tests create as they need them; removed at the end."""
    names: list[str] = []
    yield names
    for name in names:
        drop_alias(es_client, name)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("replays")


@pytest.fixture(scope="module")
def folder(workdir: Path) -> Path:
    """The seeds plus one unreadable file, so the dead-letter path runs too."""
    folder = workdir / "input"
    shutil.copytree(SEEDS, folder)
    (folder / "junk.txt").write_bytes(b"\x00\x01binary\x00")
    return folder


@pytest.fixture(scope="module")
def local_documents(
    es_url: str, es_client: Elasticsearch, aliases: list[str], folder: Path, workdir: Path
) -> dict[str, dict[str, Any]]:
    """What the local runner (FnApiRunner) indexes: the reference."""
    alias = _new_alias(aliases, "local")
    summary = _replay(folder, alias, es_url, workdir)
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (6, 5, 1)
    documents = _documents(es_client, alias)
    assert len(documents) == 5
    return documents


def _replay(path: Path, alias: str, es_url: str, workdir: Path, *beam_args: str) -> dict[str, Any]:
    done = newsflow(
        "replay",
        str(path),
        "--es-url",
        es_url,
        "--index",
        alias,
        "--dead-letter",
        str(workdir / f"{alias}.dead.jsonl"),
        "--json",
        *beam_args,
        env=clean_env(),
    )
    assert done.returncode in (0, 4), done.stderr[-4000:]
    summary: dict[str, Any] = json.loads(done.stdout)
    assert summary["accounted"], summary
    # replay exits 4 when it finished but dead-lettered something (the junk file)
    assert done.returncode == (4 if summary["dead_lettered"] else 0), summary
    return summary


def _documents(es_client: Elasticsearch, alias: str) -> dict[str, dict[str, Any]]:
    """Every document by id, without ``ingested_at`` (the wall clock of the run)."""
    hits = es_client.search(index=alias, size=100)["hits"]["hits"]
    return {
        hit["_id"]: {k: v for k, v in hit["_source"].items() if k != "ingested_at"} for hit in hits
    }


def _new_alias(aliases: list[str], runner: str) -> str:
    aliases.append(f"test-{runner}-{uuid.uuid4().hex[:8]}")
    return aliases[-1]


def test_portable_runner_on_flink_with_separate_workers(
    es_url: str,
    es_client: Elasticsearch,
    aliases: list[str],
    folder: Path,
    workdir: Path,
    job_endpoint: str,
    worker_pool: flink.WorkerPool,
    local_documents: dict[str, dict[str, Any]],
) -> None:
    alias = _new_alias(aliases, "flink")
    summary = _replay(
        folder,
        alias,
        es_url,
        workdir,
        "--runner=PortableRunner",
        f"--job_endpoint={job_endpoint}",
        "--environment_type=EXTERNAL",
        f"--environment_config={worker_pool.address}",
    )
    assert worker_pool.started_workers() >= 1  # the stages ran in the pool, not in replay
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (6, 5, 1)
    assert summary["dead_lettered_by_stage"] == {"read": 1}
    letters = (workdir / f"{alias}.dead.jsonl").read_text().splitlines()
    assert [json.loads(line)["origin"] for line in letters] == [str(folder / "junk.txt")]
    documents = _documents(es_client, alias)
    assert documents == local_documents
    assert {d["title"] for d in documents.values()} >= {
        "Tension Rises: Azerbaijan Cuts Ties with Russia Through a Demonstrative Action",
        "Caucasus on the line of crisis; How far will Moscow and Baku?",
    }


def test_flink_runner_starts_its_own_job_server(
    es_url: str,
    es_client: Elasticsearch,
    aliases: list[str],
    folder: Path,
    workdir: Path,
    local_documents: dict[str, dict[str, Any]],
) -> None:
    jar = flink.build_jar()
    alias = _new_alias(aliases, "flinkrunner")
    # Spelled as in the issue (`--flink-master`); Beam itself only knows `--flink_master`.
    summary = _replay(
        folder,
        alias,
        es_url,
        workdir,
        "--runner",
        "FlinkRunner",
        "--flink-master",
        "[local]",
        "--flink-job-server-jar",
        jar,
    )
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (6, 5, 1)
    assert _documents(es_client, alias) == local_documents


def test_flink_runner_alone_builds_and_uses_the_local_job_server_on_an_embedded_flink(
    es_url: str,
    es_client: Elasticsearch,
    aliases: list[str],
    folder: Path,
    workdir: Path,
    local_documents: dict[str, dict[str, Any]],
) -> None:
    alias = _new_alias(aliases, "flinkbare")
    summary = _replay(folder, alias, es_url, workdir, "--runner", "FlinkRunner")
    assert (summary["read"], summary["indexed"], summary["dead_lettered"]) == (6, 5, 1)
    assert _documents(es_client, alias) == local_documents


def _run_once(config: Path, *beam_args: str) -> str:
    done = newsflow(
        "run", "--config", str(config), "--once", *beam_args, env=clean_env(NEWSFLOW_NER="0")
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


def _feed_config(workdir: Path, feed_url: str, es_url: str, alias: str) -> Path:
    path = workdir / f"{alias}.yaml"
    path.write_text(
        f"""feeds:
  - id: seeds
    url: {feed_url}
elasticsearch:
  url: {es_url}
  index: {alias}
  feeds_index: {alias}-feeds
http:
  allow_private_networks: true
  per_host_delay: 0
dead_letter:
  path: {workdir / f"{alias}.dead.jsonl"}
""",
        encoding="utf-8",
    )
    return path


def test_newsflow_run_polls_the_seed_feed_on_flink_like_the_local_runner(
    es_url: str,
    es_client: Elasticsearch,
    aliases: list[str],
    workdir: Path,
    job_endpoint: str,
    worker_pool: flink.WorkerPool,
) -> None:
    """`newsflow run` with Beam runner options: each cycle is a job on Flink, whose
    workers fetch, extract, index and save the feed states (in the worker pool)."""
    with serve() as site:
        feed_url, _seeds = stage_seed_site(site)
        local = _new_alias(aliases, "run-local")
        cycle = _run_once(_feed_config(workdir, feed_url, es_url, local))
        assert "polled 1 of 1 due feeds (0 not modified, 0 failed); 5 new: indexed 5" in cycle

        on_flink = _new_alias(aliases, "run-flink")
        config = _feed_config(workdir, feed_url, es_url, on_flink)
        workers_before = worker_pool.started_workers()
        flink_args = (
            "--runner=PortableRunner",
            f"--job_endpoint={job_endpoint}",
            "--environment_type=EXTERNAL",
            f"--environment_config={worker_pool.address}",
        )
        cycle = _run_once(config, *flink_args)
        assert worker_pool.started_workers() > workers_before
        assert "polled 1 of 1 due feeds (0 not modified, 0 failed); 5 new: indexed 5" in cycle
        es_client.indices.refresh(index=[local, on_flink])
        assert _documents(es_client, on_flink) == _documents(es_client, local)

        # The feed state the Flink workers saved makes the next cycle conditional.
        feed_requests = len(site.requests_to("/seeds.xml"))
        again = _run_once(config, *flink_args)
        assert "polled 1 of 1 due feeds (1 not modified, 0 failed); 0 new" in again
        assert site.requests_to("/seeds.xml")[feed_requests].headers.get("if-none-match")
