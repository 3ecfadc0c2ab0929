"""Story text, shingles and MinHash: pure functions, on strings and the seeds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline.dedup import minhash
from pipeline.dedup.text import exact_key, lead_key, shingle_hashes, story_paragraphs
from pipeline.stages.extract import extract
from schemas import DocumentKind, RawDocument
from tests.conftest import SEEDS

SEED_003 = next(SEEDS.glob("003_*.txt"))


def test_repeated_paragraphs_and_teasers_are_left_out_before_fingerprinting() -> None:
    text = "\n".join(
        [
            "Baku and Moscow traded accusations on Monday over the raid.",
            "BAKU AND MOSCOW traded accusations on Monday -- over the raid!",
            "Officials in both capitals said talks would continue next week.",
            "Serhii Danylov, deputy director at the Association, believes that the...",
        ]
    )
    assert story_paragraphs(text) == [
        "baku and moscow traded accusations on monday over the raid",
        "officials in both capitals said talks would continue next week",
    ]


def test_seed_003_teaser_block_is_gone_before_fingerprinting() -> None:
    raw = RawDocument(
        origin=str(SEED_003), kind=DocumentKind.PLAIN_TEXT, payload=SEED_003.read_text()
    )
    text = extract(raw).text
    assert "Serhii Danylov" not in text
    assert "European Parliament" not in text
    paragraphs = story_paragraphs(text)
    assert len(paragraphs) == len(set(paragraphs))
    assert not any(p.endswith("are") or "sinem cengiz" in p for p in paragraphs)
    # Printing the teaser block twice more changes neither the text nor its fingerprint.
    teasers = SEED_003.read_text().splitlines()[-10:]
    doubled = raw.model_copy(update={"payload": raw.payload + "\n" + "\n".join(teasers * 2)})
    assert exact_key(story_paragraphs(extract(doubled).text)) == exact_key(paragraphs)


def test_exact_key_folds_case_punctuation_whitespace_and_unicode_form() -> None:
    a = "Baku  and Moscow — “tension”.\n\nCafe\u0301 talks."
    b = "baku and moscow tension\ncafé talks"
    assert exact_key(story_paragraphs(a)) == exact_key(story_paragraphs(b))
    assert exact_key(story_paragraphs(a)) != exact_key(story_paragraphs("baku and moscow calm"))


def test_lead_key_only_for_texts_twice_as_long_as_the_lead() -> None:
    words = [f"w{i}" for i in range(100)]
    assert lead_key([" ".join(words[:79])], 40) is None
    assert lead_key([" ".join(words)], 40) == lead_key([" ".join(words[:80])], 40)


def test_shingles_run_across_paragraph_breaks() -> None:
    one = shingle_hashes(["a b c d e f"], 4)
    wrapped = shingle_hashes(["a b c", "d e f"], 4)
    assert one.size == 3
    assert np.array_equal(one, wrapped)
    assert shingle_hashes(["short"], 4).size == 1
    assert shingle_hashes([], 4).size == 0


def test_signature_is_pinned_because_it_is_stored() -> None:
    # Band keys live in Elasticsearch for months: a change here must be deliberate
    # (and comes with a new state index version), never an accident.
    sig = minhash.signature(np.array([1, 2, 3], dtype=np.uint32), 8)
    assert sig.tolist() == PINNED_SIGNATURE
    assert minhash.band_keys(sig, 2, 4)[0] == PINNED_BAND_0
    assert minhash.from_bytes(minhash.to_bytes(sig)).tolist() == sig.tolist()


PINNED_SIGNATURE = [
    326454872,
    1717464481,
    2166992711,
    1426241865,
    1591756221,
    1918704614,
    268054073,
    309114497,
]
PINNED_BAND_0 = "b0.c3a7f2b6146060a3c67e9242"


@pytest.mark.parametrize("jaccard", [0.2, 0.5, 0.8])
def test_estimated_jaccard_is_close_to_the_true_one(jaccard: float) -> None:
    rng = np.random.default_rng(1)
    universe = rng.choice(1 << 31, size=4000, replace=False).astype(np.uint32)
    common = int(2000 * 2 * jaccard / (1 + jaccard))
    a = universe[:2000]
    b = np.concatenate([universe[:common], universe[2000 : 2000 + 2000 - common]])
    estimate = minhash.estimated_jaccard(minhash.signature(a, 256), minhash.signature(b, 256))
    assert abs(estimate - jaccard) < 0.07


def test_empty_set_signature_and_band_probability() -> None:
    assert set(minhash.signature(np.empty(0, dtype=np.uint32), 4).tolist()) == {0xFFFFFFFF}
    assert minhash.candidate_probability(0.5, 32, 3) > 0.98
    assert minhash.candidate_probability(0.05, 32, 3) < 0.01


def test_band_keys_name_their_band_and_differ_between_bands() -> None:
    sig = minhash.signature(np.arange(50, dtype=np.uint32), 96)
    keys = minhash.band_keys(sig, 32, 3)
    assert [k.split(".")[0] for k in keys] == [f"b{i}" for i in range(32)]
    assert len(set(keys)) == 32
    assert all(a != b for a, b in itertools.pairwise(keys))
