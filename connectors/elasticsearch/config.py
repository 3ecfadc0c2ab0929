"""Typed, frozen Elasticsearch settings (the application builds them: pipeline.app.settings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from schemas.errors import ConfigError, redact_urls

DEFAULT_URL = "http://127.0.0.1:9200"
DEFAULT_INDEX = "news"

# The variables pipeline.app.settings reads; the messages below name them.
ENV_URL = "NEWSFLOW_ES_URL"
ENV_INDEX = "NEWSFLOW_INDEX"
ENV_API_KEY = "NEWSFLOW_ES_API_KEY"
ENV_USERNAME = "NEWSFLOW_ES_USERNAME"
ENV_PASSWORD = "NEWSFLOW_ES_PASSWORD"
ENV_CA_CERTS = "NEWSFLOW_ES_CA_CERTS"


@dataclass(frozen=True, slots=True)
class BulkPolicy:
    """How the sink batches and retries. Backoff doubles from ``initial`` to ``max``."""

    max_docs: int = 500
    max_bytes: int = 5 * 1024 * 1024
    max_retries: int = 5
    initial_backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    # "create" makes a replay idempotent and lets a 409 tell us "already indexed";
    # "index" overwrites, for re-processing with a newer pipeline version.
    op_type: Literal["create", "index"] = "create"

    def __post_init__(self) -> None:
        if self.max_docs < 1 or self.max_bytes < 1024:
            raise ConfigError("bulk batches need max_docs >= 1 and max_bytes >= 1024")
        if self.max_retries < 0 or self.initial_backoff_s < 0 or self.max_backoff_s < 0:
            raise ConfigError("bulk retry settings must not be negative")


@dataclass(frozen=True, slots=True)
class EsConfig:
    """Where and how to reach Elasticsearch. Secrets never appear in ``repr``."""

    url: str = DEFAULT_URL
    index: str = DEFAULT_INDEX
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    request_timeout_s: float = 30.0
    bulk: BulkPolicy = BulkPolicy()

    def __post_init__(self) -> None:
        try:
            parts = urlsplit(self.url)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:  # "http://[::1": urlsplit raises on it
            valid = False
        if not valid:
            raise ConfigError(
                f"Elasticsearch URL {redact_urls(repr(self.url))} is not an http(s) URL; "
                f"set --es-url or {ENV_URL}, e.g. {DEFAULT_URL}"
            )
        if parts.username or parts.password:
            raise ConfigError(
                f"put Elasticsearch credentials in {ENV_API_KEY} or "
                f"{ENV_USERNAME}/{ENV_PASSWORD}, not in the URL"
            )
        if not self.index or self.index != self.index.lower() or self.index.startswith(("_", "-")):
            raise ConfigError(
                f"index name {self.index!r} is invalid: use lower case, not starting with _ or -"
            )
        if (self.username is None) != (self.password is None):
            raise ConfigError(f"set both {ENV_USERNAME} and {ENV_PASSWORD}, or neither")
