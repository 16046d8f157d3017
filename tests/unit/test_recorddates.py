"""builder.ingestion.recorddates: the date forms exports write, read; anything else reported, never guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.ingestion.recorddates import read_date

FEB_18 = dt.date(2018, 2, 18)


@pytest.mark.parametrize("value", [
    "2018-02-18",
    "2018-02-18T21:35:43",
    "2018-02-18T23:35:43+04:00",
    "2018-02-18T21:35:43.123Z",
    "2018-02-18 21:35:43",
    "Sun, 18 Feb 2018 21:35:43 +0400",  # the shared corpus: the day as written, not moved to UTC
    "Sun, 18 Feb 2018 23:59:00 GMT",
    "18 Feb 2018",
    "18/02/2018",
    "18-02-2018 10:20",
    "18.02.2018",
    "2018/02/18",
    "١٨/٠٢/٢٠١٨",
    "الأحد 18 فبراير 2018",
    "18 شباط/فبراير 2018",
    "١٨ فبراير ٢٠١٨",
])
def test_the_forms_read(value):
    assert read_date(value) == (FEB_18, "")


def test_an_empty_value_is_no_date_and_no_problem():
    assert read_date("  ") == (None, "")


@pytest.mark.parametrize("value, problem", [
    ("02/18/2018", "'02/18/2018' puts the month first; write it dd/mm/yyyy or yyyy-mm-dd"),
    ("31/02/2018", "'31/02/2018' is not a valid date (day is out of range for month)"),
    ("18/02/18", "'18/02/18' has a two-digit year"),
    ("yesterday", "not a date this tool reads (ISO 8601, RFC 822, dd/mm/yyyy or a written Arabic date)"),
    ("فبراير 2018", "not a date this tool reads (ISO 8601, RFC 822, dd/mm/yyyy or a written Arabic date)"),
    ("1518975343", "not a date this tool reads (ISO 8601, RFC 822, dd/mm/yyyy or a written Arabic date)"),
    ("18 فبراير 2018 و19 فبراير 2018", "'18 فبراير 2018 و19 فبراير 2018' holds 2 different dates"),
    ("0001-01-01", "the year 1 is not plausible"),
])
def test_what_cannot_be_read_says_why(value, problem):
    assert read_date(value) == (None, problem)
