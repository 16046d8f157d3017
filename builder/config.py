"""site.toml → a frozen :class:`SiteConfig`, validated on load.

Every key is declared once in ``_SCHEMA`` with its type and a check. An unknown
key, a wrong type or a bad value is a :class:`SiteError` naming ``site.toml``,
the line of the key, and the fix (with a "did you mean" for typos).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from builder import __version__
from builder.errors import Location, Problems, SiteError
from builder.extract.suggest import closest

CONFIG_NAME = "site.toml"
DISTRIBUTION = "arabic-research-site"  # the package name pip knows the tool by

# The site-folder format this version reads (``format = 1`` in site.toml). Bump it only when a site
# made by an older version must change to build; then say in UPGRADES exactly what to change.
SITE_FORMAT = 1
FIRST_FORMAT = 1  # a site.toml without ``format`` was made before the key existed
# Articles per search-index piece: an edit re-indexes its piece (about 2 s for 500), a query loads every
# piece's small metadata (see docs/search.md and docs/performance.md for the measured trade-off).
SEARCH_PIECE_SIZE = 500
# format n → the steps that take a site from format n to n + 1, in words a researcher can follow.
# Formats with no steps here need none: such sites build as they are.
UPGRADES: dict[int, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class EventSettings:
    """Thresholds of the copy and same-event search (``[events]`` in site.toml; docs/events.md says
    how they were chosen). Kept here, not in events.py, so that reading the settings does not
    import numpy and scipy (0.2 s of every command's start)."""

    window_days: int = 1
    min_shared: int = 1
    min_cosine: float = 0.30  # TF-IDF cosine of the two openings (title and first words)
    same_source_cosine: float = 0.60  # two articles of one outlet need this much: an outlet's follow-ups share its wording
    later_day_cosine: float = 0.45  # two articles of different days need this much: the next day brings follow-ups
    copy_threshold: float = 0.8
    max_block: int = 200  # an actor named in more articles than this inside one window does not block


@dataclass(frozen=True, slots=True)
class SiteConfig:
    root: Path  # the folder holding site.toml; relative paths resolve against it
    title: str
    description: str
    language: str
    direction: str
    base_url: str  # as written: "/" or "/sub/" or "https://host/sub/"
    content_dir: Path
    output_dir: Path
    templates_dir: Path
    static_dir: Path
    entity_page_size: int
    home_latest: int
    related_count: int
    search: bool
    ingest_max_bytes: int = 5 * 1024 * 1024  # files larger than this are refused by ingest
    events: EventSettings = EventSettings()  # same-event and copy detection thresholds
    search_piece_size: int = SEARCH_PIECE_SIZE  # articles per search index piece (memory stays bounded)
    search_merged: bool = False  # the browser searches one index merged from the pieces (builder/search/merge.py)
    numerals: str = "western"  # digits on the pages: "western" (0-9) or "arabic-indic" (٠-٩)
    show_english_names: bool = True  # entity pages and indexes show name_en beside the name
    data_compress: bool = False  # data/articles.json and data/mentions.csv written gzipped (.gz)
    data_originals: bool = True  # each article's original published as sources/<slug>.txt and linked
    format: int = SITE_FORMAT  # the site.toml format the site was written for

    @property
    def base_path(self) -> str:
        """The URL path every internal link starts with, always ending in '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def absolute_base(self) -> str | None:
        """``https://host/sub/`` when base_url is absolute, else None."""
        parts = urlsplit(self.base_url)
        if not parts.scheme:
            return None
        return f"{parts.scheme}://{parts.netloc}{self.base_path}"

    def with_base_url(self, base_url: str) -> "SiteConfig":
        problem = _check_base_url(base_url)
        if problem:
            raise SiteError(f"--base-url {base_url!r}: {problem}")
        return replace(self, base_url=base_url)


def _check_base_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return "must start with http://, https:// or /"
    if parts.scheme and not parts.netloc:
        return "an absolute base_url needs a host, e.g. https://user.github.io/repo/"
    if not parts.scheme and not value.startswith("/"):
        return 'must be "/", a path such as "/repo/", or a full URL'
    if parts.query or parts.fragment:
        return "must not carry a query or a fragment"
    return None


def _positive(value: int) -> str | None:
    return None if value >= 1 else "must be 1 or more"


def _fraction(value: float) -> str | None:
    return None if 0.0 < value <= 1.0 else "must be between 0 and 1"


def _one_of(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in allowed else "must be one of " + ", ".join(f'"{a}"' for a in allowed)

    return check


def _language(value: str) -> str | None:
    return None if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value) else 'must be a language tag such as "ar"'


def _relative_dir(value: str) -> str | None:
    return None if value.strip() and not Path(value).is_absolute() else "must be a folder relative to site.toml"


def _non_empty(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


_EVENTS = EventSettings()  # the defaults

# (section, key) → (python type, check, default). A default of ... means required.
_SCHEMA: dict[tuple[str, str], tuple[type, Callable[[Any], str | None] | None, Any]] = {
    ("", "title"): (str, _non_empty, ...),
    ("", "description"): (str, None, ""),
    ("", "language"): (str, _language, "ar"),
    ("", "direction"): (str, _one_of("rtl", "ltr"), "rtl"),
    ("", "base_url"): (str, _check_base_url, "/"),
    ("", "content_dir"): (str, _relative_dir, "content"),
    ("", "output_dir"): (str, _relative_dir, "output"),
    ("", "templates_dir"): (str, _relative_dir, "templates"),
    ("", "static_dir"): (str, _relative_dir, "static"),
    ("", "numerals"): (str, _one_of("western", "arabic-indic"), "western"),
    ("", "format"): (int, _positive, FIRST_FORMAT),
    ("pages", "entity_page_size"): (int, _positive, 20),
    ("pages", "home_latest"): (int, _positive, 10),
    ("pages", "related"): (int, _positive, 5),
    ("pages", "show_english_names"): (bool, None, True),
    ("search", "enabled"): (bool, None, True),
    ("search", "piece_size"): (int, _positive, SEARCH_PIECE_SIZE),
    ("search", "merged"): (bool, None, False),
    ("ingest", "max_bytes"): (int, _positive, 5 * 1024 * 1024),
    ("data", "compress"): (bool, None, False),
    ("data", "originals"): (bool, None, True),
    ("events", "window_days"): (int, _positive, _EVENTS.window_days),
    ("events", "min_shared"): (int, _positive, _EVENTS.min_shared),
    ("events", "min_cosine"): (float, _fraction, _EVENTS.min_cosine),
    ("events", "same_source_cosine"): (float, _fraction, _EVENTS.same_source_cosine),
    ("events", "later_day_cosine"): (float, _fraction, _EVENTS.later_day_cosine),
    ("events", "copy_threshold"): (float, _fraction, _EVENTS.copy_threshold),
}
_SECTIONS = {section for section, _ in _SCHEMA if section}
_TYPE_NAMES = {str: "a string in quotes", int: "a whole number", bool: "true or false", float: "a number"}


def setting_defaults() -> dict[tuple[str, str], Any]:
    """Every setting as (section, key), in schema order, with its default (``...`` when required)."""
    return {key: default for key, (_, _, default) in _SCHEMA.items()}


def find_config(start: Path) -> Path:
    path = start / CONFIG_NAME if start.is_dir() else start
    if not path.is_file():
        raise SiteError(
            f"no {CONFIG_NAME} here",
            Location(path),
            "run the command in a site folder, or pass --config PATH",
        )
    return path


def load_config(path: Path) -> SiteConfig:
    """Read and validate ``site.toml``; raise one SiteError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"cannot read: {exc}", Location(path), "save it as UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_from_toml_error(str(exc))
        raise SiteError(
            f"not valid TOML: {str(exc).split(' (at line')[0]}",
            Location(path, line),
            'check the quotes and "=" signs on that line',
        ) from None

    problems = Problems(CONFIG_NAME)
    values: dict[str, Any] = {}
    flat = _flatten(data)
    for (section, key), value in flat.items():
        where = Location(path, _line_of(text, section, key))
        dotted = f"{section}.{key}" if section else key
        if (section, key) not in _SCHEMA and not section and isinstance(value, dict):
            problems.add(f"unknown section [{key}]", where, _section_hint(key))
            continue
        if (section, key) not in _SCHEMA:
            problems.add(f"unknown setting {dotted!r}", where, _suggest(section, key))
            continue
        kind, check, _ = _SCHEMA[(section, key)]
        if kind is float and type(value) is int:
            value = float(value)
        if type(value) is not kind:
            problems.add(f"{dotted} must be {_TYPE_NAMES[kind]}, not {value!r}", where)
            continue
        problem = check(value) if check else None
        if problem:
            problems.add(f"{dotted} {problem} (got {value!r})", where)
            continue
        values[dotted] = value
    for (section, key), (_, _, default) in _SCHEMA.items():
        dotted = f"{section}.{key}" if section else key
        if (section, key) not in flat:
            if default is ...:
                problems.add(f"missing required setting {dotted!r}", Location(path), f'add a line: {key} = "…"')
            else:
                values[dotted] = default
    if "format" in values:
        problem = format_problem(values["format"])
        if problem:
            message, hint = problem
            problems.add(message, Location(path, _line_of(text, "", "format")), hint)
    problems.raise_if_any()

    root = path.parent.resolve()
    _check_output_dir(root, values, path)
    return SiteConfig(
        root=root,
        title=values["title"],
        description=values["description"],
        language=values["language"],
        direction=values["direction"],
        base_url=values["base_url"],
        content_dir=root / values["content_dir"],
        output_dir=root / values["output_dir"],
        templates_dir=root / values["templates_dir"],
        static_dir=root / values["static_dir"],
        entity_page_size=values["pages.entity_page_size"],
        home_latest=values["pages.home_latest"],
        related_count=values["pages.related"],
        search=values["search.enabled"],
        search_piece_size=values["search.piece_size"],
        search_merged=values["search.merged"],
        ingest_max_bytes=values["ingest.max_bytes"],
        events=EventSettings(
            window_days=values["events.window_days"],
            min_shared=values["events.min_shared"],
            min_cosine=values["events.min_cosine"],
            same_source_cosine=values["events.same_source_cosine"],
            later_day_cosine=values["events.later_day_cosine"],
            copy_threshold=values["events.copy_threshold"],
        ),
        numerals=values["numerals"],
        show_english_names=values["pages.show_english_names"],
        data_compress=values["data.compress"],
        data_originals=values["data.originals"],
        format=values["format"],
    )


def format_problem(
    found: int, current: int = SITE_FORMAT, upgrades: dict[int, tuple[str, ...]] = UPGRADES
) -> tuple[str, str] | None:
    """(message, hint) when a site of format ``found`` cannot be built by a tool reading ``current``."""
    if found > current:
        return (
            f"format = {found} needs a newer version of this tool (this is {__version__}, which reads format "
            f"{current} and older)",
            f"upgrade it: python -m pip install --upgrade {DISTRIBUTION}",
        )
    steps = [step for n in range(found, current) for step in upgrades.get(n, ())]
    if not steps:
        return None
    numbered = " ".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return (
        f"format = {found} is an older site format; this version ({__version__}) reads format {current}",
        f"to upgrade the site: {numbered} Then set format = {current}",
    )


def _check_output_dir(root: Path, values: dict[str, Any], path: Path) -> None:
    """The build replaces output_dir whole: it must be a folder of its own inside the site, holding no input."""
    output = (root / values["output_dir"]).resolve()
    inputs = [root / values[k] for k in ("content_dir", "templates_dir", "static_dir")]
    unsafe = (
        output == root
        or root not in output.parents
        or any(output == i.resolve() or output in i.resolve().parents or i.resolve() in output.parents for i in inputs)
    )
    if unsafe:
        raise SiteError(
            f"output_dir {values['output_dir']!r} would replace the site's own files",
            Location(path, _line_of(path.read_text(encoding="utf-8"), "", "output_dir")),
            'use a folder of its own inside the site, e.g. output_dir = "output"',
        )


def _flatten(data: dict[str, Any]) -> dict[tuple[str, str], Any]:
    flat: dict[tuple[str, str], Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key in _SECTIONS:
            for sub, sub_value in value.items():
                flat[(key, sub)] = sub_value
        else:
            flat[("", key)] = value
    return flat


def _suggest(section: str, key: str) -> str:
    known = [f"{s}.{k}" if s else k for s, k in _SCHEMA]
    dotted = f"{section}.{key}" if section else key
    close = difflib.get_close_matches(dotted, known, n=1, cutoff=0.6)
    if not close:
        close = [k for k in known if k.split(".")[-1] == key]
    if close:
        return f"did you mean {close[0]!r}?"
    return "remove it; known settings are listed in docs/content.md"


def _section_hint(name: str) -> str:
    close = closest(name, _SECTIONS, limit=1)
    if close:
        return f"did you mean [{close[0]}]?"
    return "known sections: " + ", ".join(f"[{s}]" for s in sorted(_SECTIONS)) + "; others are not read: remove it"


def _line_from_toml_error(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


def _line_of(text: str, section: str, key: str) -> int | None:
    """The 1-based line where ``key`` is set inside ``[section]`` (or at top level)."""
    current = ""
    key_pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            current = header.group(1).strip()
            if not section and current == key:
                return number
            continue
        if current == section and key_pattern.match(line):
            return number
    return None
