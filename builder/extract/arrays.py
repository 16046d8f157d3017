"""Array helpers where NumPy's general routine is slow for the sizes a build works with."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-D array, sorted: what ``np.unique(values)`` gives, found by a sort.

    NumPy 2.3 and later find distinct values by hashing, five to eight times slower than a sort
    for the few hundred to few thousand values of one article (700 64-bit values: 97 µs against
    19; 3,000: 492 against 64), and every article is hashed this way twice while it is tagged."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]
