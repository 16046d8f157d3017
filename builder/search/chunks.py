"""Pagefind's word index re-cut into small chunks, so a query downloads little more than its words.

Pagefind cuts a piece's word index into chunks of at least 20,000 word positions (a
constant in its source), sorted by word, and a query fetches, for each of its words,
the whole chunk that word falls in: the positions of all its alphabetical neighbours
come with it (about 26 KB gzip per word per piece at 10,000 generated articles, when
the word itself is under 1 KB). This module rewrites a piece Pagefind has just
handed back, in memory, before it is written and cached:

* the words of all chunks, in Pagefind's order, are packed into new chunks of about
  ``TARGET_BYTES`` (a word larger than that gets a chunk of its own);
* the chunk list in the piece's metadata gets entries under which Pagefind's lookup
  loads, for a query word, the chunks holding the words it begins and no other
  (``chunk_entries``); the metadata file gets a new name, and ``pagefind-entry.json``
  that name.

Nothing else changes but the pages' word counts (all set to 1: they feed only Pagefind's own
score, which the browser never uses; 15% of the metadata every query loads): the words'
entries are copied byte for byte, page ids, filters and sorts are untouched. A query word of
three letters or more finds every indexed word it begins, as before; a shorter one (في, ان)
the words it begins in the chunk of its first matches.

The indexed words are keys in their index form (``searchtext.index_form``: lowercase ASCII, a
code a letter), so a "letter" here is a letter's code (``searchtext.letter_ends``); the Arabic in
the examples below stands for those codes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import cbor2

from builder.errors import Location, SiteError
from builder.search.keys import letter_ends

TARGET_BYTES = 4096  # CBOR bytes of a chunk before gzip (~1–2 KB sent); Pagefind's chunks are ~50 times that
SHORT_LETTERS = 3  # beginnings shared across a chunk boundary, down to this length, get entries: see chunk_entries
SIGNATURE = b"pagefind_dcd"  # every Pagefind data file: gzip(signature + CBOR, or + JSON for fragments)
_META_PAGES, _META_CHUNKS = 1, 2  # the metadata record: [version, pages, index chunks, filters, sorts, ...]


def rechunk(files: dict[str, bytes], where: Path) -> int:
    """Re-cut the word index of a Pagefind bundle held in memory (relative path → bytes, as Pagefind
    hands it back) in place; the number of chunks. ``where`` is the folder it is for, named in errors.
    The chunks are named by the piece (a hash of all of them) and their number: short names, in the
    chunk list every query loads."""
    entry = json.loads(files["pagefind-entry.json"])
    if not entry["languages"]:  # records without a single word: Pagefind wrote no index
        return 0
    (language, info), = entry["languages"].items()
    meta_name = f"pagefind.{info['hash']}.pf_meta"
    meta = cbor2.loads(unpack(files, meta_name, where))
    chunk_list = meta[_META_CHUNKS]
    words: list[Word] = []
    for _first, _last, name in chunk_list:
        chunk = f"index/{name}.pf_index"
        words.extend(_words(unpack(files, chunk, where), where / chunk))
    if any(a.text >= b.text for a, b in zip(words, words[1:])):
        raise SiteError("Pagefind's word index is not in the order this build expects", Location(where / meta_name),
                        "build with --no-search and report the Pagefind version")
    groups = cut(words)
    for _first, _last, name in chunk_list:
        del files[f"index/{name}.pf_index"]
    chunks = [pack(b"\x81" + array_head(len(group)) + b"".join(word.data for word in group))  # [[word, ...]]
              for group in groups]
    prefix = base36(int.from_bytes(hashlib.sha256(b"".join(chunks)).digest()[:8], "big") % 36**4).rjust(4, "0")
    chunk_names = [f"{prefix}{base36(n)}" for n in range(len(chunks))]
    for name, data in zip(chunk_names, chunks):
        files[f"index/{name}.pf_index"] = data
    spans = [(group[0].text, group[-1].text) for group in groups]
    try:
        entries = chunk_entries(spans)
    except ValueError as exc:  # a word that is no index form: not what this build sent
        raise SiteError(f"Pagefind's word index holds words this build did not send ({exc})",
                        Location(where / meta_name), "build with --no-search and report the Pagefind version") from None
    meta[_META_CHUNKS] = [[first, last, chunk_names[n]] for first, last, n in entries]
    # A page's word count feeds only Pagefind's own score, which search.js never uses (it ranks by
    # positions and document frequencies over all pieces): one value for all compresses to nothing.
    meta[_META_PAGES] = [[page_id, 1] for page_id, _count in meta[_META_PAGES]]
    _write_meta(files, entry, meta, meta_name)
    return len(groups)


def rename_pages(files: dict[str, bytes], where: Path, order: Mapping[str, int]) -> dict[str, str]:
    """Give the pages of a bundle held in memory :func:`short_ids`; Pagefind's id → the new one.
    ``order``: Pagefind's id → the record's place in the piece, newest first."""
    entry = json.loads(files["pagefind-entry.json"])
    if not entry["languages"]:
        return {}
    (language, info), = entry["languages"].items()
    meta_name = f"pagefind.{info['hash']}.pf_meta"
    meta = cbor2.loads(unpack(files, meta_name, where))
    page_ids = [page_id for page_id, _count in meta[_META_PAGES]]
    renamed = short_ids(hashlib.sha256(json.dumps(page_ids).encode()).digest(), page_ids, order)
    meta[_META_PAGES] = [[renamed[page_id], count] for page_id, count in meta[_META_PAGES]]
    _write_meta(files, entry, meta, meta_name)
    return renamed


def _write_meta(files: dict[str, bytes], entry: dict, meta: list, old_name: str) -> None:
    """The metadata under a new name (its content hash), and the entry file naming it."""
    (language, info), = entry["languages"].items()
    meta_data = pack(cbor2.dumps(meta))
    meta_hash = short_name(f"{language}_", meta_data, 11, set())
    del files[old_name]
    files[f"pagefind.{meta_hash}.pf_meta"] = meta_data
    info["hash"] = meta_hash
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


PREFIX = 3  # base-36 letters of a piece's id prefix


def short_ids(digest: bytes, page_ids: list[str], order: Mapping[str, int]) -> dict[str, str]:
    """Pagefind's page ids (``zxx_`` and 7 hex digits, random) → a piece's prefix (PREFIX letters
    from ``digest``) and the record's place in the piece, newest first, in base 36 (``k3f0``,
    ``k3f1`` … ``k3fdv``). The metadata every query loads lists every page: these compress to a
    third, and they say where a result stands in date order, so the browser needs no date sort
    (nor Pagefind a sort index) to list results newest first. Ids must differ across pieces: the
    build rebuilds a piece whose prefix another piece has (a salt changes its digest)."""
    prefix = base36(int.from_bytes(digest[:8], "big") % 36**PREFIX).rjust(PREFIX, "0")
    return {page_id: prefix + base36(order[page_id]) for page_id in page_ids}


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = digits[number % 36]
    while number := number // 36:
        out = digits[number % 36] + out
    return out


@dataclass(frozen=True, slots=True)
class Word:
    """One word's entry in a chunk: the word, and its CBOR bytes as Pagefind wrote them."""

    text: str
    data: bytes


def _words(raw: bytes, path: Path) -> list[Word]:
    """The entries of one chunk, ``[[entry, entry, ...]]``, each sliced out of the bytes as they are."""
    try:
        if raw[:1] != b"\x81":
            raise ValueError("expected an array of one item")
        count, start = read_head(raw, 1)
        stream = io.BytesIO(raw)
        stream.seek(start)
        decoder = cbor2.CBORDecoder(stream)
        out = []
        for _ in range(count):
            begin = stream.tell()
            entry = decoder.decode()
            out.append(Word(entry[0], raw[begin : stream.tell()]))
    except (ValueError, IndexError, TypeError, cbor2.CBORDecodeError) as exc:
        raise SiteError(f"not a Pagefind word index ({exc})", Location(path),
                        "build with --no-search and report the Pagefind version") from exc
    return out


def cut(words: Iterable[Word], target: int | None = None) -> list[list[Word]]:
    """Consecutive words packed up to ``target`` bytes (TARGET_BYTES by default; a larger word alone)."""
    target = TARGET_BYTES if target is None else target
    groups: list[list[Word]] = []
    current: list[Word] = []
    size = 0
    for word in words:
        if current and size + len(word.data) > target:
            groups.append(current)
            current, size = [], 0
        current.append(word)
        size += len(word.data)
    if current:
        groups.append(current)
    return groups


def chunk_entries(spans: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """The metadata's chunk list, (from, to, chunk number), for chunks of (first word, last word).

    Pagefind loads, for a query word, every chunk with an entry from <= word <= to, matches the
    word as a beginning, and leaves a word no entry covers out of the query (so "حفتر كاراكاس"
    would find حفتر's articles where no article has كاراكاس). These entries cover every string
    and make a query word load exactly the chunks holding the indexed words it begins, when it
    has SHORT_LETTERS letters or more (a shorter one loads the chunk of its first matches; the
    others may go on in the next):

    * the main entries cut the strings into consecutive ranges, one a chunk: a chunk's range
      starts at its first word cut to one character past what it shares with the previous chunk's
      last word (the first chunk's at ""; the cut may fall inside a letter's code: any string
      bounds a range), and ends just below where the next one starts (the
      last chunk's at the greatest character). A word that begins indexed words falls in the
      range of the chunk holding the first of them, and a word that begins none in the range of
      a chunk that has no match for it. (Pagefind cuts ``to`` to a prefix too, so a longer word
      fails its lookup, and its fallback loads every chunk whose labels begin the word.)
    * where the two words on either side of a cut share a beginning (``يبيا`` | ``يبيه`` share
      ``يبي``, the key of "الليبي"), that beginning's matches are on both sides: each beginning of
      SHORT_LETTERS letters or more gets an entry of its own, from = to = that beginning, pointing
      at the later chunk, so only a query of exactly those letters loads it."""
    if not spans:
        return []
    starts, shared = [""], [()]
    for (_, last), (first, _) in zip(spans, spans[1:]):
        common = len(os.path.commonprefix([last, first]))
        starts.append(first[: common + 1])
        # Words are keys in their index form (searchtext.index_form), a code a letter: a beginning
        # a query can ask for ends where a letter's code ends.
        shared.append(tuple(first[:end] for end in letter_ends(first)[SHORT_LETTERS - 1 :] if end <= common))
    ends = [_just_below(start) for start in starts[1:]] + [_HIGHEST]
    entries = []
    for number, (start, end) in enumerate(zip(starts, ends)):
        entries.append((start, end, number))
        entries.extend((beginning, beginning, number) for beginning in shared[number])
    return entries


_HIGHEST = "\U0010ffff"


def _just_below(start: str) -> str:
    """The greatest string (of any practical length) below ``start``, a non-empty word beginning."""
    return start[:-1] + chr(ord(start[-1]) - 1) + _HIGHEST  # no key holds U+10FFFF (not a letter)


def unpack(files: dict[str, bytes], name: str, where: Path) -> bytes:
    data = gzip.decompress(files[name])
    if not data.startswith(SIGNATURE):
        raise SiteError("not a Pagefind data file", Location(where / name), "build with --no-search and report the Pagefind version")
    return data[len(SIGNATURE):]


def pack(cbor: bytes) -> bytes:
    return gzip.compress(SIGNATURE + cbor, 6, mtime=0)  # level 9 saves 1% here and takes three times as long


def read_head(raw: bytes, at: int) -> tuple[int, int]:
    """An array's length and where its first item starts (CBOR major type 4)."""
    kind, info = raw[at] >> 5, raw[at] & 31
    if kind != 4 or info > 27:
        raise ValueError(f"expected a CBOR array at byte {at}")
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(raw[at + 1 : at + 1 + size], "big"), at + 1 + size


def array_head(count: int) -> bytes:
    if count < 24:
        return bytes([0x80 | count])
    for info, size in ((24, 1), (25, 2), (26, 4)):
        if count < 1 << (8 * size):
            return bytes([0x80 | info]) + count.to_bytes(size, "big")
    raise ValueError("too many words for one chunk")


def short_name(prefix: str, data: bytes, length: int, taken: set[str]) -> str:
    """A content hash as short as Pagefind's, longer where two files would share it."""
    digest = hashlib.sha256(data).hexdigest()
    while prefix + digest[:length] in taken:
        length += 1
    name = prefix + digest[:length]
    taken.add(name)
    return name
