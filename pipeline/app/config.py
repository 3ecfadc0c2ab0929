"""The ``newsflow run`` configuration: one YAML file (or an OPML file of feeds) -> frozen values.

Validated once, on load; every error is one ``ConfigError`` line naming the key,
e.g. ``newsflow.yaml: feeds[2].poll_interval: must be greater than 0``. The file is
one layer of ``pipeline.app.settings`` (over the environment, under nothing: ``run``
takes no setting flags), which resolves it into the same typed configs ``replay``
gets. Secrets never live in the file: it names environment variables, kept out of
every ``repr``. The README documents every key.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import BulkPolicy, EsConfig
from connectors.files import DEFAULT_MAX_FILE_BYTES
from connectors.folders import FolderSpec, folders_index
from connectors.folders.config import DEFAULT_GLOB, DEFAULT_SETTLE_S
from connectors.folders.config import DEFAULT_POLL_INTERVAL_S as FOLDER_POLL_S
from connectors.http import HttpConfig, check_scheme
from connectors.rss import FeedPolicy, FeedSpec, feeds_index
from connectors.rss.config import DEFAULT_POLL_INTERVAL_S, FEED_ID, FeedType
from connectors.rss.opml import parse_opml
from pipeline.app import settings
from pipeline.app.settings import Environ, Layer, named_secret
from pipeline.dedup.config import DedupConfig
from pipeline.entities.config import EntityConfig
from schemas import ConfigError, FetchRefused, IngestError

OPML_SUFFIXES = (".opml",)
# A cycle gives up on Elasticsearch sooner than a replay does (BulkPolicy's own
# defaults): what it could not index is dead-lettered and the driver moves on to the
# next cycle instead of sleeping through long backoffs while feeds fall due.
RUN_BULK = BulkPolicy(max_retries=3, max_backoff_s=5.0)
# Defaults come from the typed configs themselves, so file and code cannot disagree.
_HTTP = HttpConfig()
_POLICY = FeedPolicy()


@dataclass(frozen=True, slots=True)
class NewsflowConfig:
    """Everything ``newsflow run`` and ``newsflow feeds status`` need."""

    path: str
    feeds: tuple[FeedSpec, ...]
    policy: FeedPolicy
    es: EsConfig
    feeds_index: str
    http: HttpConfig
    dead_letter: DeadLetterConfig
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    folders: tuple[FolderSpec, ...] = ()
    folders_index: str = ""  # default: <index>-folders

    def __post_init__(self) -> None:
        if not self.folders_index:
            object.__setattr__(self, "folders_index", folders_index(self.es.index))


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Feed(_Section):
    id: str = Field(pattern=FEED_ID.pattern)
    url: str
    poll_interval: float | None = Field(default=None, gt=0)
    language: str | None = None
    source: str | None = None
    tags: list[str] = []
    type: FeedType = FeedType.AUTO  # rss, sitemap, jsonfeed; auto: told from the document

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        try:
            check_scheme(url)
        except FetchRefused as err:
            raise ValueError("must be an absolute http(s) URL") from err
        return url


class _Folder(_Section):
    id: str = Field(pattern=FEED_ID.pattern)
    path: str  # relative to the config file
    glob: str = DEFAULT_GLOB
    poll_interval: float = Field(default=FOLDER_POLL_S, gt=0)
    settle: float = Field(default=DEFAULT_SETTLE_S, ge=0)
    source: str | None = None
    language: str | None = None
    tags: list[str] = []
    max_file_bytes: int = Field(default=DEFAULT_MAX_FILE_BYTES, gt=0)


class _FeedDefaults(_Section):
    poll_interval: float = Field(default=DEFAULT_POLL_INTERVAL_S, gt=0)
    failing_after: int = Field(default=_POLICY.failing_after, ge=1)
    max_backoff: float = Field(default=_POLICY.max_backoff_s, gt=0)
    max_seen: int = Field(default=_POLICY.max_seen, ge=1)
    max_new_entries: int = Field(default=_POLICY.max_new_entries, ge=1)
    jitter: float = Field(default=_POLICY.jitter, ge=0, le=1)
    cycle_deadline: float = Field(default=_POLICY.cycle_deadline_s, gt=0)


class _Bulk(_Section):
    max_retries: int = Field(default=RUN_BULK.max_retries, ge=0)
    initial_backoff: float = Field(default=RUN_BULK.initial_backoff_s, ge=0)
    max_backoff: float = Field(default=RUN_BULK.max_backoff_s, ge=0)


class _Elasticsearch(_Section):
    url: str | None = None
    index: str | None = None
    feeds_index: str | None = None  # default: <index>-feeds
    folders_index: str | None = None  # default: <index>-folders
    api_key_env: str | None = None
    username: str | None = None
    password_env: str | None = None
    ca_certs: str | None = None
    request_timeout: float = Field(default=EsConfig().request_timeout_s, gt=0)
    bulk: _Bulk = _Bulk()


class _Http(_Section):
    user_agent: str = _HTTP.user_agent
    connect_timeout: float = Field(default=_HTTP.connect_timeout_s, gt=0)
    read_timeout: float = Field(default=_HTTP.read_timeout_s, gt=0)
    total_timeout: float = Field(default=_HTTP.total_timeout_s, gt=0)
    max_body_bytes: int = Field(default=_HTTP.max_body_bytes, gt=0)
    max_redirects: int = Field(default=_HTTP.max_redirects, ge=0, le=20)
    per_host_concurrency: int = Field(default=_HTTP.per_host_concurrency, ge=1)
    per_host_delay: float = Field(default=_HTTP.per_host_delay_s, ge=0)
    max_connections: int = Field(default=_HTTP.max_connections, ge=1)
    max_retries: int = Field(default=_HTTP.max_retries, ge=0)
    initial_backoff: float = Field(default=_HTTP.initial_backoff_s, ge=0)
    max_backoff: float = Field(default=_HTTP.max_backoff_s, ge=0)
    max_retry_after: float = Field(default=_HTTP.max_retry_after_s, ge=0)
    obey_robots: bool = True
    robots_ttl: float = Field(default=_HTTP.robots_ttl_s, ge=0)
    max_crawl_delay: float = Field(default=_HTTP.max_crawl_delay_s, ge=0)
    allow_private_networks: bool = False


class _DeadLetter(_Section):
    path: str | None = None
    index: str | None = None


class _Dedup(_Section):
    threshold: float | None = Field(default=None, gt=0, le=1)


class _Entities(_Section):
    kb: list[str] = []  # relative to the config file, like feeds_file
    ner: bool | None = None


class _File(_Section):
    feeds: list[_Feed] = []
    feeds_file: str | None = None
    folders: list[_Folder] = []
    feed_defaults: _FeedDefaults = _FeedDefaults()
    elasticsearch: _Elasticsearch = _Elasticsearch()
    http: _Http = _Http()
    dead_letter: _DeadLetter = _DeadLetter()
    dedup: _Dedup = _Dedup()
    entities: _Entities = _Entities()


def load_config(path: str, environ: Environ) -> NewsflowConfig:
    """Read, validate and resolve ``path`` over ``environ``; raises ConfigError naming
    the bad key."""
    file = Path(path)
    if file.suffix.lower() in OPML_SUFFIXES:
        data: Any = {"feeds_file": file.name}
    else:
        data = _read_yaml(file)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from exc
    try:
        return _resolve(parsed, file, environ)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from err


def load_http_config(path: str) -> HttpConfig:
    """Only the ``http:`` section of ``path`` (``feeds discover`` needs no feeds)."""
    data = _read_yaml(Path(path))
    try:
        parsed = _File.model_validate({"http": data.get("http") or {}})
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_first_error(exc)}") from exc
    return _http_config(parsed.http)


def _read_yaml(file: Path) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read the config file: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise ConfigError(f"{file}: not valid YAML{where}: {problem}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: expected a mapping of sections (feeds:, http:, ...)")
    return data


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = _key_path(error["loc"])
    if error["type"] == "extra_forbidden":
        parent = _model_at(error["loc"][:-1])
        known = sorted(parent.model_fields) if parent else []
        hint = difflib.get_close_matches(str(error["loc"][-1]), known, n=1)
        suggestion = f" (did you mean {hint[0]}?)" if hint else ""
        return f"{where}: unknown key{suggestion}"
    message = str(error["msg"]).removeprefix("Value error, ")
    message = message.replace("Input should be", "must be")
    return f"{where}: {message}"


def _key_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = _File
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return None
        model = inner
    return model


def _resolve(parsed: _File, file: Path, environ: Environ) -> NewsflowConfig:
    defaults = parsed.feed_defaults
    feeds = [(f"feeds[{n}]", _feed_spec(feed, defaults)) for n, feed in enumerate(parsed.feeds)]
    if parsed.feeds_file:
        opml = _opml_feeds(file.parent / parsed.feeds_file, defaults)
        feeds.extend((f"feeds_file outline {spec.url}", spec) for spec in opml)
    folders = [(f"folders[{n}]", _folder_spec(f, file)) for n, f in enumerate(parsed.folders)]
    if not feeds and not folders:
        raise ConfigError(
            "feeds: no feeds or folders configured (add a feeds: list, a feeds_file: "
            "or a folders: list)"
        )
    _check_unique(feeds)
    _check_unique(folders)
    layer = _layer(parsed, file, environ)  # resolved as replay's flags are, one rank lower
    es = _es_config(layer, environ)
    return NewsflowConfig(
        path=str(file),
        feeds=tuple(spec for _label, spec in feeds),
        policy=FeedPolicy(
            failing_after=defaults.failing_after,
            max_backoff_s=defaults.max_backoff,
            max_seen=defaults.max_seen,
            max_new_entries=defaults.max_new_entries,
            jitter=defaults.jitter,
            cycle_deadline_s=defaults.cycle_deadline,
        ),
        es=es,
        feeds_index=parsed.elasticsearch.feeds_index or feeds_index(es.index),
        http=_http_config(parsed.http),
        dead_letter=settings.dead_letter_config(environ, layer),
        dedup=settings.dedup_config(environ, layer),
        entities=settings.entity_config(environ, layer),
        folders=tuple(spec for _label, spec in folders),
        folders_index=parsed.elasticsearch.folders_index or folders_index(es.index),
    )


def _folder_spec(folder: _Folder, file: Path) -> FolderSpec:
    return FolderSpec(
        id=folder.id,
        path=str(file.parent / Path(folder.path).expanduser()),
        glob=folder.glob,
        poll_interval_s=folder.poll_interval,
        settle_s=folder.settle,
        source=folder.source,
        language=folder.language,
        tags=tuple(folder.tags),
        max_file_bytes=folder.max_file_bytes,
    )


def _feed_spec(feed: _Feed, defaults: _FeedDefaults) -> FeedSpec:
    return FeedSpec(
        id=feed.id,
        url=feed.url,
        poll_interval_s=feed.poll_interval or defaults.poll_interval,
        language=feed.language,
        source=feed.source,
        tags=tuple(feed.tags),
        type=feed.type,
    )


def _opml_feeds(path: Path, defaults: _FeedDefaults) -> list[FeedSpec]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"feeds_file: cannot read {path}: {exc.strerror or exc}") from exc
    try:
        outlines = parse_opml(data)
    except IngestError as err:
        raise ConfigError(f"feeds_file: {path}: {err}") from err
    return [
        FeedSpec(
            id=outline.id,
            url=outline.url,
            poll_interval_s=defaults.poll_interval,
            language=outline.language,
            source=outline.title,
            tags=outline.tags,
        )
        for outline in outlines
    ]


def _check_unique(sources: list[tuple[str, FeedSpec]] | list[tuple[str, FolderSpec]]) -> None:
    first: dict[str, str] = {}
    for label, source in sources:
        if source.id in first:
            raise ConfigError(f"{label}.id: {source.id!r} is already the id of {first[source.id]}")
        first[source.id] = label


def _layer(parsed: _File, file: Path, environ: Environ) -> Layer:
    """What the file says, as one settings layer; its secrets from the variables it names."""
    es = parsed.elasticsearch
    return Layer(
        es_url=es.url or None,
        index=es.index or None,
        api_key=named_secret(environ, es.api_key_env, "elasticsearch.api_key_env"),
        username=es.username or None,
        password=named_secret(environ, es.password_env, "elasticsearch.password_env"),
        ca_certs=es.ca_certs or None,
        request_timeout_s=es.request_timeout,
        bulk_max_retries=es.bulk.max_retries,
        bulk_initial_backoff_s=es.bulk.initial_backoff,
        bulk_max_backoff_s=es.bulk.max_backoff,
        dead_letter_path=parsed.dead_letter.path or None,
        dead_letter_index=parsed.dead_letter.index,
        dedup_threshold=parsed.dedup.threshold,
        kb_paths=tuple(str(file.parent / path) for path in parsed.entities.kb),
        ner=parsed.entities.ner,
    )


def _es_config(layer: Layer, environ: Environ) -> EsConfig:
    try:
        return settings.es_config(environ, layer)
    except ConfigError as err:
        raise ConfigError(f"elasticsearch: {err}") from err


def _http_config(section: _Http) -> HttpConfig:
    return HttpConfig(
        user_agent=section.user_agent,
        connect_timeout_s=section.connect_timeout,
        read_timeout_s=section.read_timeout,
        total_timeout_s=section.total_timeout,
        max_body_bytes=section.max_body_bytes,
        max_redirects=section.max_redirects,
        per_host_concurrency=section.per_host_concurrency,
        per_host_delay_s=section.per_host_delay,
        max_connections=section.max_connections,
        max_retries=section.max_retries,
        initial_backoff_s=section.initial_backoff,
        max_backoff_s=section.max_backoff,
        max_retry_after_s=section.max_retry_after,
        obey_robots=section.obey_robots,
        robots_ttl_s=section.robots_ttl,
        max_crawl_delay_s=section.max_crawl_delay,
        allow_private_networks=section.allow_private_networks,
    )
