"""Interface strings: the theme's file for the site's language, overridden key by key by the site's own.

Arabic (``ar.yaml``) is the default and English (``en.yaml``) has exactly its keys. A site adds a
language with ``i18n/<language>.yaml`` in its folder; a key that file lacks is shown in English and
:func:`untranslated` names it, so a half-translated site builds and says what is left to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from builder.config import SiteConfig
from builder.site.content import YAML_LOADER
from builder.errors import Location, SiteError
from builder.render.numerals import month_names

THEME = Path(__file__).resolve().parent.parent / "theme"
FALLBACK = "en"  # a key a language's file lacks is shown in English (and `build` names it)
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})  # CLDR categories


def language_files(config: SiteConfig) -> list[Path]:
    """The interface-string files for the site's language that exist, later ones overriding earlier:
    the theme's, then the site's own ``i18n/`` (for ``ar-EG``: ``ar.yaml`` first, then ``ar-EG.yaml``)."""
    tags = dict.fromkeys((config.language.split("-")[0], config.language))
    return [
        folder / f"{tag}.yaml"
        for folder in (THEME / "i18n", config.root / "i18n")
        for tag in tags
        if (folder / f"{tag}.yaml").is_file()
    ]


def load_strings(config: SiteConfig) -> dict[str, Any]:
    """The interface strings: the theme's file for the site language, then the site's own overrides;
    any key still missing is taken from the English file."""
    strings = _language_strings(config)
    if config.language.split("-")[0] != FALLBACK:
        _fill(strings, _read(THEME / "i18n" / f"{FALLBACK}.yaml"))
    return strings


def untranslated(config: SiteConfig) -> list[str]:
    """One warning naming every key the site language's files lack (the page shows English there)."""
    if config.language.split("-")[0] == FALLBACK:
        return []
    missing = _missing(_read(THEME / "i18n" / f"{FALLBACK}.yaml"), _language_strings(config))
    if not missing:
        return []
    files = language_files(config)
    where = files[-1].relative_to(config.root) if files[-1].is_relative_to(config.root) else files[-1]
    shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    return [
        f"{where}: {len(missing)} interface string{'s' if len(missing) != 1 else ''} missing, shown in English: "
        f"{shown} (copy them from {THEME / 'i18n' / (FALLBACK + '.yaml')} and translate them)"
    ]


def _language_strings(config: SiteConfig) -> dict[str, Any]:
    files = language_files(config)
    if not files:
        raise SiteError(
            f"no interface strings for language {config.language!r}",
            Location(config.root / "site.toml"),
            f"add i18n/{config.language}.yaml to the site folder: copy {THEME / 'i18n' / 'en.yaml'} and translate it",
        )
    strings: dict[str, Any] = {"months": month_names(config.language)}  # CLDR's, unless a file names them
    for path in files:
        _merge(strings, _read(path))
    return strings


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteError(f"invalid YAML: {exc}", Location(path, mark.line + 1 if mark else None)) from None
    if not isinstance(data, dict):
        raise SiteError("not a table of interface strings", Location(path, 1), "write one `key: text` a line")
    return data


def is_plural(value: Any) -> bool:
    """A table of plural forms (``{one: …, other: …}``): a language fills in the forms it has."""
    return isinstance(value, dict) and "other" in value and set(value) <= PLURAL_FORMS


def _missing(reference: dict[str, Any], strings: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted keys of ``reference`` that ``strings`` lacks (a plural table counts as one string)."""
    out = []
    for key, value in reference.items():
        if key not in strings:
            out.append(prefix + key)
        elif isinstance(value, dict) and not is_plural(value) and isinstance(strings[key], dict):
            out += _missing(value, strings[key], f"{prefix}{key}.")
    return out


def _fill(into: dict[str, Any], fallback: dict[str, Any]) -> None:
    """Add what ``into`` lacks from ``fallback``, nested tables too (a plural table is kept whole)."""
    for key, value in fallback.items():
        if key not in into:
            into[key] = value
        elif isinstance(value, dict) and not is_plural(value) and isinstance(into[key], dict):
            _fill(into[key], value)


def _merge(into: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Overrides win key by key, nested tables too (a site may override one kind's label)."""
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


# Letters written right to left (Hebrew, Arabic and its supplements and presentation forms), and left
# to right (Latin, Greek, Cyrillic): what decides how a string sits among others.
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def text_direction(text: str, site: str) -> str:
    """``rtl`` or ``ltr``: the direction of its letters, or the site's (``site``) for a string that
    mixes both or has neither."""
    rtl, ltr = bool(_RTL_LETTER.search(text)), bool(_LTR_LETTER.search(text))
    return site if rtl == ltr else "rtl" if rtl else "ltr"


def isolate(text: str, site: str) -> Markup:
    """``text`` escaped, set apart in ``<bdi dir>`` when it holds letters written the other way from
    the site (a Latin name on an Arabic page): it then keeps its own order and brackets and never runs
    into the words, numbers and signs printed beside it. Text in the site's script alone is left as is."""
    opposite = _LTR_LETTER if site == "rtl" else _RTL_LETTER
    if not opposite.search(text):
        return Markup(escape(text))
    return Markup('<bdi dir="{}">{}</bdi>').format(text_direction(text, site), text)
