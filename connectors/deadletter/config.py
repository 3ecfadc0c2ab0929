"""Where dead letters go: a JSON Lines file (always works), optionally also an index."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DEAD_LETTER = "NEWSFLOW_DEAD_LETTER"


def default_path() -> str:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return str(Path(state) / "newsflow" / "deadletter.jsonl")


@dataclass(frozen=True, slots=True)
class DeadLetterConfig:
    """``path`` is the JSON Lines file; ``index``, when set, also receives each record.

    The file is written even when an index is configured: it is the record that
    survives Elasticsearch being down.
    """

    path: str
    index: str | None = None

    @classmethod
    def from_env(cls, path: str | None = None, index: str | None = None) -> DeadLetterConfig:
        return cls(path=path or os.environ.get(ENV_DEAD_LETTER) or default_path(), index=index)
