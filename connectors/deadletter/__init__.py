"""Dead-letter sink: every failure, with stage and reason, kept for re-processing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.deadletter.config import DeadLetterConfig
    from connectors.deadletter.jsonl import append, read
    from connectors.deadletter.transforms import AppendDeadLetters, WriteDeadLetters

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.deadletter.config": ("DeadLetterConfig",),
        "connectors.deadletter.jsonl": ("append", "read"),
        "connectors.deadletter.transforms": ("AppendDeadLetters", "WriteDeadLetters"),
    },
)

__all__ = [
    "AppendDeadLetters",
    "DeadLetterConfig",
    "WriteDeadLetters",
    "append",
    "read",
]
