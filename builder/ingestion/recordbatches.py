"""A record export, read a batch at a time, ready for ingest's steps: each record's arguments or its refusal.

:func:`export_batches` streams :func:`builder.ingestion.exports.read_export` and finds each record's fields
(:func:`builder.ingestion.recordfields.find_fields`, once for each set of field names). The first pass
(:func:`gather_evidence`) has the workers hash each record's lines (:func:`fingerprint_one`) and adds
them up here; the second pass's workers, started holding that evidence (:func:`hold_evidence`), run
:func:`prepare_record_one` on each item: its hints, then the record read and cleaned. :class:`Progress`
counts what is done for the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.ingestion.articlefile import draft
from builder.ingestion.boilerplate import Evidence, Fingerprint, fingerprint
from builder.ingestion.exports import Entry, read_export
from builder.ingestion.files import light
from builder.ingestion.rawinput import Prepared, Refused
from builder.ingestion.recordfields import Fields, field_text, find_fields
from builder.ingestion.recordinput import prepare_record
from builder.pipeline.forking import Pool

__all__ = ["BATCH", "Progress", "drop_evidence", "export_batches", "fingerprint_one", "gather_evidence", "hold_evidence",
           "prepare_record_one"]
BATCH = 1024  # records of an export prepared, planned and written together
_evidence: Evidence | None = None  # in a worker of the second pass: what the first pass found (hold_evidence)


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


def gather_evidence(evidence: Evidence, runner: Pool, jobs: Callable[[int], int], path: Path, name: str,
                    mapping: Mapping[str, str], max_bytes: int) -> None:
    """The first pass over an export: each record's source and text into ``evidence``, hashed by the
    workers of ``runner`` (``jobs(records)`` of them: a small export in this process) a batch at a
    time while this process reads the next."""
    pending = None
    for _names, args in export_batches(path, name, mapping, max_bytes):
        started = runner.map(fingerprint_one, args, jobs(len(args) if pending is None and len(args) < BATCH else BATCH))
        if pending is not None:
            evidence.add_all(pending)
        pending = started
    if pending is not None:
        evidence.add_all(pending)


def fingerprint_one(args) -> Fingerprint | None:
    """The first pass for a record, in a worker: what it tells the evidence (nothing when refused)."""
    return None if isinstance(args, str) else fingerprint(*_source_text(args[0], args[1]))


def hold_evidence(evidence: Evidence) -> None:
    """A worker of the second pass prepared: the evidence the first pass gathered (inherited when forked)."""
    global _evidence
    _evidence = evidence


def drop_evidence() -> None:
    """What :func:`hold_evidence` set, cleared (this process ran the batch itself)."""
    global _evidence
    _evidence = None


def _source_text(record: Mapping, fields: Fields) -> tuple[str, str]:
    return " ".join(field_text(fields.get(record, "source"), " ").split()), field_text(fields.get(record, "text"))


def export_batches(path: Path, name: str, mapping: Mapping[str, str], max_bytes: int) -> Iterator[tuple[list[str], list]]:
    """An export's entries, a batch at a time: (places, each a record to prepare or the reason it is refused).

    The fields are found on the first record (a CSV's header): without a text field there, the
    whole file is refused; a later record whose fields differ is looked at on its own.
    """
    found: dict[tuple, Fields | str] = {}
    names: list[str] = []
    args: list = []
    first = True
    for entry in read_export(path, name, max_bytes):
        names.append(entry.place)
        args.append(_record_args(entry, mapping, found, max_bytes))
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
    """Step 1 for a record, in a worker: its hints from the evidence it holds, then as :func:`_prepare_one`."""
    if isinstance(args, str):
        return args
    try:
        hints = _evidence.hints(*_source_text(args[0], args[1])) if _evidence is not None else None
        prepared = prepare_record(*args, hints)
        return light(prepared, keep_data=True), draft(prepared)
    except Refused as exc:
        return str(exc)
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        return f"internal error ({type(exc).__name__}: {exc}); nothing written (please report this)"
