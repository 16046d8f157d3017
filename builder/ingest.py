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
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

import yaml

from .arabic import slugify
from .clean import to_markdown
from .content import ARTICLES, content_files
from .errors import SiteError
from .rawinput import DEFAULT_MAX_BYTES, SUPPORTED, Prepared, Refused, prepare_bytes, stdin_kind, too_large

__all__ = ["Outcome", "Prepared", "Refused", "Report", "describe", "edited_by_hand", "ingest", "known_sources",
           "prepare_bytes", "render_article", "summary"]
SOURCES = "sources"
STDIN = "-"
STDIN_NAME = "<stdin>"
_PARALLEL_FROM = 200  # files; below this one process is faster than starting workers
_WRITTEN = re.compile(r"^  written_sha256: ([0-9a-f]{64})\n", re.MULTILINE)
_SHA = re.compile(r"^  sha256: ([0-9a-f]{64})$", re.MULTILINE)

try:  # libyaml's emitter is several times faster; the same text for what ingest writes
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper


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


@dataclass(frozen=True, slots=True)
class _Input:
    name: str
    path: Path | None  # None: standard input
    refusal: str = ""

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


# Step 1: prepare (builder.rawinput does the work) -------------------------------------


def _prepare_input(item: _Input, max_bytes: int, stdin_data: bytes | None, name_hint: str) -> Prepared | str:
    """A Prepared, or the reason the input is refused (never an exception: workers return it)."""
    if item.refusal:
        return item.refusal
    try:
        if item.path is None:
            data = stdin_data or b""
            suffix, hint = stdin_kind(data, name_hint)
            return prepare_bytes(data, suffix, max_bytes, hint)
        return prepare_bytes(_read(item.path, max_bytes), item.path.suffix.lower(), max_bytes)
    except Refused as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot read ({(exc.strerror or str(exc)).lower()})"
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


def _create(path: Path, data: bytes) -> None:
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


# Step 2: plan ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    """One input, its slug decided: what step 3 does with it."""

    outcome: Outcome  # as planned: "imported" (a new slug), "unchanged" (bytes seen before), or "refused"
    known: bool = False  # the slug is an article ingest wrote in an earlier run: compare, then maybe update
    draft: str = ""  # the article but its slug and signature

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def known_sources(content: Path) -> dict[str, str]:
    """sha256 of the original → slug, for every article ingest wrote before."""
    known: dict[str, str] = {}
    try:
        paths = content_files(content / ARTICLES, ".md", skip_broken=True)  # a broken link: not one ingest wrote
    except SiteError:  # no folder to read: each write then says why it failed
        return known
    for path in paths:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        front = head.split("\n---", 1)[0]
        match = _SHA.search(front)
        if match:
            known.setdefault(match.group(1), path.stem)
    return known


def _plan(items: list[_Input], prepared: list[tuple[Prepared, str] | str], content: Path) -> list[_Task]:
    """Slugs in input order: the same inputs always get the same slugs, however many processes run."""
    known = known_sources(content)
    stems = _stems(content)
    first: dict[str, str] = {}  # sha → the first input in this run that had it
    tasks = []
    for item, done in zip(items, prepared):
        if isinstance(done, str):
            tasks.append(_Task(Outcome(item.name, "refused", reason=done)))
            continue
        result, draft = done
        if result.sha256 in first:
            reason = f"same bytes as {first[result.sha256]}"
            tasks.append(_Task(Outcome(item.name, "unchanged", known[result.sha256], reason, _light(result))))
        elif result.sha256 in known:
            first[result.sha256] = item.name
            outcome = Outcome(item.name, "unchanged", known[result.sha256], prepared=result)
            tasks.append(_Task(outcome, True, draft))
        else:
            first[result.sha256] = item.name
            slug = _unique_slug(result.slug_hint or slugify(result.title) or "article", result, content, stems)
            stems.add(slug)
            known[result.sha256] = slug
            tasks.append(_Task(Outcome(item.name, "imported", slug, prepared=result), False, draft))
    return tasks


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


def render_article(prepared: Prepared, slug: str) -> str:
    """The article file: front matter (only what the text says) and the cleaned Markdown."""
    return _finish(_draft(prepared), slug)


_SLUG_MARK = "\n  original: sources/SLUG-TO-COME"  # the one line of a draft that names the slug


def _draft(prepared: Prepared) -> str:
    """The article without its slug and signature: made where the text was cleaned, finished once slugs are known."""
    cleaned = prepared.cleaned
    meta: dict = {"title": prepared.title}
    if prepared.date:
        meta["date"] = prepared.date.isoformat()
    if prepared.source:
        meta["source"] = prepared.source
    record: dict = {
        "original": f"{SOURCES}/SLUG-TO-COME{prepared.suffix}",
        "sha256": prepared.sha256,
        "encoding": prepared.encoding,
    }
    if prepared.repaired:
        record["repaired"] = prepared.repaired
    if prepared.kind != "text":
        record["format"] = prepared.kind
    if prepared.html:
        record["html"] = prepared.html
    record["title_from"] = cleaned.title_from
    if prepared.date:
        record["date_from"] = prepared.date_from
    if prepared.source:
        record["source_from"] = prepared.source_from
    if cleaned.place:
        record["place"] = cleaned.place  # the dateline's place: where the story was filed, not what it is about
    record["removed"] = [
        {"rule": r.rule, "line": r.line, "text": r.text, **({"note": r.note} if r.note else {})}
        for r in cleaned.removed
    ]
    meta["ingest"] = record
    head = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{to_markdown(cleaned)}"


def _finish(draft: str, slug: str) -> str:
    """The slug in, then the signature: SHA-256 of the file as written, without its own line."""
    unsigned = draft.replace(_SLUG_MARK, f"\n  original: {SOURCES}/{slug}", 1)
    written = hashlib.sha256(unsigned.encode("utf-8")).hexdigest()
    end = unsigned.index("\n---\n", 4) + 1
    return f"{unsigned[:end]}  written_sha256: {written}\n{unsigned[end:]}"


def edited_by_hand(text: str) -> bool:
    """True unless the file is exactly as ingest wrote it (its written_sha256 still matches)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = _WRITTEN.search(text.split("\n---", 1)[0] + "\n")
    if not match:
        return True
    unsigned = text[: match.start()] + text[match.end() :]
    return hashlib.sha256(unsigned.encode("utf-8")).hexdigest() != match.group(1)


def _recorded_hash(text: str) -> str:
    match = _WRITTEN.search(text.replace("\r\n", "\n").split("\n---", 1)[0] + "\n")
    return match.group(1) if match else ""


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
            outcome, write = _decide(outcome, article, text, force)
            if not dry_run and (write or not source.exists()):
                _write_source(source, prepared)
                if write:
                    _replace(article, text.encode("utf-8"))
                elif outcome.status == "unchanged":
                    outcome = replace(outcome, reason=f"original restored to content/{SOURCES}/{source.name}")
        elif not dry_run:
            _write_source(source, prepared)
            _create(article, text.encode("utf-8"))  # a new slug: never over a file that appeared meanwhile
    except FileExistsError as exc:
        reason = f"{exc.filename} already exists with other content (written meanwhile?); nothing overwritten"
        return replace(outcome, status="refused", reason=reason, prepared=_light(prepared))
    except OSError as exc:
        reason = f"cannot write into {content} ({(exc.strerror or str(exc)).lower()})"
        return replace(outcome, status="refused", reason=reason, prepared=_light(prepared))
    return replace(outcome, prepared=_light(outcome.prepared))


def _decide(outcome: Outcome, article: Path, text: str, force: bool) -> tuple[Outcome, bool]:
    """For an input imported before: (what to report, whether to rewrite its article)."""
    try:
        old = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if old == text:
        return outcome, False
    if force:
        return replace(outcome, status="updated", reason="re-imported (--force)"), True
    if old and not edited_by_hand(old):
        return replace(outcome, status="updated", reason="the cleaning rules give a different result now"), True
    if old and _recorded_hash(old) == _recorded_hash(text):
        return replace(outcome, reason="edited by hand since; ingest has nothing new for it"), False
    reason = (f"content/{ARTICLES}/{article.name} was edited by hand since ingest wrote it; "
              "--force re-imports it (same slug) and drops the edits")
    return replace(outcome, status="skipped", reason=reason), False


def _write_source(path: Path, prepared: Prepared) -> None:
    """The original, byte for byte — the very bytes that were cleaned; an identical file already there is kept."""
    try:
        _create(path, prepared.data)
    except FileExistsError:
        if hashlib.sha256(path.read_bytes()).hexdigest() != prepared.sha256:
            raise FileExistsError(17, "other content", str(path)) from None


def _replace(path: Path, data: bytes) -> None:
    """Overwrite an article through a temporary file and a rename: never half written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def _light(prepared: Prepared | None, keep_data: bool = False) -> Prepared | None:
    """The record without the body (and the original's bytes): a report of 10,000 stays small."""
    if prepared is None:
        return None
    return replace(prepared, data=prepared.data if keep_data else b"", cleaned=replace(prepared.cleaned, blocks=()))


# The whole run -----------------------------------------------------------------------


def collect_inputs(paths: Iterable[Path | str]) -> tuple[list[_Input], list[str]]:
    """Files to import, in a deterministic order, and notes on what folders held besides."""
    items: list[_Input] = []
    notes: list[str] = []
    seen: set[str] = set()
    for given in paths:
        name = str(given)
        if name == STDIN:
            if STDIN not in seen:
                items.append(_Input(STDIN_NAME, None))
                seen.add(STDIN)
            continue
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as exc:
            items.append(_Input(name, path, f"cannot read ({(exc.strerror or str(exc)).lower()})"))
            continue
        if not exists:
            items.append(_Input(name, path, "no such file or folder"))
        elif is_dir:
            found, others, problems = _walk(path)
            items.extend(_Input(str(where), where, reason) for where, reason in problems)
            if not found and not problems:
                items.append(_Input(name, path, "is a folder holding no " + _supported_list() + " files"))
            for file in found:
                key = os.path.abspath(file)
                if key not in seen:
                    seen.add(key)
                    items.append(_Input(str(file), file))
            if others:
                notes.append(f"left alone {len(others)} file{'s' * (len(others) > 1)} in {name} that "
                             f"{'are' if len(others) > 1 else 'is'} not {_supported_list()}: {_names(others, path)}")
        elif path.suffix.lower() not in SUPPORTED:
            reason = f"unsupported file type {path.suffix or '(none)'}; use {_supported_list()}"
            items.append(_Input(name, path, reason))
        elif (key := os.path.abspath(path)) not in seen:
            seen.add(key)
            items.append(_Input(name, path))
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


def ingest(
    paths: Iterable[Path | str],
    content: Path,
    dry_run: bool = False,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: Callable[[], bytes] | None = None,
    name: str = "",
    workers: int | None = None,
) -> Report:
    """Import ``paths`` (files, folders, ``-`` for ``stdin``) into ``content``; see the module docstring."""
    items, notes = collect_inputs(paths)
    stdin_data = None
    if any(item.path is None for item in items):
        try:
            stdin_data = stdin() if stdin else b""
        except OSError as exc:
            reason = f"cannot read standard input ({(exc.strerror or str(exc)).lower()})"
            items = [replace(item, refusal=reason) if item.path is None else item for item in items]
    jobs = _workers(len(items), workers)
    prepared = _map(
        _prepare_one, [(item, max_bytes, stdin_data if item.path is None else None, name) for item in items], jobs
    )
    tasks = _plan(items, prepared, content)
    if not dry_run and any(t.outcome.prepared is not None for t in tasks):
        for folder in (content / ARTICLES, content / SOURCES):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # each write then says why it failed
    outcomes = _map(_apply_one, [(task, content, force, dry_run) for task in tasks], jobs)
    return Report(tuple(outcomes), tuple(notes))


def _prepare_one(args: tuple) -> tuple[Prepared, str] | str:
    """Step 1 in a worker: (the record without its body, the article's draft), or the refusal.

    The body travels once, as the draft's text: many small objects cost far more to send
    between processes than one string.
    """
    prepared = _prepare_input(*args)
    if isinstance(prepared, str):
        return prepared
    try:
        return _light(prepared, keep_data=True), _draft(prepared)
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
    if count < _PARALLEL_FROM or "fork" not in _start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _map(function: Callable, args: list, jobs: int) -> list:
    if jobs <= 1 or len(args) < 2:
        return [function(a) for a in args]
    chunk = max(1, min(256, len(args) // (jobs * 4) or 1))
    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        return list(pool.map(function, args, chunksize=chunk))


# What to tell the user ---------------------------------------------------------------

_VERBS = {"imported": ("imported", "would import"), "updated": ("updated", "would update")}


def describe(outcome: Outcome, dry_run: bool = False) -> list[str]:
    """The line (and, for a dry run, the detail lines) saying what happened to one input."""
    target = f"content/{ARTICLES}/{outcome.slug}.md"
    if outcome.status == "refused":
        return [f"refused   {outcome.path}: {outcome.reason}"]
    if outcome.status == "skipped":
        return [f"skipped   {outcome.path}: {outcome.reason}"]
    if outcome.status == "unchanged":
        return [f"unchanged {outcome.path} (already {target}{'; ' + outcome.reason if outcome.reason else ''})"]
    verb = _VERBS[outcome.status][dry_run]
    prepared = outcome.prepared
    assert prepared is not None
    details = [_encoding_note(prepared)]
    if prepared.html:
        details.append(f"article body: {prepared.html['kept_words']} of the page's {prepared.html['page_words']} words")
    rules = Counter(r.rule for r in prepared.cleaned.removed)
    details.append(
        "removed " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) if rules else "nothing removed"
    )
    if outcome.reason:
        details.append(outcome.reason)
    lines = [f"{verb:<9} {outcome.path} → {target} ({'; '.join(d for d in details if d)})"]
    if dry_run:
        lines.append(f"    title ({prepared.cleaned.title_from}): {prepared.title}")
        date = f"{prepared.date.isoformat()} ({prepared.date_from})" if prepared.date else "none found"
        source = f"{prepared.source} ({prepared.source_from})" if prepared.source else "none found"
        lines += [f"    date: {date}", f"    source: {source}"]
        for r in prepared.cleaned.removed:
            text = r.text if len(r.text) <= 80 else r.text[:79] + "…"
            lines.append(f"    remove line {r.line} [{r.rule}]: {text}" + (f" ({r.note})" if r.note else ""))
    return lines


def _encoding_note(prepared: Prepared) -> str:
    if prepared.repaired:
        return f"{prepared.encoding}, repaired: {prepared.repaired}"
    if prepared.encoding in ("utf-8", "utf-8-sig"):
        return ""
    return f"{prepared.encoding}, converted to UTF-8"


def summary(report: Report, dry_run: bool = False) -> str:
    counts = ", ".join(
        f"{label} {report.count(status)}"
        for status, label in (("imported", "imported"), ("updated", "updated"), ("unchanged", "unchanged"),
                              ("skipped", "skipped-edited"), ("refused", "refused"))
    )
    return f"dry run, nothing written: would have {counts}" if dry_run else counts
