"""Raw scraped files → content/articles/<slug>.md, with the original kept byte for byte.

``ingest`` never loses a word: the original goes to ``content/sources/<slug>.<ext>``
and the front matter lists every line the cleaning rules removed, and why. It never
clobbers: the same bytes again are recognised by their SHA-256 and keep their slug;
an article the researcher edited after ingest wrote it (its ``ingest.written_sha256``
no longer matches) is left alone unless ``force`` is given.

Three steps, so a batch can use several processes and still give the same slugs:
``prepare`` (read, decode, extract, clean: pure, in parallel), ``plan`` (slugs and
what to do with each file, in input order, one process), ``write`` (in parallel;
each file its own two paths). Every problem with one file becomes a refusal with a
one-line reason; the rest of the batch goes on.

A record export (``builder.ingestion.exports``) is streamed through the same three steps a batch of
records at a time, each record one article (``builder.ingestion.recordinput``); its original is the
record as JSON. A record whose url names an article an earlier ingest made from another
version of it updates that article, like a file the rules now clean differently.
"""

from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from builder.extract.arabic import slugify
from builder.ingestion.articlefile import SOURCES, edited_by_hand, recorded_hash, render_article
from builder.ingestion.articlefile import draft as _draft
from builder.ingestion.articlefile import finish as _finish
from builder.site.content import ARTICLES, content_files
from builder.errors import SiteError
from builder.pipeline.forking import Pool, can_fork, cpu_workers
from builder.ingestion.files import (STDIN, Input, collect_inputs, create_file, extract_input, finish_input, light,
                                    replace_file, write_source)
from builder.ingestion.report import describe, summary
from builder.ingestion.rawinput import DEFAULT_MAX_BYTES, Extracted, Prepared, Refused, prepare_bytes
from builder.ingestion.boilerplate import Evidence, Hints
from builder.ingestion.recordbatches import (BATCH, Progress, drop_evidence, export_batches, gather_evidence,
                                            hold_evidence, prepare_record_one)

__all__ = ["STDIN", "Outcome", "Prepared", "Refused", "Report", "describe", "edited_by_hand", "ingest", "known_sources",
           "prepare_bytes", "render_article", "summary"]
_PARALLEL_FROM = 200  # files; below this one process is faster than starting workers
_SHA = re.compile(r"^  sha256: ([0-9a-f]{64})$", re.MULTILINE)
_KEY = re.compile(r"^  record_key: ([0-9a-f]{64})$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str  # the input as the user named it
    status: str  # "imported", "updated", "unchanged", "skipped" (edited by hand), "refused"
    slug: str = ""
    reason: str = ""
    prepared: Prepared | None = None  # what ingest made of it (in a report: without the body and the bytes)

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Report:
    outcomes: tuple[Outcome, ...]
    notes: tuple[str, ...] = ()  # e.g. files of other types left alone in a folder

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


# Step 1: prepare (builder.ingestion.rawinput does the work) -------------------------------------


# Step 2: plan ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One input, its slug decided: what step 3 does with it."""

    outcome: Outcome  # as planned: "imported" (a new slug), "unchanged" (bytes seen before), or "refused"
    known: bool = False  # the slug is an article ingest wrote in an earlier run: compare, then maybe update
    draft: str = ""  # the article but its slug and signature
    changed: bool = False  # a record changed since its article was made: its kept original is replaced too

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def known_sources(content: Path) -> dict[str, str]:
    """sha256 of the original → slug, for every article ingest wrote before."""
    return _known(content)[0]


def _known(content: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(sha256 of the original → slug, a record's key → slug) for every article ingest wrote before."""
    known: dict[str, str] = {}
    keys: dict[str, str] = {}
    try:
        paths = content_files(content / ARTICLES, ".md", skip_broken=True)  # a broken link: not one ingest wrote
    except SiteError:  # no folder to read: each write then says why it failed
        return known, keys
    for path in paths:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        front = head.split("\n---", 1)[0]
        match = _SHA.search(front)
        if match:
            known.setdefault(match.group(1), path.stem)
            key = _KEY.search(front)
            if key:
                keys.setdefault(key.group(1), path.stem)
    return known, keys


class _Planner:
    """Slugs in input order: the same inputs always get the same slugs, however many processes run.

    Keeps what this run has seen, so that an export planned a batch at a time gets the slugs it
    would get in one go.
    """

    def __init__(self, content: Path) -> None:
        self.content = content
        self.known, self.keys = _known(content)
        self.stems = _stems(content)
        self.first: dict[str, str] = {}  # sha → the first input in this run that had it
        self.first_key: dict[str, tuple[str, str]] = {}  # a record's key → (its first input in this run, slug)

    def plan(self, names: list[str], prepared: list[tuple[Prepared, str] | str]) -> list[_Task]:
        return [self._one(name, done) for name, done in zip(names, prepared)]

    def _one(self, name: str, done: tuple[Prepared, str] | str) -> _Task:
        if isinstance(done, str):
            return _Task(Outcome(name, "refused", reason=done))
        result, draft = done
        key = getattr(result, "key", "")
        if result.sha256 in self.first:
            what = "record" if result.kind == "record" else "bytes"
            reason = f"same {what} as {self.first[result.sha256]}"
            return _Task(Outcome(name, "unchanged", self.known[result.sha256], reason, light(result)))
        if key in self.first_key:
            earlier, slug = self.first_key[key]
            return _Task(Outcome(name, "unchanged", slug, f"same url as {earlier}, whose record is kept",
                                 light(result)))
        self.first[result.sha256] = name
        if result.sha256 in self.known:
            task = _Task(Outcome(name, "unchanged", self.known[result.sha256], prepared=result), True, draft)
        elif key in self.keys:
            task = _Task(Outcome(name, "unchanged", self.keys[key], prepared=result), True, draft, changed=True)
        else:
            slug = _unique_slug(result.slug_hint or slugify(result.title) or "article", result, self.content,
                                self.stems)
            self.stems.add(slug)
            task = _Task(Outcome(name, "imported", slug, prepared=result), False, draft)
        self.known[result.sha256] = task.outcome.slug
        if key:
            self.first_key[key] = (name, task.outcome.slug)
        return task


def _stems(content: Path) -> set[str]:
    stems = set()
    for folder in (content / ARTICLES, content / SOURCES):
        try:
            stems.update(name.split(".", 1)[0] for name in os.listdir(folder))
        except OSError:
            continue
    return stems


def _unique_slug(base: str, prepared: Prepared, content: Path, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first free in articles/ and sources/ and this run.

    A kept original with the very same bytes and no article (the article was deleted to
    re-import it) gives its slug back.
    """
    slug, n = base, 2
    while slug in taken:
        orphan = content / SOURCES / f"{slug}{prepared.suffix}"
        if not (content / ARTICLES / f"{slug}.md").exists() and orphan.is_file():
            try:
                if hashlib.sha256(orphan.read_bytes()).hexdigest() == prepared.sha256:
                    return slug
            except OSError:
                pass
        slug, n = f"{base}-{n}", n + 1
    return slug


# Step 3: write -----------------------------------------------------------------------


def _apply(task: _Task, content: Path, force: bool, dry_run: bool) -> Outcome:
    """Render and write one planned input (nothing is written on a dry run); the outcome says what happened."""
    outcome = task.outcome
    prepared = outcome.prepared
    if prepared is None or outcome.status == "unchanged" and not task.known:
        return outcome
    slug = outcome.slug
    article = content / ARTICLES / f"{slug}.md"
    source = content / SOURCES / f"{slug}{prepared.suffix}"
    text = _finish(task.draft, slug)
    try:
        if task.known:
            outcome, write = _decide(outcome, article, text, force, task.changed)
            if not dry_run and (write or not source.exists()):
                if task.changed and write:
                    replace_file(source, prepared.data)
                else:
                    write_source(source, prepared)
                if write:
                    replace_file(article, text.encode("utf-8"))
                elif outcome.status == "unchanged":
                    outcome = replace(outcome, reason=f"original restored to content/{SOURCES}/{source.name}")
        elif not dry_run:
            write_source(source, prepared)
            create_file(article, text.encode("utf-8"))  # a new slug: never over a file that appeared meanwhile
    except FileExistsError as exc:
        reason = f"{exc.filename} already exists with other content (written meanwhile?); nothing overwritten"
        return replace(outcome, status="refused", reason=reason, prepared=light(prepared))
    except OSError as exc:
        reason = f"cannot write into {content} ({(exc.strerror or str(exc)).lower()})"
        return replace(outcome, status="refused", reason=reason, prepared=light(prepared))
    return replace(outcome, prepared=light(outcome.prepared))


def _decide(outcome: Outcome, article: Path, text: str, force: bool, changed: bool = False) -> tuple[Outcome, bool]:
    """For an input imported before (or a record changed since): (what to report, whether to rewrite its article)."""
    try:
        old = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if old == text:
        return outcome, False
    if force:
        return replace(outcome, status="updated", reason="re-imported (--force)"), True
    if old and not edited_by_hand(old):
        reason = ("the record changed since it was imported" if changed
                  else "the cleaning rules give a different result now")
        return replace(outcome, status="updated", reason=reason), True
    if old and recorded_hash(old) == recorded_hash(text):
        return replace(outcome, reason="edited by hand since; ingest has nothing new for it"), False
    reason = (f"content/{ARTICLES}/{article.name} was edited by hand since ingest wrote it; "
              "--force re-imports it (same slug) and drops the edits")
    return replace(outcome, status="skipped", reason=reason), False


# The whole run -----------------------------------------------------------------------


def ingest(
    paths: Iterable[Path | str],
    content: Path,
    dry_run: bool = False,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Callable[[], bytes] | None = None,
    name: str = "",
    workers: int | None = None,
    fields: Mapping[str, str] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Import ``paths`` (files, folders, ``-`` for ``stdin``, record exports) into ``content``; see the module.

    ``fields``: an export's field → the name it has there (``--map``). ``on_outcome`` hears each
    outcome as it is decided (the report then keeps them without their records, so that an export
    of any size takes bounded memory); ``progress`` hears (records done, refused so far) after each
    batch of an export.
    """
    items, notes = collect_inputs(paths)
    stdin_data = None
    if any(item.path is None for item in items):
        try:
            stdin_data = stdin() if stdin else b""
        except OSError as exc:
            reason = f"cannot read standard input ({(exc.strerror or str(exc)).lower()})"
            items = [replace(item, refusal=reason) if item.path is None else item for item in items]
    files = [item for item in items if not item.export]
    planner = _Planner(content)
    outcomes: list[Outcome] = []

    def keep(batch: list[Outcome]) -> None:
        for outcome in batch:
            if on_outcome is not None:
                on_outcome(outcome)
                outcome = replace(outcome, prepared=None)
            outcomes.append(outcome)

    with Pool() as runner:
        jobs = _workers(len(files), workers)
        # Files are read and their text found first, then cleaned with what the run's other files of
        # their folder say about their lines (a folder's files taken for one source's: footers, teasers).
        found = list(runner.map(
            _extract_one, [(item, max_bytes, stdin_data if item.path is None else None, name) for item in files], jobs
        ))
        prepared = list(runner.map(_finish_one, list(zip(found, file_hints(files, found))), jobs))
        del found
        keep(_write_batch(runner, jobs, planner, [item.name for item in files], prepared, content, force, dry_run))
    exports = [item for item in items if item.export]
    if exports:
        _import_exports(exports, planner, keep, Progress(progress), content, force, dry_run, fields or {}, max_bytes,
                        workers)
    return Report(tuple(outcomes), tuple(notes))


def _import_exports(exports: list[Input], planner: _Planner, keep: Callable[[list[Outcome]], None], done: Progress,
                    content: Path, force: bool, dry_run: bool, mapping: Mapping[str, str], max_bytes: int,
                    workers: int | None) -> None:
    """Record exports, a batch at a time, in two passes: the workers hash every record's lines (the
    evidence, builder.ingestion.boilerplate), then workers started holding the evidence prepare a batch
    while this process plans the one before and a thread writes the one before that (file creation
    waits on the disk, and the thread waits without holding the interpreter)."""
    evidence = Evidence()
    with Pool() as runner:
        for item in exports:
            gather_evidence(evidence, runner, lambda count: _workers(count, workers), item.path, item.name, mapping,
                            max_bytes)
    with Pool(hold_evidence, (evidence,), drop_evidence) as runner, ThreadPoolExecutor(1) as writer:
        written: Future | None = None

        def finish(names: list[str], prepared: Iterable) -> None:
            nonlocal written
            tasks = _plan(planner, names, list(prepared), content, dry_run)
            if written is not None:
                collect(written.result())
            written = writer.submit(_apply_all, tasks, content, force, dry_run)

        def collect(batch: list[Outcome]) -> None:
            keep(batch)
            done.add([o.status for o in batch])

        for item in exports:
            pending: tuple[list[str], Iterable] | None = None
            for names, args in export_batches(item.path, item.name, mapping, max_bytes):
                jobs = _workers(len(args) if pending is None and len(args) < BATCH else BATCH, workers)
                started = runner.map(prepare_record_one, args, jobs)
                if pending is not None:
                    finish(*pending)
                pending = names, started
            if pending is not None:
                finish(*pending)
        if written is not None:
            collect(written.result())


def _write_batch(runner: Pool, jobs: int, planner: _Planner, names: list[str], prepared: list, content: Path,
                 force: bool, dry_run: bool) -> list[Outcome]:
    """Steps 2 and 3 for prepared inputs: slugs in order, then the writes."""
    tasks = _plan(planner, names, prepared, content, dry_run)
    return list(runner.map(_apply_one, [(task, content, force, dry_run) for task in tasks], jobs))


def _plan(planner: _Planner, names: list[str], prepared: list, content: Path, dry_run: bool) -> list[_Task]:
    """Step 2: slugs in order; the folders the writes need."""
    tasks = planner.plan(names, prepared)
    if not dry_run and any(t.outcome.prepared is not None for t in tasks):
        for folder in (content / ARTICLES, content / SOURCES):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # each write then says why it failed
    return tasks


def _apply_all(tasks: list[_Task], content: Path, force: bool, dry_run: bool) -> list[Outcome]:
    """Step 3 for a batch, in input order (in the writing thread)."""
    return [_apply_one((task, content, force, dry_run)) for task in tasks]


def file_hints(files: list[Input], found: list[Extracted | str]) -> list[Hints | None]:
    """Each file's hints from the evidence of the run's files of the same folder (the first pass of
    :mod:`builder.ingestion.boilerplate`, as for a source of a record export); standard input: none."""
    evidence = Evidence()
    folders = [str(item.path.parent) if item.path is not None else None for item in files]
    bodies = [_body(text) if folder is not None and isinstance(text, Extracted) else None
              for folder, text in zip(folders, found)]
    for folder, body in zip(folders, bodies):
        if body is not None:
            evidence.add(folder, body)
    return [evidence.hints(folder, body) if body is not None else None for folder, body in zip(folders, bodies)]


def _body(found: Extracted) -> str:
    """The text as the evidence reads it: without its front matter, nor the first line when that is
    the title (no page or front matter gave one), so that its opening is the lead, as in a record."""
    lines = found.text.split("\n")[found.header:]
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines[0 if found.hint else 1:])


def _extract_one(args: tuple) -> Extracted | str:
    """Step 1a in a worker: the input read and its text found, or the refusal."""
    return extract_input(*args)


def _finish_one(args: tuple) -> tuple[Prepared, str] | str:
    """Step 1b in a worker: (the record without its body, the article's draft), or the refusal.

    The body travels once, as the draft's text: many small objects cost far more to send
    between processes than one string.
    """
    found, hints = args
    prepared = found if isinstance(found, str) else finish_input(found, hints)
    if isinstance(prepared, str):
        return prepared
    try:
        return light(prepared, keep_data=True), _draft(prepared)
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        return f"internal error ({type(exc).__name__}: {exc}); nothing written (please report this)"


def _apply_one(args: tuple) -> Outcome:
    task = args[0]
    try:
        return _apply(*args)
    except Exception as exc:  # a bug must not take the batch down or show a traceback
        reason = f"internal error ({type(exc).__name__}: {exc}); please report this"
        return replace(task.outcome, status="refused", reason=reason)


def _workers(count: int, requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    if count < _PARALLEL_FROM or not can_fork():
        return 1
    return cpu_workers(8)
