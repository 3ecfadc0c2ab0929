"""Fingerprints and similarity on real articles; the dedup configuration's checks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from pipeline.dedup.config import DEFAULT_THRESHOLD, DedupConfig
from pipeline.dedup.fingerprint import fingerprint, similarity
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import Article, ConfigError, DocumentKind, RawDocument
from tests.conftest import FIXTURES, SEEDS

CONFIG = DedupConfig()


def _article(path: str) -> Article:
    file = SEEDS / path if path.startswith("0") else FIXTURES / "dedup" / path
    raw = RawDocument(origin=str(file), kind=DocumentKind.PLAIN_TEXT, payload=file.read_text())
    return identify(extract(raw), ingested_at=datetime(2025, 7, 9, tzinfo=UTC))


def _seed_articles() -> list[Article]:
    return [_article(p.name) for p in sorted(SEEDS.glob("*.txt"))]


def test_no_two_seeds_are_near_duplicates() -> None:
    prints = [fingerprint(a, CONFIG) for a in _seed_articles()]
    for a, b in itertools.combinations(prints, 2):
        assert similarity(a, b) < 0.1
        assert not set(a.claim_keys) & set(b.claim_keys)


def test_similarity_is_symmetric_and_one_for_an_exact_copy() -> None:
    original = fingerprint(_article("event/wire_raid_report.txt"), CONFIG)
    copy = fingerprint(_article("event_copies/wire_raid_report.edit15_rewrapped.txt"), CONFIG)
    truncated = fingerprint(_article("event_copies/wire_raid_report.truncated40.txt"), CONFIG)
    assert similarity(original, copy) == similarity(copy, original) > DEFAULT_THRESHOLD
    assert similarity(original, truncated) > DEFAULT_THRESHOLD
    assert similarity(original, original) == 1.0
    assert original.lead_key == truncated.lead_key


def test_a_follow_up_that_reuses_background_paragraphs_is_not_a_copy() -> None:
    report = fingerprint(_article("event/wire_raid_report.txt"), CONFIG)
    follow_up = fingerprint(_article("event/followup_bodies_returned.txt"), CONFIG)
    assert 0.1 < similarity(report, follow_up) < DEFAULT_THRESHOLD


def test_short_texts_only_claim_their_exact_key() -> None:
    article = _seed_articles()[0].model_copy(update={"text": "Baku and Moscow talk again."})
    fp = fingerprint(article, CONFIG)
    assert fp.band_keys == ()
    assert fp.claim_keys == (f"x.{fp.exact_key}",)


def test_config_defaults_and_shape() -> None:
    assert CONFIG.threshold == DEFAULT_THRESHOLD
    assert CONFIG.shape == "w4-p128-b6x2"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"bands": 50, "rows": 3},
        {"shingle_words": 0},
        {"batch_size": 0},
        {"wait_s": -1},
    ],
)
def test_invalid_config_is_refused_with_a_reason(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        DedupConfig(**kwargs)  # type: ignore[arg-type]
