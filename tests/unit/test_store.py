"""The model holds each article's summary; its store gives the full record when a page needs it.

One type a mode: a ``Site`` never holds an ``Article`` (its text) beside a summary of it, whether it
was assembled from a corpus loaded whole or by a build reading the cache."""

from __future__ import annotations

from builder.config import load_config
from builder.pipeline.orchestrator import build
from builder.pipeline.seams import Seams
from builder.pipeline.store import CachedArticles
from builder.site.model import assemble
from builder.site.records import Article, ArticleSummary
from builder.site.store import LoadedArticles
from conftest import model_of


def test_a_model_assembled_in_memory_holds_summaries_and_reads_each_article_from_its_store(fixture_site):
    site = model_of(load_config(fixture_site / "site.toml"))
    assert isinstance(site.store, LoadedArticles) and site.by_slug
    for slug, summary in site.by_slug.items():
        full = site.full_article(slug)
        assert type(summary) is ArticleSummary and type(full) is Article
        assert full.summary() == summary and full.body_html
        assert summary.excerpt == (full.blocks[0].text if full.blocks else "")
    assert [a.slug for a in site.articles] == list(site.by_slug)


def test_a_build_assembles_summaries_and_reads_each_full_article_back_from_its_cache(fixture_site):
    seen = []

    def watched(*args):
        site = assemble(*args)
        seen.append((site, {slug: site.full_article(slug) for slug in site.by_slug}))  # while the cache is open
        return site

    build(load_config(fixture_site / "site.toml"), search=False, seams=Seams(assemble=watched))
    (site, full), = seen
    assert isinstance(site.store, CachedArticles)
    assert {type(a) for a in site.articles} == {ArticleSummary}
    for slug, article in full.items():
        assert type(article) is Article and article.body_html and article.summary() == site.by_slug[slug]
