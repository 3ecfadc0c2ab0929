"""Build tests/fixtures/eval/goose3-testpages/ from a clone of goose3 (Apache-2.0).

goose3 tests its article extraction on pages it saved from real news sites
(``tests/data/content/test_*.html``: American and British news and blogs, BBC Chinese,
CNN Arabic, Donga (Korean), El País and El Mundo, Le Figaro and Libération,
WirtschaftsWoche), each with the page's URL and the start of the text goose3 extracts
(``expected.cleaned_text`` in the JSON beside it; only its first words for most pages,
so there is no gold body here: the set is for judging entity links on real pages, not
for body scores). A page is taken when its URL is a real site's (the pages at
example.com and exemple.com are made up to test one rule), once per URL (some pages
are saved twice under two names).

    python -m tests.support.collect_goose3_pages /path/to/goose3/clone
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from tests.support.eval_sets import write_eval_set

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "tests" / "fixtures" / "eval" / "goose3-testpages"
_MADE_UP = re.compile(r"^https?://(?:www\.)?exemple?\.com/")


def collect(clone: Path) -> None:
    content = clone / "tests" / "data" / "content"
    pages_dir = TARGET / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    for html in sorted(content.glob("test_*.html")):
        meta_file = html.with_suffix(".json")
        if not meta_file.exists():
            continue
        meta = json.loads(meta_file.read_text("utf-8"))
        url = str(meta.get("url") or "")
        if not url or _MADE_UP.match(url) or url in seen:
            continue
        seen.add(url)
        name = f"{html.stem.removeprefix('test_')}.html.gz"
        (pages_dir / name).write_bytes(gzip.compress(html.read_bytes(), mtime=0))
        out[name] = {"url": url}
    write_eval_set(TARGET, out, clone / "LICENSE.txt")


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
