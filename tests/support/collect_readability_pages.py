"""Build tests/fixtures/eval/readability-testpages/ from a clone of Readability.js
(Mozilla, Apache-2.0).

Readability.js tests itself on pages it saved from real sites (``test/test-pages/*/
source.html``: news and blogs in English, French, Spanish, Portuguese, German, Czech,
Chinese, Japanese...) with the article it extracts (``expected.html``) and its metadata
(``expected-metadata.json``). Many of its test pages are made up to test one rule
(``basic-tags-cleaning``, ``replace-brs``); those are left out by a rule on every page:
a page is taken when its metadata says it is readerable and its expected article holds
at least ``MIN_WORDS`` words (a character of Chinese or Japanese counts as a word).

    python -m tests.support.collect_readability_pages /path/to/readability/clone

The gold body is Readability.js's expected article as text (one paragraph per block
element), so body scores say how close an extractor comes to Readability.js, not to a
human; the gold title is its metadata title.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import lxml.html

from tests.support.eval_sets import write_eval_set

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "tests" / "fixtures" / "eval" / "readability-testpages"
MIN_WORDS = 150
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|\w+")


def paragraphs(expected_html: str) -> list[str]:
    """The text of each innermost block element of the expected article, in order."""
    root = lxml.html.fromstring(expected_html)
    found = []
    for element in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue
        text = " ".join(element.text_content().split())
        if text:
            found.append(text)
    return found


def collect(clone: Path) -> None:
    pages_dir = TARGET / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, object]] = {}
    for page in sorted((clone / "test" / "test-pages").iterdir()):
        meta_file, expected, source = (
            page / "expected-metadata.json",
            page / "expected.html",
            page / "source.html",
        )
        if not (meta_file.exists() and expected.exists() and source.exists()):
            continue
        meta = json.loads(meta_file.read_text("utf-8"))
        body = paragraphs(expected.read_text("utf-8"))
        if not meta.get("readerable") or len(_WORD.findall(" ".join(body))) < MIN_WORDS:
            continue
        name = f"{page.name}.html.gz"
        (pages_dir / name).write_bytes(gzip.compress(source.read_bytes(), mtime=0))
        out[name] = {"title": meta.get("title"), "body": body, "language": meta.get("lang")}
    write_eval_set(TARGET, out, clone / "LICENSE.md")


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
