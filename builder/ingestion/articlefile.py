"""What ingest writes for one input: the article file (front matter and Markdown), signed.

A draft is made where the text was cleaned (in a worker process) without its slug; once slugs
are given, :func:`finish` puts the slug in and signs the file: ``ingest.written_sha256`` is the
SHA-256 of the file as written, without its own line, so :func:`edited_by_hand` can tell an
article someone edited from one exactly as ingest wrote it.
"""

from __future__ import annotations

import hashlib
import re

from builder.ingestion.clean import to_markdown
from builder.ingestion.frontmatter import dump
from builder.ingestion.rawinput import Prepared

__all__ = ["SOURCES", "draft", "edited_by_hand", "finish", "recorded_hash", "render_article"]

SOURCES = "sources"
_WRITTEN = re.compile(r"^  written_sha256: ([0-9a-f]{64})\n", re.MULTILINE)
_SLUG_MARK = "\n  original: sources/SLUG-TO-COME"  # the one line of a draft that names the slug


def render_article(prepared: Prepared, slug: str) -> str:
    """The article file: front matter (only what the text says) and the cleaned Markdown."""
    return finish(draft(prepared), slug)


def draft(prepared: Prepared) -> str:
    """The article without its slug and signature: made where the text was cleaned, finished once slugs are known."""
    cleaned = prepared.cleaned
    meta: dict = {"title": prepared.title}
    if prepared.date:
        meta["date"] = prepared.date.isoformat()
    if prepared.source:
        meta["source"] = prepared.source
    source_url, author = getattr(prepared, "source_url", ""), getattr(prepared, "author", "")  # a record's
    if source_url:
        meta["source_url"] = source_url
    if author:
        meta["author"] = author
    record: dict = {
        "original": f"{SOURCES}/SLUG-TO-COME{prepared.suffix}",
        "sha256": prepared.sha256,
        "encoding": prepared.encoding,
    }
    if prepared.repaired:
        record["repaired"] = prepared.repaired
    if prepared.kind != "text":
        record["format"] = prepared.kind
    if getattr(prepared, "key", ""):
        record["record_key"] = prepared.key  # type: ignore[attr-defined]
    if prepared.html:
        record["html"] = prepared.html
    record["title_from"] = cleaned.title_from
    if prepared.date:
        record["date_from"] = prepared.date_from
    if prepared.source:
        record["source_from"] = prepared.source_from
    if cleaned.place:
        record["place"] = cleaned.place  # the dateline's place: where the story was filed, not what it is about
    if getattr(prepared, "notes", ()):
        record["notes"] = list(prepared.notes)  # type: ignore[attr-defined]
    record["removed"] = [
        {"rule": r.rule, "line": r.line, "text": r.text, **({"note": r.note} if r.note else {})}
        for r in cleaned.removed
    ]
    meta["ingest"] = record
    head = dump(meta)  # as yaml.dump(meta, allow_unicode=True, sort_keys=False, width=10_000) writes it
    return f"---\n{head}---\n\n{to_markdown(cleaned)}"


def finish(draft: str, slug: str) -> str:
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


def recorded_hash(text: str) -> str:
    match = _WRITTEN.search(text.replace("\r\n", "\n").split("\n---", 1)[0] + "\n")
    return match.group(1) if match else ""
