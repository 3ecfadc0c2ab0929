"""Typed, frozen settings of the watched-folders connector: what to watch, how often."""

from __future__ import annotations

import os
from dataclasses import dataclass

from connectors.files import DEFAULT_MAX_FILE_BYTES
from connectors.rss.config import FEED_ID
from schemas.errors import ConfigError

DEFAULT_POLL_INTERVAL_S = 10.0
# A file is read once its size and modification time stayed the same across two scans
# at least this far apart: a writer that pauses longer than this is read half-way, so
# writers that can should write to a hidden or unsupported name and rename when done.
DEFAULT_SETTLE_S = 2.0
DEFAULT_GLOB = "**/*"  # every supported file, in subfolders too


@dataclass(frozen=True, slots=True)
class FolderSpec:
    """One folder of the ``folders:`` list of the ``newsflow run`` config."""

    id: str
    path: str
    glob: str = DEFAULT_GLOB
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S
    settle_s: float = DEFAULT_SETTLE_S
    source: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def __post_init__(self) -> None:
        if not FEED_ID.match(self.id):
            raise ConfigError(
                f"folder id {self.id!r} is invalid: use letters, digits, '.', '_' or '-'"
            )
        if self.poll_interval_s <= 0 or self.settle_s < 0 or self.max_file_bytes < 1:
            raise ConfigError(
                f"folder {self.id}: poll_interval and max_file_bytes must be positive, "
                "settle must not be negative"
            )
        if os.path.isabs(self.glob) or ".." in self.glob.split("/"):
            raise ConfigError(f"folder {self.id}: glob {self.glob!r} must stay inside the folder")

    @property
    def pattern(self) -> str:
        """What ``connectors.files.survey`` lists: the glob, under the folder."""
        return os.path.join(self.path, self.glob)
