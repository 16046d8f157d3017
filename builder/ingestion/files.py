"""Ingest's inputs and outputs on disk: which files a run imports, read safely, written safely.

:func:`collect_inputs` turns the paths a user gives into :class:`Input` items (files, folders
walked in a stable order, standard input, record exports), each possibly refused already;
:func:`prepare_input` reads and cleans one file; :func:`create_file`, :func:`replace_file` and
:func:`write_source` write without ever clobbering or leaving half a file behind. :func:`light`
is a prepared input without its body, as reports keep it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from builder.ingestion.exports import EXPORT_SUFFIXES, export_format
from builder.ingestion.boilerplate import Hints
from builder.ingestion.rawinput import (SUPPORTED, Extracted, Prepared, Refused, clean_extracted, extract_bytes,
                                       stdin_kind, too_large)

__all__ = ["STDIN", "STDIN_NAME", "Input", "collect_inputs", "create_file", "extract_input", "finish_input", "light",
           "prepare_input", "replace_file",
           "write_source"]
STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    path: Path | None  # None: standard input
    refusal: str = ""
    export: bool = False  # a file of records, each one article

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def collect_inputs(paths: Iterable[Path | str]) -> tuple[list[Input], list[str]]:
    """Files to import, in a deterministic order, and notes on what folders held besides."""
    items: list[Input] = []
    notes: list[str] = []
    seen: set[str] = set()
    for given in paths:
        name = str(given)
        if name == STDIN:
            if STDIN not in seen:
                items.append(Input(STDIN_NAME, None))
                seen.add(STDIN)
            continue
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as exc:
            items.append(Input(name, path, f"cannot read ({(exc.strerror or str(exc)).lower()})"))
            continue
        if not exists:
            items.append(Input(name, path, "no such file or folder"))
        elif is_dir:
            found, others, problems = _walk(path)
            items.extend(Input(str(where), where, reason) for where, reason in problems)
            if not found and not problems:
                items.append(Input(name, path, "is a folder holding no " + _supported_list() + " files"))
            for file in found:
                key = os.path.abspath(file)
                if key not in seen:
                    seen.add(key)
                    items.append(Input(str(file), file))
            if others:
                notes.append(f"left alone {len(others)} file{'s' * (len(others) > 1)} in {name} that "
                             f"{'are' if len(others) > 1 else 'is'} not {_supported_list()}: {_names(others, path)}")
        elif export_format(path):
            if (key := os.path.abspath(path)) not in seen:
                seen.add(key)
                items.append(Input(name, path, export=True))
        elif path.suffix.lower() not in SUPPORTED:
            reason = (f"unsupported file type {path.suffix or '(none)'}; use {_supported_list()}, or a record export "
                      f"({', '.join(EXPORT_SUFFIXES)}, each optionally .gz)")
            items.append(Input(name, path, reason))
        elif (key := os.path.abspath(path)) not in seen:
            seen.add(key)
            items.append(Input(name, path))
    return items, notes


def _supported_list() -> str:
    return ", ".join(SUPPORTED[:-1]) + " or " + SUPPORTED[-1]


def _names(files: list[Path], folder: Path, shown: int = 10) -> str:
    """The files' paths inside ``folder``, the first ``shown`` of them, then how many more."""
    names = ", ".join(file.relative_to(folder).as_posix() for file in files[:shown])
    return names + (f" and {len(files) - shown} more" if len(files) > shown else "")


def _walk(folder: Path) -> tuple[list[Path], list[Path], list[tuple[Path, str]]]:
    """Supported files under ``folder``, sorted by path (hidden ones left out); the other files; unreadable sub-folders."""
    found: list[Path] = []
    others: list[Path] = []
    problems: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        reason = f"cannot read the folder ({(exc.strerror or str(exc)).lower()})"
        problems.append((Path(exc.filename or folder), reason))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED:
                found.append(Path(root) / name)
            else:
                others.append(Path(root) / name)
    return found, others, problems


def prepare_input(item: Input, max_bytes: int, stdin_data: bytes | None, name_hint: str) -> Prepared | str:
    """A Prepared, or the reason the input is refused (never an exception: workers return it)."""
    found = extract_input(item, max_bytes, stdin_data, name_hint)
    return found if isinstance(found, str) else finish_input(found)


def extract_input(item: Input, max_bytes: int, stdin_data: bytes | None, name_hint: str) -> Extracted | str:
    """The input read, decoded and its text found (not cleaned), or the reason it is refused."""
    if item.refusal:
        return item.refusal
    try:
        if item.path is None:
            data = stdin_data or b""
            suffix, hint = stdin_kind(data, name_hint)
            return extract_bytes(data, suffix, max_bytes, hint)
        return extract_bytes(_read(item.path, max_bytes), item.path.suffix.lower(), max_bytes)
    except Refused as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot read ({(exc.strerror or str(exc)).lower()})"
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        return f"internal error ({type(exc).__name__}: {exc}); nothing written (please report this)"


def finish_input(found: Extracted, hints: Hints | None = None) -> Prepared | str:
    """The extracted input cleaned (``hints``: what the run's other files say of its lines), or why not."""
    try:
        return clean_extracted(found, hints)
    except Refused as exc:
        return str(exc)
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        return f"internal error ({type(exc).__name__}: {exc}); nothing written (please report this)"


def _read(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, up to ``max_bytes`` + 1, in as few system calls as it takes.

    Opened without blocking, so a named pipe is refused rather than waited on.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Refused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > max_bytes:
            raise Refused(too_large(info.st_size, max_bytes))
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, info.st_size + 1))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def create_file(path: Path, data: bytes) -> None:
    """A new file, never over an existing one (FileExistsError); a failed write leaves nothing behind."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def write_source(path: Path, prepared: Prepared) -> None:
    """The original, byte for byte — the very bytes that were cleaned; an identical file already there is kept."""
    try:
        create_file(path, prepared.data)
    except FileExistsError:
        if hashlib.sha256(path.read_bytes()).hexdigest() != prepared.sha256:
            raise FileExistsError(17, "other content", str(path)) from None


def replace_file(path: Path, data: bytes) -> None:
    """Overwrite an article through a temporary file and a rename: never half written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def light(prepared: Prepared | None, keep_data: bool = False) -> Prepared | None:
    """The record without the body (and the original's bytes): a report of 10,000 stays small."""
    if prepared is None:
        return None
    cleaned = replace(prepared.cleaned, blocks=()) if prepared.cleaned.blocks else prepared.cleaned  # once light, kept
    return replace(prepared, data=prepared.data if keep_data else b"", cleaned=cleaned)
