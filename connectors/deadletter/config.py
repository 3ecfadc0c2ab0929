"""Where dead letters go: a JSON Lines file (always works), optionally also an index."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeadLetterConfig:
    """``path`` is the JSON Lines file; ``index``, when set, also receives each record.

    The file is written even when an index is configured: it is the record that
    survives Elasticsearch being down. The application picks the path
    (``pipeline.app.settings``: flag, file, $NEWSFLOW_DEAD_LETTER, else under
    $XDG_STATE_HOME).
    """

    path: str
    index: str | None = None
