"""Pagefind's word index re-cut into small chunks (builder/search/chunks.py), on an index Pagefind wrote.

The browser side (the same results from small chunks as from Pagefind's own) is
tests/e2e/test_search.py::test_small_index_chunks_give_the_same_results.
"""

from __future__ import annotations

import doctest
import gzip
import json
import random
from pathlib import Path

import cbor2
import pytest

from builder.search import index as search, chunks as searchchunks, keys as searchtext
from builder.pipeline.write import write_files

SIGNATURE = b"pagefind_dcd"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _load(path: Path):
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE):])


def _bundle(folder: Path):
    """(metadata, {chunk name: its words}) of a Pagefind bundle, chunks in the metadata's order."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    meta = _load(folder / f"pagefind.{info['hash']}.pf_meta")
    names = dict.fromkeys(name for _, _, name in meta[2])
    return meta, {name: _load(folder / "index" / f"{name}.pf_index")[0] for name in names}


def _lookup(meta, term: str) -> set[str]:
    """The chunks Pagefind 1.5 loads for a query word: every one with an entry from <= word <= to."""
    return {name for first, last, name in meta[2] if first <= term <= last}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """An index of 300 records over 3,000 made-up words sharing many prefixes (in their index form, as
    the build sends them), as Pagefind makes it."""
    rng = random.Random(7)
    stems = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 4))) for _ in range(300)]
    vocabulary = sorted({stem + "".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 4))) for stem in stems
                         for _ in range(10)})
    out = tmp_path_factory.mktemp("pagefind") / "raw"
    _ids, files = search.index_records(
        {"url": f"/r{n}/", "content": " ".join(map(searchtext.index_form, rng.choices(vocabulary, k=rng.randint(50, 400)))),
         "language": search.LANGUAGE, "meta": {}, "filters": {"year": [str(2000 + n % 7)]}, "sort": {"date": f"{n:05d}"}}
        for n in range(300)
    )
    write_files(out, files)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    """A bundle on disk as the build holds it in memory: relative path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def rechunked(written, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rechunked") / "raw"
    files = _files(written)
    searchchunks.rechunk(files, folder)
    write_files(folder, files)
    return folder


def test_the_words_are_kept_byte_for_byte_and_everything_else_untouched(written, rechunked):
    before, old_chunks = _bundle(written)
    after, new_chunks = _bundle(rechunked)
    assert len(old_chunks) < 20 < len(new_chunks)
    assert [w for words in old_chunks.values() for w in words] == [w for words in new_chunks.values() for w in words]
    assert before[0] == after[0] and before[3:] == after[3:]  # version, filters, sorts
    assert [page_id for page_id, _ in before[1]] == [page_id for page_id, _ in after[1]]
    assert {count for _, count in after[1]} == {1}  # word counts: read only by Pagefind's unused score
    files = {p.relative_to(rechunked).as_posix() for p in rechunked.rglob("*") if p.is_file()}
    assert {f for f in files if f.startswith("index/")} == {f"index/{name}.pf_index" for name in new_chunks}
    assert {f for f in files if not f.startswith("index/")} == {
        f for f in (p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
        if not f.startswith("index/") and not f.endswith(".pf_meta")
    } | {next(f for f in files if f.endswith(".pf_meta"))}


def test_a_chunk_stops_before_the_word_that_would_take_it_past_the_target(rechunked):
    _, chunks = _bundle(rechunked)
    sizes = [[len(cbor2.dumps(w)) for w in words] for words in chunks.values()]
    assert all(len(each) == 1 or sum(each) <= searchchunks.TARGET_BYTES for each in sizes)
    assert all(sum(a) + b[0] > searchchunks.TARGET_BYTES for a, b in zip(sizes, sizes[1:]))


def test_a_query_word_loads_exactly_the_chunks_that_hold_the_words_it_begins(rechunked):
    meta, chunks = _bundle(rechunked)
    indexed = [w[0] for words in chunks.values() for w in words]
    holding, letters = {}, {}  # every beginning of an indexed word a query can ask for (whole letters)
    for name, words in chunks.items():
        for word in words:
            for n, end in enumerate(searchtext.letter_ends(word[0]), start=1):
                holding.setdefault(word[0][:end], set()).add(name)
                letters[word[0][:end]] = n
    assert any(len(names) > 1 for term, names in holding.items() if letters[term] == searchchunks.SHORT_LETTERS)
    beginnings = [first for first, last, _ in meta[2] if first == last]  # the entries of shared beginnings:
    assert beginnings and all(letters.get(b, 0) >= searchchunks.SHORT_LETTERS for b in beginnings)  # whole letters
    for term, names in sorted(holding.items()):
        loaded = _lookup(meta, term)
        if letters[term] >= searchchunks.SHORT_LETTERS:
            assert loaded == names, term
        else:  # a shorter word finds its first matches; the rest may go on in later chunks
            assert loaded and loaded <= names, term
    rng = random.Random(3)
    for _ in range(3000):  # a word that begins nothing loads one chunk (Pagefind would drop it from
        term = searchtext.index_form("".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 6))))  # the query)
        if term not in holding:
            loaded = _lookup(meta, term)
            assert len(loaded) == 1 and not any(w[0].startswith(term) for w in chunks[loaded.pop()]), term
    for term in ("", "0", "a", *map(searchtext.index_form, ("ءء", "ییی", "é")), "\U0010fffe"):  # below and above every word
        assert len(_lookup(meta, term)) == 1
    assert len(indexed) == len(set(indexed))


def test_the_same_index_gives_the_same_bytes(written, tmp_path):
    copies = []
    for name in ("a", "b"):
        files = _files(written)
        searchchunks.rechunk(files, tmp_path / name)
        copies.append(files)
    assert copies[0] == copies[1]


def test_a_damaged_chunk_is_reported_with_its_file(written, tmp_path):
    files = _files(written)
    victim = sorted(name for name in files if name.startswith("index/"))[0]
    files[victim] = gzip.compress(SIGNATURE + b"\x81\x9f")
    with pytest.raises(searchchunks.SiteError) as caught:
        searchchunks.rechunk(files, tmp_path / "bad")
    assert caught.value.location.path == tmp_path / "bad" / victim


def test_records_without_words_leave_nothing_to_cut(tmp_path):
    wordless = search.SearchDoc(url="/r/", kind="article", title="", blocks=(), sort="1", filters={})
    ids, files = search._index_records(search.Piece("articles", (wordless,), "1"), 0)  # its content: separators only
    assert ids == {} and searchchunks.rechunk(files, tmp_path) == 0
    assert searchchunks.chunk_entries([]) == []


def test_search_text_examples():
    assert doctest.testmod(searchtext).failed == 0


@pytest.mark.parametrize(
    "query, keys",
    [
        ("النفط في بنغازي", ["نفط", "نغازي"]),
        ("الوفد الذي وصل من القاهرة", ["فد", "صل", "قاهره"]),
        ("علي حسن في بنغازي", ["علي", "حسن", "نغازي"]),  # على and the name Ali share a key: kept
        ('"النفط في بنغازي"', ["نفط", "في", "نغازي"]),  # a phrase keeps every word
        ("في", ["في"]),  # nothing else: kept
        ("من هو", ["من", "هو"]),
    ],
)
def test_a_query_leaves_out_function_words_only_when_something_else_is_left(query, keys):
    assert searchtext.query_keys(query) == keys


def test_index_forms_are_ascii_and_keep_beginnings_and_order_of_letters():
    """A key begins another exactly when its index form begins the other's; no two keys share a
    form; each letter's code ends where letter_ends says."""
    import re

    rng = random.Random(11)
    alphabet = list(LETTERS) + list("ءؤئةىیگۿ٠0123456789azqkmé中ж") + ["𐎀", "\u0600", "\u06ff"]
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3000)}
    forms = {word: searchtext.index_form(word) for word in words}
    assert len(set(forms.values())) == len(words)
    assert all(re.fullmatch(r"[a-z0-9]*", form) for form in forms.values())
    for word, form in forms.items():
        assert [form[:end] for end in searchtext.letter_ends(form)] == [
            searchtext.index_form(word[:n]) for n in range(1, len(word) + 1)]
    pairs = rng.sample(sorted(words), 400)
    for a in pairs:
        for b in pairs:
            assert forms[a].startswith(forms[b]) == a.startswith(b)


def test_text_that_is_not_unicode_stops_the_index_with_a_message(tmp_path):
    """A lone surrogate (a YAML escape such as "\\ud800") cannot go to Pagefind as UTF-8: the build
    says so, instead of Pagefind dropping the record's message and the build waiting for its reply."""
    with pytest.raises(search.SiteError) as caught:
        search.index_records([{"url": "/r/", "content": "bxbx", "language": search.LANGUAGE, "meta": {},
                               "filters": {"source": ["\ud800"]}, "sort": {}}])
    assert "not valid Unicode" in str(caught.value)


def test_letter_ends_refuses_what_is_no_index_form():
    assert searchtext.letter_ends(searchtext.index_form("حé1")) == [2, 9, 11]
    with pytest.raises(ValueError):
        searchtext.letter_ends("m1")


def test_pages_get_short_ids_in_date_order(rechunked, tmp_path):
    """rename_pages: one prefix a piece, then the record's place newest first in base 36; the
    metadata lists the same pages in the same order under the new ids, nothing else changed."""
    files = _files(rechunked)
    before, _ = _bundle(rechunked)
    old = [page_id for page_id, _ in before[1]]
    order = {page_id: n for n, page_id in enumerate(sorted(old, reverse=True))}
    renamed = searchchunks.rename_pages(files, tmp_path, order)
    write_files(tmp_path / "renamed", files)
    after, _ = _bundle(tmp_path / "renamed")
    assert [renamed[page_id] for page_id in old] == [page_id for page_id, _ in after[1]]
    assert len({page_id[: searchchunks.PREFIX] for page_id in renamed.values()}) == 1
    assert all(int(renamed[p][searchchunks.PREFIX:], 36) == order[p] for p in old)
    assert before[2:] == after[2:]
