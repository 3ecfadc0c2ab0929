"""Parsing the date strings that records, feeds and pages carry, always to UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 to an aware UTC datetime; None when it is not a date.

    Date-only values mean midnight UTC; naive times are taken as UTC, because
    guessing a local zone would be worse than being explicit about the rule.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
