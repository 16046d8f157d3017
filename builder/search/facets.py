"""The search filters' files: for each filter (actor, place, topic, source, year), each value's records.

The browser filters and counts the results itself (search.js) from these files rather than asking
Pagefind: Pagefind counts every filter value against the results on every search once its filters
are loaded (for each value's pages, a scan of the results: at 30,000 articles 5.5 s for one common
word in one index), and its filter files are one a filter a piece (375 files, 289 KB at 30,000
articles in 75 pieces).

A record is named by its **number**: the records of all pieces one after the other, in the order
``search.json`` lists the pieces (newest first), a record's number being its piece's first number
plus its place in the piece (the base-36 tail of its id, :func:`builder.search.chunks.short_ids`).
So the browser turns an id into a number and back without a table, and numbers in order are the
records newest first.

A filter's file is ``{value: [first number, difference, difference, ...]}`` (each value's numbers
ascending, each after the first written as its difference from the one before: small numbers that
compress well), named by its hash so that a browser never keeps an older one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Mapping, Sequence

FOLDER = "filters"


def numbers(pieces: Sequence[tuple[Sequence[Mapping[str, Sequence[str]]], Sequence[int]]]) -> dict[str, dict[str, list[int]]]:
    """Each filter's values and their records' numbers, ascending. ``pieces``: in the manifest's
    order, each piece's records' filters and, for each record, its place in the piece."""
    found: dict[str, dict[str, list[int]]] = {}
    first = 0
    for filters_of, places in pieces:
        for filters, place in zip(filters_of, places):
            for name, values in filters.items():
                into = found.setdefault(name, {})
                for value in values:
                    into.setdefault(value, []).append(first + place)
        first += len(places)
    return {name: {value: sorted(nums) for value, nums in sorted(values.items())} for name, values in sorted(found.items())}


def deltas(ascending: Sequence[int]) -> list[int]:
    return [n - (ascending[i - 1] if i else 0) for i, n in enumerate(ascending)]


def write(bundle: Path, found: Mapping[str, Mapping[str, Sequence[int]]]) -> dict[str, str]:
    """Write each filter's file under ``bundle/filters/``; its path from ``bundle``, by filter name."""
    paths = {}
    for name, values in found.items():
        data = json.dumps({value: deltas(nums) for value, nums in values.items()}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        path = f"{FOLDER}/{name}.{hashlib.sha256(data).hexdigest()[:10]}.json"
        (bundle / FOLDER).mkdir(exist_ok=True)
        (bundle / path).write_bytes(data)
        paths[name] = path
    return paths
