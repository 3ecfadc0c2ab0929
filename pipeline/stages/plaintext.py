"""Structure a scraped plain-text news article: headline, outlet, byline, date, body.

A plain-text article is one paragraph per line (blank lines between paragraphs are
optional), with page chrome mixed in. Boilerplate goes through the shared line rules in
``boilerplate``; the metadata comes from the lines those rules removed (bylines, date
lines, source lines) and from the dateline that opens the lead paragraph
("(Eurasianet) -- ", "MOSCOW (Reuters) - ", "Mehr News Agency, International Group: ",
"PNN – "), which names the outlet and is cut from the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pipeline.stages.boilerplate import (
    RemovedLine,
    byline_names,
    is_teaser_like,
    parse_date_line,
    source_line_value,
    tag_items,
    word_count,
)
from pipeline.stages.guard import clean_guarded

__all__ = [
    "PlainTextArticle",
    "RemovedLine",
    "first_sentence",
    "parse_plain_text",
    "split_dateline",
]

TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30

_CLOSERS = "\"'”’»)]"
_URL_RE = re.compile(r"^https?://\S+$")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-–—•·*▪►]|\d{1,2}[.)])\s+")
# A sentence ends at . ! ? or … (plus closing quotes) before a capital, digit or quote.
# Anchored on the last stop of a run ("...", "?!") so that long runs stay linear.
_SENTENCE_END_RE = re.compile(r"[.!?…](?![.!?…])[\"'”’»)]*\s+(?=[\"“«'(]?[0-9A-ZА-ЯЁ])")
# Tokens whose trailing period does not end a sentence: initials and common abbreviations.
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "sen", "rep", "gov",
     "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "e.g", "i.e",
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
     "г", "гг", "т", "им", "ул"}
)  # fmt: skip


# Datelines that open a lead paragraph: "(Outlet) -- ", "CITY (Outlet) - ",
# "Outlet, Desk: ", "OUTLET – ".
_CAP = r"[A-ZА-ЯЁ][\w'’.&-]*"
_PAREN_DATELINE_RE = re.compile(
    rf"^(?:{_CAP}(?:[ /]{_CAP}){{0,3}}(?:,\s*[\w ]{{1,20}}?)?\s*)?"
    r"\((?P<outlet>[^()\d]{2,40})\)\s*(?:--|[-–—])\s*(?P<rest>\S.*)$"
)
_DESK_DATELINE_RE = re.compile(
    rf"^(?P<outlet>{_CAP}(?: {_CAP}){{0,4}}),\s+(?:{_CAP} ){{0,3}}"
    r"(?:Group|Desk|Service|Department|Bureau|Section|Newsroom|Team)\s*:\s+(?P<rest>\S.*)$"
)
_DASH_DATELINE_RE = re.compile(
    rf"^(?P<outlet>{_CAP}(?: {_CAP}){{0,2}})\s+(?:--|[–—-])\s+(?P<rest>[\"“«A-ZА-ЯЁ].*)$"
)
_ACRONYM_RE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&]{1,4}$")
_OUTLET_WORDS = frozenset(
    {"news", "agency", "press", "times", "post", "tv", "radio", "daily", "herald", "media",
     "tribune", "journal", "gazette", "telegraph", "online", "network", "today", "wire"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlainTextArticle:
    """What ``parse_plain_text`` infers from one plain-text article."""

    title: str | None
    lead_sentence: str | None
    text: str
    source: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    url: str | None
    tags: tuple[str, ...]  # items of tag lines ("Tags: a, b", "(T)"-separated lists)
    removed: tuple[RemovedLine, ...]
    note: str | None = None  # set when cleaning was undone (see pipeline.stages.guard)


def parse_plain_text(text: str) -> PlainTextArticle:
    """Split a scraped plain-text article into headline, metadata and a clean body."""
    cleaned = clean_guarded(text.splitlines())
    body, removed = cleaned.lines, cleaned.removed
    # Only the first line can be the headline; a subtitle after it stays in the body,
    # since it is text the author wrote and the article has no field for it.
    title = body.pop(0) if body and _is_headline(body[0]) else None
    source = None
    lead = _lead_index(body)
    if lead is not None:
        source, body[lead] = split_dateline(body[lead])
    return PlainTextArticle(
        title=title,
        lead_sentence=first_sentence(body[lead]) if lead is not None else None,
        text="\n\n".join(body),
        source=source or _source_from_lines(removed),
        authors=_authors(removed),
        published_at=_published_at(removed),
        url=_url(removed),
        tags=_tags(removed),
        removed=tuple(removed),
        note=cleaned.note,
    )


def _terminal(line: str) -> str:
    return line.rstrip(_CLOSERS)[-1:]


def _is_headline(line: str) -> bool:
    # Headlines are short and never end like a sentence or a label; "?" and "!" are fine.
    return (
        TITLE_MIN_WORDS <= word_count(line) <= TITLE_MAX_WORDS
        and _terminal(line) not in {".", ",", ";", ":"}
        and not is_teaser_like(line)
        and _LIST_ITEM_RE.match(line) is None
        and "://" not in line
    )


def _lead_index(body: list[str]) -> int | None:
    # The lead is the first paragraph that reads as prose; subtitles, subheadings,
    # "Experts:" labels and list items before it are skipped.
    for i, line in enumerate(body):
        if _is_headline(line) or _LIST_ITEM_RE.match(line):
            continue
        if word_count(line) > TITLE_MAX_WORDS or _terminal(line) in {".", "!", "?", "…"}:
            return i
    return None


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (the whole paragraph if it has one sentence)."""
    for match in _SENTENCE_END_RE.finditer(paragraph):
        # Only the token before the stop matters; a short window keeps this linear.
        before = paragraph[max(match.start() - 40, 0) : match.start()].split()
        token = before[-1].strip("\"'“”«»(").casefold() if before else ""
        if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        return paragraph[: match.end()].strip()
    return paragraph.strip()


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split an opening dateline off a lead paragraph: (outlet or None, rest of paragraph)."""
    for pattern in (_PAREN_DATELINE_RE, _DESK_DATELINE_RE):
        match = pattern.match(paragraph)
        if match is not None:
            return match["outlet"].strip(), match["rest"]
    match = _DASH_DATELINE_RE.match(paragraph)
    if match is None:
        return None, paragraph
    outlet = match["outlet"]
    words = {w.casefold() for w in outlet.split()}
    if _ACRONYM_RE.match(outlet) or words & _OUTLET_WORDS:
        return outlet, match["rest"]
    if outlet.isupper():  # "MOSCOW – ": an AP-style place dateline, not an outlet
        return None, match["rest"]
    return None, paragraph


def _tags(removed: list[RemovedLine]) -> tuple[str, ...]:
    """A tag line is metadata, not boilerplate to forget: it often names the people
    and places of the story (seed 002 names "Elham Aliyev" only there)."""
    items: list[str] = []
    for item in removed:
        if item.rule == "tags":
            items.extend(tag_items(item.line))
    return tuple(dict.fromkeys(items))


def _authors(removed: list[RemovedLine]) -> tuple[str, ...]:
    names: dict[str, None] = {}  # ordered and de-duplicated
    for item in removed:
        if item.rule == "byline":
            names.update(dict.fromkeys(byline_names(item.line)))
    return tuple(names)


def _published_at(removed: list[RemovedLine]) -> datetime | None:
    dates = (parse_date_line(r.line) for r in removed if r.rule == "date-line")
    return next((d for d in dates if d is not None), None)


def _source_values(removed: list[RemovedLine]) -> list[str]:
    values = (source_line_value(r.line) for r in removed if r.rule == "source-line")
    return [value for value in values if value]


def _url(removed: list[RemovedLine]) -> str | None:
    return next((v for v in _source_values(removed) if _URL_RE.match(v)), None)


def _source_from_lines(removed: list[RemovedLine]) -> str | None:
    # Only used when the lead has no dateline: "Source: Reuters" names the outlet.
    return next((v for v in _source_values(removed) if not _URL_RE.match(v)), None)
