"""Entity links on real pages, for judging by hand, and the precision of the judged ones.

    python -m tests.quality.real_pages [--ner] [--dump FILE]

The pages are the 80 English news bodies of the Fundus evaluation set
(tests/fixtures/entities/fundus/, MIT). Every link the entity stage makes is listed
with its context (``--dump`` writes them as JSON Lines). tests/fixtures/entities/
fundus_judged.jsonl holds links judged right or wrong in context (``ok``); the report
counts, among the links made now, those judged right, per method, and lists links
made now that nobody judged, so the judgement is redone when linking changes.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.entities import EntityConfig, EntityStage, Mention

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"
PAGES = FIXTURES / "fundus" / "ground_truth.json"
JUDGED = FIXTURES / "fundus_judged.jsonl"
CONTEXT_CHARS = 60


def pages() -> dict[str, str]:
    data: dict[str, dict[str, Any]] = json.loads(PAGES.read_text("utf-8"))
    return {name: "\n\n".join(page["body"]) for name, page in data.items()}


def links(stage: EntityStage) -> list[dict[str, Any]]:
    """One record per link: page, surface, entity, method and the text around it."""
    texts = pages()
    found = stage.mentions(list(texts.values()))
    return [
        link_record(name, text, m, CONTEXT_CHARS)
        for (name, text), mentions in zip(texts.items(), found, strict=True)
        for m in mentions
    ]


def link_record(page: str, text: str, m: Mention, context_chars: int) -> dict[str, Any]:
    """A link as it is judged: where it is, what it links to, and the text around it."""
    left = text[max(0, m.start - context_chars) : m.start].replace("\n", " ")
    right = text[m.end : m.end + context_chars].replace("\n", " ")
    return {
        "page": page,
        "start": m.start,
        "surface": m.surface,
        "id": m.entity_id,
        "name": m.name,
        "type": m.type.value,
        "method": m.method,
        "context": f"{left}[[{m.surface}]]{right}",
    }


def judged() -> dict[tuple[str, int, str], bool]:
    if not JUDGED.exists():
        return {}
    verdicts = {}
    for line in JUDGED.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            verdicts[(record["page"], record["start"], record["id"])] = bool(record["ok"])
    return verdicts


def report(records: list[dict[str, Any]]) -> list[str]:
    verdicts = judged()
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    unjudged = []
    for r in records:
        verdict = verdicts.get((r["page"], r["start"], r["id"]))
        group = "ner" if r["method"] in ("ner", "coref") and r["id"].startswith("new:") else "kb"
        if verdict is None:
            unjudged.append(r)
            continue
        for what in (r["method"], group, "all"):
            seen[what] += 1
            right[what] += verdict
    lines = [f"real pages: {len(records)} links on {len(pages())} Fundus pages"]
    for what in sorted(seen):
        lines.append(
            f"  {what}: precision {right[what] / seen[what]:.3f} ({right[what]}/{seen[what]})"
        )
    lines.append(f"  links nobody judged: {len(unjudged)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ner", action="store_true", help="with spaCy NER")
    parser.add_argument("--dump", type=Path, help="write every link as JSON Lines")
    args = parser.parse_args()
    records = links(EntityStage(EntityConfig(ner=args.ner)))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("\n".join(report(records)))


if __name__ == "__main__":
    main()
