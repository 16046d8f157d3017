"""Where the model finds what it does not hold: each article's full record and full tags.

The model (:class:`builder.site.model.Site`) keeps every article's :class:`ArticleSummary` and
each tag's count; the pages that show more ask its store. A build's store reads the build cache
(:class:`builder.pipeline.store.CachedArticles`); :class:`LoadedArticles` holds a corpus loaded
whole in memory (a site assembled by a Python caller or a test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol

from builder.site.records import Article, Catalogue, Corpus, DateSeen, Mention, Tag

# make(slug, the article's full tags) → a value derived from them (:meth:`ArticleStore.derived_of`)
Derive = Callable[[str, tuple[Tag, ...]], Any]


class ArticleStore(Protocol):
    def get(self, slug: str) -> Article:
        """The article's full record (its body and blocks included)."""

    def version(self, slug: str) -> str:
        """What identifies the article's records: its file's hash and, in a build, the knowledge base
        it was tagged with (the same file tagged again after a change to it is a new version)."""

    def tags(self, slug: str) -> tuple[Tag, ...]:
        """The article's tags with every mention."""

    def full_work(self, slug: str) -> tuple[tuple[Tag, ...], tuple[DateSeen, ...]]:
        """The article's tags with every mention and the dates its text mentions (its page's)."""

    def evidence(self, entity: str, slugs: Iterable[str]) -> dict[str, Mention]:
        """The mention of ``entity`` an entry page quotes (:attr:`Tag.evidence`), for each of
        ``slugs`` that has one."""

    def derived_of(self, slugs: Iterable[str], name: str, make: Derive) -> Iterator[tuple[str, Any]]:
        """(slug, ``make(slug, full tags)``) in the order given; a build's store caches each value
        under ``name`` for the article's version."""


@dataclass(frozen=True, slots=True)
class LoadedArticles:
    """The store of a corpus loaded whole: its articles and their tags, in memory."""

    articles: Mapping[str, Article]
    full_tags: Mapping[str, tuple[Tag, ...]]
    dates: Mapping[str, tuple[DateSeen, ...]] = field(default_factory=dict)  # slug → dates its text mentions

    def get(self, slug: str) -> Article:
        return self.articles[slug]

    def version(self, slug: str) -> str:
        return self.articles[slug].sha

    def tags(self, slug: str) -> tuple[Tag, ...]:
        return self.full_tags[slug]

    def full_work(self, slug: str) -> tuple[tuple[Tag, ...], tuple[DateSeen, ...]]:
        return self.full_tags[slug], self.dates.get(slug, ())

    def evidence(self, entity: str, slugs: Iterable[str]) -> dict[str, Mention]:
        found = {}
        for slug in slugs:
            tag = next((t for t in self.full_tags[slug] if t.entity == entity), None)
            if tag is not None and tag.evidence is not None:
                found[slug] = tag.evidence
        return found

    def derived_of(self, slugs: Iterable[str], name: str, make: Derive) -> Iterator[tuple[str, Any]]:
        return ((slug, make(slug, self.full_tags[slug])) for slug in slugs)


def in_memory(corpus: Corpus, tags: Mapping[str, tuple[Tag, ...]],
              dates: Mapping[str, tuple[DateSeen, ...]] | None = None) -> tuple[Catalogue, LoadedArticles]:
    """A loaded corpus, its tags and the dates its texts mention as the model is assembled from them:
    the summaries, and the store."""
    catalogue = Catalogue(tuple(article.summary() for article in corpus.articles), corpus.entities)
    return catalogue, LoadedArticles({article.slug: article for article in corpus.articles}, tags, dates or {})
