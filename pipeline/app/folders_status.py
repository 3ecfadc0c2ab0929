"""The watched folders in ``newsflow sources status``: a table or JSON. Pure: whether each
folder can be listed and what the state store says of it are passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from connectors.folders import FolderRecord, FolderSpec
from pipeline.app.feeds_status import ago, aligned


@dataclass(frozen=True, slots=True)
class FolderRow:
    spec: FolderSpec
    record: FolderRecord
    problem: str | None = None  # why the folder cannot be listed now

    @property
    def status(self) -> str:
        return "ok" if self.problem is None else "unreadable"

    def as_json(self) -> dict[str, object]:
        last = self.record.last_read_at
        return {
            "folder_id": self.spec.id,
            "path": self.spec.path,
            "glob": self.spec.glob,
            "status": self.status,
            "problem": self.problem,
            "files_read": self.record.files,
            "last_read_at": last.isoformat() if last else None,
            "poll_interval": self.spec.poll_interval_s,
        }


def format_table(rows: list[FolderRow], now: datetime) -> str:
    header = ("FOLDER", "STATUS", "LAST READ", "FILES", "WATCHES")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.spec.id,
                row.status,
                ago(row.record.last_read_at, now),
                str(row.record.files),
                row.problem or row.spec.pattern,
            )
        )
    unreadable = sum(1 for row in rows if row.problem is not None)
    return "\n".join([*aligned(lines), f"{len(rows)} folders, {unreadable} unreadable"])
