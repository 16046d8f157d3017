"""Numbers as the site writes them, in one place: Western digits (0-9) or Arabic-Indic (٠-٩).

``site.toml``'s ``numerals`` chooses; the templates' ``num`` and ``digits`` filters and the date
filters go through here, so every count, page number, year and date on a page agrees.
"""

from __future__ import annotations

from typing import Mapping

from builder.render.charts import plural_category

NUMERALS = ("western", "arabic-indic")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_GROUP = {"western": ",", "arabic-indic": "\u066c"}  # ٬ ARABIC THOUSANDS SEPARATOR


def digits(text: object, numerals: str) -> str:
    """``text`` with its digits written in the chosen numerals (nothing else changes)."""
    text = str(text)
    return text.translate(_ARABIC_INDIC) if numerals == "arabic-indic" else text


def number(value: int, numerals: str) -> str:
    """A count: grouped by thousands (12,400 or ١٢٬٤٠٠); years and identifiers go through :func:`digits`."""
    grouped = f"{int(value):,}".replace(",", _GROUP[numerals])
    return digits(grouped, numerals)


def count_phrase(n: int, forms: Mapping[str, str], numerals: str) -> str:
    """``n`` with its noun in the right Arabic plural form (CLDR categories zero, one, two, few,
    many, other; a missing form falls back to ``other``): مقال واحد، مقالان، 3 مقالات، 11 مقالًا.
    The number and its noun are joined by a no-break space, so a line never ends between them."""
    form = forms.get(plural_category(n)) or forms["other"]
    return form.replace("{n} ", "{n}\u00a0").replace("{n}", number(n, numerals))
