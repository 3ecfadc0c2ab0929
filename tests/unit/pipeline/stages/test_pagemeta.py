"""``page_metadata`` gives trafilatura's own metadata, on real pages nobody here wrote.

It re-evaluates trafilatura's author, category and tag XPath rules as one walk over the
page (see its module docstring); these tests say when that walk and trafilatura part ways,
for instance after a trafilatura release changes its rules.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
import pytest
from trafilatura.metadata import extract_metadata

from pipeline.stages.cascade import parse_page
from pipeline.stages.pagemeta import page_metadata
from tests.conftest import FIXTURES

EVAL = FIXTURES / "eval"
# Every third page of each set (the whole sets take seconds), and the pages whose author
# element holds a section trafilatura deletes before it reads the author (a date, a link
# list classed "category"): there the walk reads a pruned copy of the element.
STRIDE = 3
PRUNED_AUTHOR_PAGES = (
    "fundus-multilingual/pages/LBCGroup_2026_01_08.html.gz",
    "trafilatura-evaldata/pages/grossefragen.wordpress.com.projekt.html.gz",
    "trafilatura-evaldata/pages/lernpfadprismen.wordpress.com.masse.html.gz",
)
FIELDS = ("title", "author", "url", "description", "sitename", "date", "categories", "tags")


def _pages() -> list[tuple[Path, str | None]]:
    urls: dict[str, str | None] = {}
    sample: list[str] = []
    for folder, gold_file, html_dir in (
        ("extraction-fundus", "dataset/ground_truth.json", "dataset/html"),
        ("fundus-multilingual", "gold.json", "pages"),
        ("trafilatura-evaldata", "gold.json", "pages"),
    ):
        gold = json.loads((EVAL / folder / gold_file).read_text("utf-8"))
        for i, (name, entry) in enumerate(sorted(gold.items())):
            key = f"{folder}/{html_dir}/{name}"
            urls[key] = entry.get("url")
            if i % STRIDE == 0:
                sample.append(key)
    sample.extend(key for key in PRUNED_AUTHOR_PAGES if key not in sample)
    return [(EVAL / key, urls[key]) for key in sample]


@pytest.mark.parametrize(("path", "url"), _pages(), ids=lambda value: getattr(value, "name", ""))
def test_metadata_is_trafilaturas(path: Path, url: str | None) -> None:
    root = parse_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    assert root is not None
    before = lxml.html.tostring(root)
    ours = page_metadata(root, url)
    assert lxml.html.tostring(root) == before  # the cascade goes on with the same tree
    theirs = extract_metadata(root, url, {"extensive_search": False, "original_date": True})
    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(theirs, f) for f in FIELDS}
