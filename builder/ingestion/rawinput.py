"""One raw input → :class:`Prepared`: decoded, its article body extracted, cleaned; or why not.

Pure: bytes in, a record out (no file is read or written here), so that ingest can
run it in several processes. :class:`Refused` carries the one-line reason a file
cannot be imported. Used by builder.ingestion.command; the rules are in builder.ingestion.clean and
builder.ingestion.junk, the encodings in builder.ingestion.decoding, pages in builder.ingestion.htmltext.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.extract.arabic import has_arabic, slugify
from builder.ingestion.boilerplate import Hints
from builder.ingestion.clean import Cleaned, clean_text, split_lines, unaccounted
from builder.site.content import YAML_LOADER
from builder.ingestion.decoding import Undecodable, decode
from builder.ingestion.htmltext import NoArticle, extract_page, looks_like_html, plain, visible_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input read, decoded and cleaned: everything but its slug."""

    sha256: str
    suffix: str  # of the original as it will be kept: ".txt", ".md", ".html", …
    encoding: str
    repaired: str
    kind: str  # "text", "markdown" or "html"
    cleaned: Cleaned
    title: str
    date: dt.date | None
    date_from: str
    source: str
    source_from: str
    slug_hint: str = ""  # from --name, for standard input
    html: dict = field(default_factory=dict)  # extractor and word counts, for pages
    data: bytes = field(default=b"", repr=False)  # the original, until it is written

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


class Refused(Exception):
    """One input cannot be imported; the message is the reason, one line."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """One input decoded and its article text found, not cleaned yet: cleaning waits for what the
    other files of the run say about its lines (:mod:`builder.ingestion.boilerplate`)."""

    sha256: str
    suffix: str
    encoding: str
    repaired: str
    kind: str  # "text", "markdown" or "html"
    text: str  # what the cleaning rules read
    hint: str  # the title the page or the front matter gives
    header: int  # front-matter lines at the top of the text
    date: dt.date | None
    date_from: str
    source: str
    source_from: str
    slug_hint: str = ""
    html: dict = field(default_factory=dict)
    data: bytes = field(default=b"", repr=False)

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


def prepare_bytes(data: bytes, suffix: str, max_bytes: int = DEFAULT_MAX_BYTES, slug_hint: str = "") -> Prepared:
    """Decode, extract and clean one file's bytes; :class:`Refused` says why not."""
    return clean_extracted(extract_bytes(data, suffix, max_bytes, slug_hint))


def extract_bytes(data: bytes, suffix: str, max_bytes: int = DEFAULT_MAX_BYTES, slug_hint: str = "") -> Extracted:
    """Decode one file's bytes and find its article text; :class:`Refused` says why not."""
    if len(data) > max_bytes:
        raise Refused(too_large(len(data), max_bytes))
    if not data.strip():
        raise Refused("empty file" if not data else "empty file (only white space)")
    sha = hashlib.sha256(data).hexdigest()
    try:
        decoded = decode(data)
    except Undecodable as exc:
        raise Refused(str(exc)) from None
    html: dict = {}
    header = 0
    if suffix in HTML_SUFFIXES:
        kind = "html"
        if not has_arabic(visible_text(decoded.text)):
            raise Refused("no Arabic text in the page")
        try:
            page = extract_page(decoded.text)
        except NoArticle as exc:
            raise Refused(str(exc)) from None
        text, hint = page.text, plain(page.title)
        date, date_from = page.date, "html-meta" if page.date else ""
        source, source_from = plain(page.site_name), "html-meta" if page.site_name else ""
        html = {"extractor": page.extractor, "page_words": page.page_words, "kept_words": 0}
    else:
        kind = "markdown" if suffix == ".md" else "text"
        text = decoded.text
        if not has_arabic(text):
            raise Refused("no Arabic text (this tool imports Arabic articles)")
        header, front = _front_matter(text) if kind == "markdown" else (0, {})
        hint = front.get("title", "")
        date, date_from = front.get("date"), "front-matter" if front.get("date") else ""
        source, source_from = front.get("source", ""), "front-matter" if front.get("source") else ""
    return Extracted(sha, suffix, decoded.encoding, decoded.repaired, kind, text, hint, header, date, date_from,
                     source, source_from, slug_hint, html, data)


def clean_extracted(found: Extracted, hints: Hints | None = None) -> Prepared:
    """Clean an extracted text (``hints``: its lines the run's other files show to be a footer or a
    teaser); :class:`Refused` says why it cannot be imported."""
    hint_from = "html-meta" if found.kind == "html" else "front-matter"
    cleaned = checked_clean(found.text, markdown=found.kind == "markdown", title_hint=found.hint,
                            header_lines=found.header, hint_from=hint_from, hints=hints)
    html = dict(found.html)
    if html:
        html["kept_words"] = len(cleaned.title.split()) + sum(len(b.text.split()) for b in cleaned.blocks)
    date, date_from, source, source_from = found.date, found.date_from, found.source, found.source_from
    if date is None and cleaned.date:
        date, date_from = cleaned.date, cleaned.date_from
    if not source and cleaned.outlet:
        source, source_from = cleaned.outlet, cleaned.outlet_from
    return Prepared(found.sha256, found.suffix, found.encoding, found.repaired, found.kind, cleaned, cleaned.title,
                    date, date_from, source, source_from, found.slug_hint, html, found.data)


def checked_clean(text: str, **options) -> Cleaned:
    """:func:`builder.ingestion.clean.clean_text`, refused when a word would be lost or no article text is left."""
    cleaned = clean_text(text, **options)
    lost = unaccounted(text, cleaned)
    if lost:
        lines = ", ".join(map(str, lost[:5])) + ("…" if len(lost) > 5 else "")
        raise Refused(f"a cleaning rule would lose words on line {lines}; nothing written (please report this)")
    if not cleaned.blocks:
        rules = Counter(r.rule for r in cleaned.removed)
        summary = ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items()))
        raise Refused(f"no article text left once junk lines are removed ({summary or 'nothing but a title'})")
    return cleaned


def _front_matter(text: str) -> tuple[int, dict]:
    """(lines, fields) of a leading '---' block in a Markdown file: title, date and source if it gives them."""
    lines = split_lines(text.lstrip("\ufeff"))
    if not lines or lines[0].strip() != "---":
        return 0, {}
    end = next((i for i, line in enumerate(lines[1:200], 1) if line.strip() in ("---", "...")), 0)
    if not end:
        return 0, {}
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=YAML_LOADER)
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        return end + 1, {}
    found: dict = {}
    for key in ("title", "source"):
        value = meta.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            found[key] = plain(str(value))
    value = meta.get("date")
    if isinstance(value, dt.datetime):
        found["date"] = value.date()
    elif isinstance(value, dt.date):
        found["date"] = value
    elif isinstance(value, str):
        try:
            found["date"] = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    return end + 1, found


def too_large(size: int, limit: int) -> str:
    return f"larger than the limit of {_size(limit)} ({_size(size)}; raise ingest.max_bytes in site.toml to import it)"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB") if n >= 1024 * 1024 else f"{n} bytes"


def stdin_kind(data: bytes, name_hint: str) -> tuple[str, str]:
    """(suffix, slug hint) for standard input: from --name if given, else sniffed."""
    if name_hint:
        suffix = Path(name_hint).suffix.lower()
        stem = Path(name_hint).stem if suffix in SUPPORTED else Path(name_hint).name
        return (suffix if suffix in SUPPORTED else ".txt"), slugify(stem)
    head = data[:2048].decode("utf-8", errors="ignore")
    return (".html" if looks_like_html(head) else ".txt"), ""
