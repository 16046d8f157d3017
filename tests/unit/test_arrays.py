"""builder.extract.arrays.distinct gives what np.unique gives, whatever the values."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.extract.arrays import distinct


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=300), st.sampled_from([np.uint64, np.uint32, np.int64]))
def test_distinct_is_numpys_unique(values, dtype):
    bound = np.iinfo(dtype).max
    array = np.array([v % bound for v in values], dtype=dtype)  # folded into the type's range
    found = distinct(array)
    assert found.dtype == array.dtype
    assert found.tolist() == np.unique(array).tolist()


def test_distinct_of_nothing_and_of_one():
    assert distinct(np.zeros(0, dtype=np.uint32)).tolist() == []
    assert distinct(np.array([7], dtype=np.uint64)).tolist() == [7]
    assert distinct(np.array([3, 3, 3, 1], dtype=np.uint32)).tolist() == [1, 3]
