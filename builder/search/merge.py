"""The pieces' indexes merged into one Pagefind index for the browser.

A piece is indexed on its own (bounded memory, an edit re-indexes one piece), but a query over
many pieces pays for each: every query word fetches an index chunk of every piece, and every
piece's metadata lists its chunks, so at 30,000 articles in 75 pieces a cold query downloaded
0.7–1.0 MB before its first result. This module joins the pieces Pagefind made, at the level of
its files, into one index:

* the pages, piece after piece (each piece's pages keep their ids, which say the piece and the
  date order: :func:`builder.search.chunks.short_ids`); a page's number in the joined index is its
  number in its piece plus the pages of the pieces before it;
* the words of all pieces, in Pagefind's order, a word found in several pieces once with all their
  pages (each page's word positions copied byte for byte); then cut into chunks of about
  ``TARGET_BYTES`` with the chunk list of :func:`builder.search.chunks.chunk_entries`: one index,
  so a query word fetches one chunk, and chunks larger than a piece's keep that list short;
* each filter's values with the pages of every piece.

Nothing is decoded into memory whole: the pieces' words are merged as sorted streams.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cbor2

from builder.errors import Location, SiteError
from builder.search import chunks as searchchunks
from builder.search.pagefind import pagefind_version

TARGET_BYTES = 24 * 1024  # CBOR bytes of a merged chunk (~8–10 KB sent): one chunk a query word
VERSION = 1  # bump when the merged layout changes (the merged index's cache folder hashes it)
_META_PAGES, _META_CHUNKS, _META_FILTERS = 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Part:
    """A word's entry in one piece, its page numbers counted in the merged index."""

    word: str
    count: int  # pages
    head: bytes  # the entry's array head and the word
    first: int  # the first page's number
    last: int  # the last page's number
    first_fields: tuple[bytes, bytes]  # the first page's array head, and its fields after the number
    rest: bytes  # the other pages, as written (numbers relative to the one before)
    tail: bytes  # the entry's items after the pages


class _Piece:
    """One piece's Pagefind files, read from its folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        files = {"pagefind-entry.json": (folder / "pagefind-entry.json").read_bytes()}
        self.entry = json.loads(files["pagefind-entry.json"])
        self.meta: list | None = None
        if self.entry["languages"]:
            (self.language, info), = self.entry["languages"].items()
            name = f"pagefind.{info['hash']}.pf_meta"
            files[name] = (folder / name).read_bytes()
            self.meta = cbor2.loads(searchchunks.unpack(files, name, folder))

    def data(self, relative: str) -> bytes:
        return searchchunks.unpack({relative: (self.folder / relative).read_bytes()}, relative, self.folder)

    def words(self, offset: int) -> Iterator[_Part]:
        """Each word of the piece in order, its pages numbered from ``offset``."""
        names = list(dict.fromkeys(name for _first, _last, name in self.meta[_META_CHUNKS]))
        for name in names:
            path = f"index/{name}.pf_index"
            raw = self.data(path)
            try:
                yield from _entries(raw, offset)
            except (ValueError, IndexError, TypeError, cbor2.CBORDecodeError) as exc:
                raise SiteError(f"not a Pagefind word index ({exc})", Location(self.folder / path),
                                "build with --no-search and report the Pagefind version") from exc


def _entries(raw: bytes, offset: int) -> Iterator[_Part]:
    """The word entries of one chunk, ``[[word, [[page, positions, ...], ...], ...], ...]``. Pagefind
    writes a word's page numbers as differences from the previous one (the first from 0): only the
    first page's number changes when pages are joined, so the others are kept as bytes."""
    if raw[:1] != b"\x81":
        raise ValueError("expected an array of one item")
    count, at = searchchunks.read_head(raw, 1)
    stream = io.BytesIO(raw)
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        start = at
        items, at = searchchunks.read_head(raw, at)
        stream.seek(at)
        word = decoder.decode()
        head = raw[start : stream.tell()]
        pages, at = searchchunks.read_head(raw, stream.tell())
        page = first = 0
        first_rest = (b"", b"")
        rest_start = at
        for n in range(pages):
            fields, at = searchchunks.read_head(raw, at)
            stream.seek(at)
            page += decoder.decode()
            after_number = stream.tell()
            for _ in range(fields - 1):
                decoder.decode()
            if n == 0:
                first, first_rest = page, (searchchunks.array_head(fields), raw[after_number : stream.tell()])
                rest_start = stream.tell()
            at = stream.tell()
        rest = raw[rest_start:at]
        stream.seek(at)
        for _ in range(items - 2):
            decoder.decode()
        yield _Part(word, pages, head, first + offset, page + offset, first_rest, rest, raw[at : stream.tell()])
        at = stream.tell()


def merge(folders: list[Path], target: Path) -> int:
    """Write into ``target`` one Pagefind index (entry file, metadata, ``index/``, ``filter/``) made
    of the pieces in ``folders``, in that order; the number of pages."""
    pieces = [p for p in (_Piece(folder) for folder in folders) if p.meta is not None]
    files: dict[str, bytes] = {}
    if not pieces:
        files["pagefind-entry.json"] = json.dumps({"version": "", "languages": {}}).encode("utf-8")
        _write(target, files)
        return 0
    offsets, total = [], 0
    for piece in pieces:
        offsets.append(total)
        total += len(piece.meta[_META_PAGES])
    streams = [piece.words(offset) for piece, offset in zip(pieces, offsets)]
    merged = heapq.merge(*streams, key=lambda part: part.word)  # stable: a word's pages in piece order

    def joined() -> Iterator[searchchunks.Word]:
        current, parts = None, []
        for word in merged:
            if current is not None and word.word != current:
                yield _joined(current, parts)
                parts = []
            current = word.word
            parts.append(word)
        if current is not None:
            yield _joined(current, parts)

    groups = searchchunks.cut(joined(), TARGET_BYTES)
    if any(a[-1].text >= b[0].text for a, b in zip(groups, groups[1:])):
        raise SiteError("Pagefind's word index is not in the order this build expects", Location(folders[0]),
                        "build with --no-search and report the Pagefind version")
    chunks = [searchchunks.pack(b"\x81" + searchchunks.array_head(len(g)) + b"".join(w.data for w in g)) for g in groups]
    prefix = searchchunks.base36(int.from_bytes(hashlib.sha256(b"".join(chunks)).digest()[:8], "big") % 36**4).rjust(4, "0")
    names = [f"{prefix}{searchchunks.base36(n)}" for n in range(len(chunks))]
    for name, data in zip(names, chunks):
        files[f"index/{name}.pf_index"] = data
    entries = searchchunks.chunk_entries([(g[0].text, g[-1].text) for g in groups])
    first = pieces[0]
    meta = list(first.meta)
    meta[_META_PAGES] = [page for piece in pieces for page in piece.meta[_META_PAGES]]
    meta[_META_CHUNKS] = [[start, end, names[n]] for start, end, n in entries]
    meta[_META_FILTERS] = _filters(pieces, offsets, files, first.language)
    meta[4] = []  # no sorts: a page's id gives its date order
    meta_data = searchchunks.pack(cbor2.dumps(meta))
    meta_hash = searchchunks.short_name(f"{first.language}_", meta_data, 11, set())
    files[f"pagefind.{meta_hash}.pf_meta"] = meta_data
    entry = dict(first.entry)
    entry["languages"] = {first.language: {**first.entry["languages"][first.language], "hash": meta_hash, "page_count": total}}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    _write(target, files)
    return total


def merged_index(sources: list[Path], cache_dir: Path | None, bundle: Path) -> Path:
    """The folder of the pieces in ``sources`` merged (:func:`merge`): in ``cache_dir`` while the pieces
    are the same (its name hashes theirs), else ``bundle/.merged``."""
    key = hashlib.sha256(f"{VERSION}:{TARGET_BYTES}:{pagefind_version()}:{[s.name for s in sources]}".encode()).hexdigest()
    folder = (cache_dir or bundle) / (f"m{key[:17]}" if cache_dir else ".merged")
    if not (folder / "pagefind-entry.json").is_file():
        staging = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        merge(sources, staging)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return folder


def _joined(word: str, parts: list[_Part]) -> searchchunks.Word:
    """One word's entry from its entries in several pieces: the first's head and tail, all the pages
    (each part's first page number made a difference from the previous part's last)."""
    out = bytearray(parts[0].head + searchchunks.array_head(sum(part.count for part in parts)))
    last = 0
    for part in parts:
        head, fields = part.first_fields
        out += head + cbor2.dumps(part.first - last) + fields + part.rest
        last = part.last
    return searchchunks.Word(word, bytes(out + parts[0].tail))


def _filters(pieces: list[_Piece], offsets: list[int], files: dict[str, bytes], language: str) -> list[list[str]]:
    """Each filter's values with the pages of every piece; the metadata's filter list."""
    values: dict[str, dict[str, list[int]]] = {}
    for piece, offset in zip(pieces, offsets):
        for name, file_hash in piece.meta[_META_FILTERS]:
            path = f"filter/{file_hash}.pf_filter"
            _name, listed = cbor2.loads(piece.data(path))
            into = values.setdefault(name, {})
            for value, pages in listed:
                into.setdefault(value, []).extend(page + offset for page in pages)
    out, taken = [], set()
    for name in sorted(values):
        data = searchchunks.pack(cbor2.dumps([name, [[v, pages] for v, pages in sorted(values[name].items())]]))
        file_hash = searchchunks.short_name(f"{language}_", data, 7, taken)
        files[f"filter/{file_hash}.pf_filter"] = data
        out.append([name, file_hash])
    return out


def _write(target: Path, files: dict[str, bytes]) -> None:
    for relative, data in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
