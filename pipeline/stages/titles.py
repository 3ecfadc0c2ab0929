"""Choosing an article's title among what the page, the feed and the text offer.

Candidates come best first (the page's og:title and ``<h1>``, the feed entry's title,
trafilatura's title, the lead sentence); the first that is not a UI or boilerplate line
("Share this story", "Menu", "Leave a reply") wins. A title that ends in the outlet's
name ("Title | Outlet", "Title - Outlet") loses that suffix, which names the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from pipeline.stages.boilerplate import is_boilerplate_line
from pipeline.stages.textnorm import tidy_line

__all__ = ["SUFFIX_RE", "choose_title", "split_outlet_suffix", "squash"]

# "Title | Outlet", "Title - Outlet", and the CJK "タイトル：新聞" / "제목-정치ㅣ신문".
SUFFIX_RE = re.compile(
    r"^(?P<title>.+?)(?:\s+(?:[|·•:]{1,2}|[-–—])\s+|\s*[：｜ㅣ]\s*)(?P<outlet>[^|·•–—：｜ㅣ]{2,60})$"
)
_DATE_SEGMENT_RE = re.compile(r"^[\d\s./-]{6,12}$")
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
    rest, outlet = title, None
    # Peel suffixes from the end while they are the outlet or a date ("| DW | 28.04.2023").
    while (match := SUFFIX_RE.match(rest)) is not None:
        segment = match["outlet"].strip()
        if _DATE_SEGMENT_RE.match(segment):
            rest = match["title"].strip()
        elif _names_outlet(segment, site_name, url):
            rest, outlet = match["title"].strip(), outlet or segment
        else:
            break
    return (rest, outlet) if outlet else (title, None)


def _names_outlet(outlet: str, site_name: str | None, url: str | None) -> bool:
    key = squash(outlet)
    if len(key) < 2:
        return False
    site = squash(re.sub(r"\.[a-z]{2,4}$", "", site_name or ""))
    # "Börsen-Zeitung" / "boersen-zeitung.de", "日本経済新聞" / "日本経済新聞社", "The Times"
    if site and (site.startswith(key) or key.startswith(site)) and min(len(site), len(key)) >= 2:
        return True
    host = urlsplit(url).hostname if url else None
    if not host:
        return False
    labels = [label for label in host.split(".") if label not in _HOST_NOISE and len(label) > 2]
    return any(label == key or label in key or key in label for label in labels)


def squash(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ö", "oe").replace("ü", "ue"))
    return _SQUASH_RE.sub("", "".join(ch for ch in folded if not unicodedata.combining(ch)))
