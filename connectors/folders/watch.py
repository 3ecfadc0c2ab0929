"""Which files of a watched folder to read now: new or changed, and settled. Pure: the
listing and the (monotonic) time are passed in.

A file is read when its fingerprint (size, modification time in ns) differs from the
one recorded when it was last read, and stayed the same across two scans at least
``settle_s`` apart, so a file still being written is not read half-way. What was
read is recorded (``connectors.folders.store``) only after its articles settled, so
a crash before that reads it again, and a restart reads nothing it already indexed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from connectors.files import DEFAULT_MAX_FILE_BYTES
from connectors.files.discover import Found, shown_path
from connectors.folders.config import FolderSpec

Fingerprint = tuple[int, int]  # size in bytes, modification time in ns
# A cycle holds all its documents in memory between stages: the rest wait for the next.
MAX_FILES_PER_CYCLE = 100


@dataclass(frozen=True, slots=True)
class WatchedFile:
    """A file of a watched folder, as listed; what enters the pipeline to be read."""

    folder_id: str
    path: bytes
    size: int
    mtime_ns: int
    refused: str | None = None  # why it is not read (a FIFO, a link out of the folder...)
    source: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def fingerprint(self) -> Fingerprint:
        return (self.size, self.mtime_ns)

    @property
    def found(self) -> Found:
        """The file as ``connectors.files`` reads it."""
        return Found(self.path, self.refused)

    @property
    def origin(self) -> str:
        """What a dead letter of this file names as its origin."""
        return shown_path(self.path)

    @property
    def key(self) -> str:
        """The id of its state document: one per folder and path."""
        return file_key(self.folder_id, self.path)


def file_key(folder_id: str, path: bytes) -> str:
    return hashlib.sha256(folder_id.encode("utf-8") + b"\0" + path).hexdigest()[:32]


class FolderWatch:
    """One folder's files between scans: what was read (as far as this process knows),
    and what is new or changed but not settled yet. Holds only files still listed."""

    def __init__(self, spec: FolderSpec) -> None:
        self.spec = spec
        self._read: dict[bytes, Fingerprint | None] = {}  # None: looked up, never read
        self._pending: dict[bytes, tuple[Fingerprint, float]] = {}  # first seen so, at
        self.next_scan_at = 0.0

    @property
    def settling(self) -> int:
        """How many new or changed files wait to settle (or to be read)."""
        return len(self._pending)

    def unknown(self, listed: Iterable[WatchedFile]) -> list[WatchedFile]:
        """The files whose recorded fingerprint this process has not looked up yet."""
        return [file for file in listed if file.path not in self._read]

    def learn(self, looked_up: Iterable[WatchedFile], recorded: dict[str, Fingerprint]) -> None:
        """What the state store holds for ``looked_up`` (by file key; absent: never read)."""
        for file in looked_up:
            self._read[file.path] = recorded.get(file.key)

    def settled(self, listed: list[WatchedFile], now: float) -> list[WatchedFile]:
        """The new or changed files of this scan that stayed the same for ``settle_s``.

        Every file must have been looked up (``unknown``/``learn``) first. Plans the
        next scan: after the poll interval, or sooner when a file is settling.
        """
        present = {file.path for file in listed}
        self._read = {path: fp for path, fp in self._read.items() if path in present}
        self._pending = {path: seen for path, seen in self._pending.items() if path in present}
        ready: list[WatchedFile] = []
        for file in listed:
            if self._read[file.path] == file.fingerprint:
                self._pending.pop(file.path, None)
                continue
            first = self._pending.get(file.path)
            if first is None or first[0] != file.fingerprint:
                self._pending[file.path] = (file.fingerprint, now)
            elif now - first[1] >= self.spec.settle_s:
                ready.append(file)
        self.next_scan_at = now + self.spec.poll_interval_s
        settling = [since + self.spec.settle_s for _fp, since in self._pending.values()]
        later = [at for at in settling if at > now]
        if len(ready) > MAX_FILES_PER_CYCLE:
            self.next_scan_at = now  # the rest make the next cycle, at once
        elif later:
            self.next_scan_at = min(self.next_scan_at, *later)
        return ready[:MAX_FILES_PER_CYCLE]

    def read(self, files: Iterable[WatchedFile]) -> None:
        """``files`` were read and their state saved: not read again unless they change."""
        for file in files:
            if file.path in self._read:
                self._read[file.path] = file.fingerprint
                self._pending.pop(file.path, None)
