"""Numbers, plural forms and dates as the site writes them, in one place, by CLDR (Babel) for the
site's ``language``, in Western digits (0-9) or Arabic-Indic (٠-٩).

``site.toml``'s ``numerals`` chooses the digits; the templates' ``num``, ``digits`` and ``plural``
filters and the date filters go through here, so every count, page number, year and date on a page
agrees. The plural categories (zero, one, two, few, many, other), the grouping of thousands, the
month names and the order of a date's parts are CLDR's for the language: a site that adds a
language gets them right without writing any rule. A language CLDR does not know is written as
English is (the interface strings fall back to English too).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Mapping, Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import get_date_format, get_month_names
from babel.numbers import format_decimal

NUMERALS = ("western", "arabic-indic")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SYSTEM = {"western": "latn", "arabic-indic": "arab"}  # CLDR's numbering systems: their separators (٬ for arab)
_FALLBACK = "en"


@lru_cache(maxsize=None)
def cldr_locale(language: str) -> Locale:
    """The CLDR locale of a language tag (``ar``, ``ar-EG``): the tag, else its language, else English."""
    for tag in (language.replace("-", "_"), language.split("-")[0], _FALLBACK):
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("Babel knows English")


def digits(text: object, numerals: str) -> str:
    """``text`` with its digits written in the chosen numerals (nothing else changes)."""
    text = str(text)
    return text.translate(_ARABIC_INDIC) if numerals == "arabic-indic" else text


@lru_cache(maxsize=65536)
def number(value: int, numerals: str, language: str = "ar") -> str:
    """A count, its thousands grouped as the language groups them (12,400 or ١٢٬٤٠٠ in Arabic);
    years and identifiers go through :func:`digits`."""
    grouped = format_decimal(int(value), locale=cldr_locale(language), numbering_system=_SYSTEM[numerals])
    return digits(grouped, numerals)


@lru_cache(maxsize=65536)
def plural_category(n: int, language: str = "ar") -> str:
    """The CLDR plural category of ``n`` in the language (Arabic: zero, one, two, few, many, other).
    A table of forms may leave out the categories it does not need: they fall back to ``other``."""
    return cldr_locale(language).plural_form(n)


def count_phrase(n: int, forms: Mapping[str, str], numerals: str, language: str = "ar") -> str:
    """``n`` with its noun in the right plural form (a missing form falls back to ``other``):
    مقال واحد، مقالان، 3 مقالات، 11 مقالًا. The number and its noun are joined by a no-break space,
    so a line never ends between them."""
    form = forms.get(plural_category(n, language)) or forms["other"]
    return form.replace("{n} ", "{n}\u00a0").replace("{n}", number(n, numerals, language))


def month_names(language: str) -> list[str]:
    """The twelve month names as a date writes them (CLDR's wide format names)."""
    return list(get_month_names("wide", context="format", locale=cldr_locale(language)).values())


def format_date(date: dt.date, months: Sequence[str], language: str = "ar") -> str:
    """A full date in the language's long form (``19 ديسمبر 2020``, ``December 19, 2020``), the
    month named from ``months`` (the interface strings' ``months``, CLDR's unless the site says
    otherwise); digits are Western (the caller applies :func:`digits`)."""
    return _long_date(date, months[date.month - 1], language)


@lru_cache(maxsize=65536)  # a page shows the same dates as many others: each is formatted once
def _long_date(date: dt.date, month: str, language: str) -> str:
    locale = cldr_locale(language)
    quoted = month.replace("'", "''")
    pattern = get_date_format("long", locale=locale).pattern.replace("MMMM", f"'{quoted}'")
    return _babel_date(date, pattern, locale=locale)
