"""Co-mentions: for each pair of entries, the articles in which one paragraph names both.

Counted over the whole corpus on a clean build, a block of articles at a time; kept in the build
cache (:class:`CoMentionCounts`) with the version of each article counted, and on a rebuild patched:
each changed or removed article's pairs, read from its earlier tags, taken off, each changed or added
article's pairs added. An article counts once per pair whatever the others hold, so the patched
counts are the counts a clean build makes (integers: the same, not nearly the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
from scipy import sparse

from builder.site.records import UNLINKED_KINDS, Entity, Tag

# Articles whose paragraph pairs are counted at once: the arrays grow with the pairs of entries each
# paragraph names (a desk's corpus: ~700 an article), so the whole corpus at once took 29 KB an
# article (290 MB at 10,000); a block of this many holds them to ~30 MB.
_CO_MENTION_BLOCK = 1000
CO_MENTIONS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class CoMentionCounts:
    """The corpus's co-mention counts and what they were counted from (kept between builds)."""

    columns: tuple[tuple[str, bool], ...]  # every entry by slug, and whether it is ever co-mentioned
    versions: dict[str, str]  # article slug → the version of the tags counted (Site.version)
    half: sparse.csr_matrix  # [i, j], i < j: the articles in which one paragraph names entries i and j


def _columns(entities: Mapping[str, Entity]) -> tuple[tuple[str, bool], ...]:
    return tuple((slug, entities[slug].kind not in UNLINKED_KINDS) for slug in sorted(entities))


def count_co_mentions(entities: Mapping[str, Entity], articles, tags: Mapping[str, tuple[Tag, ...]],
                      versions: Mapping[str, str] | None = None) -> CoMentionCounts:
    """Every article's pairs counted (see :func:`co_mention_lists` for what a pair is)."""
    columns = _columns(entities)
    column = {slug: j for j, (slug, linked) in enumerate(columns) if linked}
    size = len(columns)
    slugs = [a.slug for a in articles]
    half = sparse.csr_matrix((size, size), dtype=np.int64)
    for start in range(0, len(slugs), _CO_MENTION_BLOCK):  # a block at a time: bounded memory
        half = half + _co_mention_block(slugs[start : start + _CO_MENTION_BLOCK], tags, column, size)
    return CoMentionCounts(columns, dict(versions or {}), half)


def patch_co_mentions(previous: CoMentionCounts, entities: Mapping[str, Entity], tags: Mapping[str, tuple[Tag, ...]],
                      versions: Mapping[str, str], earlier: Mapping[str, tuple[Tag, ...]]) -> CoMentionCounts | None:
    """``previous`` brought up to date: the pairs of every article whose version changed (or that is
    gone) taken off, from its tags as they were (``earlier``: slug → tags under its previous
    version), and the pairs of every changed or added article counted. None when it cannot be:
    other entries, or an earlier article's tags missing."""
    columns = _columns(entities)
    if previous.columns != columns:
        return None
    gone = [slug for slug, version in previous.versions.items() if versions.get(slug) != version]
    if any(slug not in earlier for slug in gone):
        return None
    new = [slug for slug, version in versions.items() if previous.versions.get(slug) != version]
    column = {slug: j for j, (slug, linked) in enumerate(columns) if linked}
    size = len(columns)
    half = previous.half
    if gone:
        half = half - _co_mention_block(gone, earlier, column, size)
    if new:
        half = half + _co_mention_block(new, tags, column, size)
    half = half.tocsr()
    half.eliminate_zeros()
    return CoMentionCounts(columns, dict(versions), half)


def co_mention_lists(entities: Mapping[str, Entity], counts: CoMentionCounts):
    """Each entry's co-mentions (other entry, articles in which one paragraph names both): the
    strongest ``CO_MENTIONS_SHOWN`` (most articles, then slug), and all of them by slug for the
    entries named beside another. Two entries named in the same article but never in the same
    paragraph (the headline is a paragraph) are not co-mentioned; entries of ``UNLINKED_KINDS``
    never are.

    Vectorised: every (article, paragraph, entry) where the entry is named, one row per paragraph;
    every pair of entries within a row, keyed with its article so that an article counts once
    however many of its paragraphs name both; then one count per pair. The work is the sum over
    paragraphs of the square of the entries each names (a few), not over articles' whole tag lists."""
    slugs = [slug for slug, _ in counts.columns]
    together = (counts.half + counts.half.T).tocsr()
    together.eliminate_zeros()
    together.sort_indices()
    co_mentions: dict[str, tuple[tuple[str, int], ...]] = {}
    neighbours: dict[str, dict[str, int]] = {}
    for j, slug in enumerate(slugs):
        start, end = together.indptr[j], together.indptr[j + 1]
        others, found = together.indices[start:end], together.data[start:end]
        strongest = np.lexsort((others, -found))[:CO_MENTIONS_SHOWN]
        co_mentions[slug] = tuple(zip([slugs[k] for k in others[strongest].tolist()], found[strongest].tolist()))
        if end > start:
            neighbours[slug] = dict(zip([slugs[k] for k in others.tolist()], found.tolist()))
    # The model's order (type, then slug); columns are slugs in order.
    return ({slug: co_mentions[slug] for slug in entities},
            {slug: neighbours[slug] for slug in entities if slug in neighbours})  # fmt: skip


def _co_mention_block(slugs, tags: Mapping[str, tuple[Tag, ...]], column: dict[str, int], size: int):
    """The upper triangle of the co-mention counts of the articles ``slugs`` (see :func:`co_mention_lists`)."""
    row_article: list[int] = []
    cols: list[int] = []
    rows: list[int] = []
    for a, slug in enumerate(slugs):
        paragraph_row: dict[int, int] = {}
        for tag in sorted(tags[slug], key=lambda t: t.entity):
            j = column.get(tag.entity)
            if j is None or not tag.paragraphs:
                continue
            for p in tag.paragraph_indices():
                r = paragraph_row.get(p)
                if r is None:
                    r = paragraph_row[p] = len(row_article)
                    row_article.append(a)
                rows.append(r)
                cols.append(j)
    cols_a = np.asarray(cols, dtype=np.int64)
    order = np.lexsort((cols_a, np.asarray(rows, dtype=np.int64)))  # by row, then column
    rows_s, cols_s = np.asarray(rows, dtype=np.int64)[order], cols_a[order]
    del rows, cols, cols_a, order
    # Every pair (i, k) of positions in one row with i < k: position i pairs with the rest of its row.
    row_end = np.searchsorted(rows_s, rows_s, side="right")
    repeats = row_end - np.arange(len(rows_s)) - 1
    first = np.repeat(np.arange(len(rows_s)), repeats)
    starts = np.repeat(np.cumsum(repeats) - repeats, repeats)
    second = first + 1 + (np.arange(len(first)) - starts)
    del row_end, repeats, starts
    keys = (np.asarray(row_article, dtype=np.int64)[rows_s[first]] * size + cols_s[first]) * size + cols_s[second]
    del first, second
    pairs = np.unique(keys) % (size * size)  # each (article, pair) once
    low, high = pairs // size, pairs % size
    ones = np.ones(len(pairs), dtype=np.int64)
    return sparse.coo_matrix((ones, (low, high)), shape=(size, size)).tocsr()
