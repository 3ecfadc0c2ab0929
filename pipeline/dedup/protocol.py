"""One batch of fingerprints against the durable state: register, claim, verify, decide.

The state is any ``StateStore``: create-once documents read back by id. The
Elasticsearch store lives in connectors/dedupstate (the primary shard arbitrates
every race); ``pipeline.dedup.memstore`` is an in-process one, so the races below
are unit-tested without a node.

The steps, each one bulk request or one multi-get for the whole batch:

1. register: create ``s.<id>`` with the signature and a stamp. A 409 means the
   article was seen before (a replay, or a retried bundle): its stored decision, if
   any, is final and is returned unchanged, so a replay changes nothing.
2. claim: create ``c.<key>`` for every key of every new article (one request per
   key even when several articles of the batch share it). A 409 means another
   article owns the key; its owner is read back.
3. verify: the owners' signatures and decisions are read; similarity is computed.
4. decide (``pipeline.dedup.decide``), in stamp order, and create ``d.<id>``. If
   a decision for the id already exists (a concurrent retry), that one wins.
   Articles that must wait for an undecided candidate on another worker poll its
   decision with backoff until ``wait_s`` has passed, then decide without it.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pipeline.dedup import minhash
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Candidate, Decision, Stamp, choose
from pipeline.dedup.fingerprint import Fingerprint, similarity
from schemas.errors import SinkUnavailable

Doc = dict[str, Any]


class StateStore(Protocol):
    """Create-once documents, read back by id; the store arbitrates every race.

    ``create`` must be atomic per document: of two concurrent creators of one id,
    exactly one gets True. ``get`` must see every acknowledged ``create``.
    """

    def create(self, docs: Mapping[str, Doc]) -> dict[str, bool]:
        """Create each document; True where this call created it, False where it existed."""
        ...

    def get(self, ids: Iterable[str]) -> dict[str, Doc]:
        """The documents that exist, by id."""
        ...


def sig_id(article_id: str) -> str:
    return f"s.{article_id}"


def claim_id(key: str) -> str:
    return f"c.{key}"


def decision_id(article_id: str) -> str:
    return f"d.{article_id}"


_LATEST = datetime.max.replace(tzinfo=UTC)
_POLL_S = 0.05
_PRESENT_ATTEMPTS = 5


def arrival_order(fp: Fingerprint) -> tuple[datetime, int, str]:
    """Order inside one batch: earliest published, then the longest text, then id.

    Copies that arrive together are decided in this order, so the fuller, earlier
    version of a story becomes the original rather than a truncated later copy.
    """
    return (fp.published_at or _LATEST, -fp.words, fp.article_id)


def sig_doc(fp: Fingerprint, stamp: Stamp) -> Doc:
    return {
        "kind": "sig",
        "article": fp.article_id,
        "exact": fp.exact_key,
        "lead": fp.lead_key,
        "sig": base64.b64encode(fp.signature).decode("ascii"),
        "shingles": fp.shingles,
        "at": stamp[0],
    }


def from_sig_doc(doc: Doc, config: DedupConfig) -> tuple[Fingerprint, Stamp]:
    """The stored fingerprint (band keys recomputed: the shape is fixed per index)."""
    signature = base64.b64decode(doc["sig"])
    near = int(doc["shingles"]) >= config.min_shingles
    fp = Fingerprint(
        article_id=doc["article"],
        exact_key=doc["exact"],
        lead_key=doc.get("lead"),
        signature=signature,
        shingles=int(doc["shingles"]),
        band_keys=minhash.band_keys(minhash.from_bytes(signature), config.bands, config.rows)
        if near
        else (),
        published_at=None,
        words=0,
    )
    return fp, (int(doc["at"]), fp.article_id)


def decision_doc(decision: Decision) -> Doc:
    return {
        "kind": "decision",
        "article": decision.article_id,
        "duplicate_of": decision.duplicate_of,
        "similarity": decision.similarity,
    }


def from_decision_doc(doc: Doc) -> Decision:
    return Decision(doc["article"], doc.get("duplicate_of"), doc.get("similarity"))


@dataclass
class _Batch:
    """What one batch knows while it decides."""

    config: DedupConfig
    mine: dict[str, Fingerprint]
    sleep: Callable[[float], None]
    stamps: dict[str, Stamp] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # claim key -> owning article
    prints: dict[str, Fingerprint] = field(default_factory=dict)  # everyone we know
    decisions: dict[str, Decision] = field(default_factory=dict)
    candidates: dict[str, set[str]] = field(default_factory=dict)

    def candidate(self, me: str, other: str) -> Candidate:
        mine, theirs = self.prints[me], self.prints[other]
        in_batch = other in self.mine
        sees_me = in_batch or any(self.owner.get(k) == me for k in theirs.claim_keys)
        return Candidate(
            article_id=other,
            similarity=similarity(mine, theirs),
            stamp=self.stamps[other],
            sees_me=sees_me,
            decision=self.decisions.get(other),
        )


def decide_batch(
    store: StateStore,
    fingerprints: Iterable[Fingerprint],
    config: DedupConfig,
    *,
    now: datetime,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> dict[str, Decision]:
    """The decision for every article id in ``fingerprints``."""
    unique: dict[str, Fingerprint] = {}
    for fp in sorted(fingerprints, key=arrival_order):
        unique.setdefault(fp.article_id, fp)
    batch = _Batch(config=config, mine=unique, sleep=sleep, prints=dict(unique))
    base = int(now.timestamp() * 1_000_000)
    for position, article_id in enumerate(unique):
        batch.stamps[article_id] = (base + position, article_id)
    active = _register(store, batch)
    _claim(store, batch, active)
    _load_candidates(store, batch, active)
    _decide(store, batch, active, monotonic)
    return {article_id: batch.decisions[article_id] for article_id in unique}


def _register(store: StateStore, batch: _Batch) -> list[str]:
    """Create the signatures; returns the ids that still need a decision."""
    docs = {sig_id(i): sig_doc(fp, batch.stamps[i]) for i, fp in batch.mine.items()}
    created = store.create(docs)
    seen = [i for i in batch.mine if not created[sig_id(i)]]
    stored = store.get([sig_id(i) for i in seen] + [decision_id(i) for i in seen])
    for article_id in seen:
        if decision_id(article_id) in stored:
            batch.decisions[article_id] = from_decision_doc(stored[decision_id(article_id)])
        if sig_id(article_id) in stored:  # keep the first registration's stamp
            _fp, batch.stamps[article_id] = from_sig_doc(stored[sig_id(article_id)], batch.config)
    return sorted(
        (i for i in batch.mine if i not in batch.decisions), key=lambda i: batch.stamps[i]
    )


def _claim(store: StateStore, batch: _Batch, active: list[str]) -> None:
    """Claim every key once; learn the owner of each; pair up articles of the batch."""
    holders: dict[str, list[str]] = {}
    for article_id in active:
        for key in batch.mine[article_id].claim_keys:
            holders.setdefault(key, []).append(article_id)
    created = store.create(
        {claim_id(k): {"kind": "claim", "owner": h[0]} for k, h in holders.items()}
    )
    lost = [k for k in holders if not created[claim_id(k)]]
    stored = store.get(claim_id(k) for k in lost)
    for key, ids in holders.items():
        owner = stored[claim_id(key)]["owner"] if key in lost else ids[0]
        batch.owner[key] = owner
        for article_id in ids:
            others = batch.candidates.setdefault(article_id, set())
            others.update(i for i in ids if i != article_id)  # in-batch: any shared key
            if owner != article_id:
                others.add(owner)


def _load_candidates(store: StateStore, batch: _Batch, active: list[str]) -> None:
    outside = {c for i in active for c in batch.candidates.get(i, ()) if c not in batch.mine}
    stored = _get_present(batch, store, [sig_id(c) for c in outside])
    decisions = store.get(decision_id(c) for c in outside)
    for other in outside:
        batch.prints[other], batch.stamps[other] = from_sig_doc(stored[sig_id(other)], batch.config)
        if decision_id(other) in decisions:
            batch.decisions[other] = from_decision_doc(decisions[decision_id(other)])


def _get_present(batch: _Batch, store: StateStore, ids: list[str]) -> dict[str, Doc]:
    """Read signatures known to exist (their claim was seen); a replica may lag a moment."""
    found = store.get(ids)
    for attempt in range(_PRESENT_ATTEMPTS):
        missing = [i for i in ids if i not in found]
        if not missing:
            return found
        batch.sleep(_POLL_S * 2**attempt)
        found.update(store.get(missing))
    missing = [i for i in ids if i not in found]
    if missing:
        raise SinkUnavailable(
            f"dedup state: {len(missing)} claimed articles have no signature yet "
            f"(e.g. {missing[0]}); the batch will be dead-lettered as transient"
        )
    return found


def _decide(
    store: StateStore,
    batch: _Batch,
    active: list[str],
    monotonic: Callable[[], float],
) -> None:
    pending = list(active)
    deadline = monotonic() + batch.config.wait_s
    poll = _POLL_S
    while pending:
        force = monotonic() >= deadline
        made: dict[str, Decision] = {}
        waiting: list[str] = []
        blockers: set[str] = set()
        for article_id in pending:
            decision = _try_decide(store, batch, article_id, force=force)
            if decision is None:
                waiting.append(article_id)
                blockers.update(_blockers(batch, article_id))
            else:
                made[article_id] = decision
                batch.decisions[article_id] = decision
        _persist(store, batch, made)
        pending = waiting
        if pending and not made:
            batch.sleep(poll)
            poll = min(poll * 2, 1.0)
            outside = [b for b in blockers if b not in batch.mine]
            for doc in store.get(decision_id(b) for b in outside).values():
                found = from_decision_doc(doc)
                batch.decisions[found.article_id] = found


def _blockers(batch: _Batch, article_id: str) -> tuple[str, ...]:
    candidates = [batch.candidate(article_id, c) for c in batch.candidates.get(article_id, ())]
    return choose(batch.stamps[article_id], candidates, batch.config.threshold).blockers


def _try_decide(
    store: StateStore, batch: _Batch, article_id: str, *, force: bool
) -> Decision | None:
    candidates = [batch.candidate(article_id, c) for c in batch.candidates.get(article_id, ())]
    choice = choose(batch.stamps[article_id], candidates, batch.config.threshold, force=force)
    if choice.waiting:
        return None
    if choice.via is None or choice.via.decision is None:
        return Decision(article_id)
    root = choice.via.decision.root
    if root == choice.via.article_id:
        return Decision(article_id, root, round(choice.via.similarity, 4))
    if root not in batch.prints:
        stored = _get_present(batch, store, [sig_id(root)])
        batch.prints[root], batch.stamps[root] = from_sig_doc(stored[sig_id(root)], batch.config)
    score = similarity(batch.prints[article_id], batch.prints[root])
    return Decision(article_id, root, round(score, 4))


def _persist(store: StateStore, batch: _Batch, made: dict[str, Decision]) -> None:
    """Create the decisions; where one already exists (a concurrent retry), adopt it."""
    if not made:
        return
    created = store.create({decision_id(i): decision_doc(d) for i, d in made.items()})
    lost = [i for i in made if not created[decision_id(i)]]
    for doc in store.get(decision_id(i) for i in lost).values():
        found = from_decision_doc(doc)
        batch.decisions[found.article_id] = found
