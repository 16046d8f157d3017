"""One record of an export → :class:`RecordPrepared`: the same cleaning as a file, and its fields.

Pure, like :func:`builder.ingestion.rawinput.prepare_bytes`: a record in, a record out, so that ingest can
run it in several processes. The original kept for it is the record itself as JSON
(``content/sources/<slug>.json``); its SHA-256 is how a later ingest recognises it, and its url
(``key``) how a later ingest finds the article of a record whose text changed since.

Every field is normalised first: bidi control characters out, no-break and other odd spaces made
plain spaces. The title, source and author lose any markup, entities decoded (``&quot;`` → ``"``);
a text that holds HTML paragraphs goes through the page extraction (:mod:`builder.ingestion.htmltext`), any
other markup and entities through the cleaning rules (rule ``markup``, recorded).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from json.encoder import encode_basestring as _string  # C, as json.dumps(ensure_ascii=False) encodes a string
from dataclasses import dataclass
from typing import Any

from builder.extract.arabic import has_arabic
from builder.ingestion.boilerplate import Hints
from builder.ingestion.htmltext import NoArticle, extract_page, plain, visible_text
from builder.ingestion.rawinput import Prepared, Refused, checked_clean, too_large
from builder.ingestion.recorddates import read_date
from builder.ingestion.recordfields import Fields, field_text

__all__ = ["RecordPrepared", "prepare_record"]

# Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates) go; odd spaces become spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_INVISIBLE.update(dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " "))
_ODD = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_BLOCK_TAGS = re.compile(r"<(?:p|br|div|li|h[1-6]|article|section|table|tr|blockquote)\b[^<>]*>", re.IGNORECASE)
_WEB = re.compile(r"https?://\S+\Z")


@dataclass(frozen=True, slots=True)
class RecordPrepared(Prepared):
    """A record read and cleaned: a :class:`Prepared`, and what a record gives besides."""

    source_url: str = ""
    author: str = ""
    key: str = ""  # SHA-256 of the record's url: finds its article again when the record changes
    notes: tuple[str, ...] = ()  # what was left out and why (a date that cannot be read)

    def __reduce__(self):  # all the fields, the parent's too (its own __reduce__ sees only its slots)
        return type(self), tuple(getattr(self, f.name) for f in dataclasses.fields(self))


def _json(record: dict[str, Any]) -> str:
    """``json.dumps(record, ensure_ascii=False, indent=2)``: the kept original. A record of strings (the
    usual export) is written here with json's C string encoder; json's indented writer is all Python."""
    if not record or not all(type(k) is str and type(v) is str for k, v in record.items()):
        return json.dumps(record, ensure_ascii=False, indent=2)
    return "{\n" + ",\n".join(f"  {_string(k)}: {_string(v)}" for k, v in record.items()) + "\n}"


def prepare_record(record: dict[str, Any], fields: Fields, encoding: str, max_bytes: int,
                   hints: Hints | None = None) -> RecordPrepared:
    """Read and clean one record; :class:`Refused` says why not (``no text``…). ``hints``: its lines the
    corpus shows to be a footer or a teaser (:mod:`builder.ingestion.boilerplate`)."""
    data = (_json(record) + "\n").encode("utf-8")
    if len(data) > max_bytes:
        raise Refused(too_large(len(data), max_bytes))

    def value(field: str, joiner: str = "\n") -> str:
        text = field_text(fields.get(record, field), joiner)
        return text.translate(_INVISIBLE) if _ODD.search(text) else text  # translate() is slow: only when needed

    text = value("text")
    if not text.strip():
        raise Refused("no text")
    title = plain(value("title", " "))
    html: dict = {}
    if _BLOCK_TAGS.search(text):
        try:
            page = extract_page(text)
        except NoArticle as exc:
            raise Refused(str(exc)) from None
        # trafilatura counts no words in a fragment: count them, with the title the record gives beside it
        words = page.page_words or len(visible_text(text).split()) + len(title.split())
        html = {"extractor": page.extractor, "page_words": words, "kept_words": 0}
        text, title = page.text, title or plain(page.title)
    if not has_arabic(text):
        raise Refused("no Arabic text (this tool imports Arabic articles)")
    cleaned = checked_clean(text, title_hint=title, hint_from="record", hints=hints)
    if html:
        html["kept_words"] = len(cleaned.title.split()) + sum(len(b.text.split()) for b in cleaned.blocks)
    notes = []
    written = " ".join(value("date", " ").split())
    date, problem = read_date(written)
    date_from = "record" if date else ""
    if problem:
        notes.append(f"date {written!r} cannot be read ({problem}); left out")
    elif not written and cleaned.date:
        date, date_from = cleaned.date, cleaned.date_from
    source, source_from = plain(value("source", " ")), "record"
    if not source:
        source, source_from = cleaned.outlet, cleaned.outlet_from
    url = value("url", " ").strip()
    source_url = url if _WEB.match(url) else ""
    if url and not source_url:
        notes.append(f"url {url!r} is not a web address (http:// or https://); left out of source_url")
    return RecordPrepared(
        hashlib.sha256(data).hexdigest(), ".json", encoding, "", "record", cleaned, cleaned.title, date, date_from,
        source, source_from if source else "", "", html, data,
        source_url=source_url,
        author=plain(value("author", ", ")),
        key=hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest() if url else "",
        notes=tuple(notes),
    )
