"""Settings: flags over the config file over the environment over defaults, secrets hidden."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from connectors.elasticsearch import BulkPolicy
from pipeline.app import logformat, settings
from pipeline.app.cli import _parser
from pipeline.app.settings import Layer, flags
from pipeline.app.workers import default_workers
from pipeline.dedup.config import DEFAULT_THRESHOLD, ENV_THRESHOLD
from schemas import ConfigError

SECRET = "c2VjcmV0LWtleQ=="


def test_es_config_from_env_and_secret_hiding() -> None:
    env = {
        "NEWSFLOW_ES_URL": "https://es.example:9243",
        "NEWSFLOW_INDEX": "world",
        "NEWSFLOW_ES_API_KEY": "c2VjcmV0LWtleQ==",
    }
    config = settings.es_config(env)
    assert (config.url, config.index, config.api_key) == (
        "https://es.example:9243",
        "world",
        env["NEWSFLOW_ES_API_KEY"],
    )
    assert "c2VjcmV0" not in repr(config)
    assert settings.es_config(env, Layer(es_url="http://other:9200")).url == "http://other:9200"


def test_threshold_from_flag_then_environment_then_default() -> None:
    assert settings.dedup_config({}).threshold == DEFAULT_THRESHOLD
    assert settings.dedup_config({ENV_THRESHOLD: "0.7"}).threshold == 0.7
    flag = Layer(dedup_threshold=0.8)
    assert settings.dedup_config({ENV_THRESHOLD: "0.7"}, flag).threshold == 0.8
    with pytest.raises(ConfigError, match=ENV_THRESHOLD):
        settings.dedup_config({ENV_THRESHOLD: "high"})


def test_flags_beat_the_file_which_beats_the_environment_which_beats_defaults() -> None:
    env = {"NEWSFLOW_ES_URL": "http://env:9200", "NEWSFLOW_INDEX": "from-env"}
    flag = Layer(es_url="http://flag:9200")
    file = Layer(es_url="http://file:9200", index="from-file", dead_letter_path="/file.jsonl")
    es = settings.es_config(env, flag, file)
    assert (es.url, es.index) == ("http://flag:9200", "from-file")
    assert settings.es_config(env, Layer(), file).url == "http://file:9200"
    assert settings.es_config(env).index == "from-env"
    assert settings.es_config({}).url == "http://127.0.0.1:9200"
    assert settings.dead_letter_config({"NEWSFLOW_DEAD_LETTER": "/env.jsonl"}, file).path == (
        "/file.jsonl"
    )


def test_knowledge_base_files_add_up_from_environment_file_and_flags() -> None:
    env = {"NEWSFLOW_KB": "/env/a.jsonl:/env/b.jsonl"}
    entities = settings.entity_config(
        env, Layer(kb_paths=("/flag.jsonl",)), Layer(kb_paths=("/file.jsonl",))
    )
    assert entities.kb_paths == ("/env/a.jsonl", "/env/b.jsonl", "/file.jsonl", "/flag.jsonl")


def test_ner_switch_and_a_bad_variable_only_fails_where_it_is_used() -> None:
    assert settings.entity_config({}).ner is True
    assert settings.entity_config({"NEWSFLOW_NER": "0"}).ner is False
    assert settings.entity_config({"NEWSFLOW_NER": "0"}, Layer(ner=True)).ner is True
    with pytest.raises(ConfigError, match="NEWSFLOW_NER must be 0 or 1"):
        settings.entity_config({"NEWSFLOW_NER": "maybe"})
    # `search` never runs NER, so a bad NEWSFLOW_NER cannot stop it (as before)
    assert settings.entity_config({"NEWSFLOW_NER": "maybe"}, Layer(ner=False)).ner is False


def test_bulk_policy_from_a_layer_keeps_the_named_defaults_for_the_rest() -> None:
    es = settings.es_config({}, Layer(bulk_max_retries=2, op_type="index"))
    assert es.bulk == BulkPolicy(max_retries=2, op_type="index")
    assert settings.es_config({}).bulk == BulkPolicy()


def test_dead_letter_file_defaults_under_the_state_directory(tmp_path: Path) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path)}
    expected = str(tmp_path / "newsflow" / "deadletter.jsonl")
    assert settings.dead_letter_config(env).path == expected
    assert settings.dead_letter_config({**env, "NEWSFLOW_DEAD_LETTER": "/d.jsonl"}).path == (
        "/d.jsonl"
    )
    assert settings.dead_letter_config({}).path.endswith(".local/state/newsflow/deadletter.jsonl")


def test_kibana_url_from_flag_or_environment_credentials_from_the_environment() -> None:
    env = {"NEWSFLOW_KIBANA_URL": "http://kb:5601/", "NEWSFLOW_KIBANA_API_KEY": SECRET}
    kibana = settings.kibana_config(env, space="ops")
    assert (kibana.url, kibana.space, kibana.api_key) == ("http://kb:5601", "ops", SECRET)
    assert settings.kibana_config(env, url="http://other:5601").url == "http://other:5601"
    assert SECRET not in repr(kibana)


def test_command_line_flags_become_the_top_layer() -> None:
    parser = _parser({})
    args = parser.parse_args(
        ["replay", "seeds/", "--es-url", "http://flag:9200", "--dedup-threshold", "0.9",
         "--kb", "/x.jsonl", "--no-ner", "--overwrite", "--dead-letter", "/d.jsonl"]
    )  # fmt: skip
    layer = flags(args)
    assert (layer.es_url, layer.dedup_threshold, layer.kb_paths, layer.ner) == (
        "http://flag:9200",
        0.9,
        ("/x.jsonl",),
        False,
    )
    assert (layer.op_type, layer.dead_letter_path, layer.index) == ("index", "/d.jsonl", None)
    resolved = settings.resolve({"NEWSFLOW_DEDUP_THRESHOLD": "0.7", "NEWSFLOW_NER": "1"}, layer)
    assert (resolved.dedup.threshold, resolved.entities.ner) == (0.9, False)
    names = flags(parser.parse_args(["names", "resolve", "Aliev"]), ner=False)
    assert names == Layer(ner=False)


def test_environment_defaults_for_the_global_options() -> None:
    env = {"NEWSFLOW_LOG_FORMAT": "json", "NEWSFLOW_METRICS_PORT": "9464"}
    args = _parser(env).parse_args(["es", "status"])
    assert (args.log_format, args.log_level, args.metrics_port) == ("json", "warning", 9464)
    args = _parser(env).parse_args(["--log-format", "text", "es", "status"])
    assert args.log_format == "text"


def test_secrets_stay_out_of_repr_and_log_lines() -> None:
    env = {"NEWSFLOW_ES_API_KEY": SECRET, "NEWSFLOW_ES_USERNAME": "u"}
    resolved = settings.resolve({**env, "NEWSFLOW_ES_PASSWORD": "pa55word"})
    layer = Layer(api_key=SECRET, password="pa55word")
    assert resolved.es.api_key == SECRET
    for text in (repr(resolved), str(resolved), repr(layer)):
        assert SECRET not in text
        assert "pa55word" not in text
    stream = io.StringIO()
    logger = logging.getLogger("pipeline.test_settings")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logformat.JsonFormatter())
    logger.addHandler(handler)
    try:
        logger.warning("settings %s", resolved, extra={"settings": resolved})
    finally:
        logger.removeHandler(handler)
    assert "username='u'" in stream.getvalue()  # the settings were logged, secrets aside
    assert SECRET not in stream.getvalue()
    assert "pa55word" not in stream.getvalue()


def test_a_variable_the_file_names_must_be_set() -> None:
    assert settings.named_secret({"MY_KEY": SECRET}, "MY_KEY", "elasticsearch.api_key_env") == (
        SECRET
    )
    assert settings.named_secret({}, None, "elasticsearch.api_key_env") is None
    with pytest.raises(ConfigError, match="MY_KEY is not set"):
        settings.named_secret({"MY_KEY": ""}, "MY_KEY", "elasticsearch.api_key_env")


def test_workers_from_flag_then_environment_then_one_per_core() -> None:
    assert settings.workers({"NEWSFLOW_WORKERS": "3"}, 1) == 1
    assert settings.workers({"NEWSFLOW_WORKERS": "3"}, None) == 3
    assert settings.workers({}, None) == default_workers() >= 1
    with pytest.raises(ConfigError, match="NEWSFLOW_WORKERS='two' is not a whole number"):
        settings.workers({"NEWSFLOW_WORKERS": "two"}, None)
    with pytest.raises(ConfigError, match="at least 1"):
        settings.workers({}, 0)
    args, _ = _parser({}).parse_known_args(["replay", "seeds", "--workers", "2"])
    assert args.workers == 2
