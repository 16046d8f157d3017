"""The full articles and tags of a build, read back from the build cache on demand."""

from __future__ import annotations

import os
from typing import Any, Iterable, Iterator

from builder.pipeline.cache import BuildCache, evidence_key
from builder.pipeline.process import FULL_BATCH, ArticleWork, derived_key, full_key
from builder.site.records import Article, DateSeen, Mention, Tag
from builder.site.store import Derive


class CachedArticles:
    """The build's :class:`~builder.site.store.ArticleStore`: full article records and full tags by
    slug, read back from the build cache.

    A process forked to render pages opens its own connection (SQLite connections do not
    survive a fork)."""

    def __init__(self, cache: BuildCache, shas: dict[str, str], work_keys: dict[str, str]) -> None:
        self._cache, self._shas, self._work_keys, self._pid = cache, shas, work_keys, os.getpid()

    def _db(self) -> BuildCache:
        if self._pid != os.getpid():
            self._cache, self._pid = BuildCache(self._cache.path.parent), os.getpid()
        return self._cache

    def version(self, slug: str) -> str:
        """The article's work key: its file's hash, name, and the knowledge base it was tagged with."""
        return self._work_keys[slug]

    def get(self, slug: str) -> Article:
        article = self._db().get(full_key(self._shas[slug], slug))
        if article is None:
            raise KeyError(slug)
        return article

    def tags(self, slug: str) -> tuple[Tag, ...]:
        return self._work(slug).tags

    def full_work(self, slug: str) -> tuple[tuple[Tag, ...], tuple[DateSeen, ...]]:
        """The article's tags with every mention and the dates its text mentions (one read)."""
        work = self._work(slug)
        return work.tags, work.dates

    def _work(self, slug: str) -> ArticleWork:
        work = self._db().get(self._work_keys[slug])
        if not isinstance(work, ArticleWork):
            raise KeyError(slug)
        return work

    def tags_of(self, slugs: Iterable[str]) -> Iterator[tuple[str, tuple[Tag, ...]]]:
        """(slug, full tags) in the order given, read a batch at a time."""
        slugs = list(slugs)
        for start in range(0, len(slugs), FULL_BATCH):
            batch = slugs[start : start + FULL_BATCH]
            found = self._db().get_many(self._work_keys[slug] for slug in batch)
            for slug in batch:
                work = found.get(self._work_keys[slug])
                if not isinstance(work, ArticleWork):
                    raise KeyError(slug)
                yield slug, work.tags

    def evidence(self, entity: str, slugs: Iterable[str]) -> dict[str, Mention]:
        """The mention of ``entity`` an entry page quotes, for each of ``slugs`` that has one (a
        page's slice: one read of as many small records)."""
        keys = {slug: evidence_key(entity, self._work_keys[slug]) for slug in slugs}
        found = self._db().get_many(keys.values())
        return {slug: found[key] for slug, key in keys.items() if key in found}

    def derived_of(self, slugs: Iterable[str], name: str, make: Derive) -> Iterator[tuple[str, Any]]:
        """(slug, ``make(slug, full tags)``) in the order given, each cached under ``name`` for the
        article's version (see :func:`derived_key`); only the missing ones are made, and stored."""
        slugs = list(slugs)
        for start in range(0, len(slugs), FULL_BATCH):
            batch = slugs[start : start + FULL_BATCH]
            keys = {slug: derived_key(name, self._work_keys[slug]) for slug in batch}
            found = self._db().get_many(keys.values())
            fresh = {slug: make(slug, tags) for slug, tags in self.tags_of([s for s in batch if keys[s] not in found])}
            self._db().put_many((keys[slug], value) for slug, value in fresh.items())
            for slug in batch:
                yield slug, fresh[slug] if slug in fresh else found[keys[slug]]
