"""Choosing an article's title among what the page, the feed and the text offer.

Candidates come best first (the page's og:title and ``<h1>``, the feed entry's title,
trafilatura's title, the lead sentence); the first that is not a UI or boilerplate line
("Share this story", "Menu", "Leave a reply") wins. A title that ends in the outlet's
name ("Title | Outlet", "Title - Outlet") loses that suffix, which names the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from pipeline.stages.boilerplate import is_boilerplate_line
from pipeline.stages.textnorm import tidy_line

__all__ = ["choose_title", "split_outlet_suffix"]

_SUFFIX_RE = re.compile(r"^(?P<title>.+?)\s+(?:[|·•:]{1,2}|[-–—])\s+(?P<outlet>[^|·•–—]{2,60})$")
_SQUASH_RE = re.compile(r"[\W_]+")
# Parts of a host that never name the outlet.
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "edition", "news", "com", "co", "org", "net"})


def choose_title(candidates: Iterable[str | None]) -> str | None:
    """The first candidate that is a real line of text and not boilerplate."""
    for candidate in candidates:
        line = tidy_line(candidate or "")
        if line and any(ch.isalnum() for ch in line) and not is_boilerplate_line(line):
            return line
    return None


def split_outlet_suffix(
    title: str, *, site_name: str | None, url: str | None
) -> tuple[str, str | None]:
    """``("Title", "Outlet")`` when the title ends in a separator and the outlet's name
    (the page's site name, or its host), else ``(title, None)``."""
    match = _SUFFIX_RE.match(title)
    if match is None:
        return title, None
    outlet = match["outlet"].strip()
    if _names_outlet(outlet, site_name, url):
        return match["title"].strip(), outlet
    return title, None


def _names_outlet(outlet: str, site_name: str | None, url: str | None) -> bool:
    key = _squash(outlet)
    if not key:
        return False
    if site_name and _squash(site_name) in (key, key.removeprefix("the")):
        return True
    host = urlsplit(url).hostname if url else None
    if not host:
        return False
    labels = [label for label in host.split(".") if label not in _HOST_NOISE and len(label) > 2]
    return any(label == key or label in key or key in label for label in labels)


def _squash(text: str) -> str:
    return _SQUASH_RE.sub("", text.casefold())
