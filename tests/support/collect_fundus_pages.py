"""Build tests/fixtures/eval/fundus-multilingual/ from a clone of Fundus (MIT).

Fundus (github.com/flairNLP/fundus) tests its per-publisher parsers on real pages it
saved (``tests/resources/parser/test_data/<country>/<Publisher>_<date>.html.gz``) and
on the checked values of each parser version (``<Publisher>.json``: title, body,
publishing date). Those are real pages from publishers in 40 countries with a gold
body and a gold date, which is what the extraction and date evaluation need beyond
the English Fundus evaluation set.

    python -m tests.support.collect_fundus_pages /path/to/fundus/clone

A parser version is matched with its page the way Fundus's own tests do it: the
versions of a publisher, in order, cover its pages in crawl-date order. Publishers whose
version and page counts differ are skipped rather than guessed.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from tests.support.eval_sets import write_eval_set

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "tests" / "fixtures" / "eval" / "fundus-multilingual"
# The big English-language groups are sampled (the English set is extraction-fundus).
SAMPLED = {"de": 20, "us": 8, "uk": 8, "ca": 4, "za": 4, "au": 2, "at": 4, "ch": 4}


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def _body(gold: dict[str, object]) -> list[str]:
    body = gold.get("body") or {}
    assert isinstance(body, dict)
    paragraphs: list[str] = [*body.get("summary", [])]
    for section in body.get("sections", []):
        paragraphs.extend(section.get("headline", []))
        paragraphs.extend(section.get("paragraphs", []))
    return [p for p in paragraphs if p.strip()]


def collect(fundus: Path) -> None:
    data = fundus / "tests" / "resources" / "parser" / "test_data"
    pages = TARGET / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    gold_out: dict[str, dict[str, object]] = {}
    for country in sorted(p for p in data.iterdir() if p.is_dir()):
        meta_path = country / "meta.info"
        if not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text("utf-8"))
        taken = 0
        for gold_path in sorted(country.glob("*.json")):
            publisher = gold_path.stem
            if taken >= SAMPLED.get(country.name, 10**6):
                break
            versions = json.loads(gold_path.read_text("utf-8"))
            files = sorted(
                (name for name in meta if name.startswith(f"{publisher}_")),
                key=lambda name: meta[name]["crawl_date"],
            )
            if len(files) != len(versions):
                continue
            for version, name in zip(sorted(versions, key=_version_key), files, strict=True):
                gold = versions[version]
                body = _body(gold)
                if not body:
                    continue
                shutil.copyfile(country / name, pages / name)
                gold_out[name] = {
                    "country": country.name,
                    "url": meta[name]["url"],
                    "title": gold.get("title"),
                    "published": gold.get("publishing_date"),
                    "body": body,
                }
            taken += 1
    write_eval_set(TARGET, gold_out, fundus / "LICENSE")


if __name__ == "__main__":
    collect(Path(sys.argv[1]))
