"""The plain immutable records passed from one pipeline stage to the next."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, fields
from pathlib import Path
from types import MemberDescriptorType

# The three kinds of knowledge-base entry, in the order the site lists them.
ENTITY_TYPES = ("actor", "place", "topic")
TITLE_ANCHOR = "title"  # the block of a mention in the headline: the article's h1 carries this id
ENTITY_FOLDERS = {"actor": "actors", "place": "places", "topic": "topics"}
ENTITY_KINDS = {
    "actor": ("person", "organisation", "country", "armed_group", "medium"),
    "place": ("city", "region", "site"),
    "topic": ("topic",),
}
# Kinds whose entries tag and link articles like any other but are never co-mentioned: a platform or
# a medium (فيسبوك in «صفحته بفيسبوك») is the channel of a statement, not a party to what it says.
# They stay out of the co-mention counts, hence of every neighbour list and network.
UNLINKED_KINDS = frozenset({"medium"})


def compact_pickle(cls):
    """Pickle a frozen dataclass as (its rebuilder, field values).

    The build cache stores hundreds of thousands of these records; the pickling that
    ``dataclass(frozen=True, slots=True)`` adds looks up ``fields()`` for every object and
    took most of the time of reading a large cache back. The rebuilder fills the slots directly,
    one slot descriptor a field (written out as dataclasses writes ``__init__``), not through the
    frozen ``__init__``'s ``object.__setattr__`` calls: 1.3 µs for a mention against 2.4. It runs no
    ``__post_init__``: what it rebuilds was made, and checked, before it was pickled.
    """
    names = [f.name for f in fields(cls)]
    getter = operator.attrgetter(*names)
    values = getter if len(names) > 1 else (lambda record: (getter(record),))
    slots = [cls.__dict__.get(name) for name in names]
    if not all(isinstance(slot, MemberDescriptorType) for slot in slots):
        raise TypeError(f"compact_pickle: {cls.__name__} needs @dataclass(frozen=True, slots=True)")
    arguments = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    set{i}(record, v{i})\n" for i in range(len(names)))
    namespace = {"new": object.__new__, "cls": cls, **{f"set{i}": slot.__set__ for i, slot in enumerate(slots)}}
    exec(f"def rebuild({arguments}):\n    record = new(cls)\n{body}    return record\n", namespace)
    rebuild = namespace["rebuild"]
    rebuild.__module__, rebuild.__qualname__ = cls.__module__, f"{cls.__qualname__}._rebuild"
    cls._rebuild = staticmethod(rebuild)  # found by pickle under its qualified name

    def __reduce__(self):
        return rebuild, values(self)

    cls.__reduce__ = __reduce__
    return cls


@compact_pickle
@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading of an article body; ``anchor`` is its id on the page."""

    anchor: str  # "p-3"
    text: str  # plain text, markup removed
    line: int  # line in the article file


@compact_pickle
@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    path: Path
    title: str
    date: dt.date | None  # None until the researcher fills it in
    source: str  # "" until known
    source_url: str
    set_by_hand: tuple[str, ...]
    pins: tuple[str, ...]
    vetoes: tuple[str, ...]
    original: str  # path of the raw original under content/, "" if none
    body_html: str
    blocks: tuple[Block, ...]
    word_count: int
    date_inferred: bool = False  # the date was read from the text, not given in the front matter
    sha: str = ""  # hash of the file's bytes: what the cache and page fingerprints key on
    author: str = ""  # the byline, "" if none

    def summary(self) -> ArticleSummary:
        """What the model keeps of the article (:class:`ArticleSummary`)."""
        return ArticleSummary(
            slug=self.slug, path=self.path, title=self.title, date=self.date, source=self.source,
            source_url=self.source_url, pins=self.pins, vetoes=self.vetoes, original=self.original,
            excerpt=self.blocks[0].text if self.blocks else "", word_count=self.word_count, sha=self.sha,
        )


@compact_pickle
@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as every page but its own shows it (lists, entry pages, the timeline, feeds, the
    dataset's records, the search index's filters) and as the build checks it (pins, vetoes, the
    original to copy): everything but the text. The model (``Site``) holds these; the full
    :class:`Article` is read back when the article's own page, or the search index, needs its text
    (:class:`builder.site.store.ArticleStore`)."""

    slug: str
    path: Path
    title: str
    date: dt.date | None
    source: str
    source_url: str
    pins: tuple[str, ...]
    vetoes: tuple[str, ...]
    original: str  # path of the raw original under content/, "" if none
    excerpt: str  # the text of the article's first block ("" when it has none): a card's excerpt, a feed's summary
    word_count: int
    sha: str  # hash of the file's bytes: the article's version when nothing else names it


@compact_pickle
@dataclass(frozen=True, slots=True)
class Role:
    """A role phrase (رئيس المخابرات العامة المصرية) held by an actor from ``start`` to ``end`` (None: open)."""

    phrase: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Entity:
    slug: str
    type: str  # one of ENTITY_TYPES
    kind: str  # one of ENTITY_KINDS[type]
    path: Path
    name: str
    name_en: str
    description: str
    terms: tuple[str, ...]  # aliases (actors, places) or keywords (topics)
    adjectives: tuple[str, ...]
    wikidata: str
    family: str = ""  # a family name shared with other entries (حفتر)
    family_default: bool = False  # the bare family name means this entry when no other member is named
    needs_context: tuple[str, ...] = ()  # one-word aliases that are also ordinary words (سلامة)
    roles: tuple[Role, ...] = ()
    not_aliases: tuple[str, ...] = ()  # look-alike phrases that never mean this entry (القوة القاهرة for Cairo)
    context: tuple[str, ...] = ()  # entry slugs whose mention in a paragraph lets its needs_context terms count there
    origin: str = ""  # where the entry came from: "cldr", "gazetteer", a person's note; shown nowhere


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: tuple[Article, ...]  # sorted by slug
    entities: tuple[Entity, ...]  # sorted by type, then slug


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What the model is assembled from: every article's summary (the text stays in the build
    cache, or in a :class:`Corpus` loaded whole) and the knowledge base."""

    articles: tuple[ArticleSummary, ...]  # sorted by slug
    entities: tuple[Entity, ...]  # sorted by type, then slug


@compact_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an entity is named in an article, with its evidence."""

    entity: str  # entity slug
    block: str  # anchor of the paragraph ("p-3")
    start: int  # offsets of the surface form in the block text
    end: int
    surface: str  # the words as written
    sentence: str  # the sentence around it, as written
    how: str  # alias, keyword, adjective, family (bare family name), context (alias confirmed by context), role


@compact_pickle
@dataclass(frozen=True, slots=True)
class DateSeen:
    """A date the article's text mentions, placed in time (builder/extract/mentioned_dates.py): a day, a
    month or a year, as precise as the text makes it."""

    block: str  # anchor of the paragraph where it is first written ("p-3")
    surface: str  # the words as written there («السبت»، «نوفمبر الماضي»)
    year: int
    month: int | None  # None: a year
    day: int | None  # None: a month or a year
    completed: bool  # the year (and the day, for a weekday or «أمس») came from the article's date

    @property
    def iso(self) -> str:
        """As HTML's <time datetime> writes it: "2020-12-19", "2020-11" or "2021"."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@compact_pickle
@dataclass(frozen=True, slots=True)
class Tag:
    """An entity attached to an article: by its mentions, or pinned by the researcher."""

    entity: str
    mentions: tuple[Mention, ...]
    pinned: bool
    count: int = -1  # mentions in the article (len(mentions) unless this is a light copy)
    # The paragraphs naming the entry, as bits: bit i set when paragraph i (p-i; 0 is the headline)
    # holds a mention. What paragraph-level co-mentions are counted from; a light copy keeps it
    # whole (a small int: under 257, the common case, Python shares one object for it).
    paragraphs: int = -1

    def __post_init__(self) -> None:
        if self.count < 0:
            object.__setattr__(self, "count", len(self.mentions))
        if self.paragraphs < 0:
            bits = 0
            for mention in self.mentions:
                bits |= 1 << paragraph_index(mention.block)
            object.__setattr__(self, "paragraphs", bits)

    def paragraph_indices(self) -> list[int]:
        """The indices of the paragraphs naming the entry, in order (0 is the headline)."""
        bits, out, i = self.paragraphs, [], 0
        while bits:
            if bits & 1:
                out.append(i)
            bits >>= 1
            i += 1
        return out

    @property
    def evidence(self) -> Mention | None:
        """The mention an entry page quotes: the first in the body; the headline's only when the body
        never names the entry (the page prints the headline just above the quote)."""
        if not self.mentions:
            return None
        return next((m for m in self.mentions if m.block != TITLE_ANCHOR), self.mentions[0])

    def sentences(self) -> tuple[tuple[Mention, ...], ...]:
        """The mentions grouped by the sentence they stand in, in reading order: an evidence list
        shows each sentence once, however many times it names the entry."""
        groups: dict[tuple[str, str], list[Mention]] = {}
        for mention in self.mentions:
            groups.setdefault((mention.block, mention.sentence), []).append(mention)
        return tuple(tuple(group) for group in groups.values())

    def light(self) -> Tag:
        """The copy the model keeps in memory: the count and the paragraphs, no mention (a desk's
        corpus has ~40 tags an article: its quoted sentences were 1.1 KB a tag). The article's page
        and the dataset read the full tag back from the cache, an entry page its slice's
        :attr:`evidence` (``Site.evidence``)."""
        if not self.mentions:
            return self
        return Tag(self.entity, (), self.pinned, self.count, self.paragraphs)


def paragraph_index(anchor: str) -> int:
    """``p-3`` → 3; the headline's anchor (``title``), and any other, → 0."""
    return int(anchor[2:]) if anchor.startswith("p-") and anchor[2:].isdigit() else 0
