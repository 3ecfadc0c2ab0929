"""Benchmark: the most memory the caches on the article path can hold, each filled up.

    python -m tests.benchmarks.cache_bounds

A long `newsflow run` grows while these bounded caches fill (the soak benchmark sees
it as a slow RSS drift), then stays flat. This fills each cache to its maxsize with
distinct, realistically sized inputs and prints what it holds on the Python heap
(tracemalloc), so the drift has a measured ceiling. One-off loads (wordfreq's table,
ICU's transliterators) are done first and are not counted.
"""

from __future__ import annotations

import gc
import random
import string
import tracemalloc
from collections.abc import Callable
from datetime import datetime

from htmldate.extractors import try_date_expr
from htmldate.settings import CACHE_SIZE as HTMLDATE_CACHE_SIZE
from trafilatura.deduplication import _vector_to_add
from trafilatura.utils import line_processing, trim

from pipeline.entities.linker import common_word
from pipeline.names.key import word_key
from pipeline.stages.boilerplate import word_count

_RANDOM = random.Random(7)


def _words(count: int, shortest: int = 4, longest: int = 12) -> list[str]:
    return [
        "".join(_RANDOM.choices(string.ascii_letters, k=_RANDOM.randint(shortest, longest)))
        for _ in range(count)
    ]


def _paragraph(words: int = 100) -> str:
    return " ".join(_words(words, 3, 9))


def _heap_mib(fill: Callable[[], object]) -> float:
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    fill()
    gc.collect()
    return (tracemalloc.get_traced_memory()[0] - before) / 2**20


def _load_once() -> None:
    """One-off loads (wordfreq's table, ICU's transliterators), which are not caches."""
    word_key("Ekaterinburg")
    word_key("Екатеринбург")
    common_word("Baku")
    word_key.cache_clear()
    common_word.cache_clear()


def fills() -> list[tuple[str, Callable[[], object]]]:
    """(what, how to fill it) for each cache; also the soak benchmark's ``--prewarm``."""
    since, until = datetime(1995, 1, 1), datetime(2030, 1, 1)
    return [
        (
            f"boilerplate.word_count ({word_count.cache_info().maxsize:,} paragraphs)",
            lambda: [word_count(_paragraph()) for _ in range(4096)],
        ),
        (
            f"names.word_key ({word_key.cache_info().maxsize:,} words)",
            lambda: [word_key(w.capitalize()) for w in _words(50_000)],
        ),
        (
            "linker.common_word + wordfreq's own cache (100,000 words)",
            lambda: [common_word(w.capitalize()) for w in _words(100_000)],
        ),
        (
            "trafilatura simhash token vectors (16,384 tokens)",
            lambda: [_vector_to_add(w, 64) for w in _words(16_384)],
        ),
        (
            "trafilatura line_processing + trim (2 x 1,024 lines)",
            lambda: [(line_processing(_paragraph()), trim(_paragraph())) for _ in range(1024)],
        ),
        (
            f"htmldate try_date_expr ({HTMLDATE_CACHE_SIZE:,} segments)",
            lambda: [
                try_date_expr(_paragraph(8)[:52], "%Y-%m-%d", False, since, until)
                for _ in range(HTMLDATE_CACHE_SIZE)
            ],
        ),
    ]


def fill_all() -> None:
    for _name, fill in fills():
        fill()


def main() -> None:
    _load_once()
    tracemalloc.start()
    total = 0.0
    for name, fill in fills():
        held = _heap_mib(fill)
        total += held
        print(f"{name:58s} {held:6.1f} MiB", flush=True)
    print(f"{'total':58s} {total:6.1f} MiB")


if __name__ == "__main__":
    main()
