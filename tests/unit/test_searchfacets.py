"""The filters' files search.js reads (builder/search/facets.py): each value's records by number."""

from __future__ import annotations

import json
from itertools import accumulate

from builder.search import facets


def test_a_record_is_numbered_by_its_piece_and_its_place_and_each_value_lists_its_records():
    pieces = [  # (each record's filters, its place in the piece), the pieces newest first
        ([{"source": ("أ",), "actor": ("حفتر", "السراج")}, {"source": ("ب",)}, {"source": ("أ",), "actor": ("حفتر",)}],
         [2, 0, 1]),
        ([{}, {"actor": ("السراج",), "source": ("ب",)}], [1, 0]),
    ]
    assert facets.numbers(pieces) == {
        "actor": {"السراج": [2, 3], "حفتر": [1, 2]},
        "source": {"أ": [1, 2], "ب": [0, 3]},
    }


def test_the_files_hold_differences_named_by_their_hash(tmp_path):
    found = {"year": {"2018": [0, 1, 2, 3, 7], "2017": [4, 5, 6]}}
    paths = facets.write(tmp_path, found)
    (name, path), = paths.items()
    assert name == "year" and path.startswith("filters/year.") and path.endswith(".json")
    written = json.loads((tmp_path / path).read_text(encoding="utf-8"))
    assert written == {"2018": [0, 1, 1, 1, 4], "2017": [4, 1, 1]}
    assert {v: list(accumulate(d)) for v, d in written.items()} == found["year"]
    again = tmp_path / "again"
    again.mkdir()
    assert facets.write(again, found) == paths  # the same values, the same name and bytes
    assert (again / path).read_bytes() == (tmp_path / path).read_bytes()
