"""Which of a record's fields is its title, date, text, url, source and author.

Found by their common names, compared without regard to case (``Title``, ``HEADLINE``);
``--map FIELD=NAME`` names others. :func:`find_fields` decides once for a set of field names
(a CSV header, a JSON record's keys); :func:`field_text` turns a value into one string.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from builder.errors import SiteError

__all__ = ["COMMON_NAMES", "FIELDS", "Fields", "field_text", "find_fields", "parse_map"]

COMMON_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "title": ("title", "headline", "head_line"),
    "date": ("date", "published", "published_at", "pubdate", "datetime", "time"),
    "text": ("text", "content", "body", "article"),
    "url": ("url", "link", "source_url"),
    "source": ("source", "outlet", "site", "publisher", "newspaper"),
    "author": ("author", "byline"),
})
FIELDS = tuple(COMMON_NAMES)


@dataclass(frozen=True, slots=True)
class Fields:
    """Each article field → the record's key that holds it (absent: the record has none)."""

    keys: Mapping[str, str]  # a plain dict, never changed (it travels to worker processes)

    def get(self, record: Mapping, field: str) -> object:
        key = self.keys.get(field)
        return record.get(key) if key is not None else None


def parse_map(values: Iterable[str]) -> dict[str, str]:
    """``--map date=date_extracted,text=body`` (given once or several times) → {field: name}."""
    mapping: dict[str, str] = {}
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            field, equals, name = pair.partition("=")
            field, name = field.strip().lower(), name.strip()
            if not equals or not name:
                raise SiteError(f"--map {pair.strip()!r} is not FIELD=NAME",
                                hint="e.g. --map date=date_extracted,text=body")
            if field not in COMMON_NAMES:
                raise SiteError(f"--map names an unknown field {field!r}", hint=f"the fields are {_listed(FIELDS)}")
            mapping[field] = name
    return mapping


def find_fields(names: Iterable[str], mapping: Mapping[str, str]) -> Fields | str:
    """The fields among ``names`` (a header, a record's keys), or why the file cannot be imported."""
    names = [name for name in names if isinstance(name, str)]
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.strip().lower(), name)
    keys: dict[str, str] = {}
    for field, name in mapping.items():
        if name.lower() not in by_lower:
            return f"--map {field}={name}: no field {name!r} here; its fields are {_listed(names)}"
        keys[field] = by_lower[name.lower()]
    taken = set(keys.values())
    for field, candidates in COMMON_NAMES.items():
        if field in keys:
            continue
        for candidate in candidates:
            key = by_lower.get(candidate)
            if key is not None and key not in taken:
                keys[field] = key
                taken.add(key)
                break
    if "text" not in keys:
        return (f"no text field ({_listed(COMMON_NAMES['text'])}); its fields are {_listed(names) or 'none'}: "
                "name the one that holds the text with --map text=NAME")
    return Fields(keys)


def field_text(value: object, joiner: str = "\n") -> str:
    """A value as text: strings as they are, numbers written out, a list of strings joined (paragraphs)."""
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) or item is None for item in value):
        return joiner.join(field_text(item) for item in value if item is not None)
    return json.dumps(value, ensure_ascii=False)


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names)
