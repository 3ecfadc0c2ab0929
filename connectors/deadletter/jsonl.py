"""Appending dead letters to a JSON Lines file, one complete line per write."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from schemas import DeadLetter


def append(path: str, letters: Iterable[DeadLetter]) -> int:
    """Append records; each goes out in a single O_APPEND write so concurrent
    writers on one machine never interleave inside a line."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for letter in letters:
            os.write(fd, (letter.model_dump_json() + "\n").encode("utf-8"))
            written += 1
    finally:
        os.close(fd)
    return written


def read(path: str) -> Iterator[DeadLetter]:
    """The records in a dead-letter file, for inspection and re-processing."""
    if not Path(path).exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield DeadLetter.model_validate_json(line)
