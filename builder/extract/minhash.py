"""MinHash: short signatures whose agreement estimates how alike two texts are, and the buckets
(locality-sensitive hashing) that find the alike ones without comparing every pair.

A text is a set of shingles: runs of ``SHINGLE`` characters (:func:`char_shingles`, for the
repeated paragraphs of one article at ingest) or of ``SHINGLE`` words (:func:`word_shingles`, for
copies between articles), each hashed to an integer. Its signature (:func:`signature`) holds, for
each of a fixed list of hash permutations, the smallest permuted hash of its shingles; two
signatures agree at a position with probability equal to the Jaccard similarity of the two sets
(:func:`agreement`). The permutations are fixed constants, so a signature is the same on every run
and machine, and a cached one stays valid.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np

from builder.extract.arrays import distinct

SHINGLE = 5
NUM_PERM = 64  # the longest signature

# Multiply-shift permutations ((a*h + b) mod 2**64, top 32 bits), a odd.
_PERMUTATIONS = np.random.default_rng(20240101).integers(1, 2**63, size=(2, NUM_PERM), dtype=np.uint64)
_A, _B = _PERMUTATIONS[0] | np.uint64(1), _PERMUTATIONS[1]
_EMPTY = np.iinfo(np.uint64).max

# A word shingle's hash mixes its words' hashes (a polynomial in a fixed odd multiplier, mod 2**64).
_MIX = np.uint64(0x100000001B3)


def char_shingles(text: str, width: int = SHINGLE) -> set[str]:
    """The distinct runs of ``width`` characters of ``text`` (the text itself when it is shorter)."""
    if len(text) <= width:
        return {text}
    return {text[i : i + width] for i in range(len(text) - width + 1)}


def string_hashes(shingles: Iterable[str]) -> np.ndarray:
    """Each string's CRC-32, as the uint64 hashes :func:`signature` takes."""
    return np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64)


def word_shingles(word_hashes: np.ndarray, width: int = SHINGLE) -> np.ndarray:
    """The distinct hashes of the runs of ``width`` words, given each word's hash in text order
    (one shingle when the text is shorter, none when it is empty)."""
    if len(word_hashes) == 0:
        return word_hashes
    width = min(width, len(word_hashes))
    count = len(word_hashes) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        mixed = mixed * _MIX + word_hashes[k : k + count]
    return distinct(mixed)


def signature(hashes: np.ndarray, size: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature (``size`` uint64 values) of a set of shingle hashes; an empty set's
    values are all the largest uint64."""
    if len(hashes) == 0:
        return np.full(size, _EMPTY, dtype=np.uint64)
    values = np.multiply.outer(_A[:size], hashes)  # one row per permutation, worked in place: 7x faster
    values += _B[:size, None]
    values >>= np.uint64(32)
    return values.min(axis=1)


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    """The share of positions where two signatures agree: the estimate of the sets' Jaccard similarity."""
    return float(np.mean(a == b))


def similar_pairs(signatures: np.ndarray, bands: int, threshold: float, max_bucket: int = 1000,
                  batch: int = 4096) -> dict[tuple[int, int], float]:
    """The pairs (i < j, row indices) of rows that agree on a whole band of their signature and on at
    least ``threshold`` of all its positions, with that agreement.

    The signature is cut into ``bands`` bands of equal width; a bucket of more than ``max_bucket``
    rows (a boilerplate text) gives no pairs. Each band's rows are grouped by their bytes at once
    (numpy ``unique`` over the band's bytes), not one dictionary entry per row and band. Candidates
    are scored ``batch`` at a time and only the similar kept, never all held at once: a desk's
    articles share paragraphs, so a share of all pairs shares a band, and a set of them grew with the
    square of the corpus (dense shape, 1,000 articles: traced peak 107 -> 7 MB, 23 -> 8 s)."""
    rows = signatures.shape[1] // bands
    found: dict[tuple[int, int], float] = {}
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        _, inverse, counts = np.unique(block.view(np.dtype((np.void, rows * 8))).ravel(), return_inverse=True,
                                       return_counts=True)
        shared = np.flatnonzero((counts > 1) & (counts <= max_bucket))
        if not len(shared):
            continue
        order = np.argsort(inverse.ravel(), kind="stable")  # each bucket's members in row order
        starts = np.concatenate(([0], np.cumsum(counts)))
        lefts: list[np.ndarray] = []
        rights: list[np.ndarray] = []
        pending = 0
        for bucket in shared.tolist():
            members = order[starts[bucket] : starts[bucket + 1]]
            first, second = np.triu_indices(len(members), 1)
            lefts.append(members[first])
            rights.append(members[second])
            pending += len(first)
            if pending >= batch * 8:
                _keep_similar(signatures, lefts, rights, threshold, batch, found)
                pending = 0
        _keep_similar(signatures, lefts, rights, threshold, batch, found)
    return found


def _keep_similar(signatures: np.ndarray, lefts: list[np.ndarray], rights: list[np.ndarray], threshold: float,
                  batch: int, found: dict[tuple[int, int], float]) -> None:
    """The candidate pairs gathered (emptied here) scored ``batch`` at a time, those at ``threshold``
    or above kept in ``found``."""
    if not lefts:
        return
    left, right = np.concatenate(lefts), np.concatenate(rights)
    lefts.clear()
    rights.clear()
    for start in range(0, len(left), batch):
        a, b = left[start : start + batch], right[start : start + batch]
        similarity = (signatures[a] == signatures[b]).mean(axis=1)
        for k in np.flatnonzero(similarity >= threshold).tolist():
            found[(int(a[k]), int(b[k]))] = float(similarity[k])
