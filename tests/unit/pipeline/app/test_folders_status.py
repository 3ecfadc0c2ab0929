"""The watched-folder table of `newsflow sources status`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from connectors.folders import FolderRecord, FolderSpec
from pipeline.app.folders_status import FolderRow, format_table

NOW = datetime(2025, 7, 9, 12, 0, tzinfo=UTC)


def test_table_shows_every_folder_with_what_was_read_and_why_one_cannot_be_listed() -> None:
    rows = [
        FolderRow(
            FolderSpec(id="wire", path="/srv/wire", glob="*.json"),
            FolderRecord(files=12, last_read_at=NOW - timedelta(minutes=4)),
        ),
        FolderRow(
            FolderSpec(id="archive", path="/mnt/archive"),
            FolderRecord(),
            problem="folder archive: /mnt/archive does not exist",
        ),
    ]
    lines = format_table(rows, NOW).splitlines()
    assert lines[0].split() == ["FOLDER", "STATUS", "LAST", "READ", "FILES", "WATCHES"]
    assert lines[1].split() == ["wire", "ok", "4m", "ago", "12", "/srv/wire/*.json"]
    assert lines[2].split()[:4] == ["archive", "unreadable", "never", "0"]
    assert lines[2].endswith("folder archive: /mnt/archive does not exist")
    assert lines[-1] == "2 folders, 1 unreadable"
    assert rows[0].as_json() == {
        "folder_id": "wire",
        "path": "/srv/wire",
        "glob": "*.json",
        "status": "ok",
        "problem": None,
        "files_read": 12,
        "last_read_at": "2025-07-09T11:56:00+00:00",
        "poll_interval": 10.0,
    }
