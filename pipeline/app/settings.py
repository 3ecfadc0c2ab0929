"""Settings: the one owner of configuration, and the one place that reads the environment.

Every command resolves its settings here, at the edge, from up to four sources::

    flags  >  the config file  >  the environment  >  defaults

Flags and the file are each a ``Layer`` (None: not given there); the environment is
read once, by ``environment()`` at the start of ``main``, and passed down as a mapping;
defaults are the named defaults of the typed configs themselves. The result is the
frozen configs the connectors and stages take through their constructors: nothing
below ``pipeline.app`` reads ``os.environ`` (tests/unit/test_environment.py checks it).

Knowledge-base files add up rather than override: the environment's, then the file's,
then each ``--kb``. A variable is parsed only when no flag or file gave its setting,
so a command never fails on a variable it does not use. Secrets (API keys,
passwords) come from the environment only and are left out of every ``repr``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import BulkPolicy, EsConfig
from connectors.elasticsearch.config import (
    ENV_API_KEY,
    ENV_CA_CERTS,
    ENV_INDEX,
    ENV_PASSWORD,
    ENV_URL,
    ENV_USERNAME,
)
from connectors.kibana import KibanaConfig
from connectors.kibana import config as kibana
from pipeline.app.workers import default_workers
from pipeline.dedup.config import ENV_THRESHOLD, DedupConfig
from pipeline.entities.config import EntityConfig
from schemas import ConfigError

Environ = Mapping[str, str]

ENV_DEAD_LETTER = "NEWSFLOW_DEAD_LETTER"
ENV_KB = "NEWSFLOW_KB"  # paths joined by os.pathsep (':')
ENV_NER = "NEWSFLOW_NER"  # 0/1 (also false/true, no/yes, off/on)
ENV_GAZETTEER = "NEWSFLOW_GAZETTEER"  # 0/1: the open-data places on top of the starter KB
ENV_KB_CACHE = "NEWSFLOW_KB_CACHE"  # where the compiled gazetteer is kept
ENV_WORKERS = "NEWSFLOW_WORKERS"  # worker processes of the local runner (default: cores)
ENV_STATE_HOME = "XDG_STATE_HOME"
_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}

T = TypeVar("T")


def environment() -> dict[str, str]:
    """The process environment, read once at the edge (``main``); the only read."""
    return dict(os.environ)


@dataclass(frozen=True, slots=True)
class Layer:
    """The settings one source (the flags, or the config file) gives; None: not given."""

    es_url: str | None = None
    index: str | None = None
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    request_timeout_s: float | None = None
    bulk_max_retries: int | None = None
    bulk_initial_backoff_s: float | None = None
    bulk_max_backoff_s: float | None = None
    op_type: Literal["create", "index"] | None = None
    dead_letter_path: str | None = None
    dead_letter_index: str | None = None
    dedup_threshold: float | None = None
    kb_paths: tuple[str, ...] = ()
    ner: bool | None = None


def flags(args: argparse.Namespace, *, ner: bool | None = None) -> Layer:
    """The settings a command's flags gave; ``ner`` overrides ``--no-ner`` (commands that
    only look names up never run NER). A command lacks the flags it does not take."""
    if ner is None and getattr(args, "no_ner", False):
        ner = False
    overwrite = getattr(args, "overwrite", None)
    return Layer(
        es_url=getattr(args, "es_url", None) or None,
        index=getattr(args, "index", None) or None,
        op_type=None if overwrite is None else ("index" if overwrite else "create"),
        dead_letter_path=getattr(args, "dead_letter", None) or None,
        dead_letter_index=getattr(args, "dead_letter_index", None),
        dedup_threshold=getattr(args, "dedup_threshold", None),
        kb_paths=tuple(getattr(args, "kb", ())),
        ner=ner,
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """What a pipeline command configures its connectors and stages with."""

    es: EsConfig
    dead_letter: DeadLetterConfig
    dedup: DedupConfig
    entities: EntityConfig


def resolve(environ: Environ, *layers: Layer) -> Settings:
    """Every pipeline setting; ``layers`` highest first (flags, then the file)."""
    return Settings(
        es=es_config(environ, *layers),
        dead_letter=dead_letter_config(environ, *layers),
        dedup=dedup_config(environ, *layers),
        entities=entity_config(environ, *layers),
    )


def es_config(environ: Environ, *layers: Layer) -> EsConfig:
    """Where Elasticsearch is and how to write to it; credentials from the environment
    unless the file named other variables for them (``named_secret``)."""
    given = _merge(layers)
    bulk = _given(
        max_retries=given.bulk_max_retries,
        initial_backoff_s=given.bulk_initial_backoff_s,
        max_backoff_s=given.bulk_max_backoff_s,
        op_type=given.op_type,
    )
    return EsConfig(
        **_given(
            url=_first(given.es_url, _text(environ, ENV_URL)),
            index=_first(given.index, _text(environ, ENV_INDEX)),
            api_key=_first(given.api_key, _text(environ, ENV_API_KEY)),
            username=_first(given.username, _text(environ, ENV_USERNAME)),
            password=_first(given.password, _text(environ, ENV_PASSWORD)),
            ca_certs=_first(given.ca_certs, _text(environ, ENV_CA_CERTS)),
            request_timeout_s=given.request_timeout_s,
        ),
        bulk=BulkPolicy(**bulk),
    )


def dead_letter_config(environ: Environ, *layers: Layer) -> DeadLetterConfig:
    given = _merge(layers)
    path = _first(given.dead_letter_path, _text(environ, ENV_DEAD_LETTER))
    return DeadLetterConfig(
        path=path or default_dead_letter_path(environ), index=given.dead_letter_index
    )


def default_dead_letter_path(environ: Environ) -> str:
    """``$XDG_STATE_HOME/newsflow/deadletter.jsonl``, by default under ``~/.local/state``."""
    state = _text(environ, ENV_STATE_HOME) or str(Path.home() / ".local" / "state")
    return str(Path(state) / "newsflow" / "deadletter.jsonl")


def dedup_config(environ: Environ, *layers: Layer) -> DedupConfig:
    threshold = _merge(layers).dedup_threshold
    if threshold is None:
        threshold = _number(environ, ENV_THRESHOLD)
    return DedupConfig(**_given(threshold=threshold))


def entity_config(environ: Environ, *layers: Layer) -> EntityConfig:
    given = _merge(layers)
    from_env = tuple(path for path in environ.get(ENV_KB, "").split(os.pathsep) if path)
    ner = given.ner if given.ner is not None else _switch(environ, ENV_NER, default=True)
    return EntityConfig(
        kb_paths=from_env + given.kb_paths,
        ner=ner,
        gazetteer=_switch(environ, ENV_GAZETTEER, default=True),
        **_given(kb_cache_dir=_text(environ, ENV_KB_CACHE)),
    )


def workers(environ: Environ, given: int | None) -> int:
    """How many worker processes run the stages on the local runner: ``--workers``,
    else NEWSFLOW_WORKERS, else one per core."""
    if given is None:
        raw = _text(environ, ENV_WORKERS)
        if raw is None:
            return default_workers()
        try:
            given = int(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_WORKERS}={raw!r} is not a whole number, e.g. 2") from exc
    if given < 1:
        raise ConfigError(f"the number of workers must be at least 1, got {given}")
    return given


def kibana_config(
    environ: Environ, *, url: str | None = None, space: str | None = None
) -> KibanaConfig:
    """Kibana's URL from the flag or the environment; its credentials from the environment."""
    return KibanaConfig(
        url=(url or _text(environ, kibana.ENV_URL) or kibana.DEFAULT_URL).rstrip("/"),
        space=space,
        api_key=_text(environ, kibana.ENV_API_KEY),
        username=_text(environ, kibana.ENV_USERNAME),
        password=_text(environ, kibana.ENV_PASSWORD),
        ca_certs=_text(environ, kibana.ENV_CA_CERTS),
    )


def named_secret(environ: Environ, name: str | None, key: str) -> str | None:
    """The value of the variable a config file names for a secret (``key``), which must
    be set; None when the file names none (the default variable applies)."""
    if name is None:
        return None
    value = _text(environ, name)
    if value is None:
        raise ConfigError(f"{key}: environment variable {name} is not set")
    return value


def _merge(layers: tuple[Layer, ...]) -> Layer:
    """Per setting, the first layer's value that is given; KB files from every layer,
    the lowest layer's first (a later file may refine an earlier one's entities)."""
    values = {
        spec.name: _first(*(getattr(layer, spec.name) for layer in layers))
        for spec in fields(Layer)
        if spec.name != "kb_paths"
    }
    kb_paths = tuple(path for layer in reversed(layers) for path in layer.kb_paths)
    return Layer(**values, kb_paths=kb_paths)


def _first(*values: T | None) -> T | None:
    return next((value for value in values if value is not None), None)


def _given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were given: the config's own defaults fill the rest."""
    return {name: value for name, value in values.items() if value is not None}


def _text(environ: Environ, name: str) -> str | None:
    return environ.get(name) or None  # set but empty is not set


def _number(environ: Environ, name: str) -> float | None:
    raw = _text(environ, name)
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a number, e.g. 0.5") from exc


def _switch(environ: Environ, name: str, *, default: bool) -> bool:
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw not in _FALSE | _TRUE:
        raise ConfigError(f"{name} must be 0 or 1, got {raw!r}")
    return raw in _TRUE
