"""builder.extract.minhash: shingles, signatures, their agreement and the banded candidate pairs."""

from __future__ import annotations

import random

import numpy as np

from builder.extract.minhash import (NUM_PERM, SHINGLE, agreement, char_shingles, signature,
                                     similar_pairs, string_hashes, word_shingles)  # fmt: skip


def _by_hand(hashes: list[int], size: int) -> list[int]:
    """The signature as its definition says, in Python integers: for each fixed permutation
    (a, b), the least ((a·h + b) mod 2**64) >> 32 over the hashes."""
    rng = np.random.default_rng(20240101)
    a_row, b_row = rng.integers(1, 2**63, size=(2, NUM_PERM), dtype=np.uint64).tolist()
    return [min((((a | 1) * h + b) % 2**64) >> 32 for h in hashes) for a, b in zip(a_row[:size], b_row[:size])]


def test_signature_is_the_least_permuted_hash_under_fixed_permutations():
    hashes = string_hashes(char_shingles("الحكومة أعلنت اليوم عن خطة جديدة")).tolist()
    assert signature(np.array(hashes, dtype=np.uint64)).tolist() == _by_hand(hashes, NUM_PERM)
    assert signature(np.array(hashes, dtype=np.uint64), 6).tolist() == _by_hand(hashes, 6)


def test_no_words_no_signature_collisions():
    empty = signature(word_shingles(np.zeros(0, dtype=np.uint64)))
    short = signature(word_shingles(np.array([1, 2], dtype=np.uint64)))
    assert len(empty) == len(short) == NUM_PERM and not np.array_equal(empty, short)
    # the same words give the same signature on every run (fixed permutations)
    assert np.array_equal(short, signature(word_shingles(np.array([1, 2], dtype=np.uint64))))


def test_char_shingles():
    assert char_shingles("abc") == {"abc"}
    assert char_shingles("abcdefg") == {"abcde", "bcdef", "cdefg"}
    assert all(len(s) == SHINGLE for s in char_shingles("x" * 3 + "y" * 9))


def test_word_shingles_are_the_distinct_runs_of_five_words():
    words = np.array([5, 6, 7, 8, 9, 5, 6, 7, 8, 9, 5], dtype=np.uint64)
    found = word_shingles(words)
    assert len(found) == 5  # 7 runs of five words, two of them repeated
    assert list(found) == sorted(found)
    assert len(word_shingles(words[:3])) == 1  # a text shorter than a shingle is one shingle


def test_agreement_estimates_jaccard_similarity():
    rng = random.Random(3)
    base = [rng.randrange(2**32) for _ in range(400)]
    other = base[:300] + [rng.randrange(2**32) for _ in range(100)]  # Jaccard 300 / 500 = 0.6
    estimate = agreement(signature(np.array(base, dtype=np.uint64)), signature(np.array(other, dtype=np.uint64)))
    assert abs(estimate - 0.6) < 0.15
    same = signature(np.array(base, dtype=np.uint64))
    assert agreement(same, same) == 1.0


def test_similar_pairs_share_a_whole_band_and_the_threshold():
    rng = np.random.default_rng(5)
    signatures = rng.integers(0, 2**63, size=(50, 8), dtype=np.uint64)
    signatures[7, :4] = signatures[3, :4]  # the first of two bands
    signatures[40, 4:] = signatures[9, 4:]  # the second
    signatures[20, 1:7] = signatures[30, 1:7]  # no whole band
    assert similar_pairs(signatures, 2, 0.5) == {(3, 7): 0.5, (9, 40): 0.5}
    assert similar_pairs(signatures, 2, 0.6) == {}  # a shared band, but half the signature
    assert similar_pairs(signatures, 2, 0.5, batch=1) == {(3, 7): 0.5, (9, 40): 0.5}  # scored one at a time
    signatures[:, :4] = signatures[0, :4]  # a bucket of every row: too big to pair
    assert similar_pairs(signatures, 2, 0.5, max_bucket=10) == {(9, 40): 1.0}
