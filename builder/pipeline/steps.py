"""The build after the scan, as a table of contents (:func:`run`): load → extract → assemble →
render → write → index → publish, one call a line, each phase timed, then the cache's bookkeeping.

Rebuilds do only what a change touches:

- *extract*: an article is parsed and tagged again only when its bytes or the knowledge
  base changed (:mod:`builder.pipeline.process`, cached by content hash);
- *render*: a page whose inputs hash to the fingerprint it had last time is carried
  over from the previous ``output/`` (hard link) instead of being rendered (:mod:`builder.pipeline.pages`).

The build still writes a complete new site beside ``output/`` and swaps it in only
when every step succeeded, so an incremental build gives the same bytes as a clean one.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from jinja2 import Environment

from builder.config import SiteConfig
from builder.errors import Problems
from builder.extract.matching import Matcher, change_words, check_pins, compile_matcher
from builder.pipeline.cache import CACHE_VERSION, BuildCache
from builder.pipeline.forking import Forked, can_fork, stop_all
from builder.pipeline.patching import ModelCounts, model_counts
from builder.pipeline.inputs import Source, code_digest
from builder.pipeline.pages import write_originals, write_pages
from builder.pipeline.process import (
    LIGHT,
    READINGS,
    Knowledge,
    Processed,
    Reuse,
    derived_key,
    full_key,
    kb_hash,
    process_articles,
    read_works,
    record_keys,
    shown_hash,
)
from builder.pipeline.report import BuildMemo, BuildReport, Phases, missing_fields
from builder.pipeline.seams import Seams
from builder.pipeline.store import CachedArticles
from builder.pipeline.verify import Carried, StaleReuse, stale_files
from builder.pipeline.write import copy_static, discard, fresh_staging, site_files, write_files
from builder.render.dataset import MENTION_ROWS, written_counts
from builder.render.environment import make_environment, release, templates_digest
from builder.render.feeds import FeedOutput
from builder.render.i18n import THEME
from builder.search.index import Searchable, SearchPlan, index_site, plan_search
from builder.site.content import load_entities
from builder.site.model import Site, related_key
from builder.site.records import Catalogue, Entity, Tag
from builder.site.routes import Page, Urls, pages


def run(config: SiteConfig, cache: BuildCache, manifest: dict, sources: list[Source], search: bool, workers: int,
        phase: Phases, memo: BuildMemo | None = None, seams: Seams | None = None,
        verify_reuse: bool = False) -> BuildReport:
    """Everything after a scan that found changes; ``cache`` is open, and closed by the caller;
    ``seams``: the steps a caller replaced (:mod:`builder.pipeline.seams`), else the real ones. With
    ``verify_reuse`` every file carried over is rendered as well and must equal it (:mod:`verify`)."""
    build = Build(config, cache, Urls(config.base_path), search, workers, seams or Seams())
    with phase("load"):
        tagging = load_knowledge(config, cache)
    with phase("extract", f"{len(sources)} articles, {len(tagging.entities)} entries"):
        extracted = extract(build, sources, tagging, memo)
    with staged(build, verify_reuse) as out:  # on any failure: background work stopped, staging discarded
        if search:
            with phase("search plan"):
                searching = start_index(build, extracted, out)
        with phase("assemble"):
            assembled = assemble_site(build, extracted, memo)
        with phase("render", f"{len(assembled.pages)} pages"):
            rendering = render(build, extracted, assembled, out)
        with phase("write"):
            write(build, assembled, rendering, out)
        if verify_reuse:
            with phase("verify reuse", f"{len(out.carried or ())} carried-over files"):
                verify(build, out)
        if search:
            with phase("search"):
                index(build, searching, out)
        publish(build, out)
    remember(build, manifest, sources, extracted, assembled, out, memo)
    return report(build, extracted, assembled, rendering, out, phase)


def warm(config: SiteConfig, cache: BuildCache, sources: list[Source], memo: BuildMemo) -> int:
    """Fill ``memo`` with the light record the cache holds for each article as it is now, tagging
    none and writing nothing; returns how many it holds. ``serve``, started over an output with
    nothing changed, does it while idle, so its first rebuild reads one record, not all of them."""
    tagging = load_knowledge(config, cache)
    keys, _ = record_keys(sources, tagging.kb, cache, tagging.reuse)
    works = read_works(sources, keys, cache)
    memo.works = {keys[source.path]: works[source.slug] for source in sources if source.slug in works}
    return len(memo.works)


# The records passed from one phase to the next ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Build:
    """What every phase of one build is given: the settings, the open cache, the site's URLs, whether
    it is searchable, how many workers, and the seams (the steps a caller replaced)."""

    config: SiteConfig
    cache: BuildCache
    urls: Urls
    search: bool
    workers: int
    seams: Seams


@dataclass(frozen=True, slots=True)
class Tagging:
    """The knowledge base as it is now: its entries, their hash, the matcher, and what the records
    of the last good build are still good for under it (:func:`_reuse`)."""

    entities: tuple[Entity, ...]
    kb: str
    matcher: Matcher
    reuse: Reuse | None


@dataclass(frozen=True, slots=True)
class Extracted:
    """Every article tagged: its summary (in ``sources`` order), light tags, and the store of the
    full records."""

    processed: Processed
    catalogue: Catalogue
    tags: dict[str, tuple[Tag, ...]]
    store: CachedArticles


@dataclass(frozen=True, slots=True)
class Searching:
    """What the search index is made of and how it is cut into pieces (indexing has started)."""

    searchable: Searchable
    plan: SearchPlan


@dataclass(frozen=True, slots=True)
class Assembled:
    """The model, every page of it, and what every page's fingerprint is salted with."""

    site: Site
    pages: list[Page]
    salt: str
    rank_key: str  # what the related lists were made from (:func:`related_key`)
    related_kept: bool  # the related lists were read back from the cache, not made
    counts: ModelCounts  # the co-mention and copy counts, kept for the next build to patch


@dataclass(frozen=True, slots=True)
class Rendering:
    """What the render phase leaves to the write phase: the templates' environment and the feeds."""

    env: Environment  # released once the last page is rendered
    feeds: FeedOutput


@dataclass(slots=True)
class Staged:
    """The new site while it is made beside ``output/``: the staging folder, the work under way in
    the background (stopped when the build fails), and what has been written so far."""

    staging: Path
    in_place: bool  # a rebuild over a known output: only what changed is staged, output/ updated in place
    carried: list[Carried] | None  # with verify_reuse: the carried-over files to compare
    indexing: list[Forked] = field(default_factory=list)
    dataset: Forked | None = None
    old: dict[str, str] = field(default_factory=dict)  # the last build's fingerprints
    fingerprints: dict[str, str] = field(default_factory=dict)  # this build's
    rendered: int = 0
    reused: int = 0
    standing: dict[str, str] = field(default_factory=dict)  # fingerprint rows left standing while output/ changes

    def took(self, written: tuple[dict[str, str], int, int]) -> None:
        fingerprints, rendered, reused = written
        self.fingerprints.update(fingerprints)
        self.rendered += rendered
        self.reused += reused

    def stop(self) -> None:
        if self.dataset is not None:
            self.dataset.stop()
        stop_all(self.indexing)
        discard(self.staging)


# The phases --------------------------------------------------------------------------------------


def load_knowledge(config: SiteConfig, cache: BuildCache) -> Tagging:
    entities = load_entities(config.content_dir)
    matcher = compile_matcher(entities)
    return Tagging(entities, kb_hash(entities), matcher, _reuse(cache.knowledge(), entities, matcher))


def _reuse(known, entities: tuple[Entity, ...], matcher: Matcher) -> Reuse | None:
    """What the records of the last good build are still good for under ``matcher``: all of them
    with the same knowledge base, those of the articles a change cannot touch otherwise (the last
    build's knowledge base compiled for it, so it compiles again)."""
    if not isinstance(known, Knowledge) or known.version != CACHE_VERSION:
        return None
    if known.entities == entities:
        return Reuse(known.under, frozenset())
    return Reuse(known.under, change_words(compile_matcher(known.entities), matcher))


def extract(build: Build, sources: list[Source], tagging: Tagging, memo: BuildMemo | None) -> Extracted:
    cache = build.cache
    processed = process_articles(sources, tagging.matcher, tagging.kb, cache, build.workers, tagging.reuse,
                                 memo.works if memo else None)
    problems = Problems("content")
    for problem in processed.problems:
        problems.add_error(problem)
    problems.raise_if_any()
    works = processed.works
    catalogue = Catalogue(articles=tuple(works[s.slug].article for s in sources), entities=tagging.entities)
    check_pins(catalogue, tagging.matcher)
    tags = {slug: work.tags for slug, work in works.items()}
    return Extracted(processed, catalogue, tags, CachedArticles(cache, {s.slug: s.sha for s in sources}, processed.keys))


@contextmanager
def staged(build: Build, verify_reuse: bool) -> Iterator[Staged]:
    """A fresh staging folder beside ``output/``; when anything fails, the work under way in the
    background stopped and the folder discarded (``output/`` stays as it was)."""
    output = build.config.output_dir
    staging = fresh_staging(output)
    out = Staged(staging, build.cache.output_whole() and (output / "index.html").is_file(), [] if verify_reuse else None)
    try:
        yield out
    except BaseException:
        out.stop()
        raise


def start_index(build: Build, extracted: Extracted, out: Staged) -> Searching:
    """What is indexed is known once the articles are tagged: Pagefind starts on the pieces the cache
    lacks (an edit: one) while the site is assembled and its pages render."""
    entities = {e.slug: e for e in extracted.catalogue.entities}
    searchable = Searchable(extracted.catalogue.articles, entities, extracted.tags, extracted.store)
    plan = plan_search(searchable, build.urls, build.config.search_piece_size)
    seams = build.seams
    out.indexing = seams.start_indexing(plan, searchable, _search_cache(build.config), build.workers, seams.build_piece)
    return Searching(searchable, plan)


def assemble_site(build: Build, extracted: Extracted, memo: BuildMemo | None) -> Assembled:
    """The model and its pages; the co-mention and copy counts patched from the last build's
    (:mod:`builder.pipeline.patching`) where few articles changed."""
    config, seams, cache = build.config, build.seams, build.cache
    works, tags, keys = extracted.processed.works, extracted.tags, extracted.processed.keys
    articles, entities = extracted.catalogue.articles, extracted.catalogue.entities
    entity_types = {entity.slug: entity.type for entity in entities}
    features = {slug: work.features for slug, work in works.items()}
    counts = model_counts(cache.model_counts(), {e.slug: e for e in entities}, articles, tags, features, keys, cache,
                          config.events, memo.works if memo else None)
    coverage = seams.find_coverage(articles, features, tags, entity_types, config.events, counts.copies)
    del features
    rank_key = f"{CACHE_VERSION}:{related_key(articles, tags, coverage, config.related_count)}"
    related = build.cache.related(rank_key)  # an edit that left every article's tags: the last lists
    site = seams.assemble(extracted.catalogue, tags, config.related_count, coverage, extracted.store, related,
                          counts.co_mentions)
    page_list = pages(site, build.urls, config.home_latest, config.entity_page_size)
    # Digested once: every page's fingerprint repr()s it (the settings' repr is ~700 characters).
    salt = hashlib.blake2b(
        f"{CACHE_VERSION}:{code_digest()}:{shown_hash(entities)}:{config!r}:{templates_digest(config)}:{build.search}"
        .encode(),
        digest_size=16,
    ).hexdigest()
    return Assembled(site, page_list, salt, rank_key, related is not None, counts)


def render(build: Build, extracted: Extracted, assembled: Assembled, out: Staged) -> Rendering:
    """Every page that can be rendered before data/ is written, the originals and the feeds.

    data/ is written beside the pages, by a process of its own where the system can fork (it reads
    every tag back from the cache: seconds at 10,000 articles)."""
    config, urls, seams, site = build.config, build.urls, build.seams, assembled.site
    if can_fork() and build.workers > 1:
        out.dataset = Forked(lambda: seams.write_dataset(site, urls, config, out.staging), "the dataset writer")
    env = make_environment(config, site, urls, build.search)
    out.old = build.cache.fingerprints()
    out.took(write_pages(env, [page for page in assembled.pages if not page.after_dataset], urls, assembled.salt,
                         out.old, config.output_dir, out.staging, build.workers, out.in_place, seams.render_page,
                         out.carried))
    if config.data_originals:  # [data] originals = false: content/sources/ stays out of output/
        out.fingerprints.update(write_originals(extracted.catalogue.articles, config, urls, out.old, out.staging,
                                                out.in_place, out.carried))
    return Rendering(env, seams.feed_files(site, urls, config, env.globals["t"]))


def write(build: Build, assembled: Assembled, rendering: Rendering, out: Staged) -> None:
    """The feeds, data/ (waited for, or written now), the pages stating the data files' counts,
    and the static files."""
    config, urls, seams = build.config, build.urls, build.seams
    write_files(out.staging, {".nojekyll": b"", **rendering.feeds.files})
    if out.dataset is not None:
        out.dataset.wait()
    else:
        seams.write_dataset(assembled.site, urls, config, out.staging)
    files = written_counts(out.staging)
    late = [replace(page, context={**page.context, "files": files}, inputs=(page.inputs, sorted(files.items())))
            for page in assembled.pages if page.after_dataset]
    out.took(write_pages(rendering.env, late, urls, assembled.salt, out.old, config.output_dir, out.staging, 1,
                         out.in_place, seams.render_page, out.carried))
    release(rendering.env)
    copy_static([THEME / "static", config.static_dir], out.staging)


def verify(build: Build, out: Staged) -> None:
    """Every carried-over file, rendered again, must equal last build's (:mod:`builder.pipeline.verify`)."""
    output = build.config.output_dir
    stale = stale_files(out.carried, out.staging, output)
    if stale:
        raise StaleReuse(stale, len(out.carried), output)


def index(build: Build, searching: Searching, out: Staged) -> None:
    config = build.config
    index_site(out.staging, searching.searchable, build.urls, searching.plan, cache_dir=_search_cache(config),
               workers=build.workers, started=out.indexing, index_piece=build.seams.build_piece,
               merged=config.search_merged)
    out.indexing = []


def publish(build: Build, out: Staged) -> None:
    """The new site into ``output/``: the changed files moved in, or the whole folder swapped in.
    The cache first stops vouching for the files about to change (:meth:`BuildCache.output_changing`)."""
    output = build.config.output_dir
    out.standing = build.cache.output_changing(out.old, out.fingerprints)
    if out.in_place:
        staged_files = site_files(out.staging)
        built = set(staged_files) | set(out.fingerprints)  # everything output/ is to hold
        stray = [rel for rel in site_files(output) if rel not in built]  # hand-made ones too
        build.seams.apply_changes(out.staging, output, staged_files, stray)
    else:
        build.seams.swap_into_place(out.staging, output)


def remember(build: Build, manifest: dict, sources: list[Source], extracted: Extracted, assembled: Assembled,
             out: Staged, memo: BuildMemo | None) -> None:
    """The cache's bookkeeping once ``output/`` holds the new site: the fingerprints and the manifest,
    the knowledge base tagged with, the related lists, the memo, and the records no article uses
    any more dropped."""
    cache, processed = build.cache, extracted.processed
    cache.output_in_place(out.fingerprints, out.standing, manifest)
    cache.save_knowledge(Knowledge(CACHE_VERSION, extracted.catalogue.entities, processed.under))
    if not assembled.related_kept:
        cache.save_related(assembled.rank_key, assembled.site.related)
    cache.save_model_counts(assembled.counts)
    if memo is not None:
        memo.works = {processed.keys[slug]: work for slug, work in processed.works.items()}
    cache.prune_work(
        set(processed.keys.values())
        | {full_key(s.sha, s.slug) for s in sources}
        | {derived_key(name, key) for key in processed.keys.values() for name in (MENTION_ROWS, LIGHT, READINGS)}
    )


def report(build: Build, extracted: Extracted, assembled: Assembled, rendering: Rendering, out: Staged,
           phase: Phases) -> BuildReport:
    articles = extracted.catalogue.articles
    return BuildReport(
        output=build.config.output_dir,
        articles=len(articles),
        entities=len(extracted.catalogue.entities),
        tags=sum(len(t) for t in extracted.tags.values()),
        pages=len(assembled.pages),
        searchable=build.search,
        warnings=missing_fields(articles) + tuple(rendering.feeds.warnings),
        timings=phase.timings(),
        rendered=out.rendered,
        reused=out.reused,
        processed=extracted.processed.misses,
        verified=len(out.carried) if out.carried is not None else None,
    )


def _search_cache(config: SiteConfig) -> Path:
    return config.root / ".cache" / "search"
