"""Finding the files to read: a file, a directory (recursively) or a glob pattern.

Every candidate (a name with a supported suffix, not hidden) is accounted for: it
is either read, or reported as a dead letter with the reason it was not (a FIFO,
a socket, a device, a directory named ``x.txt``, a dangling symlink, a symlink
loop, a symlink out of the replayed tree). A FIFO is never opened: reading one
would block the replay for ever. A symlink that leaves the tree is not followed
unless asked (``--follow-outside-links``): a link to ``/etc/shadow`` in a folder
someone handed over must not end up inlined in a dead letter.

Paths travel as bytes (``os.fsencode``), so a file name that is not valid UTF-8
survives Beam's coders; messages and origins show it with the undecodable bytes
escaped (``bad\\xff.txt``).
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from schemas.errors import ConfigError

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl", ".xml"})


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate file: ``refused`` is None when it is to be read, else the reason not."""

    path: bytes
    refused: str | None = None

    @property
    def shown(self) -> str:
        return shown_path(self.path)

    @property
    def origin(self) -> str:
        """What a dead letter of this file names as its origin (the kernel reads it)."""
        return self.shown


def shown_path(path: bytes | str) -> str:
    """``path`` as messages show it: bytes that are not UTF-8 escaped (``\\xff``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def survey(pattern: str, *, follow_outside_links: bool = False) -> list[Found]:
    """Every candidate under ``pattern``, sorted, each readable or with its reason.

    Raises ConfigError when the pattern names nothing or holds no candidate at all;
    called while the pipeline is built, so a bad path fails before anything runs.
    """
    path = Path(pattern).expanduser()
    raw = os.fsencode(path)
    if path.is_file():
        return [Found(os.path.realpath(raw))]  # named by the user: followed wherever it goes
    if path.is_dir():
        root = os.path.realpath(raw)
        candidates = list(_walk(raw))
    elif glob.has_magic(pattern):
        root = os.path.realpath(os.fsencode(_fixed_prefix(path)))
        candidates = [os.fsencode(p) for p in glob.glob(str(path), recursive=True)]
    else:
        raise ConfigError(f"{pattern}: no such file or directory")
    found = sorted(
        (_classify(p, root, follow_outside_links) for p in candidates if _candidate(p)),
        key=lambda f: f.path,
    )
    if not found:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ConfigError(f"{pattern}: no files to read (looked for {kinds})")
    return found


def discover(pattern: str) -> list[str]:
    """Sorted paths of the files that will be read (see ``survey`` for the others)."""
    return [found.shown for found in survey(pattern) if found.refused is None]


def _walk(top: bytes) -> list[bytes]:
    """Every entry below ``top``; symlinked directories are listed, not entered."""
    entries: list[bytes] = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        entries.extend(os.path.join(folder, name) for name in (*dirs, *files))
    return entries


def _fixed_prefix(path: Path) -> Path:
    """The part of a glob pattern before its first wildcard: the tree it replays."""
    parts = []
    for part in path.parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _candidate(path: bytes) -> bool:
    name = os.path.basename(path)
    suffix = os.path.splitext(name)[1].decode("utf-8", "replace").lower()
    return suffix in SUPPORTED_SUFFIXES and not name.startswith(b".")


def _classify(path: bytes, root: bytes, follow_outside_links: bool) -> Found:
    absolute = os.path.abspath(path)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            refused = _link_problem(path, root, follow_outside_links)
            if refused:
                return Found(absolute, refused)
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Found(absolute, f"cannot be read: {exc.strerror or exc}")
    if stat.S_ISREG(mode):
        return Found(os.path.realpath(path))
    return Found(absolute, f"{_kind(mode)}, not a regular file; not read")


def _link_problem(path: bytes, root: bytes, follow_outside_links: bool) -> str | None:
    target = os.readlink(path)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a symlink loop (-> {shown_path(target)}); not read"
        return f"a dangling symlink to {shown_path(target)}; not read"
    real = os.path.realpath(path)
    inside = os.path.commonpath([real, root]) == root
    if not inside and not follow_outside_links:
        return (
            f"a symlink to {shown_path(real)}, outside the replayed tree {shown_path(root)}; "
            "not followed (--follow-outside-links reads it)"
        )
    return None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
