"""OPML subscription lists (what feed readers export) to feed outlines. Pure: bytes in.

Every ``<outline>`` with an ``xmlUrl`` is a feed. Its id comes from its title (or
its URL), made unique; the titles of the folders it sits in, and its ``category``
attribute, become its tags. The parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from connectors.http import check_scheme
from schemas import FetchRefused, InvalidInput

_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Outline:
    id: str
    url: str
    title: str | None
    language: str | None
    tags: tuple[str, ...]


def parse_opml(data: bytes) -> list[Outline]:
    """The feeds of an OPML document, in document order; raises InvalidInput if unreadable."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"not valid OPML: {exc}") from exc
    if root.tag != "opml":
        raise InvalidInput(f"not an OPML document (root element is <{root.tag}>)")
    found: list[Outline] = []
    ids: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        try:
            check_scheme(url)
        except FetchRefused as err:
            raise InvalidInput(f"outline {outline.get('text') or url!r}: {err}") from err
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        feed_id = _unique(_slug(title or url), ids)
        found.append(
            Outline(
                id=feed_id,
                url=url,
                title=title,
                language=outline.get("language") or None,
                tags=_tags(outline),
            )
        )
    if not found:
        raise InvalidInput("the OPML document has no outline with an xmlUrl")
    return found


def _slug(text: str) -> str:
    return _NOT_ID.sub("-", text.lower()).strip("-")[:100] or "feed"


def _unique(base: str, ids: set[str]) -> str:
    candidate, number = base, 2
    while candidate in ids:
        candidate, number = f"{base}-{number}", number + 1
    ids.add(candidate)
    return candidate


def _tags(outline: etree._Element) -> tuple[str, ...]:
    folders = [
        (parent.get("title") or parent.get("text") or "").strip()
        for parent in outline.iterancestors("outline")
    ]
    categories = [
        part.strip()
        for category in (outline.get("category") or "").split(",")
        for part in category.strip("/").split("/")
    ]
    return tuple(dict.fromkeys(tag for tag in [*reversed(folders), *categories] if tag))
