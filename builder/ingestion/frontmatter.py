"""An article's front matter, written as ``yaml.dump`` writes it, several times faster.

``yaml.dump(meta, allow_unicode=True, sort_keys=False, width=10_000)`` spent more time in PyYAML's
representer (a Python call for every node and every scalar's tag) than ingest spent cleaning some
texts. The front matter ingest writes has one shape — mappings of strings and numbers, lists of
strings or of such mappings — so :func:`dump` writes that block layout itself (two spaces a level,
a list's dashes under its key, ``[]`` and ``{}`` when empty) and each string plain when libyaml
would: printable, on one line, no indicator at its start, no ``": "`` nor ``" #"`` inside, no
leading or trailing space, and a first character no implicit type starts with (``yes``, ``12``,
``2018-01-02`` are written quoted). Any other string goes through yaml alone; any other shape, a
string on several lines or one long enough to be folded, through ``yaml.dump`` whole. The unit
tests compare the two on awkward strings and shapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml

__all__ = ["dump"]

try:  # libyaml's emitter: the text ingest has always written
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper

_WIDTH = 10_000
_LONG = 1_000  # longer strings are left to yaml, which folds a line at the width
# Characters libyaml does not write as they are (allow_unicode): not printable (its test knows no
# character beyond U+FFFF), line breaks, the BOM; a string holding one is left to yaml (double quotes).
_SPECIAL = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")  # a string on several lines: its indentation depends on where it stands
_INSIDE = re.compile(": | #|:$")  # indicators inside a string: it is written quoted
_INDICATOR = frozenset("#,[]{}&*!|>'\"%@` ")  # a string starting with one is written quoted
_UNSURE = frozenset("-?:.")  # an indicator at the start only when followed by a space (or "---", "..."): left to yaml
_KEY = re.compile("[a-z_][a-z0-9_]*")  # the keys ingest writes: plain as they are
_IMPLICIT = {first: tuple(regexp for _tag, regexp in resolvers)  # null, bool, int, float, timestamp…
             for first, resolvers in _Dumper.yaml_implicit_resolvers.items() if first}


class _Unusual(Exception):
    """A value this module does not write itself: yaml.dump writes the whole mapping."""


def dump(meta: Mapping) -> str:
    """``yaml.dump(meta, Dumper=CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)``."""
    out: list[str] = []
    try:
        _mapping(meta, "", out)
    except _Unusual:
        return yaml.dump(dict(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=_WIDTH)
    return "".join(out)


def _mapping(meta: Mapping, pad: str, out: list[str], first: str | None = None) -> None:
    """Each key at ``pad``; the first after ``first`` instead when given (a list item's ``- ``)."""
    for key, value in meta.items():
        if type(key) is not str or not _KEY.fullmatch(key):
            raise _Unusual
        lead = pad if first is None else first
        first = None
        if isinstance(value, Mapping):
            if not value:
                out.append(f"{lead}{key}: {{}}\n")
            else:
                out.append(f"{lead}{key}:\n")
                _mapping(value, pad + "  ", out)
        elif isinstance(value, (list, tuple)):
            if not value:
                out.append(f"{lead}{key}: []\n")
            else:
                out.append(f"{lead}{key}:\n")
                _sequence(value, pad, out)
        else:
            out.append(f"{lead}{key}: {_scalar(value)}\n")


def _sequence(items, pad: str, out: list[str]) -> None:
    """A list under a mapping's key: its dashes at the key's indentation."""
    for item in items:
        if isinstance(item, Mapping) and item:
            _mapping(item, pad + "  ", out, first=f"{pad}- ")
        elif isinstance(item, (Mapping, list, tuple)):
            raise _Unusual
        else:
            out.append(f"{pad}- {_scalar(item)}\n")


def _scalar(value) -> str:
    """A string plain, or in single quotes, as libyaml writes it on one line."""
    if type(value) is int:
        return str(value)
    if type(value) is not str or len(value) > _LONG or _BREAKS.search(value):
        raise _Unusual
    if not value:
        return "''"
    first = value[0]
    if first in _UNSURE or _SPECIAL.search(value):
        return _yaml_scalar(value)
    if (first in _INDICATOR or value[-1] == " " or _INSIDE.search(value)
            or any(regexp.match(value) for regexp in _IMPLICIT.get(first, ()))):
        return "'" + value.replace("'", "''") + "'"
    return value


def _yaml_scalar(value: str) -> str:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=_WIDTH)
    text = text[:-5] if text.endswith("\n...\n") else text[:-1]
    if _BREAKS.search(text):  # folded after all
        raise _Unusual
    return text
