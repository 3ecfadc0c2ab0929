"""Sentences of a Universal Dependencies treebank with no proper noun, for false links.

    python -m tests.support.ud_no_propn OUT.txt TEST.conllu [DEV.conllu] [--count 400]

Mechanical, as ``tests/fixtures/entities/prose/README.md`` says: a sentence is kept when
no token is tagged ``PROPN`` or ``X`` (foreign word) and it has at least six tokens;
every such sentence of the first file, then of the next, up to ``--count``. Nothing is
picked or dropped by hand.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

MIN_TOKENS = 6
EXCLUDED_TAGS = frozenset({"PROPN", "X"})


def sentences(conllu: str) -> Iterator[tuple[str, list[str]]]:
    """(text, universal POS tags of its words) of each sentence of a CoNLL-U file."""
    text, tags = "", []
    for line in conllu.splitlines():
        if line.startswith("# text = "):
            text = line[len("# text = ") :]
        elif line and not line.startswith("#"):
            fields = line.split("\t")
            if fields[0].isdigit():  # words, not multi-word ranges (1-2) or empty nodes
                tags.append(fields[3])
        elif not line and text:
            yield text, tags
            text, tags = "", []
    if text:
        yield text, tags


def without_names(paths: list[Path], count: int) -> list[str]:
    kept: list[str] = []
    for path in paths:
        for text, tags in sentences(path.read_text("utf-8")):
            if len(tags) >= MIN_TOKENS and not EXCLUDED_TAGS.intersection(tags):
                kept.append(text)
                if len(kept) == count:
                    return kept
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("conllu", type=Path, nargs="+")
    parser.add_argument("--count", type=int, default=400)
    args = parser.parse_args()
    kept = without_names(args.conllu, args.count)
    args.out.write_text("".join(f"{s}\n" for s in kept), "utf-8")
    print(f"{args.out}: {len(kept)} sentences")


if __name__ == "__main__":
    main()
