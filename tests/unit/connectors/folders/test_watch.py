"""Which files of a watched folder a scan hands on: new or changed, and settled (pure)."""

from __future__ import annotations

from connectors.folders import FolderSpec, FolderWatch, WatchedFile
from connectors.folders.watch import MAX_FILES_PER_CYCLE

SPEC = FolderSpec(id="wire", path="/drop", poll_interval_s=10.0, settle_s=2.0)


def _file(name: str, size: int = 100, mtime_ns: int = 1) -> WatchedFile:
    return WatchedFile("wire", f"/drop/{name}".encode(), size, mtime_ns)


def _scan(watch: FolderWatch, listed: list[WatchedFile], now: float) -> list[str]:
    """One scan as the driver does it; the names of the files ready to be read."""
    unknown = watch.unknown(listed)
    watch.learn(unknown, {})
    return [file.origin.rsplit("/", 1)[1] for file in watch.settled(listed, now)]


def test_a_new_file_is_ready_once_unchanged_for_the_settle_time() -> None:
    watch = FolderWatch(SPEC)
    assert _scan(watch, [_file("a.txt")], now=100.0) == []
    assert watch.next_scan_at == 102.0  # looked at again when it may have settled
    assert _scan(watch, [_file("a.txt")], now=101.0) == []  # too soon
    assert _scan(watch, [_file("a.txt")], now=102.0) == ["a.txt"]
    assert watch.next_scan_at == 112.0  # nothing settling: the poll interval


def test_a_file_still_growing_is_not_ready() -> None:
    watch = FolderWatch(SPEC)
    now = 0.0
    for size in (10, 20, 30, 40):  # each scan sees it bigger: always a new first sight
        assert _scan(watch, [_file("a.txt", size=size)], now) == []
        now += 2.0
    assert _scan(watch, [_file("a.txt", size=40)], now) == ["a.txt"]


def test_a_rewritten_file_of_the_same_size_is_told_by_its_modification_time() -> None:
    watch = FolderWatch(SPEC)
    _scan(watch, [_file("a.txt", mtime_ns=1)], 0.0)
    assert _scan(watch, [_file("a.txt", mtime_ns=2)], 2.0) == []
    assert _scan(watch, [_file("a.txt", mtime_ns=2)], 4.0) == ["a.txt"]


def test_a_read_file_is_not_read_again_until_it_changes() -> None:
    watch = FolderWatch(SPEC)
    _scan(watch, [_file("a.txt")], 0.0)
    ready = watch.settled([_file("a.txt")], 2.0)
    watch.read(ready)
    assert _scan(watch, [_file("a.txt")], 12.0) == []
    assert _scan(watch, [_file("a.txt", size=200)], 22.0) == []
    assert _scan(watch, [_file("a.txt", size=200)], 24.0) == ["a.txt"]


def test_what_the_store_recorded_counts_as_read_after_a_restart() -> None:
    watch = FolderWatch(SPEC)
    old, changed, new = _file("old.txt"), _file("changed.txt", size=5), _file("new.txt")
    listed = [old, changed, new]
    assert watch.unknown(listed) == listed
    watch.learn(listed, {old.key: old.fingerprint, changed.key: (4, 1)})
    assert watch.unknown(listed) == []  # looked up once, not at every scan
    assert watch.settled(listed, 0.0) == []
    assert {f.origin for f in watch.settled(listed, 2.0)} == {changed.origin, new.origin}


def test_a_file_that_was_not_read_stays_ready_and_a_vanished_one_is_forgotten() -> None:
    watch = FolderWatch(SPEC)
    _scan(watch, [_file("a.txt"), _file("b.txt")], 0.0)
    assert _scan(watch, [_file("a.txt"), _file("b.txt")], 2.0) == ["a.txt", "b.txt"]
    # the cycle failed: nothing was read, so both are ready again; b.txt is gone
    assert _scan(watch, [_file("a.txt")], 4.0) == ["a.txt"]
    assert watch.unknown([_file("b.txt")]) == [_file("b.txt")]  # to be looked up again


def test_a_backlog_is_handed_on_in_cycles_of_bounded_size() -> None:
    watch = FolderWatch(SPEC)
    listed = [_file(f"{n:04}.txt") for n in range(MAX_FILES_PER_CYCLE + 5)]
    _scan(watch, listed, 0.0)
    first = watch.settled(listed, 2.0)
    assert len(first) == MAX_FILES_PER_CYCLE
    assert watch.next_scan_at == 2.0  # the rest at once
    watch.read(first)
    assert len(watch.settled(listed, 2.0)) == 5


def test_keys_differ_by_folder_and_path() -> None:
    a = WatchedFile("wire", b"/drop/a.txt", 1, 1)
    assert a.key == WatchedFile("wire", b"/drop/a.txt", 2, 2).key  # not by content
    assert a.key != WatchedFile("other", b"/drop/a.txt", 1, 1).key
    assert a.key != WatchedFile("wire", b"/drop/b.txt", 1, 1).key
