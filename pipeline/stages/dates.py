"""Parsing the date strings that records, feeds and pages carry, always to UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import htmldate


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


def find_date(html: str, url: str | None) -> datetime | None:
    """htmldate's extensive search (URL, text, every element) for a page whose metadata
    and markup gave no date, preferring the publication over the update date.

    A date on the 1st of January is refused: that is the shape of htmldate's last
    resort, the year of a "© 2025" footer, and no date is better than a wrong one.
    """
    try:
        found = htmldate.find_date(html, url=url, extensive_search=True, original_date=True)
    except ValueError:  # a page lxml cannot parse at all
        return None
    if not found or found.endswith("-01-01"):
        return None
    return parse_date(found)


# A dateline opens the text; a date mentioned after this many characters is the story's.
DATELINE_CHARS = 200
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def mentioned_in_body(day: datetime, text: str) -> bool:
    """Whether ``text`` past its opening dateline writes ``day`` in a common form
    (2025-05-09, 09.05.2025, 9.5.2025, 5/9/2025, May 9, 2025, 9 May 2025)."""
    body = " ".join(text[DATELINE_CHARS:].split())
    month = _MONTH_NAMES[day.month - 1]
    forms = (
        day.strftime("%Y-%m-%d"),
        day.strftime("%d.%m.%Y"),
        f"{day.day}.{day.month}.{day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
    )
    return any(form in body for form in forms)
