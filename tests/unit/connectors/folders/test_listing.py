"""Listing a real folder: what ``replay`` would read from it, with fingerprints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from connectors.folders import FolderSpec, list_folder
from schemas import InvalidInput


def test_lists_supported_files_with_size_and_mtime_and_the_folder_hints(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "sub" / "b.json").write_text('{"text": "two"}', encoding="utf-8")
    (tmp_path / ".a.txt.swp").write_text("hidden", encoding="utf-8")
    (tmp_path / "c.txt.part").write_text("being copied", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    spec = FolderSpec(id="in", path=str(tmp_path), source="Wire", language="en", tags=("x",))
    listed = {Path(os.fsdecode(f.path)).name: f for f in list_folder(spec)}
    assert sorted(listed) == ["a.txt", "b.json", "pipe.txt"]
    a = listed["a.txt"]
    assert (a.size, a.mtime_ns) == (3, (tmp_path / "a.txt").stat().st_mtime_ns)
    assert (a.folder_id, a.source, a.language, a.tags, a.refused) == (
        "in",
        "Wire",
        "en",
        ("x",),
        None,
    )
    assert listed["pipe.txt"].refused == "a FIFO (named pipe), not a regular file; not read"


def test_a_glob_narrows_the_listing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"text": "two"}', encoding="utf-8")
    spec = FolderSpec(id="in", path=str(tmp_path), glob="*.json")
    assert [f.origin for f in list_folder(spec)] == [str(tmp_path / "b.json")]


def test_an_empty_folder_lists_nothing_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    assert list_folder(FolderSpec(id="in", path=str(tmp_path))) == []
    with pytest.raises(InvalidInput, match=r"folder in: .*/gone does not exist"):
        list_folder(FolderSpec(id="in", path=str(tmp_path / "gone")))
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is not a directory"):
        list_folder(FolderSpec(id="in", path=str(tmp_path / "file.txt")))
