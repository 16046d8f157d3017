"""Dates an article's text mentions, placed in time; and its publication date when the front matter has none.

``find_dates`` reports each date as written («السبت»، «نوفمبر الماضي»، «17 ديسمبر»). Here each
is placed in time from the article's date, the way Arabic news means it, or dropped when it
cannot be (the rules, with their reasons, are in docs/dates.md):

* a date with its year written is kept as written, to its precision (a day, a month or a year);
* a weekday is the latest such day on or before the article's date («السبت» in an article of
  Saturday 19 December 2020 is that day); «الماضي» the one before that day, «المقبل» the next;
* «أمس» is the day before the article's date, «أمس الأول» and «أول أمس» two days before;
* a month, or a day and month, without a year: «الماضي» the latest before the article's date,
  «المقبل» the next after it, «الجاري» / «الحالي» the article's year; «من العام الماضي /
  المقبل / الجاري» the year before, after or of the article. With no word of these: the next
  one when it is at most ``AHEAD_DAYS`` days (a month alone: ``AHEAD_MONTHS`` months) ahead
  (news announces what is coming soon: «تعقد القمة في 27 أبريل»), else the latest one on or
  before the article's date;
  a weekday written with it («الخميس 5 يناير») chooses the year whose date falls on that weekday;
* «من العام نفسه» (the year of another date) is dropped.

An undated article has nothing to count from: only dates whose year is written are kept. The
inferred date is not used either: it is itself the latest full date the text writes.

>>> import datetime as dt
>>> from .dates import find_dates
>>> on = dt.date(2020, 12, 19)
>>> [place(m, on) for m in find_dates("السبت ... الخميس ... نوفمبر الماضي ... 17 ديسمبر من العام المقبل")]
[(2020, 12, 19), (2020, 12, 17), (2020, 11, None), (2021, 12, 17)]
>>> place(find_dates("السبت")[0], None) is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from builder.extract.dates import DateMention, find_dates
from builder.site.records import Article, DateSeen

# A date without its year is taken as coming (not past) when it is this close ahead of the article.
AHEAD_DAYS = 92
AHEAD_MONTHS = 3

Placed = tuple[int, int | None, int | None]  # (year, month or None, day or None)


def dates_seen(article: Article) -> tuple[DateSeen, ...]:
    """The dates the article's text mentions, placed in time from its front-matter date: once each
    (where first written), in date order."""
    seen: dict[Placed, DateSeen] = {}
    for block in article.blocks:
        for mention in find_dates(block.text):
            placed = place(mention, article.date)
            if placed is not None and placed not in seen:
                completed = mention.year is None
                seen[placed] = DateSeen(block.anchor, mention.surface, *placed, completed)
    return tuple(seen[key] for key in sorted(seen, key=lambda p: (p[0], p[1] or 0, p[2] or 0)))


def with_inferred_date(article: Article, seen: tuple[DateSeen, ...]) -> Article:
    """An undated article gets the latest full date its text writes, marked as inferred."""
    if article.date is not None:
        return article
    full = [dt.date(d.year, d.month, d.day) for d in seen if d.day is not None and not d.completed]
    return replace(article, date=max(full), date_inferred=True) if full else article


def place(mention: DateMention, on: dt.date | None) -> Placed | None:
    """(year, month, day) of a mention, completed from ``on`` (the article's date); None if it cannot be."""
    if mention.year is not None:
        return mention.year, mention.month, mention.day
    if on is None or mention.relation == "other":
        return None
    if mention.days_ago is not None:
        day = on - dt.timedelta(days=mention.days_ago)
        return day.year, day.month, day.day
    if mention.month is None:
        if mention.weekday is None:
            return None
        day = _weekday(mention.weekday, mention.relation, on)
        return day.year, day.month, day.day
    if mention.day is None:
        return _month(mention, on), mention.month, None
    year = _day_year(mention, on)
    if year is None or mention.day > calendar.monthrange(year, mention.month)[1]:
        return None
    return year, mention.month, mention.day


def _weekday(weekday: int, relation: str, on: dt.date) -> dt.date:
    back = (on.weekday() - weekday) % 7
    if relation == "next":
        return on + dt.timedelta(days=(weekday - on.weekday()) % 7 or 7)
    if relation == "past":
        back = back or 7
    return on - dt.timedelta(days=back)


def _month(mention: DateMention, on: dt.date) -> int:
    month = mention.month
    if mention.year_offset is not None:
        return on.year + mention.year_offset
    if mention.relation == "this":
        return on.year
    if mention.relation == "past":
        return on.year if month < on.month else on.year - 1
    if mention.relation == "next":
        return on.year if month > on.month else on.year + 1
    ahead = (month - on.month) % 12  # months from the article's month to the next such month
    if ahead == 0:
        return on.year
    if ahead <= AHEAD_MONTHS:
        return on.year + (month < on.month)
    return on.year - (month > on.month)


def _day_year(mention: DateMention, on: dt.date) -> int | None:
    if mention.year_offset is not None:
        return on.year + mention.year_offset
    if mention.relation == "this":
        return on.year
    years = (on.year - 1, on.year, on.year + 1)
    dates = {year: _date(year, mention.month, mention.day) for year in years}
    if mention.weekday is not None:
        matching = [year for year, day in dates.items() if day is not None and day.weekday() == mention.weekday]
        if len(matching) == 1:
            return matching[0]
    coming = min((y for y, d in dates.items() if d is not None and d > on), default=None)
    if mention.relation == "past":
        return max((y for y, d in dates.items() if d is not None and d < on), default=None)
    if mention.relation == "next":
        return coming
    if coming is not None and (dates[coming] - on).days <= AHEAD_DAYS:
        return coming
    return max((y for y, d in dates.items() if d is not None and d <= on), default=None)


def _date(year: int, month: int, day: int) -> dt.date | None:
    return dt.date(year, month, day) if day <= calendar.monthrange(year, month)[1] else None
