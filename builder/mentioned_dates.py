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
    inferred = infer_publication_date(seen)  # it reads year, month and day, which a DateSeen carries
    return replace(article, date=inferred, date_inferred=True) if inferred else article
