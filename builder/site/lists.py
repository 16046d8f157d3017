"""How a long list of articles is shown: copies folded into one item, pages, and ways through.

Functions of the model only (no URLs, no templates): :mod:`builder.site.routes` cuts the lists into
pages and gives each jump its address.

- :func:`fold_copies`: a list with each copy after the first of its group left out; the item kept
  names the others (``also``), so a copy filed twice is listed once, "also in …".
- :func:`jumps`: the first item of each month (or day) marked with an anchor, and an index of
  ``(key, items, page)``, so that a list of hundreds of pages can be entered by month.
- :func:`by_source`: the sources of a list's articles with their counts, most first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from builder.site.model import Site, newest_first
from builder.site.records import ArticleSummary


@dataclass(frozen=True, slots=True)
class Listed:
    """An article as a list shows it: with its copies (``also``, newest first) and, when it is the
    first of its month or day in the list, the anchor a jump leads to."""

    article: ArticleSummary
    also: tuple[ArticleSummary, ...] = ()
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Jump:
    """A month (``(year, month)``) or a day (``(year, month, day)``) of a list: how many items it
    has, and the page and anchor of its first."""

    key: tuple[int, ...]
    count: int
    page: int
    anchor: str


def fold_copies(site: Site, slugs: Iterable[str], limit: int | None = None,
                shared: dict[str, Listed] | None = None) -> tuple[Listed, ...]:
    """``slugs`` (in list order) without the copies of an article already listed: each article
    listed carries its copies (``Coverage.copies``, every one of them, in the list or not). An
    article is left out when one of its copies was kept before it; copies are not always
    transitive (a ~ b, b ~ c, not a ~ c), so c stays, naming b. ``limit``: stop after that many.
    ``shared``: slug → its item, filled and reused across lists (an article is in the lists of
    each entry it names: ~40 on a desk's corpus, one item for all of them)."""
    copies = site.coverage.copies
    kept: set[str] = set()
    out: list[Listed] = []
    for slug in slugs:
        links = copies.get(slug, ())
        if any(link.article in kept for link in links):
            continue
        kept.add(slug)
        item = shared.get(slug) if shared is not None else None
        if item is None:
            # Most articles have no copy: no sort for them (a desk's 10,000 articles list ~400,000 items).
            also = ()
            if links:
                also = tuple(newest_first(site.by_slug[link.article] for link in links if link.article in site.by_slug))
            item = Listed(site.by_slug[slug], also)
            if shared is not None:
                shared[slug] = item
        out.append(item)
        if limit is not None and len(out) >= limit:
            break
    return tuple(out)


def month_key(article: ArticleSummary) -> tuple[int, ...] | None:
    return (article.date.year, article.date.month) if article.date else None


def day_key(article: ArticleSummary) -> tuple[int, ...] | None:
    return (article.date.year, article.date.month, article.date.day) if article.date else None


def anchor_of(key: Sequence[int]) -> str:
    """``m-2018-05`` for a month, ``d-2018-05-14`` for a day."""
    if len(key) == 2:
        return f"m-{key[0]}-{key[1]:02d}"
    return f"d-{key[0]}-{key[1]:02d}-{key[2]:02d}"


def jumps(items: Sequence[Listed], page_size: int,
          key_of: Callable[[ArticleSummary], tuple[int, ...] | None],
          page_of: Callable[[int], int] | None = None) -> tuple[tuple[Listed, ...], tuple[Jump, ...]]:  # fmt: skip
    """The items, the first of each key (month or day) anchored, and the index of the keys in list
    order. Undated articles have no key and are not indexed. ``page_of``: the page of the item at a
    position (pages of ``page_size`` from the first item when not given)."""
    page_of = page_of or (lambda i: i // page_size + 1)
    marked: list[Listed] = []
    found: dict[tuple[int, ...], list[int]] = {}  # key → [count, page]
    order: list[tuple[int, ...]] = []
    for i, item in enumerate(items):
        key = key_of(item.article)
        if key is None:
            marked.append(item)
            continue
        if key in found:
            found[key][0] += 1
            marked.append(item)
            continue
        found[key] = [1, page_of(i)]
        order.append(key)
        marked.append(replace(item, anchor=anchor_of(key)))
    return tuple(marked), tuple(Jump(key, found[key][0], found[key][1], anchor_of(key)) for key in order)


def by_year(index: Iterable[Jump]) -> tuple[tuple[int, tuple[Jump, ...]], ...]:
    """Month jumps grouped by year: newest year first, each year's months in calendar order."""
    years: dict[int, list[Jump]] = {}
    for jump in index:
        years.setdefault(jump.key[0], []).append(jump)
    return tuple((year, tuple(sorted(years[year], key=lambda j: j.key))) for year in sorted(years, reverse=True))


def by_source(articles: Iterable[ArticleSummary]) -> tuple[tuple[str, int], ...]:
    """``(source, articles)``, most articles first, then by name; articles without a source left out."""
    counts = Counter(a.source for a in articles if a.source)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
