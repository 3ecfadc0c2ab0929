"""A long run gives freed memory back after each cycle and keeps its threads to two arenas."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import psutil

from pipeline.app.memory import MALLOC_ARENAS, release_memory
from tests.conftest import REPO


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


# Eight threads alive at once, each allocating from glibc; then glibc's own report of
# its arenas (malloc_info prints one <heap> per arena).
_ARENAS_SCRIPT = """
import ctypes, sys, tempfile, threading
from pipeline.app.memory import cap_malloc_arenas
if sys.argv[1] == "cap":
    assert cap_malloc_arenas() is True
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.fopen.restype = ctypes.c_void_p
together = threading.Barrier(9)
def allocate():
    libc.malloc(4096)
    together.wait()
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
together.wait()
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    out = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(out))
    libc.fclose(ctypes.c_void_p(out))
    print(open(report.name).read().count("<heap nr="))
together.wait()
"""


def _arenas(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _ARENAS_SCRIPT, mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"},
    )
    return int(done.stdout)


def test_threads_share_at_most_two_malloc_arenas_once_capped() -> None:
    assert _arenas("default") > MALLOC_ARENAS  # glibc's default: about one per thread
    assert _arenas("cap") <= MALLOC_ARENAS
