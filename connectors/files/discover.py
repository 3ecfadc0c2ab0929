"""Finding the files to read: a file, a directory (recursively) or a glob pattern."""

from __future__ import annotations

import glob
from pathlib import Path

from schemas.errors import ConfigError

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".xml"})


def discover(pattern: str) -> list[str]:
    """Sorted paths of supported files; raises ConfigError when there are none.

    Called while the pipeline is built, so a bad path fails before anything runs.
    """
    path = Path(pattern).expanduser()
    if path.is_file():
        candidates = [path]
    elif path.is_dir():
        candidates = [p for p in path.rglob("*") if p.is_file()]
    elif glob.has_magic(pattern):
        candidates = [Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file()]
    else:
        raise ConfigError(f"{pattern}: no such file or directory")
    found = sorted(
        str(p.resolve())
        for p in candidates
        if p.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(p)
    )
    if not found:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ConfigError(f"{pattern}: no files to read (looked for {kinds})")
    return found


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts[-1:])
