"""The run configuration: YAML (or OPML) to frozen values; errors name the bad key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from connectors.elasticsearch import BulkPolicy
from connectors.http import HttpConfig
from connectors.rss.config import FeedType
from pipeline.app.config import RUN_BULK, load_config, load_http_config
from pipeline.dedup.config import DedupConfig
from schemas import ConfigError
from tests.conftest import FIXTURES, REPO

FULL = """
feeds:
  - id: wire
    url: https://caucasus.example.com/feed/
    poll_interval: 300
    language: en
    source: Caucasus Wire
    tags: [caucasus, wire]
  - id: agency
    url: https://agency.example.net/rss
feeds_file: subscriptions.opml
feed_defaults:
  poll_interval: 1200
  failing_after: 4
elasticsearch:
  url: https://es.example.com:9200
  index: news
  feeds_index: ops-feeds
  api_key_env: NEWS_ES_KEY
  ca_certs: /etc/newsflow/ca.pem
http:
  user_agent: "newsflow/0.1 (+mailto:ops@example.com)"
  connect_timeout: 5
  max_body_bytes: 1048576
  per_host_concurrency: 2
  per_host_delay: 0.5
  allow_private_networks: false
dead_letter:
  path: /var/lib/newsflow/deadletter.jsonl
"""


def _write(tmp_path: Path, text: str, name: str = "newsflow.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_full_config_with_opml_file_and_secret_from_the_environment(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "feeds" / "subscriptions.opml", tmp_path)
    config = load_config(_write(tmp_path, FULL), {"NEWS_ES_KEY": "s3cret"})
    ids = [feed.id for feed in config.feeds]
    assert ids == [
        "wire",
        "agency",
        "caucasus-wire",
        "eurasia-desk",
        "agency-wire",
        "agency-wire-2",
    ]
    wire = config.feeds[0]
    assert (wire.poll_interval_s, wire.language, wire.tags) == (300, "en", ("caucasus", "wire"))
    assert config.feeds[1].poll_interval_s == 1200  # from feed_defaults
    assert config.policy.failing_after == 4
    assert (config.es.url, config.es.index, config.feeds_index) == (
        "https://es.example.com:9200",
        "news",
        "ops-feeds",
    )
    assert config.es.api_key == "s3cret"
    assert "s3cret" not in repr(config)
    assert (config.http.connect_timeout_s, config.http.per_host_concurrency) == (5, 2)
    assert config.dead_letter.path == "/var/lib/newsflow/deadletter.jsonl"


def test_minimal_config_uses_defaults_and_environment(tmp_path: Path) -> None:
    text = "feeds:\n  - {id: a, url: 'http://127.0.0.1:8080/rss'}\n"
    env = {"NEWSFLOW_ES_URL": "http://127.0.0.1:9999", "NEWSFLOW_INDEX": "wire",
           "NEWSFLOW_ES_USERNAME": "u", "NEWSFLOW_ES_PASSWORD": "p"}  # fmt: skip
    config = load_config(_write(tmp_path, text), env)
    assert (config.es.url, config.es.index) == ("http://127.0.0.1:9999", "wire")
    assert (config.es.username, config.es.password) == ("u", "p")
    assert config.http.allow_private_networks is False
    assert config.feeds[0].poll_interval_s == 900


def test_a_feed_type_is_told_from_the_document_unless_pinned(tmp_path: Path) -> None:
    text = (
        "feeds:\n  - {id: a, url: 'https://x.example/rss'}\n"
        "  - {id: b, url: 'https://x.example/news-sitemap.xml', type: sitemap}\n"
        "  - {id: c, url: 'https://x.example/feed.json', type: jsonfeed}\n"
    )
    config = load_config(_write(tmp_path, text), {})
    assert [feed.type for feed in config.feeds] == [
        FeedType.AUTO,
        FeedType.SITEMAP,
        FeedType.JSONFEED,
    ]


def test_discover_reads_only_the_http_section(tmp_path: Path) -> None:
    path = _write(tmp_path, "http:\n  allow_private_networks: true\n  per_host_delay: 0\n")
    http = load_http_config(path)
    assert (http.allow_private_networks, http.per_host_delay_s) == (True, 0.0)
    assert load_http_config(_write(tmp_path, "", "empty.yaml")) == HttpConfig()
    with pytest.raises(ConfigError, match=r"http\.timeout: unknown key"):
        load_http_config(_write(tmp_path, "http:\n  timeout: 5\n", "bad.yaml"))


def test_pipeline_settings_from_the_file_over_the_environment(tmp_path: Path) -> None:
    text = (
        "feeds:\n  - {id: a, url: 'http://127.0.0.1:8080/rss'}\n"
        "elasticsearch:\n  bulk: {max_retries: 7, max_backoff: 2.5}\n"
        "dedup:\n  threshold: 0.75\n"
        "entities:\n  kb: [places.jsonl]\n  ner: false\n"
    )
    env = {"NEWSFLOW_DEDUP_THRESHOLD": "0.9", "NEWSFLOW_NER": "1", "NEWSFLOW_KB": "/env.jsonl"}
    config = load_config(_write(tmp_path, text), env)
    assert (config.es.bulk.max_retries, config.es.bulk.max_backoff_s) == (7, 2.5)
    assert config.es.bulk.initial_backoff_s == BulkPolicy().initial_backoff_s
    assert config.dedup.threshold == 0.75
    assert config.entities.kb_paths == ("/env.jsonl", str(tmp_path / "places.jsonl"))
    assert config.entities.ner is False


def test_pipeline_settings_the_file_leaves_out_come_from_the_environment(tmp_path: Path) -> None:
    text = "feeds:\n  - {id: a, url: 'http://127.0.0.1:8080/rss'}\n"
    env = {"NEWSFLOW_DEDUP_THRESHOLD": "0.9", "NEWSFLOW_NER": "0", "NEWSFLOW_KB": "/env.jsonl"}
    config = load_config(_write(tmp_path, text), env)
    assert config.es.bulk == RUN_BULK
    assert (config.dedup.threshold, config.entities.ner) == (0.9, False)
    assert config.entities.kb_paths == ("/env.jsonl",)
    assert load_config(_write(tmp_path, text), {}).dedup == DedupConfig()


def test_feed_state_defaults_to_the_index_it_serves(tmp_path: Path) -> None:
    text = "feeds:\n  - {id: a, url: 'http://127.0.0.1:8080/rss'}\n"
    assert load_config(_write(tmp_path, text), {"NEWSFLOW_INDEX": "wire"}).feeds_index == (
        "wire-feeds"
    )
    assert load_config(_write(tmp_path, text), {}).feeds_index == "news-feeds"


def test_an_opml_file_is_a_config_of_its_own() -> None:
    config = load_config(str(FIXTURES / "feeds" / "subscriptions.opml"), {})
    assert len(config.feeds) == 4
    assert config.feeds[0].source == "Caucasus Wire"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds:\n  - {id: a, url: 'https://x.example/', poll_interval: 0}\n",
         "feeds[0].poll_interval: must be greater than 0"),
        ("feeds:\n  - {id: a, url: 'https://x.example/', pol_interval: 5}\n",
         "feeds[0].pol_interval: unknown key (did you mean poll_interval?)"),
        ("feeds:\n  - {id: a, url: 'ftp://x.example/'}\n",
         "feeds[0].url: must be an absolute http(s) URL"),
        ("feeds:\n  - {id: 'a b', url: 'https://x.example/'}\n",
         "feeds[0].id: String should match"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\n  - {id: a, url: 'https://y.example/'}\n",
         "feeds[1].id: 'a' is already the id of feeds[0]"),
        ("feeds: []\n", "feeds: no feeds or folders configured"),
        ("folders:\n  - {id: in, path: drop, settle: -1}\n",
         "folders[0].settle: must be greater than or equal to 0"),
        ("folders:\n  - {id: in, path: drop, glob: ../*.txt}\n",
         "folder in: glob '../*.txt' must stay inside the folder"),
        ("folders:\n  - {id: in, path: a}\n  - {id: in, path: b}\n",
         "folders[1].id: 'in' is already the id of folders[0]"),
        ("folders:\n  - {id: in, path: a, pol_interval: 5}\n",
         "folders[0].pol_interval: unknown key (did you mean poll_interval?)"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nhttp:\n  timeout: 5\n",
         "http.timeout: unknown key"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nhttp:\n  max_body_bytes: lots\n",
         "http.max_body_bytes: must be a valid integer"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nelasticsearch:\n  index: News\n",
         "elasticsearch: index name 'News' is invalid"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nelasticsearch:\n  api_key_env: NOPE\n",
         "elasticsearch.api_key_env: environment variable NOPE is not set"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nfeeds_file: missing.opml\n",
         "feeds_file: cannot read"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\ndedup:\n  threshold: 2\n",
         "dedup.threshold: must be less than or equal to 1"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\nentities:\n  nerd: false\n",
         "entities.nerd: unknown key (did you mean ner?)"),
        ("feeds:\n  - {id: a, url: 'https://x.example/'}\n"
         "elasticsearch:\n  bulk: {max_retries: -1}\n",
         "elasticsearch.bulk.max_retries: must be greater than or equal to 0"),
        ("feeds:\n  - {id: a, url: 'https://x.example/', type: atom}\n",
         "feeds[0].type: must be 'auto', 'rss', 'sitemap' or 'jsonfeed'"),
        ("feeds: [\n", "not valid YAML at line"),
        ("- just\n- a list\n", "expected a mapping of sections"),
    ],
)  # fmt: skip
def test_errors_are_one_line_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_config(str(tmp_path / "nope.yaml"), {})


def test_the_readme_example_is_a_valid_config(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\n# newsflow.yaml") + len("```yaml\n")
    example = readme[start : readme.index("```", start)]
    env = {"NEWSFLOW_ES_API_KEY": "key"}
    config = load_config(_write(tmp_path, example), env)
    assert config.feeds


def test_folders_are_read_relative_to_the_config_file_with_their_defaults(tmp_path: Path) -> None:
    text = (
        "folders:\n"
        "  - {id: wire, path: drop/wire, glob: '*.json', poll_interval: 3, settle: 1,\n"
        "     source: Wire Service, language: en, tags: [wire], max_file_bytes: 1000}\n"
        "  - {id: archive, path: /srv/archive}\n"
        "elasticsearch:\n  index: news\n"
    )
    config = load_config(_write(tmp_path, text), {})
    assert config.feeds == ()
    wire, archive = config.folders
    assert (wire.path, wire.pattern) == (
        str(tmp_path / "drop/wire"),
        str(tmp_path / "drop/wire/*.json"),
    )
    assert (wire.poll_interval_s, wire.settle_s, wire.max_file_bytes) == (3.0, 1.0, 1000)
    assert (wire.source, wire.language, wire.tags) == ("Wire Service", "en", ("wire",))
    assert (archive.path, archive.glob) == ("/srv/archive", "**/*")
    assert (archive.poll_interval_s, archive.settle_s) == (10.0, 2.0)
    assert config.folders_index == "news-folders"
