"""Records as the build cache keeps them: pickled once, read back by many builds."""

from __future__ import annotations

import contextlib
import dataclasses
import pickle

import pytest

from builder.pipeline.cache import BuildCache
from builder.site.events import TextFeatures
from builder.site.model import Related
from builder.pipeline.process import ArticleWork
from builder.site.records import Article, Block, DateSeen, Entity, Mention, Tag, compact_pickle


def _walk(value):
    """Every record inside ``value`` (tuples, lists and dicts opened), ``value`` first."""
    yield value
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


@contextlib.contextmanager
def _no_init(classes):
    """Each class's ``__init__`` refusing to run while inside."""
    saved = [cls.__dict__["__init__"] for cls in classes]

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{type(self).__name__} rebuilt through __init__")

    for cls in classes:
        cls.__init__ = refuse
    try:
        yield
    finally:
        for cls, init in zip(classes, saved):
            cls.__init__ = init


def test_every_cached_record_reads_back_equal_and_frozen(built_fixture):
    """What a real build stored (full and light works, readings, mention rows, related lists):
    read back, pickled again and read again, each record equals itself field by field and stays
    frozen; none is rebuilt through ``__init__`` (a light tag keeps the count it was given)."""
    cache = BuildCache(built_fixture.parent / ".cache" / "build")
    try:
        blobs = [blob for _, blob in cache._db.execute("SELECT key, value FROM work")]
        meta = dict(cache._db.execute("SELECT key, value FROM meta WHERE key IN ('related', 'knowledge')"))
        blobs += [pickle.loads(meta["related"])[1], meta["knowledge"]]  # related lists: (their key, pickled lists)
    finally:
        cache.close()
    # The classes the cache holds, as read (any class made compact_pickle later is in the list too).
    classes = {type(r) for blob in blobs for r in _walk(pickle.loads(blob)) if hasattr(type(r), "_rebuild")}
    assert {Article, ArticleWork, Block, DateSeen, Entity, Mention, Related, Tag, TextFeatures} <= classes
    records = 0
    for blob in blobs:
        with _no_init(classes):
            value = pickle.loads(blob)
        again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == value
        for record in _walk(again):
            if dataclasses.is_dataclass(record) and hasattr(type(record), "_rebuild"):
                records += 1
                name = dataclasses.fields(record)[0].name
                with pytest.raises(dataclasses.FrozenInstanceError):
                    setattr(record, name, getattr(record, name))
    assert records > 50


def test_a_light_tag_keeps_its_count_through_the_cache():
    mention = Mention("haftar", "p-1", 0, 5, "حفتر", "قال حفتر.", "alias")
    light = Tag("haftar", (mention,), False, 4)
    again = pickle.loads(pickle.dumps(light))
    assert again == light and again.count == 4 and hash(again) == hash(light)
    assert pickle.loads(pickle.dumps(Tag("haftar", (mention, mention), False))).count == 2


def test_a_record_pickled_before_its_rebuilder_existed_still_reads():
    """Caches written by the code before: the class itself, called with the values."""
    mention = Mention("haftar", "p-1", 0, 5, "حفتر", "قال حفتر.", "alias")

    class OldStyle(pickle.Pickler):
        def reducer_override(self, obj):
            if isinstance(obj, Mention):
                return Mention, tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))
            return NotImplemented

    import io

    buffer = io.BytesIO()
    OldStyle(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(mention)
    assert b"_rebuild" not in buffer.getvalue()
    assert pickle.loads(buffer.getvalue()) == mention


def test_only_records_with_slots_can_be_rebuilt_slot_by_slot():
    @dataclasses.dataclass(frozen=True)
    class Loose:
        name: str

    with pytest.raises(TypeError, match="slots=True"):
        compact_pickle(Loose)
