"""Build tests/fixtures/eval/trafilatura-evaldata/ from a clone of trafilatura (Apache-2.0).

trafilatura evaluates itself on real pages it saved (``tests/eval/*.html``) with, per page,
the publication date, the title, text snippets the extraction must hold ("with") and
snippets of page chrome it must not ("without"), in ``tests/evaldata.json``. Those are
German, Swiss, Austrian, Latin American, French... news and blog pages with gold dates:
the date evaluation, and a second look at bodies and titles.

    python -m tests.support.collect_trafilatura_pages /path/to/trafilatura/clone

Pages named by a 32-digit hex id are left out: they come from another benchmark that
this project keeps held out. A deterministic sample (every k-th dated page by URL,
plus the pages in ``ALSO``) keeps the set small.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from tests.support.eval_sets import write_eval_set

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "tests" / "fixtures" / "eval" / "trafilatura-evaldata"
SAMPLE = 200
# Pages taken whatever the sample says, for what they show.
ALSO = ("kath.net-Menschensohn.html",)  # a news article laid out in tables
_HELD_OUT_NAME = re.compile(r"^[0-9a-f]{32}\.html$")


def collect(trafilatura: Path) -> None:
    gold = json.loads((trafilatura / "tests" / "evaldata.json").read_text("utf-8"))
    dated = sorted(
        (url, entry)
        for url, entry in gold.items()
        if entry.get("date")
        and not _HELD_OUT_NAME.match(entry["file"])
        and (trafilatura / "tests" / "eval" / entry["file"]).exists()
    )
    step = max(len(dated) // SAMPLE, 1)
    pages = TARGET / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, object]] = {}
    chosen = dated[::step][:SAMPLE] + [item for item in dated if item[1]["file"] in ALSO]
    for url, entry in chosen:
        name = f"{entry['file']}.gz"
        html = (trafilatura / "tests" / "eval" / entry["file"]).read_bytes()
        (pages / name).write_bytes(gzip.compress(html, mtime=0))
        out[name] = {
            "url": url,
            "title": entry.get("title"),
            "published": entry["date"],
            "with": entry.get("with", []),
            "without": entry.get("without", []),
            "region": entry.get("region"),
        }
    write_eval_set(TARGET, out, trafilatura / "LICENSE")


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
