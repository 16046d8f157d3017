"""Build the fixture site for real and read the HTML a reader gets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.pipeline.orchestrator import build
from builder.check import check_site
from builder.config import load_config
from builder.errors import SiteError
from conftest import site_digest


def page(output: Path, rel: str) -> str:
    return (output / rel / "index.html").read_text(encoding="utf-8")


def test_every_page_is_arabic_rtl_and_links_resolve(built_fixture):
    html_files = [p for p in built_fixture.rglob("*.html") if "pagefind" not in p.parts]
    assert len(html_files) >= 15
    for path in html_files:
        assert '<html lang="ar" dir="rtl">' in path.read_text(encoding="utf-8"), path
    assert check_site(built_fixture, "/") == []


def test_expected_pages_exist(built_fixture):
    for rel in ("", "articles", "articles/cairo-meeting", "actors", "actors/khalifa-haftar", "places",
                "places/benghazi", "topics", "topics/elections", "search"):
        assert (built_fixture / rel / "index.html").is_file(), rel
    assert (built_fixture / "404.html").is_file()
    assert (built_fixture / "pagefind" / "pagefind.js").is_file()
    assert (built_fixture / "static" / "fonts" / "noto-naskh-arabic-arabic-400-normal.woff2").is_file()


def test_article_page_has_anchored_paragraphs_tags_and_evidence(built_fixture):
    html = page(built_fixture, "articles/cairo-meeting")
    assert '<p id="p-1">' in html and '<h2 id="p-3">' in html
    # Tags link to entity pages, evidence links to the paragraph that produced it.
    assert 'href="/actors/khalifa-haftar/"' in html
    assert 'href="/actors/abdel-fattah-el-sisi/"' in html  # عبدالفتاح written joined
    assert 'href="/places/benghazi/"' in html and 'href="/topics/elections/"' in html
    assert '<a href="#p-2">وبحث الجانبان الأوضاع في <mark>بنغازي</mark>' in html
    assert "خليفة حفـتر" in html  # the article's own spelling is kept
    assert 'href="https://example.org/news/1"' in html


def test_longest_match_keeps_saddam_apart_from_khalifa(built_fixture):
    html = page(built_fixture, "articles/saddam-visit")
    assert 'href="/actors/saddam-haftar/"' in html
    assert 'href="/actors/khalifa-haftar/"' not in html
    assert "saddam-visit" not in page(built_fixture, "actors/khalifa-haftar")


def test_pin_and_veto(built_fixture):
    hostile = page(built_fixture, "articles/hostile-markup")
    assert 'href="/actors/egypt/"' in hostile and "أضافه الباحث يدويًا" in hostile
    vetoed = page(built_fixture, "articles/vetoed")
    assert 'href="/actors/egypt/"' not in vetoed and 'href="/actors/abdel-fattah-el-sisi/"' in vetoed


def test_content_markup_is_escaped_everywhere(built_fixture):
    for path in built_fixture.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html, path
        assert "<img src=x" not in html and "<b>مصدر</b>" not in html, path
        assert not re.search(r"(?:href|src)=\"javascript:", html), path
    html = page(built_fixture, "articles/hostile-markup")
    assert "&lt;script&gt;window.__xss_title = 1&lt;/script&gt; عنوان فيه وسم" in html


def test_actor_page_lists_articles_newest_first_with_sentence_and_co_mentions(built_fixture):
    html = page(built_fixture, "places/cairo")
    assert html.index("saddam-visit") < html.index("cairo-meeting")  # June before May
    # the title names Cairo first, but the page prints the title: the quote is the body's sentence
    assert 'href="/articles/cairo-meeting/#p-1"' in html and "#title" not in html
    assert "يُذكر كثيرًا مع" in html


def test_long_lists_show_the_newest_first_and_number_their_archive_pages_from_the_oldest(built_fixture):
    # Egypt: cairo-meeting (adjective + name) and hostile-markup (pin); the vetoed article is left out.
    egypt = page(built_fixture, "actors/egypt")
    assert "vetoed" not in egypt
    benghazi = page(built_fixture, "places/benghazi")  # three articles, two a page: one page (up to 3)
    assert 'class="pager"' not in benghazi and all(s in benghazi for s in ("cairo-meeting", "saddam-visit"))
    articles = page(built_fixture, "articles")  # four: the two newest, then page 1 with the two oldest
    assert 'rel="next" href="/articles/page/1/"' in articles and "hostile-markup" in articles
    oldest = page(built_fixture, "articles/page/1")
    assert 'rel="prev" href="/articles/"' in oldest and 'rel="next"' not in oldest
    assert oldest.index("cairo-meeting") < oldest.index("vetoed")  # newest first on every page
    assert "hostile-markup" not in oldest and 'id="ways"' not in oldest and 'href="/articles/#ways"' in oldest


def test_indexes_group_by_kind_with_counts(built_fixture):
    html = page(built_fixture, "actors")
    assert html.index("أشخاص") < html.index("دول")
    assert re.search(r'href="/actors/khalifa-haftar/">خليفة حفتر</a>.*?<span class="count"[^>]*>1</span>', html, re.S)


def test_two_builds_are_byte_identical(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config)
    first = site_digest(config.output_dir)
    build(config)
    assert site_digest(config.output_dir) == first


def test_a_failed_build_leaves_the_previous_site(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    before = site_digest(config.output_dir)
    broken = fixture_site / "content" / "articles" / "cairo-meeting.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: 2024-05-01", "date: someday"), encoding="utf-8")
    with pytest.raises(SiteError) as info:
        build(config, search=False)
    assert f"{broken}:3: date 'someday' is not a date" in info.value.render()
    assert site_digest(config.output_dir) == before
    assert not list(fixture_site.glob(".output*"))


def test_a_failing_dataset_writer_fails_the_build_and_leaves_the_previous_site(fixture_site):
    """data/ is written by a forked process beside the pages: its error reaches the build, whole."""
    from builder.pipeline.seams import Seams

    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    before = site_digest(config.output_dir)

    def broken(*args):
        raise SiteError("the disk is full", hint="free some space")

    (fixture_site / "content" / "articles" / "cairo-meeting.md").touch()  # past the nothing-changed shortcut
    with pytest.raises(SiteError) as info:
        build(config, search=False, workers=2, seams=Seams(write_dataset=broken))
    assert info.value.render() == "the disk is full (free some space)"
    assert site_digest(config.output_dir) == before
    assert not list(fixture_site.glob(".output.staging"))


def test_a_template_error_names_the_template(fixture_site):
    (fixture_site / "templates").mkdir()
    (fixture_site / "templates" / "intro.html").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    with pytest.raises(SiteError) as info:
        build(load_config(fixture_site / "site.toml"), search=False)
    assert "intro.html:1" in info.value.render() and "no_such_variable" in info.value.render()


def test_site_templates_override_the_theme(fixture_site):
    (fixture_site / "templates").mkdir()
    (fixture_site / "templates" / "intro.html").write_text("<p class=\"lead\">مقدمة خاصة بالموقع</p>\n", encoding="utf-8")
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    assert "مقدمة خاصة بالموقع" in page(config.output_dir, "")


def test_a_sub_path_base_url_prefixes_every_link(fixture_site):
    config = load_config(fixture_site / "site.toml").with_base_url("https://example.github.io/research/")
    build(config)
    assert check_site(config.output_dir, "/research/") == []
    html = page(config.output_dir, "articles/cairo-meeting")
    internal = re.findall(r'(?:href|src|action)="(/[^"]*)"', html)
    assert internal and all(link.startswith("/research/") for link in internal)
    search = page(config.output_dir, "search")
    assert 'data-bundle="/research/pagefind/"' in search


def test_adding_an_alias_retags_on_rebuild(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    assert 'href="/actors/egypt/"' not in page(config.output_dir, "articles/saddam-visit")
    egypt = fixture_site / "content" / "actors" / "egypt.yaml"
    egypt.write_text(egypt.read_text(encoding="utf-8").replace("  - مصر\n", "  - مصر\n  - زيارة رسمية\n"), encoding="utf-8")
    build(config, search=False)
    assert 'href="/actors/egypt/"' in page(config.output_dir, "articles/saddam-visit")


def test_the_original_is_shown_as_plain_text(fixture_site):
    (fixture_site / "content" / "sources").mkdir()
    (fixture_site / "content" / "sources" / "from-a-page.html").write_bytes(
        "<html><body><script>window.__xss_original = 1</script><p>نص الخبر الأصلي</p></body></html>".encode("utf-8")
    )
    (fixture_site / "content" / "articles" / "from-a-page.md").write_text(
        "---\ntitle: خبر من صفحة محفوظة\ndate: 2024-03-02\nsource: موقع\ningest:\n  original: sources/from-a-page.html\n"
        "  date_from: inferred\n---\n\nنص الخبر الأصلي.\n",
        encoding="utf-8",
    )
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    original = config.output_dir / "sources" / "from-a-page.txt"
    assert original.read_text(encoding="utf-8").startswith("<html><body><script>")  # decoded, as text
    html = page(config.output_dir, "articles/from-a-page")
    assert 'href="/sources/from-a-page.txt" type="text/plain"' in html
    assert "لم يُذكر تاريخ النشر" in html  # the date ingest inferred is marked as such
    assert not (config.output_dir / "sources" / "from-a-page.html").exists()


def test_the_model_is_freed_when_the_build_returns(fixture_site):
    """Nothing keeps the site model once the build is over, not even cyclic garbage the templates
    left (then the cyclic collector would have to walk the whole model to free it)."""
    import gc

    from builder.site.model import Site

    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        build(load_config(fixture_site / "site.toml"), search=False, workers=1)
        alive = [o for o in gc.get_objects() if isinstance(o, Site)]
    finally:
        if enabled:
            gc.enable()
    assert alive == []


def test_a_template_cache_that_cannot_be_written_only_costs_time(fixture_site):
    """Compiled templates are cached in .cache/templates/; when that cannot be made, the build compiles
    them as before and the site is the same."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    first = site_digest(config.output_dir)
    cache = fixture_site / ".cache" / "templates"
    shutil.rmtree(cache)
    cache.write_text("not a folder", encoding="utf-8")
    (fixture_site / "content" / "articles" / "saddam-visit.md").touch()
    shutil.rmtree(config.output_dir)
    build(config, search=False)
    assert site_digest(config.output_dir) == first


def test_a_copy_is_marked_as_one_in_words(fixture_site):
    """The "copy" badge says so in the interface language (``t.copy`` once named the strings' dict
    method, and the page showed "<built-in method copy of dict object at 0x…>")."""
    articles = fixture_site / "content" / "articles"
    original = (articles / "cairo-meeting.md").read_text(encoding="utf-8")
    (articles / "cairo-meeting-copy.md").write_text(original.replace("وكالة الاختبار", "وكالة أخرى"), encoding="utf-8")
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    page = (config.output_dir / "articles" / "cairo-meeting-copy" / "index.html").read_text(encoding="utf-8")
    also = page[page.index('id="also-h"') :]
    assert '<span class="badge">نسخة من النص نفسه</span>' in also
    assert not re.search(r"built-in method|bound method| object at 0x", page)


def test_paragraph_links_are_labelled_in_the_interface_language(fixture_site):
    """The body is rendered once, with Arabic labels on its paragraph links; an English interface
    labels them in English (the string paragraph_link was there and unused)."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    arabic = (config.output_dir / "articles" / "cairo-meeting" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="رابط الفقرة 1"' in arabic
    toml = fixture_site / "site.toml"
    toml.write_text('language = "en"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    english_config = load_config(toml)
    assert english_config.language == "en"
    build(english_config, search=False)
    english = (config.output_dir / "articles" / "cairo-meeting" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Link to paragraph 1"' in english and "رابط الفقرة" not in english
    assert english.count('class="pilcrow"') == arabic.count('class="pilcrow"') > 1


def test_editor_lock_files_and_folders_in_content_are_left_out(fixture_site, tmp_path):
    """Emacs keeps `.#name.md`, a link to nowhere, beside an article open with unsaved changes (the
    build stopped on it with a traceback); hidden files and folders named like content are not
    content: the site is the one built without them."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    expected = site_digest(config.output_dir)
    articles, actors = fixture_site / "content" / "articles", fixture_site / "content" / "actors"
    (articles / ".#saddam-visit.md").symlink_to("researcher@desk.4242:1764900000")
    (actors / ".#egypt.yaml").symlink_to("researcher@desk.4242:1764900000")
    (articles / ".saddam-visit.md~.md").write_text((articles / "saddam-visit.md").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    (articles / "drafts.md").mkdir()
    shutil.rmtree(config.output_dir)
    report = build(config, search=False)
    assert report.articles == 4
    assert site_digest(config.output_dir) == expected


@pytest.mark.parametrize("link", ["to-nothing", "loop"])
def test_an_article_link_that_leads_nowhere_is_an_error_naming_it(fixture_site, link):
    """Not left out without a word (its pages would vanish from the site), not a traceback."""
    config = load_config(fixture_site / "site.toml")
    story = fixture_site / "content" / "articles" / "story.md"
    story.symlink_to("/nonexistent/story.md" if link == "to-nothing" else story)
    with pytest.raises(SiteError) as caught:
        build(config, search=False)
    assert str(story) in str(caught.value)
    assert "link" in str(caught.value)
