"""A record's date field → a date, or why it cannot be read (never a guess).

Read, first match wins: ISO 8601 with or without a time (``2018-02-18``,
``2018-02-18T21:35:43+04:00``, ``2018-02-18 21:35:43``), RFC 822 as feeds and mail write it
(``Sun, 18 Feb 2018 21:35:43 +0400``), ``dd/mm/yyyy`` (also with ``-`` or ``.``, and a time after
it) and ``yyyy/mm/dd``, and the written forms the text rules read (``18 فبراير 2018``,
``الأحد 18 شباط/فبراير 2018``: :func:`builder.extract.dates.find_dates`). Arabic-Indic digits are read as
digits. The day is the one written: a time with an offset keeps its own calendar day.

A value with a month first (``02/18/2018``), two different dates, or only a month and a year
is not read: the caller reports it and leaves the date out.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_tz

from builder.extract.dates import find_dates

__all__ = ["read_date"]

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{1,4})"
    r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?)?"
)
_RFC_822 = re.compile(r"[A-Za-z]{3}")
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def read_date(value: str) -> tuple[dt.date | None, str]:
    """(the date, "") or (None, why not); (None, "") for an empty value."""
    text = " ".join(value.translate(_DIGITS).split())
    if not text:
        return None, ""
    for reader in (_iso, _numeric, _rfc_822, _written):
        found = reader(text)
        if found is not None:
            if isinstance(found, str):
                return None, found
            if not _MIN_YEAR <= found.year <= _MAX_YEAR:
                return None, f"the year {found.year} is not plausible"
            return found, ""
    return None, "not a date this tool reads (ISO 8601, RFC 822, dd/mm/yyyy or a written Arabic date)"


def _iso(text: str) -> dt.date | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10]) if len(text) == 10 else None
        except ValueError:
            return None


def _numeric(text: str) -> dt.date | str | None:
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b, c = (match.group(k) for k in "abc")
    if len(a) == 4:  # yyyy/mm/dd
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4:  # dd/mm/yyyy
        day, month, year = int(a), int(b), int(c)
        if month > 12 and day <= 12:
            return f"{text!r} puts the month first; write it dd/mm/yyyy or yyyy-mm-dd"
    else:
        return f"{text!r} has a two-digit year"
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        return f"{text!r} is not a valid date ({exc})"


def _rfc_822(text: str) -> dt.date | None:
    if not _RFC_822.search(text):
        return None
    parts = parsedate_tz(text) or (parsedate_tz(f"{text} 00:00:00") if ":" not in text else None)  # "18 Feb 2018"
    if parts is None or not parts[0] or not parts[2]:
        return None
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _written(text: str) -> dt.date | str | None:
    full = {
        (m.year, m.month, m.day)
        for m in find_dates(text)
        if m.year is not None and m.month is not None and m.day is not None
    }
    if len(full) > 1:
        return f"{text!r} holds {len(full)} different dates"
    if not full:
        return None
    year, month, day = full.pop()
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
