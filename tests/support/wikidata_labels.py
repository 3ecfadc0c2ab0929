"""Groups of one person's Wikidata labels from an EveryPolitician ``wikidata.csv``.

    python -m tests.support.wikidata_labels CSV OUT.json --min-names 4 [--skip ID ...]

Mechanical, applied to every row before any name is resolved: a person is taken when
the row's ``name`` and ``name__*`` columns give at least ``--min-names`` distinct names
in Latin, Cyrillic, Armenian, Georgian or Arabic script; a name is a value of two words
or more, with a letter, that is no URL, date or identifier, no Commons category or
Wikipedia subpage (a colon) and no title with a disambiguation in brackets. Labels in
other scripts (Japanese, Chinese, Korean, Greek, Hebrew, Devanagari, Bengali...) are
left out. ``--skip`` leaves out ids (a person some other set already holds).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path

SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN", "GEORGIAN", "ARABIC")


def is_name(value: str) -> bool:
    """Two words or more, letters of our scripts only, no URL, colon or brackets."""
    value = value.strip()
    if len(value.split()) < 2 or any(c in value for c in ":/()[]@") or "http" in value:
        return False
    letters = [c for c in value if c.isalpha()]
    if not letters or any(c.isdigit() for c in value):
        return False
    return all(unicodedata.name(c, "").startswith(SCRIPTS) for c in letters)


def groups(rows: list[dict[str, str]], min_names: int, skip: set[str]) -> list[dict[str, object]]:
    found = []
    for row in rows:
        if row["id"] in skip:
            continue
        names: dict[str, str] = {}
        for column, value in row.items():
            if column != "name" and not column.startswith("name__"):
                continue
            value = " ".join((value or "").split())
            if is_name(value) and value not in names.values():
                names[column.removeprefix("name__")] = value
        if len(names) >= min_names:
            found.append({"id": row["id"], "names": names})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--min-names", type=int, default=4)
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with args.csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = groups(rows, args.min_names, set(args.skip))
    args.out.write_text(
        json.dumps({"groups": found}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{args.out}: {len(found)} people of {len(rows)} rows")


if __name__ == "__main__":
    main()
