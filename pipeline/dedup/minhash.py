"""MinHash signatures and LSH band keys, in numpy.

Written here rather than taken from datasketch because the signature and the band
keys are *stored* (in Elasticsearch, for months): the hash family, its seed and the
band hashing must never change under us with a library upgrade, or every stored
band key would silently stop matching. The whole algorithm is a few lines:

- permutation i of a 32-bit shingle hash x is ``(a_i * x + b_i) mod P`` with P the
  prime 2^32 + 15; a, b < 2^32, so ``a * x + b`` fits in uint64 exactly;
- the signature is the minimum of each permutation over the shingles;
- the share of equal positions in two signatures estimates their Jaccard similarity;
- LSH: the first ``bands * rows`` positions are cut into bands of ``rows``; two texts
  become candidates when any band is equal. With Jaccard J, the chance of that is
  ``1 - (1 - J**rows) ** bands`` (``candidate_probability``).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
import numpy.typing as npt

PRIME = (1 << 32) + 15
MAX_HASH = np.uint32(0xFFFFFFFF)
# Changing the seed changes every signature: it is part of the stored state's format.
SEED = 20250709

Signature = npt.NDArray[np.uint32]


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a, b


def signature(hashes: npt.NDArray[np.uint32], num_perm: int) -> Signature:
    """The MinHash signature of a set of shingle hashes (all MAX_HASH for an empty set)."""
    if hashes.size == 0:
        return np.full(num_perm, MAX_HASH, dtype=np.uint32)
    a, b = _permutations(num_perm)
    x = hashes.astype(np.uint64)[np.newaxis, :]
    permuted = (a[:, np.newaxis] * x + b[:, np.newaxis]) % np.uint64(PRIME)
    sig: Signature = (permuted.min(axis=1) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return sig


def band_keys(sig: Signature, bands: int, rows: int) -> tuple[str, ...]:
    """One key per band: ``b<index>.<hash of the band's values>``, stable across runs."""
    keys = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=12, person=b"newsflow-lsh").hexdigest()
        keys.append(f"b{band}.{digest}")
    return tuple(keys)


def estimated_jaccard(a: Signature, b: Signature) -> float:
    return float(np.count_nonzero(a == b)) / float(a.size)


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """The chance that two texts with this Jaccard similarity share at least one band."""
    return float(1.0 - (1.0 - jaccard**rows) ** bands)


def to_bytes(sig: Signature) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
