"""The dedup step's pure parts: which decider an article meets, and applying a decision."""

from __future__ import annotations

from connectors.dedupstate import STATE_VERSION, state_index
from connectors.dedupstate.decider import decider_key, linked
from connectors.files.parse import parse_file
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.decide import Decision
from pipeline.dedup.fingerprint import Fingerprinted, fingerprint
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import Article, RawDocument
from tests.conftest import SEEDS
from tests.support.dedup import NOW

CONFIG = DedupConfig()


def _article(name: str, origin: str | None = None) -> Article:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    (raw,) = parse_file(origin or str(path), path.read_text("utf-8"))
    assert isinstance(raw, RawDocument)
    return identify(extract(raw), ingested_at=NOW)


def test_exact_copies_from_other_origins_meet_on_the_same_decider() -> None:
    original = _article("000")
    copy = _article("000", origin="/elsewhere/copy-of-000.txt")
    other = _article("001")
    for deciders in (1, 2, 7):
        keys = {
            decider_key(Fingerprinted(a, fingerprint(a, CONFIG)), deciders)[0]
            for a in (original, copy)
        }
        assert len(keys) == 1
        assert keys <= set(range(deciders))
    spread = {
        decider_key(Fingerprinted(a, fingerprint(a, CONFIG)), 64)[0] for a in (original, other)
    }
    assert len(spread) == 2  # different texts, different keys (with 64 deciders)


def test_linked_marks_a_copy_and_leaves_an_original_as_it_was() -> None:
    article = _article("002")
    assert linked(article, Decision(article.id)) is article
    copy = linked(article, Decision(article.id, "a" * 64, 0.91))
    assert copy.duplicate_of == "a" * 64
    assert copy.duplicate_similarity == 0.91
    assert copy.text == article.text


def test_the_state_index_sits_beside_its_alias_outside_the_article_pattern() -> None:
    assert state_index("news") == f"news-dedup-v{STATE_VERSION}"
    assert not state_index("news").startswith("news-v")
