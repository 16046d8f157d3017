"""The model's corpus-wide counts kept between builds, for a rebuild to patch rather than count
again: the co-mentions (:mod:`builder.site.comentions`) and the copies (:func:`events.copy_pairs`).

An edit of one article among 10,000 dense ones counted every paragraph pair of the corpus again
and grouped every signature's bands again; patched, each costs what the changed articles hold. The
articles a change touched are those whose version (work key) is not the one counted; their earlier
records are still in the cache (pruned only once the build is done), so what they added before is
read back and taken off. Both counts are exact, so a patched model is the one a clean build makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from builder.config import EventSettings
from builder.pipeline.cache import CACHE_VERSION, BuildCache
from builder.pipeline.process import ArticleWork
from builder.site.comentions import CoMentionCounts, count_co_mentions, patch_co_mentions
from builder.site.events import TextFeatures, copy_pairs, patch_copy_pairs
from builder.site.records import Entity, Tag

# Past this share of the corpus changed, counting afresh is as quick as patching.
_PATCH_AT_MOST = 0.25


@dataclass(frozen=True, slots=True)
class ModelCounts:
    key: str  # the code's cache version and the copy settings they were made under
    versions: dict[str, str]  # article slug → the version (work key) counted
    co_mentions: CoMentionCounts
    copies: dict[tuple[str, str], float]  # events.copy_pairs


def model_counts(kept: object, entities: Mapping[str, Entity], articles, tags: Mapping[str, tuple[Tag, ...]],
                 features: Mapping[str, TextFeatures], versions: Mapping[str, str], cache: BuildCache,
                 settings: EventSettings, memo: Mapping[str, ArticleWork] | None = None) -> ModelCounts:
    """The counts for the articles as they are: ``kept`` (the last build's :class:`ModelCounts`)
    patched for the articles whose version changed, or counted afresh; ``memo``: work key → light
    work, what ``serve`` kept of its last build (an earlier record found there is not read)."""
    key = f"{CACHE_VERSION}:{settings.copy_threshold!r}"
    co_mentions = copies = None
    earlier = _earlier(kept, key, versions, cache, memo or {})
    if earlier is not None:
        co_mentions = patch_co_mentions(kept.co_mentions, entities, tags, versions,
                                        {slug: work.tags for slug, work in earlier.items()})
        changed = {slug for slug in set(versions) | set(kept.versions) if versions.get(slug) != kept.versions.get(slug)}
        copies = patch_copy_pairs(kept.copies, features, changed,
                                  {slug: work.features for slug, work in earlier.items()}, settings)
    if co_mentions is None:
        co_mentions = count_co_mentions(entities, articles, tags, versions)
    if copies is None:
        copies = copy_pairs(articles, features, settings)
    return ModelCounts(key, dict(versions), co_mentions, copies)


def _earlier(kept: object, key: str, versions: Mapping[str, str], cache: BuildCache,
             memo: Mapping[str, ArticleWork]) -> dict[str, ArticleWork] | None:
    """The earlier record of each article counted under another version (or gone), or None when the
    counts cannot be patched: none kept, made under other settings, too much changed, or a record
    missing. From ``memo``, or the full record in the cache (a few: the light copies are what a
    rebuild reads of every article, and are read once)."""
    if not isinstance(kept, ModelCounts) or kept.key != key:
        return None
    gone = [slug for slug, version in kept.versions.items() if versions.get(slug) != version]
    added = sum(1 for slug in versions if slug not in kept.versions)
    if len(gone) + added > _PATCH_AT_MOST * max(1, len(versions)):
        return None
    found = cache.get_many(kept.versions[slug] for slug in gone if kept.versions[slug] not in memo)
    earlier = {slug: memo.get(kept.versions[slug]) or found.get(kept.versions[slug]) for slug in gone}
    if not all(isinstance(work, ArticleWork) for work in earlier.values()):
        return None
    return earlier
