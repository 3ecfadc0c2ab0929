"""Importing newsflow's saved objects (``schemas/kibana.ndjson``) into Kibana.

``POST /api/saved_objects/_import?overwrite=true`` with the NDJSON as a multipart
``file``: Kibana answers 200 with ``success``, ``successCount`` and per-object
``errors`` (missing references, conflicts, unknown types), or an HTTP error with
``{"statusCode", "error", "message"}``. Both kinds of failure become a
``KibanaError`` naming what went wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import httpx

from connectors.kibana.config import KibanaConfig
from schemas.errors import ConfigError, TerminalError, TransientError
from schemas.kibana_objects import FEEDS_VIEW
from schemas.templates import feeds_index

IMPORT_PATH = "/api/saved_objects/_import"
NDJSON_FILENAME = "newsflow-kibana.ndjson"
NEWS_VIEW_ID = "newsflow-news"


class KibanaError(TerminalError):
    """Kibana refused the import, or some objects in it."""


class KibanaUnavailable(TransientError):
    """Kibana could not be reached or answered 5xx/429."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    objects: tuple[tuple[str, str], ...]  # (type, id) of every object sent


def saved_objects(alias: str) -> list[dict[str, Any]]:
    """The shipped objects, with the news data view pointing at ``alias`` and the feed
    status view at the feed state that goes with it (``<alias>-feeds``, as ``run`` keeps
    it by default)."""
    text = resources.files("schemas").joinpath("kibana.ndjson").read_text("utf-8")
    objects = [json.loads(line) for line in text.splitlines() if line.strip()]
    titles = {NEWS_VIEW_ID: alias, FEEDS_VIEW: feeds_index(alias)}
    for obj in objects:
        if obj["type"] == "index-pattern" and obj["id"] in titles:
            obj["attributes"]["title"] = titles[obj["id"]]
    return objects


def ndjson(objects: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects).encode("utf-8")


def import_saved_objects(config: KibanaConfig, alias: str) -> ImportResult:
    """Import (overwriting) every newsflow object; raises KibanaError/KibanaUnavailable."""
    objects = saved_objects(alias)
    try:
        with httpx.Client(
            timeout=config.timeout_s,
            verify=config.ca_certs or True,
            auth=config.basic_auth(),
        ) as client:
            response = client.post(
                config.api_url(IMPORT_PATH),
                params={"overwrite": "true"},
                headers=config.headers(),
                files={"file": (NDJSON_FILENAME, ndjson(objects), "application/ndjson")},
            )
    except httpx.TransportError as exc:
        raise KibanaUnavailable(f"cannot reach Kibana at {config.url}: {exc}") from exc
    body = _json(response)
    if response.status_code == 429 or response.status_code >= 500:
        raise KibanaUnavailable(f"Kibana at {config.url} answered {_describe(response, body)}")
    if response.status_code in (401, 403):
        raise ConfigError(
            f"Kibana at {config.url} refused the credentials ({_describe(response, body)}); "
            "set NEWSFLOW_KIBANA_API_KEY or NEWSFLOW_KIBANA_USERNAME/NEWSFLOW_KIBANA_PASSWORD"
        )
    if response.status_code != 200 or not isinstance(body, dict):
        raise KibanaError(f"Kibana saved-objects import failed: {_describe(response, body)}")
    errors = body.get("errors") or []
    if not body.get("success") or errors:
        raise KibanaError(
            f"Kibana imported {body.get('successCount', 0)} of {len(objects)} objects; "
            + "; ".join(_object_error(error) for error in errors[:5])
        )
    return ImportResult(
        imported=int(body.get("successCount", 0)),
        objects=tuple((obj["type"], obj["id"]) for obj in objects),
    )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _describe(response: httpx.Response, body: Any) -> str:
    if isinstance(body, dict) and body.get("message"):
        return f"HTTP {response.status_code}: {body['message']}"
    return f"HTTP {response.status_code}"


def _object_error(error: dict[str, Any]) -> str:
    detail = error.get("error") or {}
    kind = detail.get("type", "error")
    what = f"{error.get('type')} {error.get('id')}"
    if kind == "missing_references":
        missing = ", ".join(f"{r['type']} {r['id']}" for r in detail.get("references", []))
        return f"{what}: missing references ({missing})"
    return f"{what}: {kind} {detail.get('message', '')}".rstrip()
