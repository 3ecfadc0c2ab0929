"""The claim protocol (``decide_batch``) against the in-memory store: batches, replays,
restarts, and the races between deciders, driven step by step.

The same protocol runs against the real node in
tests/integration/connectors/dedupstate/test_dedup_state.py.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Mapping

import pytest

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Decision
from pipeline.dedup.fingerprint import Fingerprint
from pipeline.dedup.memstore import MemoryStateStore
from pipeline.dedup.protocol import Doc, decide_batch, decision_id
from tests.conftest import FIXTURES, SEEDS
from tests.support.dedup import NOW, check_groups, fixture_prints

CONFIG = DedupConfig()


def _story(folder: str, story: str) -> Fingerprint:
    return next(
        fp for s, fp in fixture_prints(FIXTURES / "dedup" / folder, config=CONFIG) if s == story
    )


def test_memory_store_creates_once_and_reads_back() -> None:
    store = MemoryStateStore()
    assert store.create({"a": {"n": 1}, "b": {"n": 2}}) == {"a": True, "b": True}
    assert store.create({"a": {"n": 3}}) == {"a": False}
    assert store.get(["a", "missing"]) == {"a": {"n": 1}}


def test_two_copies_in_one_batch_link_and_a_replay_changes_nothing() -> None:
    store = MemoryStateStore()
    original = _story("event", "wire_raid_report")
    edited = _story("event_copies", "wire_raid_report")
    decisions = decide_batch(store, [edited, original], CONFIG, now=NOW)
    assert decisions[original.article_id] == Decision(original.article_id)
    copy = decisions[edited.article_id]
    assert copy.duplicate_of == original.article_id
    assert copy.similarity is not None
    assert copy.similarity >= CONFIG.threshold
    assert decide_batch(store, [original, edited], CONFIG, now=NOW) == decisions


def test_a_restart_remembers_through_the_store_alone() -> None:
    prints = fixture_prints(SEEDS, FIXTURES / "dedup" / "seed_copies", config=CONFIG)
    stories = {fp.article_id: story for story, fp in prints}
    shared: dict[str, Doc] = {}
    first = decide_batch(MemoryStateStore(shared), [fp for _s, fp in prints[::2]], CONFIG, now=NOW)
    everything = decide_batch(MemoryStateStore(shared), [fp for _s, fp in prints], CONFIG, now=NOW)
    assert all(everything[i] == d for i, d in first.items())
    check_groups(stories, everything, expected_groups=5)


class _GatedStore(MemoryStateStore):
    """Holds back the decision of ``held`` until ``release`` is set: an in-flight article
    on another worker, registered and claimed but not yet decided."""

    def __init__(self, held: str) -> None:
        super().__init__()
        self._held = decision_id(held)
        self.release = threading.Event()

    def create(self, docs: Mapping[str, Doc]) -> dict[str, bool]:
        if self._held in docs:
            assert self.release.wait(10), "the test never released the held decision"
        return super().create(docs)


def _in_thread(
    store: MemoryStateStore, prints: list[Fingerprint]
) -> tuple[threading.Thread, dict[str, Decision]]:
    out: dict[str, Decision] = {}
    thread = threading.Thread(
        target=lambda: out.update(decide_batch(store, prints, CONFIG, now=NOW))
    )
    thread.start()
    return thread, out


def test_a_copy_waits_for_its_original_in_flight_then_links_to_it() -> None:
    original = _story("event", "wire_raid_report")
    edited = _story("event_copies", "wire_raid_report")
    store = _GatedStore(held=original.article_id)
    first, first_out = _in_thread(store, [original])
    while not _claimed(store, original):
        time.sleep(0.001)
    waiting = threading.Event()

    def sleep(seconds: float) -> None:
        waiting.set()  # the copy found its original undecided and is polling for it
        time.sleep(min(seconds, 0.01))

    out: dict[str, Decision] = {}
    second = threading.Thread(
        target=lambda: out.update(decide_batch(store, [edited], CONFIG, now=NOW, sleep=sleep))
    )
    second.start()
    assert waiting.wait(10)
    assert edited.article_id not in out  # still undecided while the original is held
    store.release.set()
    first.join(10)
    second.join(10)
    assert first_out[original.article_id].duplicate_of is None
    assert out[edited.article_id].duplicate_of == original.article_id


def _claimed(store: MemoryStateStore, fp: Fingerprint) -> bool:
    with store._lock:
        return all(f"c.{key}" in store.docs for key in fp.claim_keys)


def test_a_decision_that_never_comes_costs_a_link_never_a_wrong_one() -> None:
    """The original's worker died after claiming: the copy waits ``wait_s``, then stays an
    original rather than linking to an undecided article."""
    original = _story("event", "wire_raid_report")
    edited = _story("event_copies", "wire_raid_report")
    store = _GatedStore(held=original.article_id)
    first, first_out = _in_thread(store, [original])
    while not _claimed(store, original):
        time.sleep(0.001)
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    decided = decide_batch(
        store, [edited], CONFIG, now=NOW, sleep=sleep, monotonic=lambda: clock[0]
    )
    assert decided[edited.article_id] == Decision(edited.article_id)
    assert clock[0] >= CONFIG.wait_s
    store.release.set()
    first.join(10)
    assert first_out[original.article_id].duplicate_of is None


class _JitteryStore(MemoryStateStore):
    """Sleeps a random moment before every call, so deciders interleave differently."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self._rand = random.Random(seed)

    def _pause(self) -> None:
        time.sleep(self._rand.random() * 0.002)

    def create(self, docs: Mapping[str, Doc]) -> dict[str, bool]:
        self._pause()
        return super().create(docs)

    def get(self, ids: Iterable[str]) -> dict[str, Doc]:
        self._pause()
        return super().get(ids)


@pytest.mark.parametrize("seed", range(6))
def test_racing_deciders_agree_on_one_original_per_story(seed: int) -> None:
    prints = fixture_prints(SEEDS, FIXTURES / "dedup" / "seed_copies", config=CONFIG)
    stories = {fp.article_id: story for story, fp in prints}
    random.Random(seed).shuffle(prints)
    store = _JitteryStore(seed)
    workers = 4
    start = threading.Barrier(workers)
    results: dict[str, Decision] = {}
    lock = threading.Lock()

    def worker(share: list[Fingerprint]) -> None:
        start.wait()
        for i in range(0, len(share), 2):
            decided = decide_batch(store, share[i : i + 2], CONFIG, now=NOW)
            with lock:
                results.update(decided)

    threads = [
        threading.Thread(target=worker, args=([fp for _s, fp in prints[w::workers]],))
        for w in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == len(prints)
    check_groups(stories, results, expected_groups=5)


def test_the_state_writes_at_most_ten_documents_per_article() -> None:
    """Write amplification: signature, decision, and one claim per key (exact text,
    lead, 6 bands) for an article nothing else claimed; a copy's claims that exist
    already write nothing."""
    prints = fixture_prints(
        SEEDS, FIXTURES / "dedup" / "event", FIXTURES / "dedup" / "seed_copies", config=CONFIG
    )
    store = MemoryStateStore()
    decide_batch(store, [fp for _s, fp in prints], CONFIG, now=NOW)
    assert max(len(fp.claim_keys) + 2 for _s, fp in prints) <= 10
    assert len(store.docs) <= 10 * len(prints)
