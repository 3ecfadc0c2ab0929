"""Typed, frozen deduplication settings with named defaults, checked when built."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.errors import ConfigError

ENV_THRESHOLD = "NEWSFLOW_DEDUP_THRESHOLD"  # read by pipeline.app.settings; named in errors

# Chosen on the syndication corpus (tests/fixtures/dedup; `make dedup-eval` prints the
# sweep): every copy scores >= 0.86, and no two different stories above 0.42 (a
# follow-up that reuses two background paragraphs); 0.6 sits in the middle of that gap.
DEFAULT_THRESHOLD = 0.6
DEFAULT_SHINGLE_WORDS = 4
DEFAULT_NUM_PERM = 128
# Each band is one claim document per article in the state index, so the shape sets
# the write amplification: 6 bands of 2 rows make at most 10 state documents per
# article (signature, decision, exact, lead, 6 bands; 32 x 3 made 36). The chance
# that LSH proposes a pair of estimated Jaccard J is 1 - (1 - J^2)^6: 0.93 at 0.6,
# 0.995 at 0.77 (a copy with 30% of its sentences edited), 0.56 at 0.36; truncated
# copies, the low-Jaccard ones, are found by their lead key. All 128 permutations
# still verify a candidate (`similarity`), so precision does not depend on the shape.
DEFAULT_BANDS = 6
DEFAULT_ROWS = 2
# Below this many shingles (about a long sentence) a text is too short to call a near
# copy of anything; it is still caught when it is an exact copy.
DEFAULT_MIN_SHINGLES = 20


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """How near-duplicates are found (signature shape) and decided (threshold, waits).

    The signature shape (``shingle_words``, ``num_perm``, ``bands``, ``rows``) is part
    of the stored state: the state index records it, and a run with another shape
    refuses to use that index rather than silently matching nothing.
    """

    threshold: float = DEFAULT_THRESHOLD
    shingle_words: int = DEFAULT_SHINGLE_WORDS
    num_perm: int = DEFAULT_NUM_PERM
    bands: int = DEFAULT_BANDS
    rows: int = DEFAULT_ROWS
    min_shingles: int = DEFAULT_MIN_SHINGLES
    # How many articles one decision step handles at once, and how long it waits to fill.
    batch_size: int = 200
    max_buffering_s: float = 1.0
    # Deciders that run in parallel; articles are spread over them by their first band.
    # 1 means every article of a pipeline meets every other on one worker.
    deciders: int = 1
    # How long to wait for a concurrent decision on an earlier copy (another worker).
    wait_s: float = 5.0

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(
                f"dedup threshold {self.threshold} must be in (0, 1]; "
                f"set --dedup-threshold or {ENV_THRESHOLD}, e.g. {DEFAULT_THRESHOLD}"
            )
        if self.shingle_words < 1 or self.num_perm < 1 or self.bands < 1 or self.rows < 1:
            raise ConfigError("dedup shingle_words, num_perm, bands and rows must be >= 1")
        if self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"dedup needs bands * rows <= num_perm, got {self.bands} * {self.rows} "
                f"> {self.num_perm}"
            )
        if self.batch_size < 1 or self.deciders < 1 or self.max_buffering_s <= 0:
            raise ConfigError("dedup batch_size and deciders must be >= 1, buffering > 0")
        if self.min_shingles < 1 or self.wait_s < 0:
            raise ConfigError("dedup min_shingles must be >= 1 and wait_s >= 0")

    @property
    def shape(self) -> str:
        """The signature shape as stored in the state index's metadata."""
        return f"w{self.shingle_words}-p{self.num_perm}-b{self.bands}x{self.rows}"
