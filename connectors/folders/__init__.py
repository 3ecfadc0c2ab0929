"""Watched-folders connector: the new and changed files of folders ``newsflow run`` watches.

Public transforms (each a few labelled steps; the work is in the modules):

    ReadWatchedFiles  WatchedFiles -> RawDocuments (failures to the dead-letter collector)
    CommitFileStates  (WatchedFiles, settled count) -> saved file states

Reading is ``connectors.files``' own (``ReadFileFn``): the same limits, decoding and
parsing as ``newsflow replay``, and the same dead letters (stage ``read``). Which
files to read is decided outside the pipeline, by the driver: ``listing`` lists a
folder (I/O), ``watch`` keeps the settle state (pure), ``store`` records in
Elasticsearch what was read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.folders.config import FolderSpec
    from connectors.folders.listing import check_folder, list_folder
    from connectors.folders.store import FileStateStore, FolderRecord, folders_index
    from connectors.folders.transforms import FILES_COMMITTED, CommitFileStates, ReadWatchedFiles
    from connectors.folders.watch import MAX_FILES_PER_CYCLE, FolderWatch, WatchedFile

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.folders.config": ("FolderSpec",),
        "connectors.folders.listing": ("check_folder", "list_folder"),
        "connectors.folders.store": ("FileStateStore", "FolderRecord", "folders_index"),
        "connectors.folders.transforms": (
            "FILES_COMMITTED",
            "CommitFileStates",
            "ReadWatchedFiles",
        ),
        "connectors.folders.watch": ("MAX_FILES_PER_CYCLE", "FolderWatch", "WatchedFile"),
    },
)

__all__ = [
    "FILES_COMMITTED",
    "MAX_FILES_PER_CYCLE",
    "CommitFileStates",
    "FileStateStore",
    "FolderRecord",
    "FolderSpec",
    "FolderWatch",
    "ReadWatchedFiles",
    "WatchedFile",
    "check_folder",
    "folders_index",
    "list_folder",
]
