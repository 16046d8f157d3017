"""Interface strings: the theme's file for the site's language, overridden key by key by the site's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig
from .errors import Location, SiteError

THEME = Path(__file__).parent / "theme"


def load_strings(config: SiteConfig) -> dict[str, Any]:
    """The interface strings: the theme's file for the site language, then the site's own overrides."""
    strings: dict[str, Any] = {}
    for folder in (THEME / "i18n", config.root / "i18n"):
        path = folder / f"{config.language}.yaml"
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SiteError(f"invalid YAML: {exc}", Location(path, mark.line + 1 if mark else None)) from None
        _merge(strings, data)
    if not strings:
        raise SiteError(
            f"no interface strings for language {config.language!r}",
            Location(config.root / "site.toml"),
            f"add i18n/{config.language}.yaml (copy builder/theme/i18n/ar.yaml and translate it)",
        )
    return strings


def _merge(into: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Overrides win key by key, nested tables too (a site may override one kind's label)."""
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def format_date(date: dt.date, months: list[str]) -> str:
    return f"{date.day} {months[date.month - 1]} {date.year}"
