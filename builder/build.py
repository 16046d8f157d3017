"""build(config) → BuildReport: load → extract → assemble → render → write → index → swap."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import SiteConfig
from .content import load_corpus
from .dataset import dataset_files
from .events import find_coverage, text_features
from .extract import compile_matcher, extract_all
from .feeds import feed_files
from .mentioned_dates import dates_seen, with_inferred_date
from .model import assemble
from .render import THEME, make_environment, render_pages
from .routes import Urls, pages
from .search import index_site
from .write import copy_static, discard, fresh_staging, swap_into_place, write_files


def missing_fields(corpus) -> tuple[str, ...]:
    """Warnings for articles that still lack a date or a source (ingest leaves what the text does not say)."""
    warnings = []
    for article in corpus.articles:
        for field, value in (("date", article.date), ("source", article.source)):
            if not value:
                warnings.append(f"{article.path}: no {field} yet; add '{field}: …' to the front matter")
    return tuple(warnings)


@dataclass(frozen=True, slots=True)
class BuildReport:
    output: Path
    articles: int
    entities: int
    tags: int
    pages: int
    searchable: bool
    warnings: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)


def build(config: SiteConfig, search: bool | None = None) -> BuildReport:
    search = config.search if search is None else search
    timings: list[tuple[str, float]] = []

    @contextmanager
    def phase(name: str):
        start = time.perf_counter()
        yield
        timings.append((name, time.perf_counter() - start))

    with phase("load"):
        corpus = load_corpus(config.content_dir)
    with phase("extract"):
        dates = {article.slug: dates_seen(article) for article in corpus.articles}
        corpus = replace(corpus, articles=tuple(with_inferred_date(a, dates[a.slug]) for a in corpus.articles))
        matcher = compile_matcher(corpus.entities)
        tags = extract_all(corpus, matcher)
        features = {article.slug: text_features(article) for article in corpus.articles}
    with phase("assemble"):
        entity_types = {entity.slug: entity.type for entity in corpus.entities}
        coverage = find_coverage(corpus.articles, features, tags, entity_types, config.events)
        site = assemble(corpus, tags, config.related_count, coverage, dates)
        urls = Urls(config.base_path)
        page_list = pages(site, urls, config.home_latest, config.entity_page_size)
    with phase("render"):
        env = make_environment(config, site, urls, search)
        html = render_pages(env, page_list)
        files = {urls.file_for(url): text.encode("utf-8") for url, text in html.items()}
        files[".nojekyll"] = b""
        feeds = feed_files(site, urls, config, env.globals["t"])
        files.update(feeds.files)
        files.update(dataset_files(site, urls, config))
    staging = fresh_staging(config.output_dir)
    try:
        with phase("write"):
            write_files(staging, files)
            copy_static([THEME / "static", config.static_dir], staging)
        if search:
            with phase("search"):
                index_site(staging, site, urls, cache_dir=config.root / ".cache" / "search")
        swap_into_place(staging, config.output_dir)
    except BaseException:
        discard(staging)
        raise
    return BuildReport(
        output=config.output_dir,
        articles=len(corpus.articles),
        entities=len(corpus.entities),
        tags=sum(len(t) for t in tags.values()),
        pages=sum(1 for name in files if name.endswith(".html")),
        searchable=search,
        warnings=missing_fields(corpus) + tuple(feeds.warnings),
        timings=tuple(timings),
    )
