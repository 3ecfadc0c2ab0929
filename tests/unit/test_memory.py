"""release_memory: a long run gives freed memory back after each cycle."""

from __future__ import annotations

import platform

import psutil

from pipeline.memory import release_memory


def test_freed_heap_memory_goes_back_to_the_os() -> None:
    assert platform.libc_ver()[0] == "glibc", "newsflow's images and CI run on glibc"
    me = psutil.Process()
    release_memory()
    before = me.memory_info().rss
    # ~200 MB of 2 KB buffers (malloc'd by glibc, as lxml's and numpy's are), then
    # freed except every 1000th: the survivors keep the heap from shrinking, so free()
    # alone gives nothing back.
    blobs = [bytearray(2000) + str(n).encode() for n in range(100_000)]
    kept = blobs[::1000]
    del blobs
    grown = me.memory_info().rss
    assert release_memory() is True
    trimmed = me.memory_info().rss
    assert len(kept) == 100
    assert grown - before > 100 * 2**20
    assert trimmed - before < (grown - before) / 2
