"""A record export, read a batch at a time, ready for ingest's steps: each record's arguments or its refusal.

:func:`export_batches` streams :func:`builder.ingestion.exports.read_export` and finds each record's fields
(:func:`builder.ingestion.recordfields.find_fields`, once for each set of field names); a worker runs
:func:`prepare_record_one` on each item. :class:`Progress` counts what is done for the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.ingestion.articlefile import draft
from builder.ingestion.boilerplate import Evidence
from builder.ingestion.exports import Entry, read_export
from builder.ingestion.files import light
from builder.ingestion.rawinput import Prepared, Refused
from builder.ingestion.recordfields import Fields, field_text, find_fields
from builder.ingestion.recordinput import prepare_record

__all__ = ["BATCH", "Progress", "export_batches", "gather_evidence", "prepare_record_one"]
BATCH = 1024  # records of an export prepared, planned and written together


@dataclass(slots=True)
class Progress:
    say: Callable[[int, int], None] | None
    records: int = 0
    refused: int = 0

    def add(self, statuses: list[str]) -> None:
        self.records += len(statuses)
        self.refused += statuses.count("refused")
        if self.say is not None:
            self.say(self.records, self.refused)


def gather_evidence(evidence: Evidence, path: Path, name: str, mapping: Mapping[str, str], max_bytes: int) -> None:
    """The first pass over an export: each record's source and text into ``evidence``."""
    for _names, args in export_batches(path, name, mapping, max_bytes):
        for arg in args:
            if not isinstance(arg, str):
                evidence.add(*_source_text(arg[0], arg[1]))


def _source_text(record: Mapping, fields: Fields) -> tuple[str, str]:
    return " ".join(field_text(fields.get(record, "source"), " ").split()), field_text(fields.get(record, "text"))


def export_batches(path: Path, name: str, mapping: Mapping[str, str], max_bytes: int,
                   evidence: Evidence | None = None) -> Iterator[tuple[list[str], list]]:
    """An export's entries, a batch at a time: (places, each a record to prepare or the reason it is refused).

    The fields are found on the first record (a CSV's header): without a text field there, the
    whole file is refused; a later record whose fields differ is looked at on its own. With
    ``evidence`` (the first pass), each record carries the hints it gives for that record.
    """
    found: dict[tuple, Fields | str] = {}
    names: list[str] = []
    args: list = []
    first = True
    for entry in read_export(path, name, max_bytes):
        names.append(entry.place)
        args.append(_record_args(entry, mapping, found, max_bytes))
        if evidence is not None and not isinstance(args[-1], str):
            args[-1] = (*args[-1], evidence.hints(*_source_text(args[-1][0], args[-1][1])))
        if first and entry.record is not None:
            first = False
            if isinstance(args[-1], str):  # no text field: nothing in this file can be imported
                names[-1] = name
                break
        if len(args) >= BATCH:
            yield names, args
            names, args = [], []
    if args:
        yield names, args


def _record_args(entry: Entry, mapping: Mapping[str, str], found: dict[tuple, Fields | str], max_bytes: int):
    if entry.record is None:
        return entry.problem
    keys = tuple(entry.record)
    fields = found.get(keys)
    if fields is None:
        fields = found[keys] = find_fields(keys, mapping)
    if isinstance(fields, str):
        return fields
    return entry.record, fields, entry.encoding, max_bytes


def prepare_record_one(args) -> tuple[Prepared, str] | str:
    """Step 1 for a record, in a worker: as :func:`_prepare_one`."""
    if isinstance(args, str):
        return args
    try:
        prepared = prepare_record(*args)
        return light(prepared, keep_data=True), draft(prepared)
    except Refused as exc:
        return str(exc)
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        return f"internal error ({type(exc).__name__}: {exc}); nothing written (please report this)"
