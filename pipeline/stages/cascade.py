"""Which extractor's text an HTML page gets: trafilatura first, readability-lxml second.

The rule, in order:

1. Measure the page: its largest text block is the element whose own paragraphs (its
   ``<p>`` children, or its direct text in table and ``<div>`` layouts) hold the most
   words (script-aware, see ``boilerplate.word_count``). That is where an article body
   usually sits, whatever the extractors make of the page.
2. trafilatura in its fast mode (without its internal jusText/readability comparison,
   which costs a quarter of its time on every page), with tables and without
   ``favor_precision`` (chosen by measurement, see the README's "Extraction" section).
3. While the best text so far holds less than ``TRUNCATED_SHARE`` of the largest block's
   words (``coverage``: it kept the first paragraphs of a body and lost the rest, or
   nothing), ask the next extractor: trafilatura with its own fallbacks, then
   readability-lxml; the text holding most of the block wins.
4. When trafilatura's text is short against the page (fewer words than ``SHORT_SHARE`` of
   its paragraphs of 20 words or more) and holds less than half of the paragraphs
   Resiliparse finds in the page, it is completed from Resiliparse's text in page order
   (``repair``).
5. When no extractor found any text, the block's own paragraphs are the text: they are
   the page's, and an article beats a dead letter. (Not when an extractor's text holds
   little of the block: there the block is more often comments or a sidebar.) A page
   without any text block (rendered by JavaScript) gets its own description
   (``<meta name="description">``, og:description) if it has one.

Pages whose largest block is under ``MIN_BLOCK_WORDS`` have nothing to measure against:
trafilatura's text stands, else readability-lxml's.

The page is parsed once, with trafilatura's own loader; the measures above, the page's
metadata (``pagemeta``: trafilatura's rules) and trafilatura's extraction all read that
tree (trafilatura works on its own copy).

Everything is pure: the page is a string, nothing is fetched.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from lxml.etree import ParserError
from readability import Document
from readability.readability import Unparseable
from trafilatura.utils import load_html

from pipeline.stages.boilerplate import word_count
from pipeline.stages.pagedates import DateCandidate, page_date_candidates
from pipeline.stages.pagemeta import page_metadata
from pipeline.stages.repair import (
    HELD_SHARE,
    PARAGRAPH_WORDS,
    coverage,
    repair_truncated,
    resiliparse_lines,
)
from pipeline.stages.titles import SUFFIX_RE, squash
from schemas import Extractor

__all__ = [
    "PageText",
    "coverage",
    "extract_page",
    "inline_ruby",
    "largest_block",
    "parse_page",
    "readability_lines",
]

# The text so far counts as truncated when it holds less of the largest block's words
# (the case: 5 of 16 paragraphs kept). Measured: 0.25 to 0.6 score alike on the
# eval sets; below 0.25 the case slips through, above it second opinions cost time.
TRUNCATED_SHARE = 0.4
# Resiliparse is asked to complete trafilatura's text only when it holds fewer words than
# this share of the page's paragraphs (rule 4): measured, every text it completes on the
# English and multilingual sets is under 0.35, and the check spares 9 pages in 10 its cost.
SHORT_SHARE = 0.8
# Pages whose largest block is shorter than this are too small to call anything truncated.
MIN_BLOCK_WORDS = 40
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")
_NOT_TEXT = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside")
_OWN_TEXT_HOLDERS = ("td", "div", "article", "section", "main", "font", "center")
_CANDIDATES = ("p", *_OWN_TEXT_HOLDERS)
_COMPLETED = (
    f"trafilatura's text held less than {HELD_SHARE:.0%} of Resiliparse's paragraphs; "
    "completed from Resiliparse's text in page order"
)
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
    # The publication dates the page states explicitly (JSON-LD, meta, time, URL).
    dates: tuple[DateCandidate, ...] = ()


def extract_page(html: str, url: str | None) -> PageText:
    """The page's text by the rule in the module docstring (lines may be empty)."""
    root = parse_page(html)
    headlines = _headlines(root) if root is not None else ()
    # A JavaScript shell's "Please enable JavaScript" is the page's only text, not an article.
    shell = _noscript_text(root) if root is not None else set()
    block, paragraph_words = _measure(root) if root is not None else ([], 0)
    block_words = sum(word_count(line) for line in block)
    dates = tuple(page_date_candidates(root, url)) if root is not None else ()
    metadata = page_metadata(root, url).as_dict() if root is not None else {}
    page_url = url or _str(metadata.get("url")) or None
    doc = trafilatura.bare_extraction(
        html if root is None else root,  # parsed once, the way trafilatura parses
        url=page_url,
        fast=True,  # trafilatura's own fallbacks: the cascade below is ours, readable
        include_comments=False,
        include_tables=True,
        favor_precision=False,
        with_metadata=False,  # ``page_metadata`` above: trafilatura's rules, cheaper
    )
    lines: list[str] = []
    if doc is not None:
        lines = _unless_shell(str(doc.text or "").split("\n"), shell)
    small = block_words < MIN_BLOCK_WORDS
    best = _Candidate("trafilatura", lines, coverage(lines, block), Extractor.TRAFILATURA)
    tried = [best]
    for name, extractor, run in _SECOND_OPINIONS:
        if best.has_text and (small or best.covered >= TRUNCATED_SHARE):
            break
        candidate_lines = _unless_shell(run(html, root, url), shell)
        covered = coverage(candidate_lines, block)
        candidate = _Candidate(name, candidate_lines, covered, extractor)
        tried.append(candidate)
        if candidate.has_text and (not best.has_text or candidate.covered > best.covered):
            best = candidate
    held = ", ".join(f"{c.name} {c.covered:.0%}" for c in tried)
    if best.has_text and best.extractor is Extractor.TRAFILATURA and _short(best, paragraph_words):
        completed = repair_truncated(best.lines, resiliparse_lines(_CONTROL.sub("", html)))
        if completed is not None:
            return PageText(completed, Extractor.COMPLETED, metadata, headlines, _COMPLETED, dates)
    if best.has_text:
        note = None
        if best.extractor is not Extractor.TRAFILATURA:
            note = f"share of the page's largest text block held: {held}; text by {best.name}"
        return PageText(best.lines, best.extractor, metadata, headlines, note, dates)
    if not block:
        # A page rendered by JavaScript still describes itself; that beats a dead letter.
        description = str(metadata.get("description") or "").strip() or (
            _description(root) if root is not None else ""
        )
        if not description or description in shell:
            return PageText([], Extractor.TRAFILATURA, metadata, headlines, dates=dates)
        note = "no extractor found text in the page; the text is the page's own description"
        return PageText([description], Extractor.DESCRIPTION, metadata, headlines, note, dates)
    note = f"share of the page's largest text block held: {held}; the text is that block"
    return PageText(block, Extractor.LARGEST_BLOCK, metadata, headlines, note, dates)


def _short(candidate: _Candidate, paragraph_words: int) -> bool:
    """Whether the text holds fewer words than ``SHORT_SHARE`` of the page's paragraphs:
    only then is Resiliparse asked (it costs about a tenth of trafilatura's time)."""
    words = sum(word_count(line) for line in candidate.lines if line.strip())
    return words < SHORT_SHARE * paragraph_words


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    lines: list[str]
    covered: float
    extractor: Extractor

    @property
    def has_text(self) -> bool:
        return _has_text(self.lines)


def trafilatura_full_lines(
    html: str, root: lxml.html.HtmlElement | None, url: str | None
) -> list[str]:
    """trafilatura with its own fallbacks (jusText, its readability port) on, on the page
    as parsed already (it works on a copy)."""
    text = trafilatura.extract(
        html if root is None else root,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
    )
    return str(text or "").split("\n")


def _readability(html: str, _root: lxml.html.HtmlElement | None, _url: str | None) -> list[str]:
    # readability-lxml parses the page itself: it drops hidden elements from the tree it
    # reads, and its own parse is the one it was measured with.
    return readability_lines(html)


def _str(value: object) -> str:
    return str(value) if value else ""


def _has_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


# Asked in turn while the best text so far looks truncated (rule 3).
_Run = Callable[[str, lxml.html.HtmlElement | None, str | None], list[str]]
_SECOND_OPINIONS: tuple[tuple[str, Extractor, _Run], ...] = (
    ("trafilatura with its fallbacks", Extractor.TRAFILATURA, trafilatura_full_lines),
    ("readability-lxml", Extractor.READABILITY, _readability),
)


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


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree, with its ruby annotations inlined (see ``inline_ruby``)."""
    # trafilatura's own loader (encoding declarations, faulty markup repaired), so the
    # tree handed to it is the one it would have built.
    root = load_html(_CONTROL.sub("", html))
    if root is not None:
        inline_ruby(root)
    return root


def inline_ruby(root: lxml.html.HtmlElement) -> None:
    """Ruby annotations become the plain text a browser without ruby shows:
    ``<ruby>弾劾<rp>（</rp><rt>だんがい</rt><rp>）</rp></ruby>`` reads 弾劾（だんがい）, and
    without ``<rp>`` fallback parentheses the reading goes and the base text stays.
    Extractors take a ruby element for a block of its own: trafilatura cut every
    Japanese sentence with furigana into three lines at the annotated word."""
    rubies = list(root.iter("ruby"))
    for ruby in rubies:
        if ruby.find(".//rp") is None:
            for reading in ruby.findall(".//rt"):
                reading.drop_tree()  # keeps its tail
    if rubies:
        lxml.etree.strip_tags(root, "ruby", "rb", "rtc", "rt", "rp")


# The page's own titles, best first: (attribute, value) of the meta tags that hold one.
_META_TITLES = (("property", "og:title"), ("name", "twitter:title"), ("property", "twitter:title"))


def _description(root: lxml.html.HtmlElement) -> str:
    paths = ("//meta[@property='og:description']/@content", "//meta[@name='description']/@content")
    found = (" ".join(str(value).split()) for path in paths for value in root.xpath(path))
    return next((text for text in found if text), "")


def _headlines(root: lxml.html.HtmlElement) -> tuple[str, ...]:
    found: list[list[str]] = [[] for _ in _META_TITLES]
    for meta in root.iter("meta"):
        for i, (attribute, value) in enumerate(_META_TITLES):
            if meta.get(attribute) == value and (content := meta.get("content")) is not None:
                found[i].append(content)
    titles = [text for group in found for text in group]
    banner = _site_part(root)
    titles.extend(
        text
        for h1 in root.iter("h1")
        if (text := h1.text_content()) and not (banner and squash(text) == banner)
    )
    # Documentation generators end each heading in a permalink's pilcrow (Sphinx: "¶").
    lines = (" ".join(text.split()).removesuffix("¶").rstrip() for text in titles)
    return tuple(dict.fromkeys(line for line in lines if line))


def _site_part(root: lxml.html.HtmlElement) -> str:
    """What follows the separator of the page's ``<title>`` ("Outside the web: ... · V8",
    "Evolve: Shared Mutable History — evolve extension for Mercurial"), squashed: an
    ``<h1>`` that says only that is the site's banner, not the article's headline."""
    title = root.find(".//title")
    text = " ".join((title.text_content() if title is not None else "").split())
    match = SUFFIX_RE.match(text)
    return squash(match["outlet"]) if match else ""


def largest_block(root: lxml.html.HtmlElement) -> list[str]:
    """The own paragraphs of the element that holds the most words of paragraph text,
    outside scripts, styles and navigation (``root`` is left as it was)."""
    return _measure(root)[0]


def _measure(root: lxml.html.HtmlElement) -> tuple[list[str], int]:
    """The largest block, and how many words the page's paragraphs of at least
    ``PARAGRAPH_WORDS`` words hold (outside scripts, styles and navigation)."""
    # Only the candidates inside the skipped sections: a set of every element in them
    # would cost a Python object per element of every menu and footer.
    skip = {inner for outer in root.iter(*_NOT_TEXT) for inner in outer.iter(*_CANDIDATES)}
    paragraphs: dict[lxml.html.HtmlElement, list[str]] = defaultdict(list)
    for element in root.iter(*_CANDIDATES):
        if element in skip:
            continue
        if element.tag == "p":
            parent = element.getparent()
            if parent is not None:
                paragraphs[parent].append(" ".join(element.text_content().split()))
        else:
            own = " ".join(
                " ".join(part.split())
                for part in (element.text, *(child.tail for child in element))
                if part
            )
            if own:
                paragraphs[element].append(own)
    counted = [
        [(line, word_count(line)) for line in lines if line] for lines in paragraphs.values()
    ]
    best = max(counted, key=lambda pairs: sum(n for _, n in pairs), default=[])
    long_words = sum(n for pairs in counted for _, n in pairs if n >= PARAGRAPH_WORDS)
    return [line for line, _ in best], long_words
