"""Build tests/fixtures/eval/newspaper-testpages/ from newspaper's test pages (MIT).

newspaper (codelucas/newspaper, continued as AndyTheFactory/newspaper4k) tests its
extraction on pages saved from real sites: in 2015 two pages each of about seventy
American and British news, magazine and blog sites (``tests/data/html/<site>1.html``,
the "fulltext" cases), later pages in Arabic, Chinese, Japanese, Korean, Spanish, Thai,
Latvian and Burmese. The set is for judging entity links on real pages (its expected
texts are newspaper's own output, not a gold body). ``SOURCE`` is a directory holding
``tests/data`` and ``LICENSE`` of the repository at commit 1da8e69^ (the last with the
2015 pages), with the later pages of HEAD copied over it (``git archive``).

A page is taken unless it is a site's front page, a redirect stub or an RSS sample
(``_NOT_ARTICLES``), or it is already in another evaluation set here (the same URL, or
the same bytes: goose3 saved CNN Arabic's page too). Its URL is the one newspaper's
metadata gives, else the one of ``fulltext_url_list.txt`` for its site whose path the
page holds, else none.

    python -m tests.support.collect_newspaper_pages SOURCE
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.eval_sets import write_eval_set

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO / "tests" / "fixtures" / "eval"
TARGET = EVAL / "newspaper-testpages"
_NOT_ARTICLES = re.compile(r"main_site|meta_refresh|sample_rss")
_SITE_PAGE = re.compile(r"^(?P<site>.+?)\d+$")


def _known() -> tuple[set[str], set[str]]:
    """URLs and page digests of the other evaluation sets."""
    urls: set[str] = set()
    digests: set[str] = set()
    for gold in EVAL.glob("*/gold.json"):
        if gold.parent == TARGET:
            continue
        for name, entry in json.loads(gold.read_text("utf-8")).items():
            if entry.get("url"):
                urls.add(str(entry["url"]).rstrip("/"))
            page = gold.parent / "pages" / name
            if page.exists():
                digests.add(hashlib.sha256(gzip.decompress(page.read_bytes())).hexdigest())
    return urls, digests


def _url(stem: str, html: str, data: Path, listed: list[str]) -> str | None:
    meta = data / "metadata" / f"{stem}.json"
    if meta.exists():
        return str(json.loads(meta.read_text("utf-8")).get("url") or "") or None
    match = _SITE_PAGE.match(stem)
    if match is None:
        return None
    for url in listed:
        parts = urlsplit(url)
        if match["site"] in parts.netloc and parts.path.strip("/") and parts.path in html:
            return url
    return None


def collect(source: Path) -> None:
    data = source / "tests" / "data"
    listed = (data / "fulltext_url_list.txt").read_text("utf-8").split()
    urls, digests = _known()
    pages_dir = TARGET / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, object]] = {}
    for path in sorted((data / "html").glob("*.html")):
        if _NOT_ARTICLES.search(path.stem):
            continue
        raw = path.read_bytes()
        url = _url(path.stem, raw.decode("utf-8", "replace"), data, listed)
        if hashlib.sha256(raw).hexdigest() in digests or (url and url.rstrip("/") in urls):
            continue
        name = f"{path.stem}.html.gz"
        (pages_dir / name).write_bytes(gzip.compress(raw, mtime=0))
        out[name] = {"url": url} if url else {}
    write_eval_set(TARGET, out, source / "LICENSE")


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
