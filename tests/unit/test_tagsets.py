"""The light tags the build holds for every article: the same tags as the tuple they replace, in a
few bytes a tag (builder/site/tagsets.py)."""

from __future__ import annotations

import pickle
import sys

import pytest

from builder.site.records import Mention, Tag
from builder.site.tagsets import LightTags, light_tags


def _tags(n: int) -> tuple[Tag, ...]:
    out = []
    for i in range(n):
        mentions = tuple(Mention(f"entry-{i}", f"p-{p}", 0, 4, "ليبيا", "ليبيا بلد.", "alias") for p in (1, 3, i % 9 + 1))
        out.append(Tag(f"entry-{i}", mentions, pinned=i % 7 == 0))
    out.append(Tag("pinned-only", (), True))
    out.append(Tag("long-article", (), False, 2, 1 << 80))  # paragraph bits beyond 64
    return tuple(out)


def test_light_tags_read_as_the_tuple_of_light_tags():
    full = _tags(40)
    held = light_tags(full)
    expected = tuple(tag.light() for tag in full)
    assert held == expected and tuple(held) == expected
    assert len(held) == len(expected)
    assert held[0] == expected[0] and held[-1] == expected[-1] and held[3:7] == expected[3:7]
    assert [t.paragraph_indices() for t in held] == [t.paragraph_indices() for t in expected]
    assert held.entities == tuple(t.entity for t in expected)
    assert pickle.loads(pickle.dumps(held)) == expected
    assert light_tags(held) is held
    with pytest.raises(IndexError):
        held[len(expected)]


def test_light_tags_share_one_string_an_entry_and_cost_a_few_bytes_a_tag():
    one, other = light_tags(_tags(40)), light_tags(_tags(40))
    assert all(a is b for a, b in zip(one.entities, other.entities))  # interned: one copy for the corpus
    held = sys.getsizeof(one) + sum(sys.getsizeof(getattr(one, name)) for name in LightTags.__slots__)
    records = sum(sys.getsizeof(t) + sys.getsizeof(t.entity) + sys.getsizeof(t.paragraphs) for t in _tags(40))
    assert held / len(one) < 40  # bytes a tag, slugs shared (a tuple of Tag records: ~160)
    assert held * 3 < records
