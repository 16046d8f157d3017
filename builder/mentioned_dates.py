"""Dates an article's text mentions, per paragraph; and its publication date when the front matter has none."""

from __future__ import annotations

from dataclasses import replace

from .dates import find_dates, infer_publication_date
from .records import Article, DateSeen


def dates_seen(article: Article) -> tuple[DateSeen, ...]:
    found = []
    for block in article.blocks:
        for mention in find_dates(block.text):
            found.append(DateSeen(block.anchor, mention.surface, mention.year, mention.month, mention.day, mention.weekday))
    return tuple(found)


def with_inferred_date(article: Article, seen: tuple[DateSeen, ...]) -> Article:
    """An undated article gets the latest full date its text mentions, marked as inferred."""
    if article.date is not None:
        return article
    full = [s for s in seen if s.year and s.month and s.day]
    inferred = infer_publication_date(_AsMention(s) for s in full)
    return replace(article, date=inferred, date_inferred=True) if inferred else article


class _AsMention:
    """infer_publication_date reads year, month and day: a DateSeen carries them."""

    __slots__ = ("year", "month", "day")

    def __init__(self, seen: DateSeen):
        self.year, self.month, self.day = seen.year, seen.month, seen.day
