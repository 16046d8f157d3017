"""The build after the scan: load → extract → assemble → render → write → index → swap.

Rebuilds do only what a change touches:

- *extract*: an article is parsed and tagged again only when its bytes or the knowledge
  base changed (:mod:`builder.pipeline.process`, cached by content hash);
- *render*: a page whose inputs hash to the fingerprint it had last time is carried
  over from the previous ``output/`` (hard link) instead of being rendered.

The build still writes a complete new site beside ``output/`` and swaps it in only
when every step succeeded, so an incremental build gives the same bytes as a clean one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import replace
from pathlib import Path

from builder.pipeline.report import BuildMemo, BuildReport, Phases, missing_fields
from builder.pipeline.cache import CACHE_VERSION, BuildCache
from builder.config import SiteConfig
from builder.site.content import load_entities
from builder.render.dataset import MENTION_ROWS, written_counts
from builder.errors import Problems
from builder.extract.matching import Matcher, change_words, check_pins, compile_matcher
from builder.pipeline.patching import model_counts
from builder.pipeline.forking import Forked, can_fork, stop_all, wait_all
from builder.render.i18n import THEME
from builder.pipeline.inputs import Source, code_digest
from builder.pipeline.verify import ORIGINAL, Carried, StaleReuse, stale_files
from builder.site.model import related_key
from builder.pipeline.process import (
    LIGHT,
    READINGS,
    ArticleStore,
    Knowledge,
    Reuse,
    derived_key,
    full_key,
    kb_hash,
    process_articles,
    read_works,
    record_keys,
    shown_hash,
)
from builder.site.records import Corpus, Entity
from builder.render.environment import make_environment, release, templates_digest
from builder.site.routes import Urls, pages
from builder.search.index import Searchable, index_site, plan_search
from builder.pipeline.seams import Seams
from builder.pipeline.write import copy_static, discard, fresh_staging, site_files, write_files


def run(config: SiteConfig, cache: BuildCache, manifest: dict, sources: list[Source], search: bool, workers: int,
        phase: Phases, memo: BuildMemo | None = None, seams: Seams | None = None,
        verify_reuse: bool = False) -> BuildReport:
    """Everything after a scan that found changes; ``cache`` is open, and closed by the caller;
    ``seams``: the steps a caller replaced (:mod:`builder.pipeline.seams`), else the real ones. With
    ``verify_reuse`` every file carried over is rendered as well and must equal it (:mod:`verify`)."""
    seams = seams or Seams()
    with phase("load"):
        entities, kb, matcher, reuse = _tagging(config, cache)
    with phase("extract", f"{len(sources)} articles, {len(entities)} entries"):
        processed = process_articles(sources, matcher, kb, cache, workers, reuse, memo.works if memo else None)
        problems = Problems("content")
        for problem in processed.problems:
            problems.add_error(problem)
        problems.raise_if_any()
        works = processed.works
        articles = tuple(works[s.slug].article for s in sources)
        corpus = Corpus(articles=articles, entities=entities)
        check_pins(corpus, matcher)
        tags = {slug: work.tags for slug, work in works.items()}
    store = ArticleStore(cache, {s.slug: s.sha for s in sources}, processed.keys)
    urls = Urls(config.base_path)
    staging = fresh_staging(config.output_dir)
    # A rebuild over a known output stages only what changed and updates the output in place.
    in_place = cache.output_whole() and (config.output_dir / "index.html").is_file()
    dataset = None
    search_cache = config.root / ".cache" / "search"
    indexing: list[Forked] = []
    carried: list[Carried] | None = [] if verify_reuse else None  # the files to check, when verifying
    try:
        if search:
            with phase("search plan"):
                # What is indexed is known once the articles are tagged: Pagefind starts on the pieces
                # the cache lacks (an edit: one) while the site is assembled and its pages render.
                searchable = Searchable(articles, {e.slug: e for e in entities}, tags, store)
                plan = plan_search(searchable, urls, config.search_piece_size)
                indexing = seams.start_indexing(plan, searchable, search_cache, workers, seams.build_piece)
        with phase("assemble"):
            entity_types = {entity.slug: entity.type for entity in entities}
            features = {slug: work.features for slug, work in works.items()}
            counts = model_counts(cache.model_counts(), {e.slug: e for e in entities}, articles, tags, features, processed.keys, cache,
                                  config.events, memo.works if memo else None)
            coverage = seams.find_coverage(articles, features, tags, entity_types, config.events, counts.copies)
            del features
            dates = {slug: work.dates for slug, work in works.items()}
            rank_key = f"{CACHE_VERSION}:{related_key(articles, tags, coverage, config.related_count)}"
            related = cache.related(rank_key)  # an edit that left every article's tags: the last lists
            site = seams.assemble(corpus, tags, config.related_count, coverage, dates, store, related,
                                  counts.co_mentions)
            page_list = pages(site, urls, config.home_latest, config.entity_page_size)
            # Digested once: every page's fingerprint repr()s it (the settings' repr is ~700 characters).
            salt = hashlib.blake2b(
                f"{CACHE_VERSION}:{code_digest()}:{shown_hash(entities)}:{config!r}:{templates_digest(config)}:{search}"
                .encode(),
                digest_size=16,
            ).hexdigest()
        with phase("render", f"{len(page_list)} pages"):
            # data/ is written beside the pages, by a process of its own where the system can fork
            # (it reads every tag back from the cache: seconds at 10,000 articles).
            def write() -> None:
                seams.write_dataset(site, urls, config, staging)

            dataset = Forked(write, "the dataset writer") if can_fork() and workers > 1 else None
            env = make_environment(config, site, urls, search)
            old = cache.fingerprints()
            # A page stating the data files' counts waits for them to be written (below).
            after_dataset = [page for page in page_list if page.after_dataset]
            fingerprints, rendered, reused = _write_pages(
                env, [page for page in page_list if not page.after_dataset], urls, salt, old, config.output_dir,
                staging, workers, in_place, seams.render_page, carried
            )
            if config.data_originals:  # [data] originals = false: content/sources/ stays out of output/
                fingerprints.update(_write_originals(articles, config, urls, old, staging, in_place, carried))
            feeds = seams.feed_files(site, urls, config, env.globals["t"])
            extra = {".nojekyll": b"", **feeds.files}
        with phase("write"):
            write_files(staging, extra)
            if dataset is not None:
                dataset.wait()
            else:
                write()
            files = written_counts(staging)
            late = [replace(page, context={**page.context, "files": files}, inputs=(page.inputs, sorted(files.items())))
                    for page in after_dataset]
            late_fingerprints, late_rendered, late_reused = _write_pages(
                env, late, urls, salt, old, config.output_dir, staging, 1, in_place, seams.render_page, carried
            )
            release(env)
            fingerprints.update(late_fingerprints)
            rendered, reused = rendered + late_rendered, reused + late_reused
            copy_static([THEME / "static", config.static_dir], staging)
        if carried is not None:
            with phase("verify reuse", f"{len(carried)} carried-over files"):
                stale = stale_files(carried, staging, config.output_dir)
                if stale:
                    raise StaleReuse(stale, len(carried), config.output_dir)
        if search:
            with phase("search"):
                index_site(staging, searchable, urls, plan, cache_dir=search_cache, workers=workers, started=indexing,
                           index_piece=seams.build_piece, merged=config.search_merged)
                indexing = []
        standing = cache.output_changing(old, fingerprints)  # before any file of output/ changes
        if in_place:
            staged = site_files(staging)
            built = set(staged) | set(fingerprints)  # everything output/ is to hold
            stray = [rel for rel in site_files(config.output_dir) if rel not in built]  # hand-made ones too
            seams.apply_changes(staging, config.output_dir, staged, stray)
        else:
            seams.swap_into_place(staging, config.output_dir)
    except BaseException:
        if dataset is not None:
            dataset.stop()
        stop_all(indexing)
        discard(staging)
        raise
    cache.output_in_place(fingerprints, standing, manifest)
    cache.save_knowledge(Knowledge(CACHE_VERSION, entities, processed.under))
    if related is None:
        cache.save_related(rank_key, site.related)
    cache.save_model_counts(counts)
    if memo is not None:
        memo.works = {processed.keys[slug]: work for slug, work in works.items()}
    cache.prune_work(
        set(processed.keys.values())
        | {full_key(s.sha, s.slug) for s in sources}
        | {derived_key(name, key) for key in processed.keys.values() for name in (MENTION_ROWS, LIGHT, READINGS)}
    )
    return BuildReport(
        output=config.output_dir,
        articles=len(articles),
        entities=len(entities),
        tags=sum(len(t) for t in tags.values()),
        pages=len(page_list),
        searchable=search,
        warnings=missing_fields(articles) + tuple(feeds.warnings),
        timings=phase.timings(),
        rendered=rendered,
        reused=reused,
        processed=processed.misses,
        verified=len(carried) if carried is not None else None,
    )


def warm(config: SiteConfig, cache: BuildCache, sources: list[Source], memo: BuildMemo) -> int:
    """Fill ``memo`` with the light record the cache holds for each article as it is now, tagging
    none and writing nothing; returns how many it holds. ``serve``, started over an output with
    nothing changed, does it while idle, so its first rebuild reads one record, not all of them."""
    _, kb, _, reuse = _tagging(config, cache)
    keys, _ = record_keys(sources, kb, cache, reuse)
    works = read_works(sources, keys, cache)
    memo.works = {keys[source.path]: works[source.slug] for source in sources if source.slug in works}
    return len(memo.works)


def _tagging(config: SiteConfig, cache: BuildCache) -> tuple[tuple[Entity, ...], str, Matcher, Reuse | None]:
    """The knowledge base as it is now: its entries, their hash, the matcher, and what the records
    of the last good build are still good for under it (:func:`_reuse`)."""
    entities = load_entities(config.content_dir)
    matcher = compile_matcher(entities)
    return entities, kb_hash(entities), matcher, _reuse(cache.knowledge(), entities, matcher)


def _reuse(known, entities: tuple[Entity, ...], matcher: Matcher) -> Reuse | None:
    """What the records of the last good build are still good for under ``matcher``: all of them
    with the same knowledge base, those of the articles a change cannot touch otherwise (the last
    build's knowledge base compiled for it, so it compiles again)."""
    if not isinstance(known, Knowledge) or known.version != CACHE_VERSION:
        return None
    if known.entities == entities:
        return Reuse(known.under, frozenset())
    return Reuse(known.under, change_words(compile_matcher(known.entities), matcher))


def _carry_over(previous: Path, target: Path) -> None:
    """An unchanged file of the last output into the new one: a hard link (files are never written in place)."""
    try:
        os.link(previous, target)
    except OSError:
        shutil.copyfile(previous, target)


def _write_originals(articles, config: SiteConfig, urls: Urls, old: dict[str, str], staging: Path,
                     in_place: bool, verify: list[Carried] | None = None) -> dict[str, str]:
    """Each article's original, as ingest found it, decoded to UTF-8 text: ``sources/<slug>.txt``.

    Plain text whatever the original was (a saved .html page included), so nothing in it can run on
    the site. Carried over from the last output while the original file (size, mtime) and the
    builder's code are unchanged; with ``verify`` (a list), written anew all the same and listed
    there to be compared.
    """
    from builder.ingestion.decoding import Undecodable, decode

    fingerprints: dict[str, str] = {}
    code = code_digest()  # the decoding is the builder's: a new one writes every original again
    for article in articles:
        if not article.original:
            continue
        source = config.content_dir / article.original
        if not source.is_file() or config.content_dir.resolve() not in source.resolve().parents:
            continue
        rel = urls.file_for(urls.original(article.slug))
        stat = source.stat()
        fingerprint = f"original:{code}:{article.original}:{stat.st_size}:{stat.st_mtime_ns}"
        target, previous = staging / rel, config.output_dir / rel
        fingerprints[rel] = fingerprint
        unchanged = old.get(rel) == fingerprint and previous.is_file()
        if unchanged and verify is not None:
            verify.append(Carried(rel, urls.original(article.slug), ORIGINAL))
        if unchanged and verify is None:
            if not in_place:
                target.parent.mkdir(parents=True, exist_ok=True)
                _carry_over(previous, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = source.read_bytes()
            try:
                text = decode(data).text
            except Undecodable:  # shown anyway: the original is kept byte for byte in content/
                text = data.decode("utf-8", errors="replace")
            target.write_text(text, encoding="utf-8")
    return fingerprints


def _write_pages(env, page_list, urls: Urls, salt: str, old: dict[str, str], output: Path, staging: Path,
                 workers: int, in_place: bool, render, verify: list[Carried] | None = None):
    """Render each page into ``staging``, or hard-link last build's file when its fingerprint is unchanged.

    With ``in_place`` (the output is updated file by file, see :func:`write.apply_changes`) an
    unchanged page is simply left where it is. With ``verify`` (a list), an unchanged page is rendered
    all the same and listed there, to be compared with last build's file (it still counts as reused).
    The decisions are taken here; making folders, linking and rendering are shared among forked
    processes when there are enough pages; ``render`` makes a page's HTML (the seams' ``render_page``)."""
    fingerprints: dict[str, str] = {}
    todo: list[tuple[int, Path, Path | None]] = []  # (page, target, last build's file to link or None)
    carried: list[tuple[int, Path, Path | None]] = []
    reused = 0
    out = str(output)  # plain strings in this loop: a Path per page cost more than the check itself
    for index, page in enumerate(page_list):
        rel = urls.file_for(page.url)
        fingerprint = page.fingerprint(salt)
        if fingerprint and old.get(rel) == fingerprint and os.path.isfile(f"{out}/{rel}"):
            if verify is not None:
                verify.append(Carried(rel, page.url, page.template))
                carried.append((index, staging / rel, None))
            elif not in_place:
                carried.append((index, staging / rel, output / rel))
            reused += 1
        else:
            todo.append((index, staging / rel, None))
        if fingerprint:
            fingerprints[rel] = fingerprint
    if workers > 1 and len(carried) + len(todo) >= _PARALLEL_RENDER_MIN and can_fork():
        shares = [carried[i::workers] + todo[i::workers] for i in range(workers)]
        jobs = [Forked(lambda share=share: _place(env, page_list, share, render), "a page-rendering worker")
                for share in shares]
        wait_all(jobs)
    else:
        _place(env, page_list, carried + todo, render)
    return fingerprints, len(todo), reused


_PARALLEL_RENDER_MIN = 300


def _place(env, page_list, items: list[tuple[int, Path, Path | None]], render) -> None:
    """Each item's folder made, then last build's file linked in or the page rendered."""
    made: set[Path] = set()
    for index, target, previous in items:
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is not None:
            _carry_over(previous, target)
        else:
            target.write_text(render(env, page_list[index]), encoding="utf-8")
