"""How the CLI reports a bounded run: one text or JSON summary, and whether it added up."""

from __future__ import annotations

import json
from typing import Protocol

from pipeline.app.bounded import Counts

UNACCOUNTED = "warning: some documents are unaccounted for; this is a bug, please report"


class Summary(Protocol):
    @property
    def counts(self) -> Counts: ...

    def lines(self, index: str) -> list[str]: ...

    def as_json(self, index: str) -> dict[str, object]: ...


def outcomes(counts: Counts, *, again: bool = False) -> str:
    """``indexed 3, duplicate 1, dead-lettered 1``: where the documents went."""
    dead = "dead-lettered again" if again else "dead-lettered"
    return f"indexed {counts.indexed}, duplicate {counts.duplicate}, {dead} {counts.dead_lettered}"


def report(summary: Summary, index: str, *, as_json: bool) -> bool:
    """Print ``summary`` (as one JSON object with ``as_json``); True when every document
    is accounted for."""
    if as_json:
        print(json.dumps(summary.as_json(index)))
    else:
        print("\n".join(summary.lines(index)))
    return summary.counts.accounted
