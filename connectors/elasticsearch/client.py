"""Building the Elasticsearch client and translating its errors at the boundary."""

from __future__ import annotations

from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import ConnectionError as EsConnectionError

from connectors.elasticsearch.config import EsConfig
from schemas.errors import ConfigError, IngestError, SinkUnavailable, TerminalError

# Statuses where the same request may succeed later (node busy, restarting, proxy).
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


def make_client(config: EsConfig) -> Elasticsearch:
    """A client that does not retry by itself: the sink owns the retry policy."""
    options: dict[str, Any] = {}
    if config.api_key:
        options["api_key"] = config.api_key
    elif config.username is not None and config.password is not None:
        options["basic_auth"] = (config.username, config.password)
    if config.ca_certs:
        options["ca_certs"] = config.ca_certs
    return Elasticsearch(
        config.url,
        request_timeout=config.request_timeout_s,
        max_retries=0,
        retry_on_timeout=False,
        **options,
    )


def client_url(client: Elasticsearch) -> str:
    """The node URL a client talks to, for error messages (never includes credentials)."""
    nodes = client.transport.node_pool.all()
    return str(nodes[0].base_url) if nodes else "?"


def translate(exc: Exception, *, url: str, action: str) -> IngestError:
    """Map an elasticsearch-py exception to our hierarchy, with a message users can act on."""
    if isinstance(exc, EsConnectionError):
        return SinkUnavailable(
            f"cannot reach Elasticsearch at {url} while trying to {action}: {exc.message}; "
            "is it running? (`newsflow es local start` starts a local node)"
        )
    if isinstance(exc, ApiError):
        if exc.status_code in RETRYABLE_STATUSES:
            return SinkUnavailable(f"Elasticsearch answered {exc.status_code} to {action}")
        if exc.status_code in (401, 403):
            return ConfigError(
                f"Elasticsearch refused our credentials ({exc.status_code}) to {action}; "
                "check NEWSFLOW_ES_API_KEY or NEWSFLOW_ES_USERNAME/PASSWORD"
            )
        return TerminalError(f"Elasticsearch rejected {action}: {exc.status_code} {exc.message}")
    if isinstance(exc, TransportError):
        return SinkUnavailable(f"transport error talking to {url} to {action}: {exc.message}")
    return TerminalError(f"unexpected error while trying to {action}: {exc!r}")


def index_by_id(
    client: Elasticsearch, index: str, documents: dict[str, dict[str, Any]], *, what: str
) -> int:
    """Write ``documents`` (by ``_id``) in one bulk request, as the state stores do; how
    many were written. Raises SinkUnavailable when it may succeed later, else
    TerminalError, naming the first document refused (``what``: "feed", "file")."""
    operations: list[dict[str, Any]] = []
    for doc_id, document in documents.items():
        operations += [{"index": {"_index": index, "_id": doc_id}}, document]
    if not operations:
        return 0
    try:
        response = client.bulk(operations=operations)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"save {what} states") from exc
    failed = [item["index"] for item in response["items"] if item["index"].get("error")]
    if failed:
        first = failed[0]
        reason = f"Elasticsearch refused the state of {what} {first.get('_id')}: {first['error']}"
        if int(first.get("status", 0)) in RETRYABLE_STATUSES:
            raise SinkUnavailable(reason)
        raise TerminalError(reason)
    return len(documents)
