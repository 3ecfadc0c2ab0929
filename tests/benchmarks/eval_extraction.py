"""Body, date and speed of newsflow's HTML extraction against the open extractors alone.

    python -m tests.benchmarks.eval_extraction [--set NAME] [--repeat N]

Four sets of real pages nobody here wrote (tests/fixtures/eval/, licences beside them):
``extraction-fundus`` (80 English news pages, 20 publishers, gold bodies),
``fundus-multilingual`` (Fundus's parser test pages from 41 countries: Japanese, Korean,
Chinese, Arabic, Hindi, Turkish, German... with gold bodies, titles and dates),
``trafilatura-evaldata`` (201 German, Swiss, Austrian, Latin American... news and blog
pages from trafilatura's own evaluation, with gold dates, titles and snippets) and
``readability-testpages`` (99 pages Readability.js tests itself on; its expected
articles are the gold bodies, so they measure nearness to that extractor).

Bodies: gold and extracted text are split into ``\\w+`` tokens and cut into 4-token
shingles (a text shorter than that is one shingle); per page, precision = shared /
extracted and recall = shared / gold, counted as multisets; precision and recall are
averaged over pages and F1 is taken of the two averages (also per language of the gold
body, for languages with 5 pages or more; tokens are compared in NFC). An empty output
scores 0 / 0 and is counted under "empty". For trafilatura-evaldata, which has no gold
bodies, "with" is the share of its must-have snippets the text holds and "w/o" the share
of its chrome snippets the text leaves out, averaged over pages. pages/s is wall time of each
extractor on the page string, the extractors taking turns page by page (so a busy
machine slows them alike), after one warm-up page.

Dates: a page is right when the extracted date's day is the gold's day, either in the
gold's own offset or in UTC (a page dated late evening in Tokyo is the previous day in
UTC). newsflow (every date source it reads) is printed beside htmldate alone: with its
defaults, and with ``original_date=True`` (the publication rather than the update date).

Titles: exact matches (after collapsing whitespace) with the gold title, newsflow's
against trafilatura's metadata title.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import htmldate
import lxml.html
import trafilatura
from readability import Document
from readability.readability import Unparseable

from pipeline.stages.extract import extract
from pipeline.stages.identify import detect_language
from schemas import DocumentKind, ExtractionFailed, RawDocument

EVAL = Path(__file__).resolve().parents[1] / "fixtures" / "eval"
SHINGLE = 4
MIN_LANGUAGE_PAGES = 5
_TOKEN = re.compile(r"\w+")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: str
    url: str | None
    body: str
    published: datetime | None
    title: str | None = None
    # trafilatura's own gold: snippets the text must hold and snippets of chrome it must not
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    empty: bool


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``'s ``\\w+`` tokens (lower-cased,
    NFC: a page written decomposed, "U" + combining diaeresis, splits ``\\w+`` at the mark,
    and its gold is written as the page is, so an extractor that composes would score low
    for the same text)."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text).casefold())
    if 0 < len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def score(extracted: str, gold: str) -> Score:
    got, want = shingles(extracted), shingles(gold)
    if not got:
        return Score(0.0, 0.0, empty=True)
    shared = sum((got & want).values())
    recall = shared / sum(want.values()) if want else 0.0
    return Score(shared / sum(got.values()), recall, empty=False)


def load(name: str) -> list[Page]:
    root = EVAL / name
    if name == "extraction-fundus":
        gold = json.loads((root / "dataset" / "ground_truth.json").read_text("utf-8"))
        html_dir = root / "dataset" / "html"
    else:
        gold = json.loads((root / "gold.json").read_text("utf-8"))
        html_dir = root / "pages"
    pages = []
    for file, entry in sorted(gold.items()):
        html = gzip.decompress((html_dir / file).read_bytes()).decode("utf-8", "replace")
        published = entry.get("published")
        pages.append(
            Page(
                name=file,
                html=html,
                url=entry.get("url"),
                body="\n".join(entry.get("body", [])),
                published=_published(published) if published else None,
                title=entry.get("title"),
                with_snippets=tuple(entry.get("with", [])),
                without_snippets=tuple(entry.get("without", [])),
            )
        )
    return pages


def _published(value: str) -> datetime:
    # trafilatura's gold writes a few days loosely: "2022-11-1", "2022-01.26"
    if len(value) > 10:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    year, month, day = (int(part) for part in re.split(r"[-.]", value))
    return datetime(year, month, day, tzinfo=UTC)


def newsflow_text(page: Page) -> str:
    try:
        return extract(_raw(page)).text
    except ExtractionFailed:
        return ""


def _raw(page: Page) -> RawDocument:
    return RawDocument(origin=page.name, kind=DocumentKind.HTML, payload=page.html, url=page.url)


def trafilatura_text(page: Page) -> str:
    return trafilatura.extract(page.html, url=page.url) or ""


def readability_text(page: Page) -> str:
    try:
        summary = Document(page.html).summary(html_partial=True)
    except Unparseable:  # it refuses pages with control characters (a NUL in a link)
        return ""
    root = lxml.html.fromstring(summary)
    for block in root.iter(*_BLOCKS):
        block.tail = f"\n{block.tail or ''}"
    return str(root.text_content())


SYSTEMS: dict[str, Callable[[Page], str]] = {
    "newsflow": newsflow_text,
    "trafilatura": trafilatura_text,
    "readability-lxml": readability_text,
}


def run_bodies(pages: list[Page], repeat: int) -> list[str]:
    # The extractors take turns page by page, so a busy machine slows them all alike.
    texts: dict[str, list[str]] = {system: [] for system in SYSTEMS}
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    for run in SYSTEMS.values():
        run(pages[0])  # warm-up: imports and lazily built tables are not per-page cost
    for page in pages:
        for system, run in SYSTEMS.items():
            start = time.perf_counter()
            for _ in range(repeat):
                text = run(page)
            seconds[system] += time.perf_counter() - start
            texts[system].append(text)
    if not any(page.body for page in pages):
        return _snippet_lines(pages, texts, seconds, repeat)
    lines = [f"{'extractor':18} {'P':>6} {'R':>6} {'F1':>6} {'empty':>6} {'pages/s':>8}"]
    for system in SYSTEMS:
        scores = [score(text, page.body) for text, page in zip(texts[system], pages, strict=True)]
        p = sum(s.precision for s in scores) / len(scores)
        r = sum(s.recall for s in scores) / len(scores)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        empty = sum(s.empty for s in scores)
        rate = len(pages) * repeat / seconds[system]
        lines.append(f"{system:18} {p:6.3f} {r:6.3f} {f1:6.3f} {empty:6d} {rate:8.1f}")
    return lines + _by_language(pages, texts)


def _by_language(pages: list[Page], texts: dict[str, list[str]]) -> list[str]:
    """F1 per language of the gold body (detected as newsflow detects it), languages
    with at least ``MIN_LANGUAGE_PAGES`` pages; the rest together as "other"."""
    languages = [detect_language(page.body) for page in pages]
    counts = Counter(languages)
    groups = [lang if counts[lang] >= MIN_LANGUAGE_PAGES else "other" for lang in languages]
    if len(set(groups)) < 2:
        return []
    lines = [f"{'F1 by language':18} {'pages':>6} " + " ".join(f"{s:>16}" for s in SYSTEMS)]
    for group, n in sorted(Counter(groups).items(), key=lambda item: (-item[1], item[0])):
        chosen = [i for i, g in enumerate(groups) if g == group]
        cells = []
        for system in SYSTEMS:
            scores = [score(texts[system][i], pages[i].body) for i in chosen]
            p = sum(s.precision for s in scores) / n
            r = sum(s.recall for s in scores) / n
            cells.append(f"{(2 * p * r / (p + r) if p + r else 0.0):16.3f}")
        lines.append(f"{group:18} {n:6d} " + " ".join(cells))
    return lines


def _snippet_lines(
    pages: list[Page], texts: dict[str, list[str]], seconds: dict[str, float], repeat: int
) -> list[str]:
    """Pages without a gold body: the share of "with" snippets held and of "without"
    snippets (page chrome) left out, averaged over pages."""
    lines = [f"{'extractor':18} {'with':>6} {'w/o':>6} {'empty':>6} {'pages/s':>8}"]
    for system in SYSTEMS:
        held = left_out = 0.0
        for text, page in zip(texts[system], pages, strict=True):
            flat = " ".join(text.split())
            held += _share(page.with_snippets, flat, present=True)
            left_out += _share(page.without_snippets, flat, present=False)
        empty = sum(not text.strip() for text in texts[system])
        rate = len(pages) * repeat / seconds[system]
        lines.append(
            f"{system:18} {held / len(pages):6.3f} {left_out / len(pages):6.3f} "
            f"{empty:6d} {rate:8.1f}"
        )
    return lines


def _share(snippets: tuple[str, ...], text: str, *, present: bool) -> float:
    if not snippets:
        return 1.0
    return sum((snippet in text) is present for snippet in snippets) / len(snippets)


def _right_days(gold: datetime) -> set[date]:
    return {gold.date(), gold.astimezone(UTC).date()}


def newsflow_date(page: Page) -> date | None:
    try:
        found = extract(_raw(page)).published_at
    except ExtractionFailed:
        return None
    return found.date() if found else None


def htmldate_date(page: Page, **options: bool) -> date | None:
    found = htmldate.find_date(page.html, url=page.url, **options)
    return date.fromisoformat(found) if found else None


def run_dates(pages: Iterable[Page]) -> list[str]:
    dated = [page for page in pages if page.published is not None]
    if not dated:
        return []
    systems: dict[str, Callable[[Page], date | None]] = {
        "newsflow": newsflow_date,
        "htmldate (defaults)": htmldate_date,
        "htmldate (original)": lambda page: htmldate_date(page, original_date=True),
    }
    lines = [f"{'dates':22} {'right':>6} {'wrong':>6} {'none':>6} {'accuracy':>9}"]
    for system, find in systems.items():
        right = wrong = none = 0
        for page in dated:
            assert page.published is not None
            found = find(page)
            if found is None:
                none += 1
            elif found in _right_days(page.published):
                right += 1
            else:
                wrong += 1
        lines.append(f"{system:22} {right:6d} {wrong:6d} {none:6d} {right / len(dated):9.3f}")
    lines.append(f"newsflow's date sources (right/all): {_date_sources(dated)}")
    return lines


def _date_sources(pages: list[Page]) -> str:
    """Which source won on each page (published_at_source), and how often it was right."""
    all_: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for page in pages:
        assert page.published is not None
        try:
            found = extract(_raw(page))
        except ExtractionFailed:
            all_["failed"] += 1
            continue
        day = found.published_at.date() if found.published_at else None
        all_[found.date_source.value] += 1
        right[found.date_source.value] += day in _right_days(page.published)
    return ", ".join(f"{source} {right[source]}/{n}" for source, n in all_.most_common())


def run_titles(pages: Iterable[Page]) -> list[str]:
    titled = [page for page in pages if page.title]
    if not titled:
        return []
    systems: dict[str, Callable[[Page], str]] = {
        "newsflow": _newsflow_title,
        "trafilatura": _trafilatura_title,
    }
    lines = [f"{'titles':22} {'exact':>6} {'of':>6}"]
    for system, find in systems.items():
        exact = sum(
            " ".join(find(page).split()) == " ".join(str(page.title).split()) for page in titled
        )
        lines.append(f"{system:22} {exact:6d} {len(titled):6d}")
    return lines


def _same(found: str, gold: str) -> bool:
    return " ".join(found.split()) == " ".join(gold.split())


def _newsflow_title(page: Page) -> str:
    try:
        return extract(_raw(page)).title
    except ExtractionFailed:
        return ""


def _trafilatura_title(page: Page) -> str:
    metadata = trafilatura.extract_metadata(page.html, default_url=page.url)
    return str(getattr(metadata, "title", "") or "")


DEFAULT_SETS = (
    "extraction-fundus",
    "fundus-multilingual",
    "trafilatura-evaldata",
    "readability-testpages",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--set", action="append", dest="sets", help="a tests/fixtures/eval folder")
    parser.add_argument("--repeat", type=int, default=1, help="timing passes over each set")
    args = parser.parse_args()
    logging.getLogger("readability").setLevel(logging.CRITICAL)  # it logs what it raises
    for name in args.sets or DEFAULT_SETS:
        pages = load(name)
        print(f"\n== {name}: {len(pages)} pages")
        print("\n".join(run_bodies(pages, args.repeat)))
        if extra := [*run_dates(pages), *run_titles(pages)]:
            print("\n".join(extra))


if __name__ == "__main__":
    main()
