"""Incremental = clean, byte for byte, on the dense shape (bench/generate.py --shape dense): articles
made of the seeds' richly tagged paragraphs, ~40 tags each, the top entries in nearly every article,
so that every change moves many entry pages. Small (80 articles, 20 to an entry page), built without
search: the entry pages' slices and the evidence they read from the cache are the point."""

from __future__ import annotations

import html
import re
import shutil
import sys

import pytest
from conftest import ROOT, copy_site, site_digest

from builder.config import load_config
from builder.pipeline.orchestrator import build

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ARTICLES = 80
# ~40 s of builds: `make test` runs them; the fast tier has the same changes on the fixture site
# (test_incremental.py::test_incremental_build_equals_a_clean_build).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dense_source(tmp_path_factory):
    root = tmp_path_factory.mktemp("dense") / "site"
    generate(root, ARTICLES, shape="dense")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("entity_page_size = 50", "entity_page_size = 20"),
                    encoding="utf-8")
    return root


def _paragraphs(path) -> tuple[str, list[str]]:
    front, body = path.read_text(encoding="utf-8").split("---\n\n", 1)
    return front, body.strip().split("\n\n")


@pytest.mark.parametrize("change", ["edit-article", "add-article", "delete-article"])
def test_incremental_build_equals_a_clean_build_on_the_dense_shape(dense_source, tmp_path, change):
    site = tmp_path / "site"
    shutil.copytree(dense_source, site)
    config = load_config(site / "site.toml")
    build(config, search=False)
    articles = site / "content" / "articles"
    if change == "edit-article":  # its first paragraph gone: other entries, other evidence quoted first
        front, paragraphs = _paragraphs(articles / "a000003.md")
        (articles / "a000003.md").write_text(front + "---\n\n" + "\n\n".join(paragraphs[1:]) + "\n", encoding="utf-8")
    elif change == "add-article":  # the newest of all: page 1 of every entry it names gains it
        front, paragraphs = _paragraphs(articles / "a000005.md")
        front = re.sub(r"date: .*", "date: 2030-01-01", front)
        (articles / "z-newest.md").write_text(front + "---\n\n" + "\n\n".join(paragraphs[:3]) + "\n", encoding="utf-8")
    else:
        (articles / "a000010.md").unlink()
    report = build(config, search=False)
    assert report.processed == (0 if change == "delete-article" else 1) and report.reused > 0
    clean = tmp_path / "clean"
    copy_site(site, clean)
    build(load_config(clean / "site.toml"), search=False)
    assert site_digest(config.output_dir) == site_digest(clean / "output")


def test_entry_pages_quote_each_articles_evidence_on_every_page(dense_source, tmp_path):
    """The quotes an entry page shows are read for its slice from the cache: every listed article
    has its quote, on the last page as on the first, and the quote is a sentence of that article."""
    site = tmp_path / "site"
    shutil.copytree(dense_source, site)
    config = load_config(site / "site.toml")
    build(config, search=False)
    pages = sorted((config.output_dir / "places" / "cairo").rglob("index.html"))
    assert len(pages) >= 3  # paginated: the top entries are in nearly every article
    for page in (pages[0], pages[-1]):
        text = page.read_text(encoding="utf-8")
        entries = re.findall(r'<li class="entry".*?</li>', text, flags=re.S)
        assert entries
        for entry in entries:
            slug = re.search(r'href="/articles/([^/]+)/"', entry).group(1)
            quote = re.search(r'<blockquote class="quote"><a href="/articles/[^/]+/#(p-\d+|title)">(.*?)</a>', entry,
                              flags=re.S)
            assert quote, entry[:300]
            words = re.sub(r"<[^>]+>", "", html.unescape(quote.group(2))).replace("…", " ").split()
            article = (site / "content" / "articles" / f"{slug}.md").read_text(encoding="utf-8")
            assert len(words) > 5 and " ".join(words[1:5]) in " ".join(article.split())  # a long sentence, elided
