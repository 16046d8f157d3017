"""Pieces' indexes merged into one (builder/search/merge.py), on indexes Pagefind wrote.

The browser side (the same results from pieces merged as from one piece) is
tests/e2e/test_search.py::test_several_index_pieces_give_the_same_results_as_one.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from builder.pipeline.write import write_files
from builder.search import chunks as searchchunks, index as search, keys as searchtext, merge as searchmerge

from test_searchchunks import LETTERS, _bundle, _load, _lookup

WORDS = sorted({"".join(random.Random(n).choice(LETTERS) for _ in range(2 + n % 4)) for n in range(900)})


def _piece(folder: Path, start: int, count: int, rng: random.Random) -> Path:
    """A piece of ``count`` records as the build makes it: Pagefind's index, re-cut, short ids."""
    ids, files = search.index_records(
        {"url": f"/r{n}/", "content": " ".join(searchtext.index_form(w) + searchtext.END for w in rng.choices(WORDS, k=rng.randint(5, 60))),
         "language": search.LANGUAGE, "meta": {},
         "filters": {"year": [str(2000 + n % 5)], "actor": [f"a{n % 7}", f"a{n % 3}"]}}
        for n in range(start, start + count)
    )
    searchchunks.rechunk(files, folder)
    renamed = searchchunks.rename_pages(files, folder, {h: int(url[2:-1]) - start for url, h in ids.items()})
    write_files(folder, files)
    return folder


def _contents(folder: Path) -> tuple[dict[str, list[tuple[str, tuple]]], dict[str, dict[str, set[str]]]]:
    """What an index says: each word → [(page id, its positions)], each filter → value → page ids."""
    meta, chunks = _bundle(folder)
    pages = [page_id for page_id, _count in meta[1]]
    words: dict[str, list] = {}
    for entries in chunks.values():
        for word, entry_pages, *_ in entries:
            number = 0
            for page, positions, *_ in entry_pages:
                number += page  # a word's page numbers are differences from the one before
                words.setdefault(word, []).append((pages[number], tuple(positions)))
    filters = {}
    for name, file_hash in meta[3]:
        _name, values = _load(folder / "filter" / f"{file_hash}.pf_filter")
        filters[name] = {value: {pages[p] for p in listed} for value, listed in values}
    return words, filters


@pytest.fixture(scope="module")
def pieces(tmp_path_factory) -> list[Path]:
    rng = random.Random(11)
    root = tmp_path_factory.mktemp("pieces")
    return [_piece(root / f"p{n}", start, count, rng) for n, (start, count) in enumerate(((0, 120), (120, 7), (127, 200)))]


def test_the_merged_index_holds_every_pieces_words_pages_positions_and_filters(pieces, tmp_path):
    pages = searchmerge.merge(pieces, tmp_path / "merged")
    assert pages == 327
    words, filters = _contents(tmp_path / "merged")
    expected_words: dict[str, list] = {}
    expected_filters: dict[str, dict[str, set[str]]] = {}
    for piece in pieces:
        piece_words, piece_filters = _contents(piece)
        for word, found in piece_words.items():
            expected_words.setdefault(word, []).extend(found)
        for name, values in piece_filters.items():
            for value, ids in values.items():
                expected_filters.setdefault(name, {}).setdefault(value, set()).update(ids)
    assert words == expected_words
    assert filters == expected_filters


def test_every_word_and_beginning_loads_the_one_chunk_that_holds_it(pieces, tmp_path, monkeypatch):
    monkeypatch.setattr(searchmerge, "TARGET_BYTES", 2048)  # many chunks
    searchmerge.merge(pieces, tmp_path / "merged")
    meta, chunks = _bundle(tmp_path / "merged")
    assert len(chunks) > 10
    holding = {word: name for name, entries in chunks.items() for word, *_ in entries}
    for word, name in holding.items():
        assert name in _lookup(meta, word)
        if len(word[:-1]) >= 2 * searchchunks.SHORT_LETTERS:  # the word without its end: a beginning
            assert name in _lookup(meta, word[:-1])


def test_the_merged_index_is_the_same_bytes_every_time(pieces, tmp_path):
    searchmerge.merge(pieces, tmp_path / "a")
    searchmerge.merge(pieces, tmp_path / "b")
    files = lambda d: {p.relative_to(d): p.read_bytes() for p in d.rglob("*") if p.is_file()}  # noqa: E731
    assert files(tmp_path / "a") == files(tmp_path / "b")
