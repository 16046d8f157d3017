"""An article's light tags as the build holds them in memory: a few arrays, not a record a tag.

The model keeps every article's tags for the whole build (:class:`builder.site.model.Site`), and a
desk's corpus has ~40 tags an article: as a tuple of :class:`Tag` records, each with its own copy
of the entry's slug and its paragraph bits as an int object, that was 165 bytes a tag (66 MB at
10,000 such articles). :class:`LightTags` holds the slugs (interned: one string an entry for the
whole corpus), the counts, the paragraph bits and the pins in arrays, about 27 bytes a tag, and
reads as the tuple of light tags it replaces: iterating, indexing and ``len`` make each
:class:`Tag` (without mentions) as it is asked for.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from typing import Iterable, Iterator

from builder.site.records import Tag

_make = Tag._rebuild  # (entity, mentions, pinned, count, paragraphs), set as they are: no __post_init__
_WIDEST = (1 << 64) - 1  # paragraph bits an array('Q') holds; an article with more keeps a tuple of ints


class LightTags(Sequence):
    """The light tags of one article (:meth:`Tag.light`: count and paragraphs, no mention), in order."""

    __slots__ = ("_entities", "_counts", "_paragraphs", "_pinned")

    def __init__(self, tags: Iterable[Tag]) -> None:
        tags = tuple(tags)
        self._entities = tuple(sys.intern(tag.entity) for tag in tags)
        self._counts = array("I", (tag.count for tag in tags))
        bits = [tag.paragraphs for tag in tags]
        self._paragraphs = array("Q", bits) if all(0 <= b <= _WIDEST for b in bits) else tuple(bits)
        self._pinned = sum(1 << i for i, tag in enumerate(tags) if tag.pinned)

    @property
    def entities(self) -> tuple[str, ...]:
        """The entries' slugs, in order (what most readers of the tags want, with no record made)."""
        return self._entities

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Tag]:
        pinned = self._pinned
        for i, (entity, count, bits) in enumerate(zip(self._entities, self._counts, self._paragraphs)):
            yield _make(entity, (), bool(pinned >> i & 1), count, bits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self)[index]
        i = range(len(self._entities))[index]  # negative indices, and IndexError, as a tuple has them
        return _make(self._entities[i], (), bool(self._pinned >> i & 1), self._counts[i], self._paragraphs[i])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LightTags, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared as the tuple it stands for, never a key

    def __repr__(self) -> str:
        return f"LightTags({tuple(self)!r})"

    def __reduce__(self):
        return LightTags, (tuple(self),)


def light_tags(tags: Iterable[Tag]) -> LightTags:
    """The compact light copy of an article's tags (full tags lose their mentions: :meth:`Tag.light`)."""
    return tags if isinstance(tags, LightTags) else LightTags(tag.light() for tag in tags)
