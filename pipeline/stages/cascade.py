"""Which extractor's text an HTML page gets: trafilatura first, readability-lxml second.

The rule, in order:

1. Measure the page: its largest text block is the element whose own paragraphs (its
   ``<p>`` children, or its direct text in table and ``<div>`` layouts) hold the most
   words (script-aware, see ``boilerplate.word_count``). That is where an article body
   usually sits, whatever the extractors make of the page.
2. trafilatura, with tables and without ``favor_precision`` (chosen by measurement, see
   the README's "Extraction" section: ``favor_precision`` with ``include_tables=False``
   empties table-laid-out pages and costs recall everywhere; newsflow's own cleaning
   afterwards buys the precision back).
3. When trafilatura's text is empty or has fewer than ``TRUNCATED_SHARE`` of the largest
   block's words (it kept the first block of a body and lost the rest), readability-lxml
   runs too, and its text wins if it has more words than trafilatura's.
4. When both are empty, the largest block's own text: it is the page's, and an article
   with text beats a dead letter.

Everything is pure: the page is a string, nothing is fetched.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml.etree import ParserError
from readability import Document
from readability.readability import Unparseable

from pipeline.stages.boilerplate import word_count
from schemas import Extractor

__all__ = ["PageText", "extract_page", "largest_block", "readability_lines"]

# trafilatura's text counts as truncated below this share of the largest block's words.
TRUNCATED_SHARE = 0.6
# Pages whose largest block is shorter than this are too small to call anything truncated.
MIN_BLOCK_WORDS = 40
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")
_NOT_TEXT = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside")
_OWN_TEXT_HOLDERS = frozenset({"td", "div", "article", "section", "main", "font", "center"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# readability-lxml logs the errors it then raises; we translate the exception instead.
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class PageText:
    """The text lines one extractor produced, trafilatura's metadata, and who won."""

    lines: list[str]
    extractor: Extractor
    metadata: dict[str, object]
    # The page's own headlines, best first: og:title / twitter:title, then its <h1>s.
    headlines: tuple[str, ...] = ()
    note: str | None = None


def extract_page(html: str, url: str | None) -> PageText:
    """The page's text by the rule in the module docstring (lines may be empty)."""
    root = _parse(html)
    headlines = _headlines(root) if root is not None else ()
    # A JavaScript shell's "Please enable JavaScript" is the page's only text, not an article.
    shell = _noscript_text(root) if root is not None else set()
    block = largest_block(root) if root is not None else []
    block_words = sum(word_count(line) for line in block)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        # Dates from metadata and markup only here; pages.find_date searches further.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    metadata: dict[str, object] = {}
    lines: list[str] = []
    if doc is not None:
        metadata = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        lines = _unless_shell(str(metadata.get("text") or "").split("\n"), shell)
    words = sum(word_count(line) for line in lines)
    if words and (block_words < MIN_BLOCK_WORDS or words >= TRUNCATED_SHARE * block_words):
        return PageText(lines, Extractor.TRAFILATURA, metadata, headlines)
    second = _unless_shell(readability_lines(html), shell)
    if sum(word_count(line) for line in second) > words:
        note = (
            f"trafilatura kept {words} of the {block_words} words of the page's largest "
            "text block; the text is readability-lxml's"
        )
        return PageText(second, Extractor.READABILITY, metadata, headlines, note)
    if words:
        return PageText(lines, Extractor.TRAFILATURA, metadata, headlines)
    note = "trafilatura and readability-lxml found no text; the text is the largest block's"
    return PageText(block, Extractor.LARGEST_BLOCK, metadata, headlines, note)


def readability_lines(html: str) -> list[str]:
    """readability-lxml's article, one line per block; [] when it cannot read the page."""
    try:
        summary = Document(_CONTROL.sub("", html)).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
    except (Unparseable, ParserError, ValueError):
        return []
    for block in root.iter(*_BLOCKS):
        block.tail = f"\n{block.tail or ''}"
    return str(root.text_content()).split("\n")


def _noscript_text(root: lxml.html.HtmlElement) -> set[str]:
    return {" ".join(element.text_content().split()) for element in root.iter("noscript")}


def _unless_shell(lines: list[str], shell: set[str]) -> list[str]:
    text = [" ".join(line.split()) for line in lines if line.strip()]
    return [] if text and all(line in shell for line in text) else lines


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(_CONTROL.sub("", html))
    except (ParserError, ValueError):
        return None


_META_TITLES = (
    "//meta[@property='og:title']/@content",
    "//meta[@name='twitter:title']/@content",
    "//meta[@property='twitter:title']/@content",
)


def _headlines(root: lxml.html.HtmlElement) -> tuple[str, ...]:
    found = [str(value) for path in _META_TITLES for value in root.xpath(path)]
    found.extend(h1.text_content() for h1 in root.iter("h1"))
    return tuple(dict.fromkeys(line for text in found if (line := " ".join(text.split()))))


def largest_block(root: lxml.html.HtmlElement) -> list[str]:
    """The own paragraphs of the element that holds the most words of paragraph text
    (``root`` loses its scripts, styles and navigation on the way)."""
    for element in list(root.iter(*_NOT_TEXT)):
        element.drop_tree()
    paragraphs: dict[lxml.html.HtmlElement, list[str]] = defaultdict(list)
    for element in root.iter():
        if element.tag == "p":
            parent = element.getparent()
            if parent is not None:
                paragraphs[parent].append(" ".join(element.text_content().split()))
        elif element.tag in _OWN_TEXT_HOLDERS:
            own = " ".join(
                " ".join(part.split())
                for part in (element.text, *(child.tail for child in element))
                if part
            )
            if own:
                paragraphs[element].append(own)
    if not paragraphs:
        return []
    best = max(paragraphs.values(), key=lambda lines: sum(word_count(line) for line in lines))
    return [line for line in best if line]
