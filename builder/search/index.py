"""The search index: Pagefind over search keys, in bounded pieces, with the original text beside it.

What is indexed is what a reader means: each article's title and text, and each
knowledge-base entry's name, English name, aliases and description — never the
navigation, tag lists, related articles or the rest of the page around them.

* Every word becomes its key (:mod:`builder.search.keys`); a record's content is
  its keys in text order, so Pagefind's word positions point back at the words as
  written. The title fills the first ``TITLE_SLOTS`` positions (padded with "-",
  a separator Pagefind counts as a position but does not index) and every block
  ends with one, so a phrase never runs from one paragraph into the next.
* The original title and paragraphs go to ``<piece>/t/<id>.gz`` beside the index:
  the browser turns Pagefind's positions into excerpts in the article's own
  spelling and never shows a key.
* Articles are split by date into pieces of at most ``piece_size`` (a year, or a
  month or day of it when that is too many), entries into pieces of their own;
  each piece is one Pagefind index built by its own short-lived process, so memory
  stays bounded whatever the corpus. The browser merges them (search.js).
* A piece is named by the hash of everything that goes into it; a built piece is
  kept in the cache folder and reused while its articles do not change.

Layout under ``output/pagefind/``: ``search.json`` (the pieces, newest first),
``entities.json`` (names for "did you mean"); the first piece at the root with
``pagefind.js`` and the WebAssembly every piece shares, the others in folders. The browser's copy
of the key rules is ``static/search-rules.js``, written from the same tables.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from builder.extract import arabic

from builder.search import pagefind, chunks as searchchunks, facets as searchfacets, keys as searchtext, merge as searchmerge
from builder.pipeline.cache import CACHE_VERSION
from builder.config import SEARCH_PIECE_SIZE
from builder.errors import Location, SiteError
from builder.pipeline.forking import Forked, can_fork, run_at_most, stop_all, wait_all
from builder.site.records import ENTITY_TYPES, Article, Entity, Tag
from builder.site.routes import Urls
from builder.search.pagefind import RUNTIME, index_records, pagefind_version
from builder.pipeline.write import write_files

TITLE_SLOTS = 64
FILLER = "-"
LANGUAGE = "zxx"  # keys are not a language: Pagefind must not stem them again
FORMAT = 3  # bump when the layout or the records change, to invalidate cached pieces (2: keys in index_form; 3: words end with searchtext.END, short ids in date order)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    url: str
    kind: str  # "article" or an entity type
    title: str
    blocks: tuple[tuple[str, str], ...]  # (anchor, text as written)
    sort: str  # "YYYY-MM-DD slug"; "" dates sort last
    filters: Mapping[str, tuple[str, ...]]
    date: str = ""
    source: str = ""
    name_en: str = ""
    slug: str = ""  # an article's slug (its text is read from the store one piece at a time)
    sha: str = ""  # the hash of an article's file: stands for its text in a piece's digest


@dataclass(frozen=True, slots=True)
class Searchable:
    """What the index is made of: the articles (light records), their tags and the entries, all
    known once the articles are tagged, before the site is assembled, so indexing can start then."""

    articles: tuple[Article, ...]
    entities: Mapping[str, Entity]
    tags: Mapping[str, tuple[Tag, ...]]
    store: Any  # full articles by slug (process.ArticleStore): ``get(slug)``

    def full_article(self, slug: str) -> Article:
        return self.store.get(slug)


@dataclass(frozen=True, slots=True)
class Piece:
    kind: str  # "articles" or "entities"
    docs: tuple[SearchDoc, ...]
    label: str  # first and last date, or "entities"


@dataclass(frozen=True, slots=True)
class SearchSummary:
    pieces: int
    docs: int
    built: int  # pieces indexed in this build (the others came from the cache)


# Records ------------------------------------------------------------------------


def documents(searchable: Searchable, urls: Urls, with_text: bool = True) -> tuple[list[SearchDoc], list[SearchDoc]]:
    """Articles (oldest first) and knowledge-base entries, as search records; without ``with_text``,
    articles come without their paragraphs (:func:`with_text` adds them, a piece at a time)."""
    articles = []
    for article in sorted(searchable.articles, key=lambda a: (a.date.isoformat() if a.date else "", a.slug)):
        filters: dict[str, list[str]] = defaultdict(list)
        for tag in searchable.tags.get(article.slug, ()):
            entity = searchable.entities[tag.entity]
            filters[entity.type].append(entity.name)
        if article.source:
            filters["source"].append(article.source)
        if article.date:
            filters["year"].append(str(article.date.year))
        date = article.date.isoformat() if article.date else ""
        articles.append(
            SearchDoc(
                url=urls.article(article.slug),
                kind="article",
                title=article.title,
                blocks=_blocks(searchable, article.slug) if with_text else (),
                sort=f"{date or '0000-00-00'} {article.slug}",
                filters={k: tuple(sorted(set(v))) for k, v in sorted(filters.items())},
                date=date,
                source=article.source,
                slug=article.slug,
                sha=article.sha,
            )
        )
    entities = []
    ordered = sorted(searchable.entities.values(), key=lambda e: (ENTITY_TYPES.index(e.type), e.slug))
    for number, entity in enumerate(ordered):
        aliases = "، ".join(t for t in entity.terms if t != entity.name)
        blocks = tuple(("", text) for text in (entity.name_en, aliases, entity.description) if text)
        entities.append(
            SearchDoc(
                url=urls.entity(entity),
                kind=entity.type,
                title=entity.name,
                blocks=blocks,
                sort=f"0000-00-00 {number:07d}",  # pieces read last to first: see plan_pieces
                filters={},
                name_en=entity.name_en,
            )
        )
    return articles, entities


def _blocks(searchable: Searchable, slug: str) -> tuple[tuple[str, str], ...]:
    return tuple((b.anchor, b.text) for b in searchable.full_article(slug).blocks)


def with_text(piece: Piece, searchable: Searchable) -> Piece:
    """The piece with its articles' paragraphs read in (only one piece's texts are in memory at once)."""
    docs = tuple(replace(doc, blocks=_blocks(searchable, doc.slug)) if doc.slug and not doc.blocks else doc
                 for doc in piece.docs)
    return replace(piece, docs=docs)


def record_content(doc: SearchDoc, forms: searchtext.IndexForms) -> str:
    """The keys Pagefind indexes (in index form): title, padding to TITLE_SLOTS, then each block and
    a separator. ``forms``: the runs of text already worked out in this piece."""
    title = forms.text(doc.title)
    parts = [title] if title else []
    parts += [FILLER] * (TITLE_SLOTS - (title.count(" ") + 1 if title else 0))
    for _, text in doc.blocks:
        block = forms.text(text)
        if block:
            parts.append(block)
        parts.append(FILLER)
    return " ".join(parts)


# Pieces -------------------------------------------------------------------------


def plan_pieces(articles: list[SearchDoc], entities: list[SearchDoc], size: int) -> list[Piece]:
    """Articles by date, cut at year, month or day boundaries into pieces of at most ``size``.

    Buckets are calendar years; a year with more than ``size`` articles is cut into
    months, a month into days, a day into runs of ``size``. Consecutive buckets are
    then packed oldest first while they fit, so an edit changes its own piece and
    rarely more. The list is newest first (the order a date sort reads them in),
    then the entries.
    """
    by_year: dict[str, list[SearchDoc]] = defaultdict(list)
    for doc in articles:
        by_year[doc.date[:4]].append(doc)
    buckets: list[list[SearchDoc]] = []
    for year in sorted(by_year):
        buckets += _split(by_year[year], size, (7, 10))
    packed: list[list[SearchDoc]] = []
    for bucket in buckets:
        if packed and len(packed[-1]) + len(bucket) <= size:
            packed[-1] += bucket
        else:
            packed.append(list(bucket))
    pieces = [Piece("articles", tuple(p), f"{p[0].date or 'undated'}..{p[-1].date or 'undated'}") for p in packed]
    pieces.reverse()
    # Within a piece results come in descending sort order; listing the entry pieces
    # last to first makes their concatenation one descending order, however they are cut.
    for start in reversed(range(0, len(entities), size)):
        pieces.append(Piece("entities", tuple(entities[start : start + size]), "entities"))
    return pieces


def _split(docs: list[SearchDoc], size: int, cuts: tuple[int, ...]) -> list[list[SearchDoc]]:
    if len(docs) <= size:
        return [docs]
    if not cuts:
        return [docs[i : i + size] for i in range(0, len(docs), size)]
    groups: dict[str, list[SearchDoc]] = defaultdict(list)
    for doc in docs:
        groups[doc.date[: cuts[0]]].append(doc)
    return [part for key in sorted(groups) for part in _split(groups[key], size, cuts[1:])]


def rules_version() -> str:
    """Changes whenever the keys could: the key code, the normalisation tables, the records and the
    service that indexes them, Pagefind."""
    h = hashlib.sha256()
    for path in (Path(searchtext.__file__), Path(arabic.__file__), Path(searchchunks.__file__), Path(__file__),
                 Path(pagefind.__file__)):
        h.update(path.read_bytes())
    h.update(f"{FORMAT} {pagefind_version()}".encode())
    return h.hexdigest()


def piece_digest(piece: Piece, version: str, salt: int) -> str:
    """What a piece's index depends on. An article whose file hash is known is named by that hash
    (and the cache version, which changes with the parsing) instead of its text: a build finds its
    cached pieces without reading 50,000 texts back."""
    h = hashlib.sha256(f"{version} {CACHE_VERSION} {salt} {piece.kind}\n".encode())
    for doc in piece.docs:  # repr, not JSON with sorted keys: a third of the time (an edit plans 10,000)
        text = doc.sha or tuple(map(tuple, doc.blocks))
        filters = tuple((name, tuple(values)) for name, values in sorted(doc.filters.items()))
        h.update(repr((doc.url, doc.kind, doc.title, text, doc.date, doc.source, doc.name_en, filters, doc.sort)).encode())
        h.update(b"\n")
    return h.hexdigest()[:16]


# Writing ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """The pieces a site's index is cut into, and where each is (or will be) in the cache."""

    pieces: tuple[Piece, ...]
    folders: tuple[str, ...]  # each piece's cache folder under its first salt
    docs: int
    version: str


def plan_search(searchable: Searchable, urls: Urls, piece_size: int | None = None) -> SearchPlan:
    articles, entities = documents(searchable, urls, with_text=False)
    pieces = tuple(plan_pieces(articles, entities, max(1, piece_size or SEARCH_PIECE_SIZE)))
    version = rules_version()
    folders = tuple(f"{piece.kind[0]}{piece_digest(piece, version, 0)}" for piece in pieces)
    return SearchPlan(pieces, folders, len(articles) + len(entities), version)


def start_indexing(plan: SearchPlan, searchable: Searchable, cache_dir: Path, workers: int,
                   index_piece: Callable[[Piece, int, Path], Path] | None = None) -> list[Forked]:
    """Start indexing, in the background, up to ``workers`` of the pieces the cache lacks (an edit:
    its one piece), so Pagefind works while the pages are rendered; :func:`index_site` waits for
    them and indexes the rest. ``index_piece``: :func:`build_piece` unless a caller's seam replaces it."""
    if not _in_parallel(cache_dir, workers):
        return []
    started: list[Forked] = []
    try:
        for piece, folder in _missing(plan, cache_dir)[:workers]:
            started.append(_index_in_background(piece, searchable, cache_dir / folder, index_piece or build_piece))
    except BaseException:  # a fork that failed: the ones already running are not left behind
        stop_all(started)
        raise
    return started


def index_site(
    root: Path,
    searchable: Searchable,
    urls: Urls,
    plan: SearchPlan,
    cache_dir: Path | None = None,
    workers: int = 1,
    started: Sequence[Forked] = (),
    index_piece: Callable[[Piece, int, Path], Path] | None = None,
    merged: bool = False,
) -> SearchSummary:
    """Write ``root/pagefind/`` and ``root/static/search-rules.js``; reuse cached pieces.

    ``started``: indexers :func:`start_indexing` began (waited for here). With a cache and more than
    one worker, the pieces the cache still lacks are indexed first, up to ``workers`` at a time,
    each in a forked process with its own Pagefind. ``index_piece`` as for :func:`start_indexing`."""
    index_piece = index_piece or build_piece
    wait_all(started)
    bundle = root / "pagefind"
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    version = plan.version
    built = len(started)
    if _in_parallel(cache_dir, workers):
        built += _index_missing(plan, searchable, cache_dir, workers, index_piece)
    seen: set[str] = set()
    record_ids: dict[str, str] = {}  # url → record id, over all pieces
    used: set[str] = set()
    listed: list[dict] = []
    sources: list[Path] = []
    numbered: list[tuple[list, list[int]]] = []  # each piece's records' filters and places
    for piece, first_folder in zip(plan.pieces, plan.folders):
        for salt in range(8):
            folder = first_folder if salt == 0 else f"{piece.kind[0]}{piece_digest(piece, version, salt)}"
            cached = cache_dir / folder if cache_dir else None
            if cached and (cached / "ids.json").is_file():
                source = cached
            else:  # texts are read only for a piece that is indexed
                source = index_piece(with_text(piece, searchable), salt, (cached or bundle / f".build-{folder}"))
                built += 1
            url_ids = json.loads((source / "ids.json").read_text(encoding="utf-8"))
            ids = set(url_ids.values())
            if cached:
                # Kept even when its ids collide: the next build then finds it, sees the collision and
                # takes the next salt from the cache too, instead of indexing the piece again.
                used.add(folder)
            if seen.isdisjoint(ids):  # ids must be unique over all pieces: the browser joins on them
                break
            if not cached:
                shutil.rmtree(source)
        else:  # pragma: no cover - eight colliding salts in a row
            raise SiteError("search pieces keep sharing record ids", Location(root), "rebuild with --no-search")
        seen.update(ids)
        record_ids.update(url_ids)
        numbered.append(([doc.filters for doc in piece.docs],
                         [int(url_ids[doc.url][searchchunks.PREFIX:], 36) for doc in piece.docs]))
        if merged:  # each piece's texts in a folder of its own; its index goes into the merged one (below)
            target, path = bundle / folder, f"{folder}/"
            if (source / "t").is_dir():
                shutil.copytree(source / "t", target / "t", copy_function=_link_or_copy)
        else:  # the first piece (newest articles) at the bundle's root with the runtime; the others in folders
            target, path = (bundle, "") if not listed else (bundle / folder, f"{folder}/")
            shutil.copytree(source, target, dirs_exist_ok=True, copy_function=_link_or_copy,
                            ignore=shutil.ignore_patterns("ids.json", *(() if not listed else RUNTIME)))
        sources.append(source)
        listed.append({"path": path, "kind": piece.kind, "docs": len(piece.docs), "span": piece.label,
                       "prefix": next(iter(ids))[: searchchunks.PREFIX] if ids else ""})
    if merged and sources:  # the runtime every piece shares, and the pieces' indexes merged into one
        for name in RUNTIME:
            _link_or_copy(str(sources[0] / name), str(bundle / name))
        one = searchmerge.merged_index(sources, cache_dir, bundle)
        if cache_dir:
            used.add(one.name)
        shutil.copytree(one, bundle, dirs_exist_ok=True, copy_function=_link_or_copy)
    for source in sources:
        if source.parent == bundle and source.exists():
            shutil.rmtree(source)
    if not cache_dir:
        shutil.rmtree(bundle / ".merged", ignore_errors=True)
    if cache_dir and cache_dir.is_dir():  # keep what this build used; older pieces are dead weight
        for stale in cache_dir.iterdir():
            if stale.is_dir() and stale.name not in used:
                shutil.rmtree(stale, ignore_errors=True)
    manifest = {"format": FORMAT, "titleSlots": TITLE_SLOTS, "docs": plan.docs, "pieces": listed, "merged": merged,
                "filters": searchfacets.write(bundle, searchfacets.numbers(numbered))}
    _write_json(bundle / "search.json", manifest)
    _write_json(bundle / "entities.json", _entity_list(searchable, urls, record_ids))
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "search-rules.js").write_text(rules_script(), encoding="utf-8")
    return SearchSummary(pieces=len(listed), docs=manifest["docs"], built=built)


def _in_parallel(cache_dir: Path | None, workers: int) -> bool:
    """Whether missing pieces are indexed into the cache in forked processes (else one by one, in place)."""
    return cache_dir is not None and workers > 1 and can_fork()


def _missing(plan: SearchPlan, cache_dir: Path) -> list[tuple[Piece, str]]:
    """The planned pieces the cache lacks, with their folders (under their first salt)."""
    return [(p, f) for p, f in zip(plan.pieces, plan.folders) if not (cache_dir / f / "ids.json").is_file()]


def _index_in_background(piece: Piece, searchable: Searchable, folder: Path, index_piece) -> Forked:
    return Forked(lambda: index_piece(with_text(piece, searchable), 0, folder), "a search indexer")


def _index_missing(plan: SearchPlan, searchable: Searchable, cache_dir: Path, workers: int, index_piece) -> int:
    """Index into the cache, ``workers`` at a time, the pieces it lacks (under their first salt)."""
    missing = _missing(plan, cache_dir)
    starts = [lambda p=piece, f=folder: _index_in_background(p, searchable, cache_dir / f, index_piece)
              for piece, folder in missing]
    run_at_most(workers, starts)
    return len(missing)


def _link_or_copy(source: str, target: str) -> None:
    """A cached piece's file into the site: a hard link (pieces are never written in place once
    built; a piece of 2,000 articles is some 2,000 files), a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def rules_script() -> str:
    rules = json.dumps({**searchtext.browser_rules(), "format": FORMAT, "idPrefix": searchchunks.PREFIX},
                       ensure_ascii=True, sort_keys=True)
    return (
        "// Generated by builder/search/index.py from builder/extract/arabic.py and builder/search/keys.py: do not edit.\n"
        f"window.searchRules = {rules};\n"
    )


def build_piece(piece: Piece, salt: int, folder: Path) -> Path:
    """One Pagefind index in its own process; then the ids it gave each record, and the texts."""
    if folder.exists():
        shutil.rmtree(folder)
    staging = folder.with_name(folder.name + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        hashes, files = _index_records(piece, salt)
        newest_first = sorted(range(len(piece.docs)), key=lambda n: piece.docs[n].sort, reverse=True)
        place = {piece.docs[n].url: rank for rank, n in enumerate(newest_first)}
        # small word-index chunks (a query fetches little more than its words), short page ids in date order
        searchchunks.rechunk(files, staging)
        renamed = searchchunks.rename_pages(files, staging, {h: place[url] for url, h in hashes.items()})
        url_ids = {url: renamed[h] for url, h in hashes.items()}
        write_files(staging, files)
        by_url = {doc.url: doc for doc in piece.docs}
        texts = staging / "t"
        texts.mkdir()
        for url, record_id in url_ids.items():
            payload = json.dumps(_doc_json(by_url[url]), ensure_ascii=False, separators=(",", ":"))
            # Level 6: 0.25 ms a text against level 9's 0.32 ms, for 0.4 % more bytes.
            (texts / f"{record_id}.gz").write_bytes(gzip.compress(payload.encode("utf-8"), 6, mtime=0))
        _write_json(staging / "ids.json", dict(sorted(url_ids.items())))
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _index_records(piece: Piece, salt: int) -> tuple[dict[str, str], dict[str, bytes]]:
    """The piece indexed by one Pagefind process (:func:`index_records`)."""
    forms = searchtext.IndexForms()
    return index_records(
        {"url": doc.url, "content": record_content(doc, forms) + f" {FILLER}" * salt, "language": LANGUAGE, "meta": {},
         "filters": {key: list(values) for key, values in doc.filters.items()}}
        for doc in piece.docs
    )


def _doc_json(doc: SearchDoc) -> dict:
    out = {"u": doc.url, "k": doc.kind, "t": doc.title, "b": [list(b) for b in doc.blocks]}
    for key, value in (("d", doc.date), ("s", doc.source), ("e", doc.name_en)):
        if value:
            out[key] = value
    return out


def _entity_list(searchable: Searchable, urls: Urls, record_ids: Mapping[str, str]) -> list[dict]:
    """Each entry's name, page, type, article count, record id in the index (``i``), the keys of its
    name and aliases (``a``: the query that names it, a suggestion when nothing matches) and the
    spellings of its name (``v``, as written: searched together, see search.js).

    Spellings: an actor's or place's name and aliases, not a topic's keywords (other words for a
    subject, not its name), nor an alias that is also an ordinary word (``needs_context``)."""
    articles_of = Counter(tag.entity for tags in searchable.tags.values() for tag in tags)  # an entity once an article
    out = []
    for entity in sorted(searchable.entities.values(), key=lambda e: (ENTITY_TYPES.index(e.type), e.slug)):
        names = [entity.name, *(t for t in entity.terms if t != entity.name)]
        item = {
            "n": entity.name,
            "u": urls.entity(entity),
            "k": entity.type,
            "c": articles_of[entity.slug],
            "a": [" ".join(searchtext.keys(name)) for name in names],
        }
        if entity.type != "topic":
            item["v"] = [name for n, name in enumerate(names) if name not in entity.needs_context and item["a"][n]]
        if urls.entity(entity) in record_ids:
            item["i"] = record_ids[urls.entity(entity)]
        out.append(item)
    return out


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
