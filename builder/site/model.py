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
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy as np
from scipy import sparse

from builder.site.comentions import CoMentionCounts, co_mention_lists, count_co_mentions
from builder.site.events import Coverage, Link
from builder.site.records import (
    ENTITY_TYPES,
    UNLINKED_KINDS,
    Article,
    ArticleSummary,
    Catalogue,
    DateSeen,
    Entity,
    Mention,
    Tag,
    compact_pickle,
)
from builder.site.store import ArticleStore, Derive

# An entity named in more articles than this does not propose related candidates
# (it would make the search quadratic, and its weight is near zero anyway).
_RELATED_MAX_DF = 500
_RELATED_BLOCK = 2000  # articles whose scores are computed at once
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
    articles: tuple[ArticleSummary, ...]  # newest first
    by_slug: dict[str, ArticleSummary]
    entities: dict[str, Entity]
    tags: dict[str, tuple[Tag, ...]]  # article slug → tags (in a build, each without its mentions: Tag.light)
    entity_articles: dict[str, tuple[str, ...]]  # entity slug → article slugs, newest first
    mention_counts: dict[str, int]  # entity slug → mentions over the corpus
    # entity → (other, articles in which one paragraph names both), strongest first (builder.site.comentions)
    co_mentions: dict[str, tuple[tuple[str, int], ...]]
    neighbours: dict[str, dict[str, int]]  # entity → every entity named in a paragraph with it → those articles
    related: dict[str, tuple[Related, ...]]
    store: ArticleStore  # the full articles and full tags, read when a page needs them
    coverage: Coverage = Coverage(copies={}, same_event={})  # copies and same-event reports, both ways

    def full_article(self, slug: str) -> Article:
        """The complete record (body included): the model holds only each article's summary."""
        return self.store.get(slug)

    def version(self, slug: str) -> str:
        """What identifies the article's records (:meth:`ArticleStore.version`)."""
        return self.store.version(slug)

    def evidence(self, entity: str, slugs) -> dict[str, Mention]:
        """article slug → the mention of ``entity`` its entry page quotes (:attr:`Tag.evidence`), for
        the articles of ``slugs`` that name it; read from the store for one page's slice (the model
        keeps no mention)."""
        return self.store.evidence(entity, slugs)

    def full_tags(self, slug: str) -> tuple[Tag, ...]:
        """The article's tags with every mention (the model keeps each tag's count and paragraphs)."""
        return self.store.tags(slug)

    def full_work(self, slug: str) -> tuple[tuple[Tag, ...], tuple[DateSeen, ...]]:
        """The article's tags with every mention and the dates its text mentions, read from the
        store (the model keeps neither)."""
        return self.store.full_work(slug)

    def per_article(self, slugs, name: str, make: Derive) -> Iterator[tuple[str, Any]]:
        """(slug, ``make(slug, full tags)``) for many articles, in order. In a build, each value is
        cached under ``name`` for the article's version and made again only when the article or
        the knowledge base changed (a rebuild after one edit makes one)."""
        return self.store.derived_of(slugs, name, make)

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


def newest_first(articles: Iterable[ArticleSummary]) -> list[ArticleSummary]:
    return sorted(articles, key=lambda a: (a.date or dt.date.min, a.slug), reverse=True)


def assemble(
    corpus: Catalogue,
    tags: dict[str, tuple[Tag, ...]],
    related_count: int,
    coverage: Coverage,
    store: ArticleStore,
    related: dict[str, tuple[Related, ...]] | None = None,
    co_mention_counts: CoMentionCounts | None = None,
) -> Site:
    """The model of the articles ``corpus`` summarises, whose full records ``store`` holds;
    ``related``, when given, the related lists of a build with the same :func:`related_key` (they
    are made again otherwise); ``co_mention_counts``, when given, the corpus's co-mention counts
    patched from the last build's (:mod:`builder.site.comentions`)."""
    articles = tuple(newest_first(corpus.articles))
    entities = {e.slug: e for e in sorted(corpus.entities, key=lambda e: (ENTITY_TYPES.index(e.type), e.slug))}

    entity_articles: dict[str, list[str]] = {slug: [] for slug in entities}
    mention_counts: Counter[str] = Counter()
    for article in articles:
        for tag in tags[article.slug]:
            entity_articles[tag.entity].append(article.slug)
            mention_counts[tag.entity] += max(1, tag.count)
    counts = co_mention_counts or count_co_mentions(entities, articles, tags)
    co_mentions, neighbours = co_mention_lists(entities, counts)

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
        store=store,
    )


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
    articles: tuple[ArticleSummary, ...],
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
