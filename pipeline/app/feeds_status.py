"""``newsflow feeds status``: every configured feed's health, as a table or JSON. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from connectors.rss import FeedSpec, FeedState, FeedStatus
from connectors.rss.state import state_for

_MAX_NOTE = 70


@dataclass(frozen=True, slots=True)
class FeedRow:
    spec: FeedSpec
    state: FeedState

    def as_json(self) -> dict[str, object]:
        doc = self.state.to_document()
        doc.pop("seen_keys")
        doc.pop("etag")
        doc.pop("last_modified")
        return {**doc, "conditional": bool(self.state.etag or self.state.last_modified)}


def feed_rows(feeds: tuple[FeedSpec, ...], stored: dict[str, FeedState]) -> list[FeedRow]:
    return [FeedRow(spec, state_for(spec, stored.get(spec.id))) for spec in feeds]


def format_table(rows: list[FeedRow], now: datetime) -> str:
    header = ("FEED", "STATUS", "LAST POLL", "NEXT POLL", "FAILS", "ITEMS", "NOTE")
    lines = [header]
    for row in rows:
        state = row.state
        lines.append(
            (
                row.spec.id,
                state.status.value,
                ago(state.last_poll_at, now),
                _until(state.next_poll_at, now),
                str(state.consecutive_failures),
                str(state.items_seen),
                _note(state),
            )
        )
    failing = sum(1 for row in rows if row.state.status is FeedStatus.FAILING)
    return "\n".join([*aligned(lines), f"{len(rows)} feeds, {failing} failing"])


def aligned(lines: Sequence[tuple[str, ...]]) -> list[str]:
    """The rows of a status table (header first), each column padded to its widest cell."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]


def _note(state: FeedState) -> str:
    note = state.last_error or (f"ill-formed: {state.problem}" if state.problem else "")
    return note if len(note) <= _MAX_NOTE else note[: _MAX_NOTE - 1] + "…"


def ago(when: datetime | None, now: datetime) -> str:
    return "never" if when is None else f"{_span((now - when).total_seconds())} ago"


def _until(when: datetime | None, now: datetime) -> str:
    if when is None or when <= now:
        return "now"
    return f"in {_span((when - now).total_seconds())}"


def _span(seconds: float) -> str:
    seconds = max(0.0, seconds)
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"
