"""The watched folders of ``newsflow run``: when to scan them, and which files a cycle reads.

The driver (``pipeline.app.run``) asks ``FolderWatcher`` whether a folder is due,
has it scan the due ones (list, look up what the state store recorded, settle) and
runs one bounded pipeline over the files that are ready (``assembly.build_watched``);
after that cycle succeeded it tells the watcher they were read. Times here are
``time.monotonic()`` seconds, passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from connectors.folders import (
    MAX_FILES_PER_CYCLE,
    FileStateStore,
    FolderSpec,
    FolderWatch,
    WatchedFile,
    list_folder,
)
from pipeline.app.bounded import Counts
from pipeline.app.summary import outcomes
from schemas import InvalidInput

MAX_IDLE_S = 30.0
MIN_IDLE_S = 0.1


class FolderWatcher:
    """Every watched folder's settle state; ``say`` reports a folder that cannot be
    listed, once each time its problem changes (it is retried every poll interval)."""

    def __init__(self, folders: Sequence[FolderSpec], say: Callable[[str], None]) -> None:
        self._watches = [FolderWatch(spec) for spec in folders]
        self._say = say
        self._problems: dict[str, str] = {}

    @property
    def folders(self) -> int:
        return len(self._watches)

    @property
    def max_settle_s(self) -> float:
        return max((watch.spec.settle_s for watch in self._watches), default=0.0)

    @property
    def settling(self) -> bool:
        return any(watch.settling for watch in self._watches)

    def due(self, now: float) -> bool:
        return any(watch.next_scan_at <= now for watch in self._watches)

    def idle_seconds(self, now: float) -> float:
        """How long to sleep before the next folder is due, within [MIN_IDLE_S, MAX_IDLE_S]."""
        upcoming = min((watch.next_scan_at for watch in self._watches), default=now + MAX_IDLE_S)
        return max(MIN_IDLE_S, min(MAX_IDLE_S, upcoming - now))

    def postpone(self, now: float, seconds: float) -> None:
        """Scan nothing for ``seconds`` (the state store is unavailable)."""
        for watch in self._watches:
            watch.next_scan_at = max(watch.next_scan_at, now + seconds)

    def scan(self, store: FileStateStore, now: float, *, every: bool = False) -> list[WatchedFile]:
        """Scan the due folders (``every``: all of them); the files ready to be read, at
        most ``MAX_FILES_PER_CYCLE``. Raises IngestError when the store cannot be read."""
        ready: list[WatchedFile] = []
        for watch in self._watches:
            if not every and watch.next_scan_at > now:
                continue
            listed = self._list(watch, now)
            unknown = watch.unknown(listed)
            if unknown:
                watch.learn(unknown, store.load(unknown))
            ready.extend(watch.settled(listed, now))
        if len(ready) > MAX_FILES_PER_CYCLE:
            for watch in self._watches:
                watch.next_scan_at = min(watch.next_scan_at, now)  # the rest at once
        return ready[:MAX_FILES_PER_CYCLE]

    def read(self, files: Sequence[WatchedFile]) -> None:
        """``files`` were read and recorded: not read again unless they change."""
        for watch in self._watches:
            watch.read(file for file in files if file.folder_id == watch.spec.id)

    def _list(self, watch: FolderWatch, now: float) -> list[WatchedFile]:
        spec = watch.spec
        try:
            listed = list_folder(spec)
        except InvalidInput as err:
            if self._problems.get(spec.id) != str(err):
                self._say(f"newsflow: {err}; looking again every {spec.poll_interval_s:g} s")
            self._problems[spec.id] = str(err)
            listed = []
        else:
            if self._problems.pop(spec.id, None) is not None:
                self._say(f"newsflow: folder {spec.id}: {spec.path} can be listed again")
        return listed


def cycle_line(number: int, files: int, counts: Counts, seconds: float) -> str:
    """The line a folder cycle prints, as a feed cycle prints its own."""
    return (
        f"cycle {number}: read {files} new or changed files; {counts.read} new: "
        f"{outcomes(counts)} ({seconds:.1f} s)"
    )
