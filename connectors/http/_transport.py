"""The httpx client behind the fetcher: timeouts, pool limits, the address guard.

httpx 0.28 offers no argument for httpcore's network backend, so the transport's
connection pool is rebuilt with ``GuardedBackend``. That touches one private
attribute (``HTTPTransport._pool``), which is why pyproject pins httpx below 0.29;
tests/integration/connectors/http proves the guard is in place, so an upgrade that breaks it
fails loudly rather than silently fetching private addresses.
"""

from __future__ import annotations

import httpcore
import httpx

from connectors.http._config import HttpConfig

KEEPALIVE_EXPIRY_S = 30.0


def make_client(config: HttpConfig, backend: httpcore.NetworkBackend) -> httpx.Client:
    limits = httpx.Limits(
        max_connections=config.max_connections,
        max_keepalive_connections=config.max_connections,
        keepalive_expiry=KEEPALIVE_EXPIRY_S,
    )
    transport = httpx.HTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=backend,
    )
    timeout = httpx.Timeout(
        connect=config.connect_timeout_s,
        read=config.read_timeout_s,
        write=config.read_timeout_s,
        pool=config.total_timeout_s,
    )
    return httpx.Client(
        transport=transport,
        headers={"User-Agent": config.user_agent},
        timeout=timeout,
        follow_redirects=False,  # redirects are followed by hand: each hop is checked
        trust_env=False,  # no proxies from the environment: the guard must see the target
    )
