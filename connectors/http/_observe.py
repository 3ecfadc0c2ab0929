"""What each fetch took, for metrics: recorded per thread, read by whoever asked.

The fetcher runs on lane threads, where Beam's metrics cannot be updated (they
belong to the bundle's thread). So a caller wraps its work in ``recording()``,
the fetcher appends one ``FetchRecord`` per ``fetch`` to that thread's list, and
the caller reports them from the bundle's thread. Without ``recording()`` nothing
is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FetchRecord:
    host: str
    seconds: float
    error: str | None = None  # the error class when the fetch failed, e.g. "FetchUnavailable"


_local = threading.local()


@contextmanager
def recording() -> Iterator[list[FetchRecord]]:
    """The fetches this thread makes inside the block, in order."""
    records: list[FetchRecord] = []
    previous = getattr(_local, "records", None)
    _local.records = records
    try:
        yield records
    finally:
        _local.records = previous


def record(entry: FetchRecord) -> None:
    records: list[FetchRecord] | None = getattr(_local, "records", None)
    if records is not None:
        records.append(entry)
