"""HTTP fetching shared by feeds and article pages: polite, bounded, and safe.

``Fetcher`` is the one entry point (see ``_client`` for what it returns and raises);
the private modules each hold one concern:

    _config     HttpConfig, the ``http:`` section of the config file
    _address    only http(s), only public addresses unless allowed
    _transport  the httpx client: timeouts, pool limits, the address guard
    _retry      which statuses are retried, backoff, Retry-After
    _throttle   per-host concurrency and delay between requests
    _robots     robots.txt, fetched once per site and cached
    _charset    decoding HTML bytes the way browsers do
    _decode     Content-Encoding (and gzip files) undone piece by piece, under the body cap
    _observe    per-thread records of each fetch's host, latency and error, for metrics
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.http._address import check_scheme, is_public
    from connectors.http._charset import decode_html
    from connectors.http._client import (
        ACCEPT_ANY,
        Fetched,
        Fetcher,
        StopSignal,
        Validators,
        site_of,
    )
    from connectors.http._config import DEFAULT_USER_AGENT, HttpConfig
    from connectors.http._decode import gunzipped
    from connectors.http._observe import FetchRecord, recording
    from connectors.http._retry import RETRYABLE_STATUSES

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.http._address": ("check_scheme", "is_public"),
        "connectors.http._charset": ("decode_html",),
        "connectors.http._client": (
            "ACCEPT_ANY",
            "Fetched",
            "Fetcher",
            "StopSignal",
            "Validators",
            "site_of",
        ),
        "connectors.http._config": ("DEFAULT_USER_AGENT", "HttpConfig"),
        "connectors.http._decode": ("gunzipped",),
        "connectors.http._observe": ("FetchRecord", "recording"),
        "connectors.http._retry": ("RETRYABLE_STATUSES",),
    },
)

__all__ = [
    "ACCEPT_ANY",
    "DEFAULT_USER_AGENT",
    "RETRYABLE_STATUSES",
    "FetchRecord",
    "Fetched",
    "Fetcher",
    "HttpConfig",
    "StopSignal",
    "Validators",
    "check_scheme",
    "decode_html",
    "gunzipped",
    "is_public",
    "recording",
    "site_of",
]
