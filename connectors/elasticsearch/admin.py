"""Index administration: apply the template, create the versioned index, point the alias."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from connectors.elasticsearch.client import client_url, translate
from schemas.errors import ConfigError
from schemas.templates import TEMPLATE_VERSION, index_template, template_name, versioned_index


@dataclass(frozen=True, slots=True)
class SetupResult:
    alias: str
    index: str
    template: str
    created_index: bool


@dataclass(frozen=True, slots=True)
class OwnedIndex:
    """One index newsflow keeps for an alias: ``<alias>-v<N>`` (articles),
    ``<alias>-dedup-v<N>`` (dedup state), ``<alias>-feeds`` (feed state),
    ``<alias>-folders`` (folder state)."""

    name: str
    health: str
    documents: int
    replicas: int

    @property
    def role(self) -> str:
        parts = self.name.rsplit("-", 2)
        if parts[-1] == "feeds":
            return "feed state"
        if parts[-1] == "folders":
            return "folder state"
        if not re.fullmatch(r"v\d+", parts[-1]):
            return "other"
        return "dedup state" if len(parts) == 3 and parts[-2] == "dedup" else "articles"


@dataclass(frozen=True, slots=True)
class IndexStatus:
    cluster: str
    version: str
    health: str
    alias: str
    indices: tuple[str, ...]
    documents: int
    template_version: int | None
    owned: tuple[OwnedIndex, ...] = ()


def setup_index(
    client: Elasticsearch, alias: str, *, replicas: int = 0, synonyms: Sequence[str] = ()
) -> SetupResult:
    """Idempotently apply the template and make ``alias`` the write alias of its index.

    ``synonyms`` (name synonym rules) take effect when the index is created.
    """
    index = versioned_index(alias)
    name = template_name(alias)
    url = client_url(client)
    try:
        if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
            raise ConfigError(
                f"{alias!r} is a concrete index, but newsflow writes through an alias of that "
                f"name; choose another --index or reindex {alias!r} into {index!r}"
            )
        body = index_template(alias, replicas=replicas, synonyms=synonyms)
        client.indices.put_index_template(name=name, **body)
        created = False
        if not client.indices.exists(index=index):
            try:
                client.indices.create(index=index)
                created = True
            except ApiError as exc:  # another worker created it between our check and now
                if exc.error != "resource_already_exists_exception":
                    raise
        client.indices.update_aliases(actions=_alias_actions(client, alias, index))
        client.cluster.health(index=index, wait_for_status="yellow", timeout="30s")
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=url, action=f"set up index {index!r}") from exc
    return SetupResult(alias=alias, index=index, template=name, created_index=created)


def _alias_actions(client: Elasticsearch, alias: str, index: str) -> list[dict[str, Any]]:
    """Make ``index`` the write index of ``alias`` in one atomic request.

    Indices of older template versions stay in the alias as read-only members, so a
    template upgrade loses no search results and never leaves two write indices.
    """
    older: list[str] = []
    if client.indices.exists_alias(name=alias):
        older = [name for name in client.indices.get_alias(name=alias).body if name != index]
    actions: list[dict[str, Any]] = [
        {"add": {"index": name, "alias": alias, "is_write_index": False}} for name in older
    ]
    actions.append({"add": {"index": index, "alias": alias, "is_write_index": True}})
    return actions


def index_status(client: Elasticsearch, alias: str) -> IndexStatus:
    """What a user wants to know before searching: is it up, and what is in the index."""
    url = client_url(client)
    try:
        info = client.info()
        health = client.cluster.health()
        indices: tuple[str, ...] = ()
        documents = 0
        template_version = None
        if client.indices.exists_alias(name=alias):
            indices = tuple(sorted(client.indices.get_alias(name=alias).body))
            documents = int(client.count(index=alias)["count"])
        if client.indices.exists_index_template(name=template_name(alias)):
            templates = client.indices.get_index_template(name=template_name(alias))
            template_version = templates["index_templates"][0]["index_template"].get("version")
        owned = _owned_indices(client, alias)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=url, action="read the index status") from exc
    return IndexStatus(
        cluster=str(info["cluster_name"]),
        version=str(info["version"]["number"]),
        health=str(health["status"]),
        alias=alias,
        indices=indices,
        documents=documents,
        template_version=template_version,
        owned=owned,
    )


def _owned_indices(client: Elasticsearch, alias: str) -> tuple[OwnedIndex, ...]:
    rows = client.cat.indices(
        index=f"{alias}-*", format="json", h="index,health,docs.count,rep", expand_wildcards="open"
    )
    return tuple(
        OwnedIndex(
            name=row["index"],
            health=row["health"],
            documents=int(row["docs.count"] or 0),
            replicas=int(row["rep"] or 0),
        )
        for row in sorted(rows.body, key=lambda row: row["index"])
    )


def article_index_uuid(client: Elasticsearch, alias: str) -> str:
    """The uuid of the write index behind ``alias``: it changes when the index is
    deleted and created again, which the state indices notice (feed state ``follow``)."""
    index = versioned_index(alias)
    try:
        settings = client.indices.get_settings(index=index, name="index.uuid")
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=client_url(client), action=f"read {index!r}") from exc
    return str(settings[index]["settings"]["index"]["uuid"])


__all__ = [
    "TEMPLATE_VERSION",
    "IndexStatus",
    "OwnedIndex",
    "SetupResult",
    "article_index_uuid",
    "index_status",
    "setup_index",
]
