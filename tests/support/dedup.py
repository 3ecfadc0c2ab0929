"""Fingerprints of real fixture articles, and the invariant every dedup outcome keeps.

Shared by the claim protocol's unit tests (in-memory store) and its integration tests
(the real node), so both prove the same thing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from connectors.files.parse import parse_file
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Decision
from pipeline.dedup.fingerprint import Fingerprint, fingerprint
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import RawDocument

NOW = datetime(2025, 7, 9, tzinfo=UTC)


def fixture_prints(*folders: Path, config: DedupConfig) -> list[tuple[str, Fingerprint]]:
    """(story, fingerprint) of every document in the folders, one per article id; the
    story is the file name up to its first dot, shared by a story's copies."""
    found: dict[str, tuple[str, Fingerprint]] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            for raw in parse_file(str(path), path.read_text("utf-8")):
                assert isinstance(raw, RawDocument)
                article = identify(extract(raw), ingested_at=NOW)
                found.setdefault(
                    article.id, (path.name.split(".")[0], fingerprint(article, config))
                )
    return list(found.values())


def check_groups(
    stories: dict[str, str], decisions: dict[str, Decision], expected_groups: int
) -> None:
    """One original per story, every copy linked to an original of its own story."""
    roots: dict[str, set[str]] = {}
    for article_id, decision in decisions.items():
        root = decision.root
        assert decisions[root].duplicate_of is None, "duplicate_of must name an original"
        assert stories[root] == stories[article_id], (stories[article_id], stories[root])
        roots.setdefault(stories[article_id], set()).add(root)
    assert all(len(r) == 1 for r in roots.values()), roots
    assert len(roots) == expected_groups
