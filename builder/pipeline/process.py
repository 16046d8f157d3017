"""Each article file → its ArticleWork (record, tags, dates, text features), through the build cache.

An article is processed again only when its bytes or the knowledge base changed
(the cache key hashes both, and this code's version). Misses are processed on
every core when there are enough of them to pay for starting the workers.

Only each article's summary (:class:`ArticleSummary`: no text) and light tags stay in
memory for the rest of the build; the full record is read back from the cache by the
pages that show it (:class:`builder.pipeline.store.CachedArticles`).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, replace
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
from markdown_it import MarkdownIt

from builder.extract.arabic import Token, tokenize
from builder.extract.arrays import distinct
from builder.pipeline.cache import CACHE_VERSION, BuildCache, Pickled, evidence_key
from builder.pipeline.forking import Pool, chunked
from builder.site.content import load_article, new_markdown
from builder.errors import SiteError
from builder.site.events import TermMemo, TextFeatures, text_features
from builder.extract.matching import TITLE_ANCHOR, Matcher, extract_article
from builder.pipeline.inputs import Source
from builder.extract.mentioned_dates import dates_seen, with_inferred_date
from builder.site.records import ArticleSummary, DateSeen, Entity, Tag, compact_pickle
from builder.site.tagsets import LightTags, light_tags

# Below this many misses, one process is faster than starting workers.
_PARALLEL_MIN = 400
_CHUNK = 100
READ_BATCH = 500
# Whole articles' records read at a time (full tags, mention rows): tens of KB each on a desk's corpus
# (~130 mentions an article), and what a process reads at once stays its size to the end.
FULL_BATCH = 50


@compact_pickle
@dataclass(frozen=True, slots=True)
class ArticleWork:
    article: ArticleSummary
    tags: tuple[Tag, ...]  # in memory, a light work's are a LightTags (see held_work)
    dates: tuple[DateSeen, ...]  # in memory, a light work has none: the article page reads the full record
    features: TextFeatures


def kb_hash(entities) -> str:
    """What tagging depends on: every entry as loaded (its fields, in file order), and the code version."""
    return hashlib.sha256(repr((CACHE_VERSION, tuple(entities))).encode()).hexdigest()[:20]


def shown_hash(entities) -> str:
    """What pages show of the knowledge base: every entry without the fields only tagging reads
    (aliases, adjectives, ordinary-word aliases, look-alikes, roles, family). Tags are in the pages'
    fingerprints through each article's version (:meth:`ArticleStore.version`), so an alias added
    renders again only the pages of the articles it tags differently."""
    return kb_hash(
        replace(e, terms=(), adjectives=(), needs_context=(), not_aliases=(), roles=(), family="", family_default=False,
                context=(), origin="")
        for e in entities
    )


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What the last good build tagged with: the next build diffs its knowledge base against it."""

    version: str  # CACHE_VERSION
    entities: tuple[Entity, ...]
    under: dict[str, str]  # article slug → the knowledge-base hash its records are under


def light_work(work: ArticleWork) -> ArticleWork:
    """The light copy the cache keeps: each tag with its count and paragraphs (see :meth:`Tag.light`)."""
    return replace(work, tags=tuple(tag.light() for tag in work.tags))


def held_work(work: ArticleWork) -> ArticleWork:
    """What the build holds of an article's light work for its whole length: its tags in a few
    arrays (:class:`LightTags`), without the dates its text mentions, which only its own page
    shows (it reads them from the full record, :meth:`CachedArticles.full_work`)."""
    if isinstance(work.tags, LightTags) and not work.dates:
        return work
    return replace(work, tags=light_tags(work.tags), dates=())


@dataclass(frozen=True, slots=True)
class ChunkTools:
    """What a worker makes once for a chunk of articles: building a Markdown parser costs about as
    much as parsing an article, and the memos work each distinct word out once for the chunk."""

    md: MarkdownIt
    terms: TermMemo
    readings: ReadingHashes


class ReadingHashes(dict):
    """word → the CRC-32s of its readings (:meth:`Matcher.readings`), worked out once a word."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__()
        self.readings = matcher.readings

    def __missing__(self, word: str) -> tuple[int, ...]:
        value = self[word] = tuple(map(_crc, self.readings(word)))
        return value


def chunk_tools(matcher: Matcher) -> ChunkTools:
    return ChunkTools(new_markdown(), TermMemo(), ReadingHashes(matcher))


def _process(
    path: Path, data: bytes, sha: str, matcher: Matcher, tools: ChunkTools
) -> tuple[ArticleWork, Pickled, Pickled, Pickled, list[tuple[str, Pickled]]]:
    article = replace(load_article(path, tools.md, data), sha=sha)
    seen = dates_seen(article)
    article = with_inferred_date(article, seen)
    tokens = {block.anchor: tokenize(block.text) for block in article.blocks}  # one tokenisation for both
    tokens[TITLE_ANCHOR] = tokenize(article.title)
    tags = extract_article(matcher, article, tokens)
    # The full records go straight to the cache, pickled here once; the parent gets the light copy.
    work = ArticleWork(article.summary(), tags, seen, text_features(article, tokens, tools.terms))
    readings = reading_hashes(tools.readings, tokens.values())
    evidence = [(tag.entity, Pickled.of(tag.evidence)) for tag in tags if tag.mentions]  # what entry pages quote
    return light_work(work), Pickled.of(work), Pickled.of(article), Pickled.of(readings), evidence


def reading_hashes(hashes: ReadingHashes, texts: Iterable[list[Token]]) -> bytes:
    """The hashes of every reading of every word of the texts (:meth:`Matcher.readings`), sorted:
    what a change to the knowledge base is checked against (see :func:`touched`)."""
    words = set(map(itemgetter(2), chain.from_iterable(texts)))
    return distinct(np.fromiter(chain.from_iterable(map(hashes.__getitem__, words)), dtype=np.uint32)).tobytes()


def word_hashes(words: Iterable[str]) -> np.ndarray:
    """The distinct CRC-32s of the words, sorted."""
    return distinct(np.fromiter(map(_crc, set(words)), dtype=np.uint32))


def _crc(word: str) -> int:
    """A word's hash in the readings: CRC-32 of its UTF-8 bytes."""
    return zlib.crc32(word.encode())


def touched(readings: object, words: np.ndarray) -> bool:
    """Whether a text with these reading hashes may hold one of ``words`` (hashed by
    :func:`word_hashes`). A hash shared by chance only costs tagging the article again."""
    if not isinstance(readings, bytes):  # not recorded (an older cache): it may hold anything
        return True
    return bool(np.isin(words, np.frombuffer(readings, dtype=np.uint32), assume_unique=True).any())


# Worker processes get the matcher once (pickled by the pool initialiser), not per task, and open
# their own connection to the cache: each stores the full records it makes, so only the light copy
# travels back to the parent (at 10,000 articles, 380 MB less through the pipes and the parent).
_worker_matcher: Matcher | None = None
_worker_cache: BuildCache | None = None


def _init_worker(matcher: Matcher, cache_folder: Path) -> None:
    global _worker_matcher, _worker_cache
    _worker_matcher = matcher
    _worker_cache = BuildCache(cache_folder)


def _end_worker() -> None:
    """What ``_init_worker`` set, closed and cleared (this process ran the chunks itself)."""
    global _worker_matcher, _worker_cache
    _worker_cache.close()
    _worker_matcher = _worker_cache = None


def _process_chunk(items: list[tuple[Path, str, str]]) -> list[tuple[Path, ArticleWork | SiteError]]:
    """Each article of the chunk processed; its records stored in the cache; its light copy returned."""
    out: list[tuple[Path, ArticleWork | SiteError]] = []
    records: list[tuple[str, Pickled]] = []
    tools = chunk_tools(_worker_matcher)
    for path, sha, key in items:
        try:
            work, full_work, full, readings, evidence = _process(path, path.read_bytes(), sha, _worker_matcher, tools)
        except SiteError as exc:
            out.append((path, exc))
            continue
        out.append((path, held_work(work)))
        records += [
            (key, full_work),
            (derived_key(LIGHT, key), Pickled.of(work)),
            (full_key(work.article.sha, work.article.slug), full),
            (derived_key(READINGS, key), readings),
            *((evidence_key(entity, key), mention) for entity, mention in evidence),
        ]
    _worker_cache.put_many(records)  # chunk by chunk: full records never pile up in memory
    return out


@dataclass(frozen=True, slots=True)
class Reuse:
    """Records made under earlier knowledge bases that the latest change leaves valid.

    ``under``: each article's knowledge-base hash its records are stored under, as the last
    build left them; ``words``: what a text must hold to be tagged differently since that build
    (:func:`extract.change_words`), None when every article must be tagged again."""

    under: dict[str, str]
    words: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Processed:
    works: dict[str, ArticleWork]  # slug → light work
    problems: tuple[SiteError, ...]
    misses: int  # articles processed this build (the rest came from the cache)
    keys: dict[str, str]  # slug → the work key its records are under

    @property
    def under(self) -> dict[str, str]:
        """Slug → the knowledge-base hash in its key (what the next build's :class:`Reuse` starts from)."""
        return {slug: key_kb(key) for slug, key in self.keys.items()}


def record_keys(sources: list[Source], kb: str, cache: BuildCache,
                reuse: Reuse | None) -> tuple[dict[Path, str], dict[Path, str]]:
    """Each article's work key, and the earlier key of each article a change may touch.

    Records made under an earlier knowledge base stay in use while the changes since leave the
    article's tags as they were: its text holds none of their words. Adding an alias then tags
    again only the articles that hold the alias's words."""
    keys = {source.path: work_key(source, kb) for source in sources}
    if reuse is None or reuse.words is None:
        return keys, {}
    earlier = {s.path: work_key(s, reuse.under[s.slug]) for s in sources
               if reuse.under.get(s.slug, kb) != kb}
    if not reuse.words:  # nothing changed since: every earlier key stands where its records are
        return {**keys, **earlier}, {}
    words = word_hashes(reuse.words)
    paths = list(earlier)
    for start in range(0, len(paths), READ_BATCH):
        batch = paths[start : start + READ_BATCH]
        found = cache.get_many(derived_key(READINGS, earlier[path]) for path in batch)
        for path in batch:
            if not touched(found.get(derived_key(READINGS, earlier[path])), words):
                keys[path] = earlier.pop(path)
    return keys, earlier


def read_works(sources: list[Source], keys: Mapping[Path, str], cache: BuildCache,
               kept: Mapping[str, ArticleWork] | None = None) -> dict[str, ArticleWork]:
    """Slug → light work of each article whose record under its key is in ``kept`` (work key → light
    work: what a long-running caller kept of its last build) or in the cache; the others are left out."""
    kept = kept or {}
    works: dict[str, ArticleWork] = {}
    for start in range(0, len(sources), READ_BATCH):  # the light copies, stored apart: a tenth of the bytes
        batch = sources[start : start + READ_BATCH]
        cached = cache.get_many(derived_key(LIGHT, keys[s.path]) for s in batch if keys[s.path] not in kept)
        for source in batch:
            work = kept.get(keys[source.path]) or cached.get(derived_key(LIGHT, keys[source.path]))
            if isinstance(work, ArticleWork):
                works[source.slug] = held_work(work)
    return works


def process_articles(sources: list[Source], matcher: Matcher, kb: str, cache: BuildCache, workers: int,
                     reuse: Reuse | None = None, kept: Mapping[str, ArticleWork] | None = None) -> Processed:
    """Each article's light work, from ``kept`` or the cache (:func:`read_works`), or tagged now."""
    keys, earlier = record_keys(sources, kb, cache, reuse)
    works = read_works(sources, keys, cache, kept)
    misses = [source for source in sources if source.slug not in works]
    for source in misses:  # tagged now: under this knowledge base (an edited file never keeps an earlier one)
        keys[source.path] = work_key(source, kb)
    problems: list[SiteError] = []
    items = [(source.path, source.sha, keys[source.path]) for source in misses]
    for chunk in _run(items, matcher, cache.path.parent, workers):
        for _path, result in chunk:
            if isinstance(result, SiteError):
                problems.append(result)
            else:
                works[result.article.slug] = result
    # Tagged again and tagged the same (most articles an alias can touch): the earlier records stand,
    # so the pages that show the article keep their fingerprints.
    again = [source.path for source in misses if source.path in earlier and source.slug in works]
    for start in range(0, len(again), READ_BATCH):
        batch = again[start : start + READ_BATCH]
        stored = cache.raw_many([keys[path] for path in batch] + [earlier[path] for path in batch])
        for path in batch:
            if stored.get(keys[path]) is not None and stored.get(keys[path]) == stored.get(earlier[path]):
                keys[path] = earlier[path]
    return Processed(
        works=works, problems=tuple(problems), misses=len(misses),
        keys={source.slug: keys[source.path] for source in sources},
    )


def _run(items: list[tuple[Path, str, str]], matcher: Matcher, cache_folder: Path, workers: int):
    """Results chunk by chunk, in input order (in worker processes when there are enough items)."""
    jobs = workers if len(items) >= _PARALLEL_MIN else 1
    with Pool(_init_worker, (matcher, cache_folder), _end_worker) as pool:
        yield from pool.map(_process_chunk, chunked(items, _CHUNK), jobs, chunksize=1)


# The light copy of an article's work (its summary, each tag without its mentions) is cached apart
# from the full one: a rebuild reads every article's light copy (10,000 at 10,000 articles) and only
# the pages read the full ones. Named "summary" since it holds an ArticleSummary (the earlier "light"
# records, an Article with its body emptied, are never read and are pruned): a new name rather than a
# new CACHE_VERSION, which the search index's piece folders in output/ are named with.
LIGHT = "summary"


# What an article's text can be read as by the matcher, hashed (see reading_hashes): cached apart,
# read only when the knowledge base changed.
READINGS = "readings"


def work_key(source: Source, kb: str) -> str:
    """Bytes, file name (two files may hold the same bytes), knowledge base and code version."""
    return f"w:{source.sha}:{source.path.name}:{kb}"


def key_kb(key: str) -> str:
    """The knowledge-base hash a work key names (its last part: file names have no colon on the
    systems that build; the hash never has one)."""
    return key.rsplit(":", 1)[1]


def full_key(sha: str, slug: str) -> str:
    return f"a:{sha}:{slug}:{CACHE_VERSION}"


def derived_key(name: str, work: str) -> str:
    """Where a value made from an article's tags is cached: its work key covers the article's bytes,
    the knowledge base and the code version."""
    return f"{name}:{work}"
