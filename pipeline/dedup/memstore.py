"""An in-process ``StateStore``: the claim protocol without a node.

Atomic per call under one lock, like Elasticsearch's per-document arbitration, and
shareable between threads (one store, many deciders) and between "restarts" (a new
store over the same dict). Tests drive the protocol's races with it; a local run
that needs no durability could use it too.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Mapping

from pipeline.dedup.protocol import Doc


class MemoryStateStore:
    """``pipeline.dedup.protocol.StateStore`` over a dict (``docs``, shared if given)."""

    def __init__(self, docs: dict[str, Doc] | None = None) -> None:
        self.docs: dict[str, Doc] = {} if docs is None else docs
        self._lock = threading.Lock()

    def create(self, docs: Mapping[str, Doc]) -> dict[str, bool]:
        with self._lock:
            created = {doc_id: doc_id not in self.docs for doc_id in docs}
            for doc_id, doc in docs.items():
                self.docs.setdefault(doc_id, copy.deepcopy(doc))
        return created

    def get(self, ids: Iterable[str]) -> dict[str, Doc]:
        with self._lock:
            return {i: copy.deepcopy(self.docs[i]) for i in set(ids) if i in self.docs}
