"""Local files connector: a file, directory or glob of .txt/.html/.json/.jsonl/.xml files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.files.discover import SUPPORTED_SUFFIXES, Found, survey
    from connectors.files.transforms import DEFAULT_MAX_FILE_BYTES, ReadFiles

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.files.discover": ("SUPPORTED_SUFFIXES", "Found", "survey"),
        "connectors.files.transforms": ("DEFAULT_MAX_FILE_BYTES", "ReadFiles"),
    },
)

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Found",
    "ReadFiles",
    "survey",
]
