"""build(config) → BuildReport: load → extract → assemble → render → write → index → swap."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig
from .content import load_corpus
from .extract import compile_matcher, extract_all
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
        matcher = compile_matcher(corpus.entities)
        tags = extract_all(corpus, matcher)
    with phase("assemble"):
        site = assemble(corpus, tags, config.related_count)
        urls = Urls(config.base_path)
        page_list = pages(site, urls, config.home_latest, config.entity_page_size)
    with phase("render"):
        env = make_environment(config, site, urls, search)
        html = render_pages(env, page_list)
        files = {urls.file_for(url): text.encode("utf-8") for url, text in html.items()}
        files[".nojekyll"] = b""
    staging = fresh_staging(config.output_dir)
    try:
        with phase("write"):
            write_files(staging, files)
            copy_static([THEME / "static", config.static_dir], staging)
        if search:
            with phase("search"):
                index_site(staging)
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
        warnings=missing_fields(corpus),
        timings=tuple(timings),
    )
