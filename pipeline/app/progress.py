"""A progress bar for local runs that does not reach into Beam's internals.

The last step of each branch (indexed, duplicate, dead-lettered) passes through
``ProgressTapFn``, which appends one byte per finished element to a small file;
the CLI's thread watches the file's size. It works whenever workers share the
machine with the CLI (the local runners); on a cluster the tap is left out.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import apache_beam as beam


class ProgressTapFn(beam.DoFn):  # type: ignore[misc]
    def __init__(self, path: str, mark: bytes) -> None:
        self._path = path
        self._mark = mark

    def start_bundle(self) -> None:
        self._pending = 0

    def process(self, element: Any) -> Iterator[Any]:
        self._pending += 1
        if self._pending >= 64:
            self._flush()
        yield element

    def finish_bundle(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if self._pending:
            fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, self._mark * self._pending)
            finally:
                os.close(fd)
            self._pending = 0


class ProgressBar:
    """Redraws one line on ``stream`` until stopped: done/total and the outcome split."""

    def __init__(self, path: str, total: int | None, stream: TextIO, interval_s: float = 0.5):
        self._path = Path(path)
        self._total = total
        self._stream = stream
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="progress", daemon=True)

    def __enter__(self) -> ProgressBar:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._draw(final=True)

    def _run(self) -> None:
        # Redrawing only makes sense on a terminal; a log file gets the final line.
        if not self._stream.isatty():
            return
        while not self._stop.wait(self._interval):
            self._draw(final=False)

    def _draw(self, *, final: bool) -> None:
        marks = self._path.read_bytes() if self._path.exists() else b""
        done = len(marks)
        split = (
            f"indexed {marks.count(b'i')}, duplicate {marks.count(b'd')}, "
            f"dead-lettered {marks.count(b'x')}"
        )
        if self._total:
            width = 30
            filled = min(width, width * done // self._total)
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r[{bar}] {done}/{self._total} documents ({split})"
        else:
            line = f"\r{done} documents ({split})"
        self._stream.write(line + ("\n" if final else ""))
        self._stream.flush()
