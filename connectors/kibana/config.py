"""Typed, frozen Kibana settings (the application builds them: pipeline.app.settings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from schemas.errors import ConfigError

DEFAULT_URL = "http://127.0.0.1:5601"
# The variables pipeline.app.settings reads; the messages below name them.
ENV_URL = "NEWSFLOW_KIBANA_URL"
ENV_API_KEY = "NEWSFLOW_KIBANA_API_KEY"
ENV_USERNAME = "NEWSFLOW_KIBANA_USERNAME"
ENV_PASSWORD = "NEWSFLOW_KIBANA_PASSWORD"
ENV_CA_CERTS = "NEWSFLOW_KIBANA_CA_CERTS"


@dataclass(frozen=True, slots=True)
class KibanaConfig:
    """Where and how to reach Kibana. Secrets never appear in ``repr``."""

    url: str = DEFAULT_URL
    space: str | None = None
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_certs: str | None = None
    timeout_s: float = 60.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"Kibana URL {self.url!r} is not an http(s) URL; "
                f"set --kibana-url or {ENV_URL}, e.g. {DEFAULT_URL}"
            )
        if parts.username or parts.password:
            raise ConfigError(
                f"put Kibana credentials in {ENV_API_KEY} or {ENV_USERNAME}/{ENV_PASSWORD}, "
                "not in the URL"
            )
        if (self.username is None) != (self.password is None):
            raise ConfigError(f"set both {ENV_USERNAME} and {ENV_PASSWORD}, or neither")
        if self.space is not None and (not self.space or "/" in self.space):
            raise ConfigError(f"Kibana space id {self.space!r} is invalid")

    def headers(self) -> dict[str, str]:
        """Kibana refuses API writes without ``kbn-xsrf``; auth by API key wins over Basic."""
        headers = {"kbn-xsrf": "newsflow"}
        if self.api_key:
            headers["Authorization"] = f"ApiKey {self.api_key}"
        return headers

    def basic_auth(self) -> tuple[str, str] | None:
        if self.api_key or self.username is None or self.password is None:
            return None
        return (self.username, self.password)

    def api_url(self, path: str) -> str:
        prefix = f"/s/{self.space}" if self.space else ""
        return f"{self.url}{prefix}{path}"
