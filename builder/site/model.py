"""assemble(corpus, tags) → :class:`Site`: the cross-linked model every page is rendered from.

Everything here is near-linear in the number of articles: indexes are built from
each article's own tags, and related articles are found through an inverted
index that skips entries too common to say anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

import numpy as np
from scipy import sparse

from builder.site.events import Coverage, Link
from builder.site.records import (
    ENTITY_TYPES,
    UNLINKED_KINDS,
    Article,
    Corpus,
    DateSeen,
    Entity,
    Mention,
    Tag,
    compact_pickle,
)

# An entity named in more articles than this does not propose related candidates
# (it would make the search quadratic, and its weight is near zero anyway).
_RELATED_MAX_DF = 500
_RELATED_BLOCK = 2000  # articles whose scores are computed at once
# Articles whose paragraph pairs are counted at once: the arrays grow with the pairs of entries each
# paragraph names (a desk's corpus: ~700 an article), so the whole corpus at once took 29 KB an
# article (290 MB at 10,000); a block of this many holds them to ~30 MB.
_CO_MENTION_BLOCK = 1000
CO_MENTIONS_SHOWN = 12
ALSO_REPORTED_SHOWN = 10  # the strongest other reports of an event listed on an article page
EGO_SIZE = 12  # an actor's neighbourhood chart: itself and 11 neighbours
EGO_MIN_NEIGHBOURS = 2
# Up to this many dated articles, the timeline page lists them all; beyond it, each year's
# articles are on a page of their own (/timeline/<year>/) and the timeline page links to them.
TIMELINE_ONE_PAGE = 400


@compact_pickle  # kept in the build cache between builds (see related_key)
@dataclass(frozen=True, slots=True)
class Related:
    article: str
    score: float
    shared: tuple[str, ...]  # entity slugs both articles carry, rarest first


@dataclass(frozen=True, slots=True)
class Site:
    articles: tuple[Article, ...]  # newest first
    by_slug: dict[str, Article]
    entities: dict[str, Entity]
    tags: dict[str, tuple[Tag, ...]]  # article slug → tags
    entity_articles: dict[str, tuple[str, ...]]  # entity slug → article slugs, newest first
    mention_counts: dict[str, int]  # entity slug → mentions over the corpus
    # entity → (other, articles in which one paragraph names both), strongest first (model._co_mentions)
    co_mentions: dict[str, tuple[tuple[str, int], ...]]
    neighbours: dict[str, dict[str, int]]  # entity → every entity named in a paragraph with it → those articles
    related: dict[str, tuple[Related, ...]]
    coverage: Coverage = Coverage(copies={}, same_event={})  # copies and same-event reports, both ways
    # article → dates its text mentions, without a store (with one, an article page reads them: full_work)
    dates: dict[str, tuple[DateSeen, ...]] = field(default_factory=dict)
    store: Any = None  # full articles by slug (ArticleStore); None when by_slug holds full records

    def full_article(self, slug: str) -> Article:
        """The complete record (body included): the model itself keeps light copies on large builds."""
        return self.store.get(slug) if self.store is not None else self.by_slug[slug]

    def version(self, slug: str) -> str:
        """What identifies the article's records: its file's hash and, with a store, the knowledge
        base it was tagged with (the same file tagged again after a change to it is a new version)."""
        return self.store.version(slug) if self.store is not None else self.by_slug[slug].sha

    def evidence(self, entity: str, slugs) -> dict[str, Mention]:
        """article slug → the mention of ``entity`` its entry page quotes (:attr:`Tag.evidence`), for
        the articles of ``slugs`` that name it; read from the store for one page's slice (the model
        keeps no mention)."""
        if self.store is not None:
            return self.store.evidence(entity, slugs)
        found = {}
        for slug in slugs:
            tag = next((t for t in self.tags[slug] if t.entity == entity), None)
            if tag is not None and tag.evidence is not None:
                found[slug] = tag.evidence
        return found

    def full_tags(self, slug: str) -> tuple[Tag, ...]:
        """The article's tags with every mention (the model keeps each tag's first mention and count)."""
        return self.store.tags(slug) if self.store is not None else self.tags[slug]

    def full_work(self, slug: str) -> tuple[tuple[Tag, ...], tuple[DateSeen, ...]]:
        """The article's tags with every mention and the dates its text mentions: with a store, read
        from it (the model keeps neither: ``dates`` is then empty)."""
        if self.store is not None:
            work = self.store.work(slug)
            return work.tags, work.dates
        return self.tags[slug], self.dates.get(slug, ())

    def per_article(self, slugs, name: str, make) -> Iterator[tuple[str, Any]]:
        """(slug, ``make(slug, full tags)``) for many articles, in order. With a store, each value is
        cached under ``name`` for the article's version and made again only when the article or
        the knowledge base changed (a rebuild after one edit makes one)."""
        if self.store is not None:
            return self.store.derived_of(slugs, name, make)
        return ((slug, make(slug, self.tags[slug])) for slug in slugs)

    def also_reported(self, slug: str) -> tuple[tuple[Link, bool], ...]:
        """Other reports of this article's event: (link, is a copy), copies first."""
        copies = self.coverage.copies.get(slug, ())
        copied = {link.article for link in copies}
        same = tuple(link for link in self.coverage.same_event.get(slug, ()) if link.article not in copied)
        return (tuple((link, True) for link in copies) + tuple((link, False) for link in same))[:ALSO_REPORTED_SHOWN]

    def entities_of(self, etype: str) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities.values() if e.type == etype)

    def ego_members(self, slug: str, size: int, at_least: int) -> list[str]:
        """An actor and its strongest actor neighbours (shared articles, then mentions); [] when too few."""
        if self.entities[slug].type != "actor":
            return []
        around = {o: n for o, n in self.neighbours.get(slug, {}).items() if self.entities[o].type == "actor"}
        if len(around) < at_least:
            return []
        chosen = sorted(around, key=lambda o: (-around[o], -self.mention_counts.get(o, 0), o))[: size - 1]
        return [slug, *chosen]

    def named_actors(self) -> list[str]:
        """The actors named in at least one article, by slug: the network page's members (not the
        platforms and media, ``UNLINKED_KINDS``, which are never co-mentioned)."""
        return sorted(s for s, entity in self.entities.items()
                      if entity.type == "actor" and entity.kind not in UNLINKED_KINDS and self.entity_articles[s])  # fmt: skip

    def links_among(self, members: list[str]) -> tuple[tuple[str, str, int], ...]:
        """Every co-mention link among ``members``, ``(a, b, articles together)`` with ``a < b``, by
        member, then ``b`` in slug order: the network page's edges, and an actor's neighbourhood's.
        Each member's neighbours or the members, whichever are fewer, are walked (a frequent actor
        has hundreds of neighbours; the whole network has hundreds of members)."""
        inside = set(members)
        ordered = sorted(inside)
        edges: list[tuple[str, str, int]] = []
        for a in members:
            around = self.neighbours.get(a, {})  # in slug order, as the model makes it
            if len(around) <= len(ordered):
                edges.extend((a, b, n) for b, n in around.items() if a < b and b in inside)
            else:
                edges.extend((a, b, around[b]) for b in ordered if a < b and b in around)
        return tuple(edges)

    def tag(self, article: str, entity: str) -> Tag:
        return next(t for t in self.tags[article] if t.entity == entity)

    def article_tags(self, slug: str, etype: str, tags: tuple[Tag, ...] | None = None) -> tuple[Tag, ...]:
        """The article's tags of one entity type (from ``tags``, its full tags, when given)."""
        return tuple(t for t in (self.tags[slug] if tags is None else tags) if self.entities[t.entity].type == etype)


def year_counts(site: Site) -> tuple[tuple[int, int], ...]:
    """(year, dated articles), newest year first."""
    counts = Counter(a.date.year for a in site.articles if a.date)
    return tuple(sorted(counts.items(), reverse=True))


def timeline_by_year(site: Site) -> bool:
    """Whether the timeline is split into one page per year (too many articles for one page)."""
    return sum(1 for a in site.articles if a.date) > TIMELINE_ONE_PAGE


def newest_first(articles) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date or dt.date.min, a.slug), reverse=True)


def assemble(
    corpus: Corpus,
    tags: dict[str, tuple[Tag, ...]],
    related_count: int,
    coverage: Coverage = Coverage(copies={}, same_event={}),
    dates: dict[str, tuple[DateSeen, ...]] | None = None,
    store: Any = None,
    related: dict[str, tuple[Related, ...]] | None = None,
) -> Site:
    """The model; ``related``, when given, the related lists of a build with the same
    :func:`related_key` (they are made again otherwise)."""
    articles = tuple(newest_first(corpus.articles))
    entities = {e.slug: e for e in sorted(corpus.entities, key=lambda e: (ENTITY_TYPES.index(e.type), e.slug))}

    entity_articles: dict[str, list[str]] = {slug: [] for slug in entities}
    mention_counts: Counter[str] = Counter()
    for article in articles:
        for tag in tags[article.slug]:
            entity_articles[tag.entity].append(article.slug)
            mention_counts[tag.entity] += max(1, tag.count)
    co_mentions, neighbours = _co_mentions(entities, articles, tags)

    if related is None:
        related = _related(articles, tags, entity_articles, related_count, coverage)
    return Site(
        articles=articles,
        by_slug={a.slug: a for a in articles},
        entities=entities,
        tags=tags,
        entity_articles={k: tuple(v) for k, v in entity_articles.items()},
        mention_counts=dict(mention_counts),
        co_mentions=co_mentions,
        neighbours=neighbours,
        related=related,
        coverage=coverage,
        dates=dates or {},
        store=store,
    )


def _co_mentions(entities: dict[str, Entity], articles: tuple[Article, ...], tags: dict[str, tuple[Tag, ...]]):
    """Each entry's co-mentions (other entry, articles in which one paragraph names both): the
    strongest ``CO_MENTIONS_SHOWN`` (most articles, then slug), and all of them by slug for the
    entries named beside another. Two entries named in the same article but never in the same
    paragraph (the headline is a paragraph) are not co-mentioned; entries of ``UNLINKED_KINDS``
    never are.

    Vectorised: every (article, paragraph, entry) where the entry is named, one row per paragraph;
    every pair of entries within a row, keyed with its article so that an article counts once
    however many of its paragraphs name both; then one count per pair. The work is the sum over
    paragraphs of the square of the entries each names (a few), not over articles' whole tag lists."""
    slugs = sorted(entities)
    column = {slug: j for j, slug in enumerate(slugs) if entities[slug].kind not in UNLINKED_KINDS}
    size = len(slugs)
    half = sparse.csr_matrix((size, size), dtype=np.int64)
    for start in range(0, len(articles), _CO_MENTION_BLOCK):  # a block at a time: bounded memory
        half = half + _co_mention_block(articles[start : start + _CO_MENTION_BLOCK], tags, column, size)
    together = (half + half.T).tocsr()
    together.sort_indices()
    co_mentions: dict[str, tuple[tuple[str, int], ...]] = {}
    neighbours: dict[str, dict[str, int]] = {}
    for j, slug in enumerate(slugs):
        start, end = together.indptr[j], together.indptr[j + 1]
        others, counts = together.indices[start:end], together.data[start:end]
        strongest = np.lexsort((others, -counts))[:CO_MENTIONS_SHOWN]
        co_mentions[slug] = tuple(zip([slugs[k] for k in others[strongest].tolist()], counts[strongest].tolist()))
        if end > start:
            neighbours[slug] = dict(zip([slugs[k] for k in others.tolist()], counts.tolist()))
    # The model's order (type, then slug); columns are slugs in order.
    return ({slug: co_mentions[slug] for slug in entities},
            {slug: neighbours[slug] for slug in entities if slug in neighbours})  # fmt: skip


def _co_mention_block(articles, tags: dict[str, tuple[Tag, ...]], column: dict[str, int], size: int):
    """The upper triangle of the co-mention counts of a block of articles (see :func:`_co_mentions`)."""
    row_article: list[int] = []
    cols: list[int] = []
    rows: list[int] = []
    for a, article in enumerate(articles):
        paragraph_row: dict[int, int] = {}
        for tag in sorted(tags[article.slug], key=lambda t: t.entity):
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


def related_key(articles, tags: dict[str, tuple[Tag, ...]], coverage: Coverage, limit: int) -> str:
    """Everything the related lists are made from, hashed: each article's entries and the other
    reports of its event (left out of its list), and the settings. An edit that changes neither
    (most edits of a text: its tags stay) keeps every list, and a rebuild reads them back instead
    of scoring 10,000 articles again (0.05 s against 0.5 s)."""
    digest = hashlib.blake2b(repr((limit, _RELATED_MAX_DF)).encode(), digest_size=16)
    for slug in sorted(a.slug for a in articles):
        elsewhere = {link.article for link in coverage.copies.get(slug, ())}
        elsewhere |= {link.article for link in coverage.same_event.get(slug, ())}
        digest.update(repr((slug, sorted({t.entity for t in tags[slug]}), sorted(elsewhere))).encode())
    return digest.hexdigest()


def _related(
    articles: tuple[Article, ...],
    tags: dict[str, tuple[Tag, ...]],
    entity_articles: dict[str, list[str]],
    limit: int,
    coverage: Coverage,
) -> dict[str, tuple[Related, ...]]:
    """Articles sharing entities, each shared entity weighted by its rarity (idf).

    One sparse product (articles × entries, weighted) · (entries × articles) scores every pair
    that shares an entry; entries named in more than _RELATED_MAX_DF articles take no part, which
    keeps the product sparse. Other reports of the same event are listed apart ("also reported
    by"), so they are left out here.
    """
    n = len(articles)
    if n == 0:
        return {}
    idf = {slug: math.log((n + 1) / (len(arts) + 0.5)) for slug, arts in entity_articles.items() if arts}
    slugs = sorted(a.slug for a in articles)
    row = {slug: i for i, slug in enumerate(slugs)}
    used = sorted(e for e, arts in entity_articles.items() if 0 < len(arts) <= _RELATED_MAX_DF)
    column = {e: j for j, e in enumerate(used)}
    rows, cols = [], []
    for slug in slugs:
        for j in sorted({column[t.entity] for t in tags[slug] if t.entity in column}):
            rows.append(row[slug])
            cols.append(j)
    ones = np.ones(len(rows), dtype=np.float64)
    present = sparse.csr_matrix((ones, (rows, cols)), shape=(n, len(used)))
    weights = sparse.diags(np.array([idf[e] for e in used], dtype=np.float64)) if used else None
    weighted_t = (present @ weights).T.tocsr() if used else None
    entity_sets = {slug: {t.entity for t in tags[slug]} for slug in slugs}
    used_set = set(used)
    related: dict[str, tuple[Related, ...]] = {}
    scores = None
    for i, slug in enumerate(slugs):
        if i % _RELATED_BLOCK == 0:  # scores for a block of rows at a time: memory stays bounded
            block = present[i : i + _RELATED_BLOCK]
            scores = (block @ weighted_t).tocsr() if used else sparse.csr_matrix((block.shape[0], n))
        r = i % _RELATED_BLOCK
        elsewhere = {link.article for link in coverage.copies.get(slug, ())}
        elsewhere |= {link.article for link in coverage.same_event.get(slug, ())}
        start, end = scores.indptr[r], scores.indptr[r + 1]
        columns, values = scores.indices[start:end], np.round(scores.data[start:end], 9)
        # Highest score first, then the slug (columns are positions in the sorted slugs).
        order = np.lexsort((columns, -values))
        chosen: list[tuple[str, float]] = []
        for k in order:
            other = slugs[columns[k]]
            if columns[k] == i or values[k] <= 0 or other in elsewhere:
                continue
            chosen.append((other, float(values[k])))
            if len(chosen) == limit:
                break
        related[slug] = tuple(
            Related(
                other,
                round(score, 4),
                tuple(sorted((entity_sets[slug] & entity_sets[other]) & used_set, key=lambda e: (-idf[e], e))),
            )
            for other, score in chosen
        )
    return related
