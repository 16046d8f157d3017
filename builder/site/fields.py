"""The fields of an article's front matter and of a knowledge-base file: YAML read, each value
checked, every problem added at its line with what to do.

A value of the wrong type, a name that is not one of those allowed (with the nearest as a "did you
mean"), an empty item in a list, a date that does not exist: each is a :class:`SiteError` at
``file:line``, never an exception of YAML's or Python's own. The YAML loader is made for it: a value
YAML cannot make (``2020-13-45`` read as a date, ``!!int x``) is an error at its line, a date that
does not exist stays text for the field to say why, and a key given twice is an error (YAML keeps
the last one without a word).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from builder.errors import Location, Problems, SiteError
from builder.extract.suggest import did_you_mean

Where = Callable[[str], Location]

try:  # the C parser is ~8x faster; fall back where libyaml is missing
    _BASE: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BASE = yaml.SafeLoader


class _GivenTwice(ConstructorError):
    def __init__(self, key: str, first: yaml.Mark, mark: yaml.Mark):
        super().__init__(None, None, f"{key!r} is given twice", mark)
        self.key, self.first = key, first


class YamlLoader(_BASE):  # type: ignore[misc, valid-type]
    """Every YAML file the builder reads goes through it (front matter, knowledge base, interface
    strings, evaluation cases)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. `!!int abc`, `!!float x`
            raise ConstructorError(None, None, f"cannot read {node.value!r} ({exc})", node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = key_node.value
                if key in seen:
                    raise _GivenTwice(key, seen[key].start_mark, key_node.start_mark)
                seen[key] = key_node
        return super().construct_mapping(node, deep)


def _timestamp(loader: YamlLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2024-02-30) stays text: the field that reads it says why."""
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

_UNCLOSED = {
    "while scanning a quoted scalar": "a quote opened here is never closed",
    "while parsing a flow sequence": "a '[' opened here is never closed",
    "while parsing a flow mapping": "a '{' opened here is never closed",
}


def parse_yaml(text: str, path: Path, line_offset: int) -> Any:
    """YAML → Python values; a problem is a SiteError at its line (``line_offset`` lines come before
    ``text`` in the file). A quote or bracket never closed is reported where it opens."""
    try:
        return yaml.load(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        context = exc.context or ""
        if context in _UNCLOSED and exc.context_mark is not None:
            raise SiteError(f"invalid YAML: {_UNCLOSED[context]}", Location(path, exc.context_mark.line + 1 + line_offset),
                            "close it on the same line") from None
        line = exc.problem_mark.line + 1 + line_offset if exc.problem_mark else None
        if isinstance(exc, _GivenTwice):
            raise SiteError(f"invalid YAML: {exc.key!r} is given twice (first on line {exc.first.line + 1 + line_offset})",
                            Location(path, line), "keep one of them") from None
        raise SiteError(f"invalid YAML: {exc.problem or exc}", Location(path, line),
                        "check indentation and put text containing ':' in quotes") from None
    except yaml.YAMLError as exc:
        raise SiteError(f"invalid YAML: {exc}", Location(path)) from None
    except RecursionError:
        raise SiteError("invalid YAML: nested too deeply", Location(path)) from None


def line_of_key(text: str, key: str, offset: int) -> int | None:
    """The line where top-level ``key:`` is written (quoted or not), ``offset`` lines before ``text``."""
    pattern = re.compile(rf"^(?:{re.escape(key)}|'{re.escape(key)}'|\"{re.escape(key)}\")\s*:")
    for number, line in enumerate(text.split("\n"), 1):
        if pattern.match(line):
            return number + offset
    return None


def unknown_keys(data: dict, known: Iterable[str], what: str, where: Where, problems: Problems) -> None:
    """An unknown key is an error at its line, with the closest known one as a suggestion."""
    known = sorted(known)
    for key in data:
        if key not in known:
            hint = did_you_mean(str(key), known) or "known fields: " + ", ".join(known)
            problems.add(f"unknown {what} {str(key)!r}", where(str(key)), hint)


def describe(value: Any) -> str:
    """What YAML made of a value, in words."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML's yes/no)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def text_field(data: dict, key: str, where: Where, problems: Problems, required: bool = False) -> str:
    """Text (a number is taken as text), white space collapsed. Empty is allowed unless ``required``."""
    value = data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if value is not None and not isinstance(value, str):
        problems.add(f"{key} must be text, not {describe(value)}", where(key), "put it in quotes")
        return ""
    text = " ".join((value or "").split())
    if not text and required:
        if key in data:
            problems.add(f"{key!r} is empty", where(key), f"write it after '{key}:'")
        else:
            problems.add(f"missing {key!r}", where(next(iter(data), key)), f"add '{key}: …'")
    return text


def text_list(data: dict, key: str, where: Where, problems: Problems) -> tuple[str, ...]:
    """A list of text (a single value is a list of one); duplicates dropped; an empty item or one
    that is not text is an error."""
    value = data.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    cleaned: list[str] = []
    for item in items:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if item is not None and not isinstance(item, str):
            problems.add(f"{key} must be a list of text; it holds {describe(item)}", where(key), "put each item in quotes")
            return ()
        item = " ".join((item or "").split())
        if not item:
            problems.add(f"{key} has an empty item", where(key), "remove it")
            continue
        if item not in cleaned:
            cleaned.append(item)
    return tuple(cleaned)


def choice(value: str, allowed: Iterable[str], label: str, where: Location, problems: Problems) -> bool:
    """Whether ``value`` is one of ``allowed``; if not, an error with the nearest as a suggestion."""
    allowed = tuple(allowed)
    if value in allowed:
        return True
    problems.add(f"{label} {value!r} is not one of: {', '.join(allowed)}", where, did_you_mean(value, allowed))
    return False


def bool_field(data: dict, key: str, where: Where, problems: Problems) -> bool:
    value = data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(f"{key} must be true or false, not {describe(value)}", where(key))
        return False
    return value


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_date(value: Any) -> tuple[dt.date | None, str, str]:
    """(date, "", "") for a date or text ``YYYY-MM-DD``; else (None, problem, hint)."""
    if isinstance(value, dt.datetime):
        return value.date(), "", ""
    if isinstance(value, dt.date):
        return value, "", ""
    text = value.strip() if isinstance(value, str) else ""
    match = _YMD.match(text)
    if match:
        year, month, day = map(int, match.groups())
        if year < 1:
            return None, f"{text} does not exist: there is no year 0", "write the year in four digits: YYYY-MM-DD"
        if not 1 <= month <= 12:
            return None, f"{text} does not exist: there is no month {month}", "the month comes second: YYYY-MM-DD"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return None, f"{text} does not exist: {_MONTHS[month - 1]} {year} has {days} days", "check the day"
        if match.end() == len(text):
            return dt.date(year, month, day), "", ""
    if text:
        try:
            return dt.date.fromisoformat(text), "", ""
        except ValueError:
            pass
    return None, f"{value!r} is not a date", "write it as YYYY-MM-DD, e.g. 2024-12-29"


def date_field(data: dict, key: str, where: Where, problems: Problems) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    date, problem, hint = read_date(value)
    if problem:
        problems.add(f"{key} {problem}", where(key), hint)
    return date
