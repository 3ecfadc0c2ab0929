"""Listing a watched folder: its candidate files with their fingerprints (this is I/O).

The candidates are those ``connectors.files`` would replay from the same pattern
(supported suffixes, not hidden, links out of the folder refused), so a watched
folder reads exactly what ``newsflow replay`` of it would.
"""

from __future__ import annotations

import os

from connectors.files import survey
from connectors.folders.config import FolderSpec
from connectors.folders.watch import WatchedFile
from schemas import ConfigError, InvalidInput


def check_folder(spec: FolderSpec) -> None:
    """Raises InvalidInput when the folder cannot be listed (missing, not a directory,
    no permission)."""
    if not os.path.isdir(spec.path):
        reason = "does not exist" if not os.path.exists(spec.path) else "is not a directory"
        raise InvalidInput(f"folder {spec.id}: {spec.path} {reason}")
    if not os.access(spec.path, os.R_OK | os.X_OK):
        raise InvalidInput(f"folder {spec.id}: {spec.path} cannot be listed: permission denied")


def list_folder(spec: FolderSpec) -> list[WatchedFile]:
    """Every candidate file under the folder, sorted; raises InvalidInput when the folder
    cannot be listed (missing, not a directory, no permission), which the caller reports
    and retries at the next scan."""
    check_folder(spec)
    try:
        found = survey(spec.pattern)
    except ConfigError:  # no candidate (yet): an empty folder is normal here
        return []
    listed = []
    for candidate in found:
        try:
            # a refused file (a FIFO, a link out of the folder) by its own entry
            info = os.lstat(candidate.path) if candidate.refused else os.stat(candidate.path)
        except OSError:  # gone since it was listed: the next scan will not see it
            continue
        listed.append(
            WatchedFile(
                folder_id=spec.id,
                path=candidate.path,
                size=info.st_size,
                mtime_ns=info.st_mtime_ns,
                refused=candidate.refused,
                source=spec.source,
                language=spec.language,
                tags=spec.tags,
                max_bytes=spec.max_file_bytes,
            )
        )
    return listed
