"""Giving a long-running process's freed memory back to the operating system.

Each cycle of ``newsflow run`` allocates and frees many small objects (parsed
pages, lxml trees, Beam bundles). glibc's allocator keeps freed memory in its
arenas, and fragmentation makes a process's RSS creep up cycle after cycle even
when nothing is kept. ``release_memory`` collects Python's cycles and then asks
glibc to return the free pages (``malloc_trim``); elsewhere it only collects.

Trimming is not enough on its own: glibc gives each new thread its own arena (up to
eight per core), and a run's threads (page lanes, HTTP, Beam's bundle workers) come
and go every cycle, leaving pages half-used across many arenas. Soaks measured it:
with glibc's default, RSS climbed 0.3-0.6 MiB a minute for as long as they ran; with
two arenas it held within a few MiB (README, "Soaks"). ``cap_malloc_arenas`` sets
that limit from inside the process (``mallopt(M_ARENA_MAX)``), the same as
``MALLOC_ARENA_MAX=2`` set outside.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache
from typing import Any


@cache
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


M_ARENA_MAX = -8  # glibc's malloc.h
MALLOC_ARENAS = 2


def cap_malloc_arenas(limit: int = MALLOC_ARENAS) -> bool:
    """Let threads share at most ``limit`` malloc arenas from now on; True if glibc took it.
    Threads that already have an arena keep it, so call this before starting threads."""
    libc = _libc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, limit) == 1


def freeze_long_lived() -> None:
    """Move what is alive now (a run's model, KB and fetcher) out of the collector's
    view, so ``release_memory`` after each cycle does not walk it again: with the NER
    model loaded a full collection took ~60 ms, after this ~0.1 ms."""
    gc.collect()
    gc.freeze()


def release_memory() -> bool:
    """Collect garbage and trim the C heap; True if the heap could be trimmed (glibc)."""
    gc.collect()
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
