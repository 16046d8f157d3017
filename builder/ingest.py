"""Raw scraped files → content/articles/<slug>.md, with the original kept byte for byte.

``ingest`` never loses a word: the original goes to ``content/sources/<slug>.<ext>``
and the front matter lists every line the cleaning rules removed, and why.
Ingesting the same bytes again is recognised (by their SHA-256) and skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .arabic import slugify
from .clean import Cleaned, clean_text, to_markdown
from .content import ARTICLES, split_front_matter
from .errors import SiteError

SOURCES = "sources"
SUPPORTED = (".txt", ".md", ".text")
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str  # the input as the user named it
    status: str  # "imported", "unchanged", "refused"
    slug: str = ""
    reason: str = ""
    cleaned: Cleaned | None = None


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), else Windows-1256; binary data is refused."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1256"), "windows-1256")
    except UnicodeDecodeError as exc:
        raise ValueError(f"neither UTF-8 nor Windows-1256 ({exc.reason} at byte {exc.start})") from None


def _existing(content: Path) -> dict[str, str]:
    """sha256 of the original → slug, for every article ingest wrote before."""
    known: dict[str, str] = {}
    for path in sorted((content / ARTICLES).glob("*.md")):
        try:
            front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
            meta = yaml.safe_load(front) or {}
        except (SiteError, yaml.YAMLError, UnicodeDecodeError, OSError):
            continue
        sha = (meta.get("ingest") or {}).get("sha256") if isinstance(meta, dict) else None
        if isinstance(sha, str):
            known[sha] = path.stem
    return known


def _unique_slug(base: str, content: Path, taken: set[str]) -> str:
    base = base or "article"
    slug, n = base, 2
    while slug in taken or (content / ARTICLES / f"{slug}.md").exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def front_matter(cleaned: Cleaned, source: str, original: str, sha: str, encoding: str, date: dt.date | None) -> dict:
    """Only what the text says; a date or source it does not give is left out for the researcher to add."""
    meta: dict = {"title": cleaned.title}
    if date:
        meta["date"] = date.isoformat()
    if cleaned.outlet or source:
        meta["source"] = cleaned.outlet or source
    meta["ingest"] = {
        "original": original,
        "sha256": sha,
        "encoding": encoding,
        "title_from": cleaned.title_from,
        "removed": [{"rule": r.rule, "line": r.line, "text": r.text} for r in cleaned.removed],
    }
    return meta


def render_article(meta: dict, body: str) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{body}"


def ingest_bytes(
    name: str, data: bytes, suffix: str, content: Path, known: dict[str, str], taken: set[str], dry_run: bool
) -> Outcome:
    if not data.strip():
        return Outcome(name, "refused", reason="empty file")
    if len(data) > MAX_BYTES:
        return Outcome(name, "refused", reason=f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return Outcome(name, "unchanged", slug=known[sha])
    try:
        decoded = decode(data)
    except ValueError as exc:
        return Outcome(name, "refused", reason=str(exc))
    cleaned = clean_text(decoded.text)
    if not cleaned.blocks:
        return Outcome(name, "refused", reason="no article text left once junk lines are removed", cleaned=cleaned)
    slug = _unique_slug(slugify(cleaned.title), content, taken)
    taken.add(slug)
    original = f"{SOURCES}/{slug}{suffix}"
    meta = front_matter(cleaned, "", original, sha, decoded.encoding, _date_in(decoded.text))
    if not dry_run:
        (content / SOURCES).mkdir(parents=True, exist_ok=True)
        (content / ARTICLES).mkdir(parents=True, exist_ok=True)
        (content / original).write_bytes(data)
        (content / ARTICLES / f"{slug}.md").write_text(render_article(meta, to_markdown(cleaned)), encoding="utf-8")
    known[sha] = slug
    return Outcome(name, "imported", slug=slug, cleaned=cleaned)


_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


def _date_in(text: str) -> dt.date | None:
    """An ISO date written in the text (a scraper's dateline); month-name dates come with extraction."""
    for match in _ISO_DATE.finditer(text):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def collect_inputs(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            files.append(path)
    return files


def ingest(paths: list[Path], content: Path, dry_run: bool = False) -> list[Outcome]:
    known = _existing(content)
    taken: set[str] = set()
    outcomes = []
    for path in collect_inputs(paths):
        name = str(path)
        if path.suffix.lower() not in SUPPORTED:
            outcomes.append(Outcome(name, "refused", reason=f"unsupported file type {path.suffix or '(none)'}; use " + ", ".join(SUPPORTED)))
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            outcomes.append(Outcome(name, "refused", reason=f"cannot read ({exc.strerror or exc})"))
            continue
        outcomes.append(ingest_bytes(name, data, path.suffix.lower(), content, known, taken, dry_run))
    return outcomes
