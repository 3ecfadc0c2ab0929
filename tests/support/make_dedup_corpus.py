"""Regenerates the syndication corpus in tests/fixtures/dedup/ from its originals.

    python -m tests.support.make_dedup_corpus

The originals are the five seeds and the eight articles in tests/fixtures/dedup/event/
(different reports on one event: the hard true negatives; two of them reuse a
background paragraph or a quote of another, as wire follow-ups do). Each original gets the
copies a news pipeline meets in practice, written the way another outlet would
publish them: its own header and footer around the text, tracking parameters on
the link, another headline, re-wrapped whitespace, 5-15% of the sentences edited,
a truncated version, a copy that differs only in case, punctuation and Unicode
form. Seed copies go to seed_copies/, event copies to event_copies/, and
manifest.json records, for every file, the story it belongs to, the transform and
what it tests. Deterministic: the same originals give byte-identical files.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.stages.extract import extract
from schemas import DocumentKind, RawDocument

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CORPUS = REPO / "tests" / "fixtures" / "dedup"


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str
    header: tuple[str, ...]
    footer: tuple[str, ...]


OUTLETS = (
    Outlet(
        "Caucasus Watch",
        "www.caucasuswatch.example",
        ("Menu", "Home › World › Caucasus", "Caucasus Watch"),
        (
            "Share this article",
            "Subscribe to our newsletter for daily updates from the region.",
            "Tags: Azerbaijan, Russia, Caucasus",
            "© 2025 Caucasus Watch. All rights reserved.",
        ),
    ),
    Outlet(
        "Eurasia Daily Digest",
        "eurasiadigest.example",
        ("Latest news", "You are not logged in", "€ 1.17 +0.2%"),
        (
            "Read more:",
            "Oil prices steady as traders watch the Caspian route",
            "Follow us on Telegram and X for breaking news.",
            "Leave a comment",
        ),
    ),
    Outlet(
        "Baku Post",
        "m.bakupost.example",
        ("Back to top", "Politics"),
        (
            "Disclaimer: the views expressed are those of the author.",
            "Photo: Baku Post archive",
            "Back to top button",
        ),
    ),
)

# Word edits a copy editor makes; applied to whole words, first match wins.
_REWORDS = {
    "said": "stated",
    "says": "states",
    "also": "additionally",
    "however": "but",
    "countries": "nations",
    "relations": "ties",
    "tensions": "frictions",
    "recent": "latest",
    "important": "significant",
    "several": "a number of",
    "officials": "authorities",
    "announced": "declared",
    "week": "few days",
    "large": "sizeable",
}
_INSERTS = (
    "The ministry did not respond to a request for comment.",
    "It was not immediately possible to verify the claim independently.",
    "The statement was published late in the evening, local time.",
    "Observers expect the issue to come up at the next round of talks.",
)
_SENTENCE_RE = re.compile(r"(?<=[.!?…”\"])\s+(?=[A-Z“\"])")


def originals() -> list[tuple[str, str, str]]:
    """(story key, title, text) of every original, as the pipeline extracts it."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")) + sorted((CORPUS / "event").glob("*.txt")):
        raw = RawDocument(origin=str(path), kind=DocumentKind.PLAIN_TEXT, payload=path.read_text())
        doc = extract(raw)
        prefix = "seed" if path.parent == SEEDS else "event"
        found.append((f"{prefix}:{path.stem}", doc.title, doc.text))
    return found


def edit_sentences(text: str, share: float, rng: random.Random) -> str:
    """Edit ``share`` of the sentences: reword, drop, or add a sentence after one.

    Every chosen sentence really changes: a sentence alone in its paragraph is
    reworded rather than dropped.
    """
    paragraphs = [_SENTENCE_RE.split(p) for p in text.split("\n")]
    slots = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    for i, j in rng.sample(slots, max(1, round(share * len(slots)))):
        action = rng.choice(("reword", "reword", "drop", "insert"))
        sentence = paragraphs[i][j]
        if action == "drop" and len(paragraphs[i]) > 1:
            paragraphs[i][j] = ""
        elif action == "insert":
            paragraphs[i][j] = f"{sentence} {rng.choice(_INSERTS)}"
        else:
            paragraphs[i][j] = _reword(sentence, rng)
    return "\n".join(" ".join(s for s in p if s) for p in paragraphs)


def _reword(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    hits = [k for k, w in enumerate(words) if w.lower().strip(",.;:") in _REWORDS]
    if hits:
        k = rng.choice(hits)
        bare = words[k].strip(",.;:")
        words[k] = words[k].replace(bare, _REWORDS[bare.lower()])
    else:
        k = rng.choice([k for k, w in enumerate(words) if k and len(w) > 4] or [len(words)])
        words.insert(k, "reportedly")
        if k + 3 < len(words):
            words[k + 2], words[k + 3] = words[k + 3], words[k + 2]
    return " ".join(words)


def truncate(text: str, share: float, outlet: Outlet) -> str:
    """At least ``share`` of the text, by words, in whole paragraphs, plus a link line."""
    paragraphs = text.split("\n")
    total = sum(len(p.split()) for p in paragraphs)
    kept, words = [], 0
    for paragraph in paragraphs:
        if words >= share * total:
            break
        kept.append(paragraph)
        words += len(paragraph.split())
    return "\n".join([*kept, f"Continue reading the full story on {outlet.name}."])


def rewrap(text: str) -> str:
    """Hard-wrapped lines, doubled spaces, no-break spaces and CRLF line ends."""
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph.replace(", ", ",  "), width=66))
        lines.append("")
    return "\r\n".join(line.replace(" the ", " the\u00a0", 1) for line in lines)


def reform(text: str) -> str:
    """Only case, quotes, dashes and Unicode composition differ from the original."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-")
    return unicodedata.normalize("NFD", text.upper())


def retitle(title: str, rng: random.Random) -> str:
    words = title.split()
    cut = " ".join(words[: max(4, len(words) * 2 // 3)]).rstrip(",.:;")
    return rng.choice(("ANALYSIS: {}", "{}, experts say", "Explainer: {}", "{} (updated)")).format(
        cut
    )


def page(outlet: Outlet, title: str, body: str) -> str:
    return "\n".join([*outlet.header, title, "", body, "", *outlet.footer]) + "\n"


def record(outlet: Outlet, slug: str, title: str, body: str, query: str = "") -> str:
    url = f"https://{outlet.domain}/2025/07/{slug}{query}"
    data = {"title": title, "url": url, "source": outlet.name, "text": body}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def copies_of(key: str, title: str, text: str) -> list[tuple[str, str, str, str]]:
    """(file name, content, transform, what it tests) for every copy of one original."""
    rng = random.Random(key)
    slug = key.split(":", 1)[1]
    a, b, c = OUTLETS
    tracking = "?utm_source=telegram&utm_medium=social&fbclid=IwAR0xYz&ref_src=twsrc"
    return [
        (
            f"{slug}.syndicated.txt",
            page(a, title, text),
            "syndicated",
            "same text under another outlet's header and footer; with no URL and the "
            "boilerplate removed it has the original's id (a duplicate, not indexed twice), "
            "or is linked to it where some boilerplate survives",
        ),
        (
            f"{slug}.retitled_edit05.txt",
            page(b, retitle(title, rng), edit_sentences(text, 0.05, rng)),
            "retitled+edit05",
            "edited headline, 5% of sentences edited, other boilerplate",
        ),
        (
            f"{slug}.edit10.json",
            record(c, f"{slug}-a", title, edit_sentences(text, 0.10, rng), tracking),
            "edit10+tracking-url",
            "10% of sentences edited, link with tracking parameters",
        ),
        (
            f"{slug}.edit15_rewrapped.txt",
            page(a, title, rewrap(edit_sentences(text, 0.15, rng))),
            "edit15+rewrapped",
            "15% of sentences edited, hard-wrapped lines, odd whitespace, CRLF",
        ),
        (
            f"{slug}.truncated60.json",
            record(b, f"{slug}-b", retitle(title, rng), truncate(text, 0.6, b)),
            "truncated60+retitled",
            "first 60% of the text and a link line, edited headline",
        ),
        (
            f"{slug}.truncated40.txt",
            page(c, title, truncate(text, 0.4, c)),
            "truncated40",
            "first 40% of the text only",
        ),
        (
            f"{slug}.reformed.json",
            record(a, f"{slug}-c", title.upper(), reform(text)),
            "case+punctuation+unicode",
            "exact duplicate after folding case, punctuation and Unicode form",
        ),
        (
            f"{slug}.edit30.txt",
            page(b, title, edit_sentences(text, 0.30, rng)),
            "edit30",
            "30% of sentences edited: a heavier edit than the 5-15% asked for, still a copy",
        ),
        (
            f"{slug}.same_url.json",
            record(c, f"{slug}-a", title, edit_sentences(text, 0.10, rng), "#comments"),
            "same-canonical-url",
            "same canonical URL as the edit10 copy (tracking and fragment dropped)",
        ),
    ]


def main() -> None:
    manifest: dict[str, dict[str, str | None]] = {}
    for key, title, text in originals():
        if key.startswith("seed:"):
            manifest[f"seeds/{key[5:]}.txt"] = {
                "story": key,
                "transform": "original",
                "tests": "original seed; distinct from every other seed",
            }
        else:
            manifest[f"event/{key[6:]}.txt"] = {
                "story": key,
                "transform": "original",
                "tests": "another report on the same event: must stay distinct",
            }
        folder = CORPUS / ("seed_copies" if key.startswith("seed:") else "event_copies")
        folder.mkdir(exist_ok=True)
        for name, content, transform, tests in copies_of(key, title, text):
            (folder / name).write_text(content, encoding="utf-8", newline="")
            manifest[f"{folder.name}/{name}"] = {
                "story": key,
                "transform": transform,
                "tests": tests,
            }
    (CORPUS / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
