"""The hand-labelled evaluation set: cases, their gold mentions and traps, read from YAML with
every problem named by file and line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.site.content import YAML_LOADER
from builder.errors import Location, Problems, SiteError
from builder.site.records import Entity


def field_value(value: Any) -> Any:
    """A YAML value as an :class:`Entity` field: text, flag, or tuple of text; None if it is none of these."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int, float)):
        return text_of(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return texts_of(value)
    return None


def text_of(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return " ".join(str(value).split())


def texts_of(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = text_of(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


# Gold labels ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    entity: str
    surface: str
    start: int  # offsets in the case text
    end: int
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trap:
    """A look-alike that must not be tagged; used to explain false positives."""

    surface: str
    start: int
    end: int
    why: str
    like: str  # the entry it resembles, "" for any
    hard: bool  # the planned rules cannot tell it apart either


@dataclass(frozen=True, slots=True)
class Paragraph:
    anchor: str
    start: int  # offset of the paragraph in the case text
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    date: dt.date | None
    about: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    mentions: tuple[GoldMention, ...]
    traps: tuple[Trap, ...]
    entities: frozenset[str]


def find_occurrence(text: str, surface: str, occurrence: int) -> int:
    """Offset of the ``occurrence``-th (0-based) appearance of ``surface`` in ``text``, counting every
    appearance (inside longer words too); -1 if there are not that many."""
    index = text.find(surface)
    for _ in range(occurrence):
        if index == -1:
            break
        index = text.find(surface, index + 1)
    return index


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines, with their offsets in ``text``."""
    paragraphs: list[Paragraph] = []
    position = 0
    for chunk in [*_BLANK_LINES.split(text)]:
        start = text.index(chunk, position) if chunk else position
        position = start + len(chunk)
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            paragraphs.append(Paragraph(f"p-{len(paragraphs) + 1}", offset, stripped))
    return tuple(paragraphs)


def load_cases(path: Path, known: Mapping[str, Entity] | None = None) -> tuple[Case, ...]:
    """Read and check ``cases.yaml``: every surface found where its occurrence says, inside one
    paragraph, no two gold mentions overlapping, ``entities`` equal to the mentioned entries, and
    (given ``known``) every slug in the knowledge base. All problems are raised together."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise SiteError(f"cannot read the cases: {exc}", Location(path)) from None
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise SiteError("expected 'articles:' followed by a list", Location(path, 1))
    problems = Problems(str(path))
    cases: list[Case] = []
    seen: set[str] = set()
    for number, raw in enumerate(articles, 1):
        cid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        where = Location(path, _line_of(path, f"id: {cid}") if cid else None)
        label = cid or f"article #{number}"
        if not isinstance(raw, dict) or not cid or not isinstance(raw.get("text"), str):
            problems.add(f"{label}: needs an id and a text", where)
            continue
        if cid in seen:
            problems.add(f"{label}: id used twice", where)
        seen.add(cid)
        text = raw["text"]
        paragraphs = split_paragraphs(text)
        mentions: list[GoldMention] = []
        for item in raw.get("mentions") or []:
            span = _locate(item, text, paragraphs, label, where, problems)
            if span is None:
                continue
            entity = str(item.get("entity", ""))
            if not entity:
                problems.add(f"{label}: a mention of {item.get('surface')!r} has no entity", where)
                continue
            if known is not None and entity not in known:
                problems.add(f"{label}: {entity!r} is not in the knowledge base", where)
            mentions.append(GoldMention(entity, text[span[0] : span[1]], span[0], span[1], tuple(item.get("tags") or ())))
        mentions.sort(key=lambda m: m.start)
        for a, b in zip(mentions, mentions[1:]):
            if b.start < a.end:
                problems.add(f"{label}: gold mentions {a.surface!r} and {b.surface!r} overlap", where)
        traps: list[Trap] = []
        for item in raw.get("traps") or []:
            span = _locate(item, text, paragraphs, label, where, problems)
            if span is not None:
                traps.append(
                    Trap(text[span[0] : span[1]], span[0], span[1], str(item.get("why", "")), str(item.get("like") or ""), bool(item.get("hard")))
                )
        listed = frozenset(str(e) for e in raw.get("entities") or ())
        mentioned = frozenset(m.entity for m in mentions)
        if "entities" in raw and listed != mentioned:
            missing, extra = sorted(mentioned - listed), sorted(listed - mentioned)
            problems.add(f"{label}: entities differ from the mentions (not listed: {missing}; listed, never mentioned: {extra})", where)
        date = raw.get("date")
        cases.append(
            Case(
                id=cid,
                date=date if isinstance(date, dt.date) else None,
                about=str(raw.get("about", "")),
                text=text,
                paragraphs=paragraphs,
                mentions=tuple(mentions),
                traps=tuple(traps),
                entities=mentioned,
            )
        )
    problems.raise_if_any()
    return tuple(cases)


def _locate(item: Any, text: str, paragraphs, label: str, where: Location, problems: Problems) -> tuple[int, int] | None:
    if not isinstance(item, dict) or not isinstance(item.get("surface"), str) or not item["surface"]:
        problems.add(f"{label}: each mention and trap needs a surface", where)
        return None
    surface, occurrence = item["surface"], item.get("occurrence", 0)
    if not isinstance(occurrence, int) or occurrence < 0:
        problems.add(f"{label}: occurrence of {surface!r} must be 0 or more", where)
        return None
    start = find_occurrence(text, surface, occurrence)
    if start < 0:
        problems.add(f"{label}: {surface!r} does not appear {occurrence + 1} time(s) in the text", where)
        return None
    end = start + len(surface)
    if not any(p.start <= start and end <= p.start + len(p.text) for p in paragraphs):
        problems.add(f"{label}: {surface!r} crosses a paragraph break", where)
        return None
    return start, end


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip().lstrip("- ").startswith(needle):
                return number
    except OSError:
        pass
    return None


# Scoring ----------------------------------------------------------------------
