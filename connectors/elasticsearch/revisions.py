"""What a 409 on ``create`` means: a replay, another outlet's exact copy, or a new version.

A document's id is the sha256 of its canonical URL (or of its text when it has none),
so ``create`` answering 409 says only that the id is taken. Read the stored document
and compare (``revise``, pure):

- same text, an origin already seen (the document's own or a recorded copy's): a
  replay, nothing changes;
- same text, a new origin: an exact copy; it is recorded on the stored document
  (``copies``);
- other text (so the same canonical URL) from the document's own origin: the story
  changed where it was published; the stored document is replaced by the new
  version, keeping its first ``ingested_at`` and its copies, with ``updated_at``,
  ``revisions`` + 1 and the old text's hash in ``previous_hashes``, so a replay of an
  older version changes nothing;
- other text from another origin: the same page reached another way and extracted
  differently; the first stays, as before.

An origin is a URL, or for a file its name: the same file replayed from another
folder (a restart, a copied input tree) is the same origin, a file under another
name is another.

Writes are conditional on the version read (``if_seq_no``/``if_primary_term``); a
conflict re-reads and decides again, a few times.

The outcome stays DUPLICATE in every case (no new document was created; ``read =
indexed + duplicate + dead-lettered`` keeps its meaning), and ``change`` says what was
recorded, for the ``recorded`` and ``updated`` counters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from elasticsearch import ApiError, ConflictError, Elasticsearch, TransportError

from connectors.elasticsearch.bulk import ItemResult, Outcome
from connectors.elasticsearch.client import client_url, translate

ATTEMPTS = 3


class Change(StrEnum):
    COPY = "copy"
    UPDATE = "update"


def origin_key(origin: str | None) -> str | None:
    """What makes two origins the same: the URL, or a file's name (not its folder)."""
    if origin is None or "://" in origin:
        return origin
    return PurePath(origin).name


def revise(stored: dict[str, Any], new: dict[str, Any]) -> tuple[Change, dict[str, Any]] | None:
    """The document to store instead of ``stored`` now that ``new`` arrived, or None."""
    copies = list(stored.get("copies") or ())
    origin = origin_key(new.get("origin"))
    if new.get("content_hash") == stored.get("content_hash"):
        seen = {origin_key(stored.get("origin"))} | {origin_key(c.get("origin")) for c in copies}
        if origin in seen:
            return None
        copy = {key: new.get(key) for key in ("source", "url", "origin", "ingested_at")}
        return Change.COPY, {**stored, "copies": [*copies, copy]}
    previous = list(stored.get("previous_hashes") or ())
    if origin != origin_key(stored.get("origin")) or new.get("content_hash") in previous:
        return None
    updated = {
        **new,
        "ingested_at": stored.get("ingested_at", new.get("ingested_at")),
        "updated_at": new.get("ingested_at"),
        "revisions": int(stored.get("revisions") or 1) + 1,
        "previous_hashes": [*previous, stored.get("content_hash")],
        "copies": copies,
    }
    return Change.UPDATE, updated


def settle_duplicates(client: Elasticsearch, results: Sequence[ItemResult]) -> list[ItemResult]:
    """``results`` with each DUPLICATE that was really a copy or an update applied
    (``change`` says which); true replays are left as they are.

    The stored documents of a batch's duplicates are read with one multi-get, so a
    replay of already indexed articles costs one request per batch, not one per
    article; only a conflicting write reads its document again."""
    settled = list(results)
    positions = [i for i, r in enumerate(results) if r.outcome is Outcome.DUPLICATE and r.index]
    if not positions:
        return settled
    url = client_url(client)
    wanted = [{"_index": results[i].index, "_id": results[i].doc.id} for i in positions]
    try:
        found = client.mget(docs=wanted, realtime=True)["docs"]
    except (ApiError, TransportError) as exc:
        error = translate(exc, url=url, action="read the stored copies of duplicates")
        for i in positions:
            settled[i] = replace(results[i], outcome=Outcome.UNAVAILABLE, reason=str(error))
        return settled
    for i, stored in zip(positions, found, strict=True):
        settled[i] = _settle(client, results[i], stored if stored.get("found") else None)
    return settled


def _settle(client: Elasticsearch, result: ItemResult, stored: dict[str, Any] | None) -> ItemResult:
    """Apply ``result``'s copy or update onto ``stored`` (read again after a conflict)."""
    index = result.index
    assert index is not None, "only results that name their index are settled"
    new = json.loads(result.doc.body)
    url = client_url(client)
    for _attempt in range(ATTEMPTS):
        try:
            if stored is None:
                stored = dict(client.get(index=index, id=result.doc.id))
            change = revise(stored["_source"], new)
            if change is None:
                return result
            kind, document = change
            client.index(
                index=index,
                id=result.doc.id,
                document=document,
                if_seq_no=stored["_seq_no"],
                if_primary_term=stored["_primary_term"],
            )
        except ConflictError:
            stored = None  # written meanwhile (another copy of the same story): read again
            continue
        except (ApiError, TransportError) as exc:
            error = translate(exc, url=url, action=f"record a copy on {result.doc.id!r}")
            return replace(result, outcome=Outcome.UNAVAILABLE, reason=str(error))
        return replace(result, change=kind.value)
    return replace(
        result,
        outcome=Outcome.UNAVAILABLE,
        reason=f"document {result.doc.id!r} kept changing; gave up after {ATTEMPTS} attempts",
    )
