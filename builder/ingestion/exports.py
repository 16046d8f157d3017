"""A file of records (a scraper's or a dataset's export) → its records, one at a time, each with its place.

Formats, by the name's ending (``.gz`` after it, or gzip's magic bytes, is decompressed on the fly):
``.json`` (an array of objects, or an object holding one such array), ``.jsonl``/``.ndjson`` (one
object a line), ``.csv`` and ``.tsv`` (a header row, then one record a row). The file is streamed:
memory holds one record (and a read buffer of a megabyte), whatever the file's size.

Every record comes as an :class:`Entry` with its place (``export.jsonl:1234``: the line where it
starts). What cannot be read becomes an entry with a ``problem`` and no record, at its place, and
the reading goes on where it can: a broken JSON line, a ragged CSV row, bytes that are not UTF-8
cost that record only. A JSON array broken in the middle, or a gzip stream cut short, ends the
reading there (what came before is kept). A file that is not an export at all (binary, empty, no
array of records) is one entry whose place is the file's name.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.ingestion.decoding import UTF8_BOM, Undecodable, binary_kind, decode

__all__ = ["EXPORT_SUFFIXES", "Entry", "export_format", "read_export"]

FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}
EXPORT_SUFFIXES = tuple(FORMATS)
_NAMES = {"json": "JSON", "jsonl": "JSON Lines", "csv": "CSV", "tsv": "TSV"}
_HEAD = 65536
_CHUNK = 1 << 20
_CODECS = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "windows-1256": "cp1256"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True, slots=True)
class Entry:
    place: str  # "export.jsonl:1234", or the file's name for the whole file
    record: dict | None  # None: ``problem`` says why there is no record here
    problem: str = ""
    encoding: str = "utf-8"


def export_format(path: Path | str) -> str:
    """"json", "jsonl", "csv" or "tsv" for an export's name (``.gz`` allowed after it); "" otherwise."""
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return FORMATS.get(name[dot:], "") if dot >= 0 else ""


def read_export(path: Path, name: str, max_bytes: int) -> Iterator[Entry]:
    """Every record of the export at ``path`` (``name``: how places call it), streamed; see the module."""
    kind = export_format(path)
    try:
        raw = open(path, "rb", buffering=_HEAD)
    except OSError as exc:
        yield Entry(name, None, f"cannot read ({(exc.strerror or str(exc)).lower()})")
        return
    with raw:
        try:
            stream = _binary_stream(raw)
            head = stream.peek(_HEAD)[:_HEAD]
            encoding = _encoding(head, kind)
        except _NotAnExport as exc:
            yield Entry(name, None, str(exc))
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield Entry(name, None, _broken_stream(exc, "before its first record"))
            return
        text = io.TextIOWrapper(stream, encoding=_CODECS[encoding], errors="surrogateescape", newline="")
        readers = {"json": _json, "jsonl": _jsonl, "csv": _csv, "tsv": _csv}
        entries = readers[kind](text, name, max_bytes, kind)
        line = 1
        try:
            for entry in entries:
                if entry.record is not None:
                    entry = _checked_text(entry)
                line = _line_of(entry.place, line)
                yield Entry(entry.place, entry.record, entry.problem, encoding)
        except (OSError, EOFError, zlib.error, UnicodeError) as exc:
            yield Entry(f"{name}:{line}", None, _broken_stream(exc, f"after line {line}"), encoding)


class _NotAnExport(ValueError):
    pass


def _binary_stream(raw: io.BufferedReader) -> io.BufferedReader:
    """The file's bytes, decompressed when they are gzip (whatever the name says)."""
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), buffer_size=_HEAD)  # type: ignore[arg-type]
    return raw


def _encoding(head: bytes, kind: str) -> str:
    """The export's encoding from its first bytes, or :class:`_NotAnExport`."""
    if not head.strip():
        raise _NotAnExport("empty file" if not head else "empty file (only white space)")
    if head.startswith(UTF8_BOM):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    binary = binary_kind(head)
    if binary:
        raise _NotAnExport(f"binary file ({binary}), not {_NAMES[kind]}")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return decode(head[: head.rfind(b"\n") + 1] or head).encoding
    except Undecodable:
        return "utf-8"  # a few bad bytes: the records holding them are refused one by one


def _broken_stream(exc: BaseException, where: str) -> str:
    if isinstance(exc, EOFError):
        return f"the gzip stream ends early {where} (a truncated download?); the records before it were read"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"the gzip stream is damaged {where} ({exc}); the records before it were read"
    if isinstance(exc, UnicodeError):
        return f"cannot decode the text {where} ({exc}); the records before it were read"
    reason = (getattr(exc, "strerror", None) or str(exc)).lower()
    return f"cannot read {where} ({reason}); the records before it were read"


def _line_of(place: str, default: int) -> int:
    number = place.rpartition(":")[2]
    return int(number) if number.isdigit() else default


def _checked_text(entry: Entry) -> Entry:
    """A record holding bytes that are not UTF-8 (kept by the reader as lone surrogates) is refused."""
    for key, value in entry.record.items():  # type: ignore[union-attr]
        if _has_surrogate(key) or _has_surrogate(value):
            return Entry(entry.place, None, f"bytes that are not UTF-8 text in field {_safe(key)!r}; re-save the "
                         "export as UTF-8 (the other records are read)")
    return entry


def _has_surrogate(value: object) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return False


def _safe(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


# JSON Lines ---------------------------------------------------------------------------


def _jsonl(text: io.TextIOWrapper, name: str, max_bytes: int, kind: str) -> Iterator[Entry]:
    seen = False
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        seen = True
        place = f"{name}:{number}"
        try:
            value = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield Entry(place, None, f"broken JSON ({_at(exc.msg)} column {exc.colno}); the other lines are read")
            continue
        if not isinstance(value, dict):
            yield Entry(place, None, f"not a JSON object but {_kind(value)}; each line must be one record {{…}}")
            continue
        yield Entry(place, value)
    if not seen:
        yield Entry(name, None, "empty file (only white space)")


def _at(message: str) -> str:
    """json's message ready for a place: "Expecting ',' delimiter at", "Unterminated string starting at"."""
    return message if message.endswith(" at") else f"{message} at"


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(type(value), "a number")


# JSON ---------------------------------------------------------------------------------


class _BrokenJSON(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _JsonReader:
    """A JSON document read a megabyte at a time: values decoded one by one, lines counted."""

    def __init__(self, text: io.TextIOWrapper, max_bytes: int) -> None:
        self.text, self.limit = text, max_bytes
        self.buf, self.pos, self.line, self.eof = "", 0, 1, False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    def _advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next character after white space ("" at the end)."""
        while True:
            self._advance(_SPACE.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def after_bracket(self) -> str:
        """The first character after white space past the current one (an array's first element), not taken."""
        i = self.pos + 1
        while True:
            i = _SPACE.match(self.buf, i).end()  # type: ignore[union-attr]
            if i < len(self.buf):
                return self.buf[i]
            offset = i - self.pos
            if not self._more():
                return ""
            i = self.pos + offset

    def take(self) -> None:
        self._advance(self.pos + 1)

    def value(self) -> object:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos <= self.limit and self._more():
                    continue
                if len(self.buf) - self.pos > self.limit:
                    raise _BrokenJSON(f"a record longer than the limit of {self.limit} bytes, or broken JSON after "
                                      f"line {self.line} (raise ingest.max_bytes in site.toml for longer records)",
                                      self.line) from None
                line = self.line + self.buf.count("\n", self.pos, exc.pos)
                column = exc.pos - (self.buf.rfind("\n", 0, exc.pos) + 1) + 1
                raise _BrokenJSON(f"broken JSON ({_at(exc.msg)} line {line}, column {column})", line) from None
            if end == len(self.buf) and self._more():  # a number may go on in the next chunk
                continue
            self._advance(end)
            return value


def _json(text: io.TextIOWrapper, name: str, max_bytes: int, kind: str) -> Iterator[Entry]:
    reader = _JsonReader(text, max_bytes)
    try:
        first = reader.peek()
        if first == "[":
            count = yield from _array(reader, name)
            if count == 0:
                yield Entry(name, None, "no records (an empty array)")
        elif first == "{":
            yield from _object(reader, name)
        else:
            yield Entry(name, None, "not a JSON array of records or an object holding one")
            return
        if reader.peek():
            yield Entry(f"{name}:{reader.line}", None, "more after the end of the JSON document (one record a line? "
                        "name the file .jsonl)")
    except _BrokenJSON as exc:
        yield Entry(f"{name}:{exc.line}", None, f"{exc}; the records before it were read, the rest of the file "
                    "cannot be: fix it there and import the file again (what is imported stays unchanged)")


def _array(reader: _JsonReader, name: str) -> Iterator[Entry]:
    reader.take()  # [
    count = 0
    if reader.peek() == "]":
        reader.take()
        return 0
    while True:
        line = reader.line
        value = reader.value()
        count += 1
        if isinstance(value, dict):
            yield Entry(f"{name}:{line}", value)
        else:
            yield Entry(f"{name}:{line}", None, f"not a JSON object but {_kind(value)}; each record must be {{…}}")
        after = reader.peek()
        if after == ",":
            reader.take()
            reader.peek()
            continue
        if after == "]":
            reader.take()
            return count
        raise _BrokenJSON(f"broken JSON (expected ',' or ']' after the record at line {line}, found "
                          f"{after or 'the end of the file'!r} at line {reader.line})", reader.line)


def _object(reader: _JsonReader, name: str) -> Iterator[Entry]:
    """An object holding the array of records: its other keys are skipped; a second array is a problem."""
    reader.take()  # {
    keys: list[str] = []
    found = ""
    while True:
        char = reader.peek()
        if char == "}":
            reader.take()
            break
        if char != '"':
            raise _BrokenJSON(f"broken JSON (expected a key, found {char or 'the end of the file'!r})", reader.line)
        key = str(reader.value())
        keys.append(key)
        if reader.peek() != ":":
            raise _BrokenJSON(f"broken JSON (expected ':' after {key!r})", reader.line)
        reader.take()
        line = reader.line
        if reader.peek() == "[" and not found and reader.after_bracket() in "{]":
            count = yield from _array(reader, name)
            if count == 0:
                yield Entry(f"{name}:{line}", None, f"no records (the array {key!r} is empty)")
            found = key
        else:
            value = reader.value()
            if found and isinstance(value, list) and value and isinstance(value[0], dict):
                yield Entry(f"{name}:{line}", None, f"a second array of records, {key!r}, left alone (only "
                            f"{found!r} is read): put each in a file of its own")
        if reader.peek() == ",":
            reader.take()
    if not found:
        listed = ", ".join(keys) or "none"
        yield Entry(name, None, f"an object holding no array of records (its keys: {listed})")


# CSV and TSV --------------------------------------------------------------------------


def _csv(text: io.TextIOWrapper, name: str, max_bytes: int, kind: str) -> Iterator[Entry]:
    csv.field_size_limit(max(max_bytes, 131072))
    rows = csv.reader(text, delimiter="\t" if kind == "tsv" else ",")
    header: list[str] | None = None
    header_line = end = 0
    while True:
        start = end + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            end = rows.line_num
            yield Entry(f"{name}:{start}", None, f"cannot read the row ({exc}); the other rows are read")
            continue
        end = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header, header_line = [cell.strip().lstrip("\ufeff") for cell in row], start
            continue
        if len(row) != len(header):
            yield Entry(f"{name}:{start}", None, f"{len(row)} fields where the header (line {header_line}) has "
                        f"{len(header)}: a ragged row, left out (a quote not closed, or a delimiter inside an "
                        "unquoted field?)")
            continue
        yield Entry(f"{name}:{start}", dict(zip(header, row)))
    if header is None:
        yield Entry(name, None, "no header row: the first line must name the fields (title, date, text…)")
