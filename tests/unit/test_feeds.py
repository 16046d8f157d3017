"""Atom feeds, sitemap, robots.txt and page metadata: well-formed, schema-valid, deterministic, escaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import model_of

from builder.config import SiteConfig, load_config
from builder.site.content import load_article, new_markdown
from builder.render.feeds import (
    ATOM_NS,
    EMPTY_FEED_UPDATED,
    FEED_SIZE,
    SITEMAP_NS,
    absolute_url,
    article_json_ld,
    atom_feed,
    feed_files,
    first_paragraph,
    head_links,
    og_locale,
    open_graph,
    shorten,
    sitemap_files,
    xml_safe,
)
from builder.site.model import Site
from builder.render.environment import load_strings
from builder.site.routes import Page, Urls, pages

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
ABSOLUTE = "https://user.github.io/repo/"
A = f"{{{ATOM_NS}}}"
SM = f"{{{SITEMAP_NS}}}"
ATOM_TYPE = "application/atom+xml"


def load_site(config: SiteConfig) -> Site:
    return model_of(config)


@pytest.fixture(scope="module")
def fixture_config(tmp_path_factory) -> SiteConfig:
    folder = tmp_path_factory.mktemp("feeds") / "site"
    shutil.copytree(FIXTURE, folder)
    return load_config(folder / "site.toml")


@pytest.fixture(scope="module", params=["fixture", "default"])
def built(request, fixture_config):
    """(site, urls, config with an absolute base_url, strings, FeedOutput) for the fixture and the default site."""
    config = fixture_config if request.param == "fixture" else load_config(ROOT / "site.toml")
    config = config.with_base_url(ABSOLUTE)
    site = load_site(config)
    urls = Urls(config.base_path)
    strings = load_strings(config)
    return site, urls, config, strings, feed_files(site, urls, config, strings)


@pytest.fixture(scope="module")
def fixture_built(fixture_config):
    config = fixture_config.with_base_url(ABSOLUTE)
    site = load_site(config)
    urls = Urls(config.base_path)
    return site, urls, config, load_strings(config)


def test_schemas_reject_what_they_should(validators):
    good = (
        f'<feed xmlns="{ATOM_NS}"><id>https://e.org/</id><title>t</title><updated>2024-01-01T00:00:00Z</updated>'
        '<entry><id>https://e.org/a</id><title>a</title><updated>2024-01-01T00:00:00Z</updated>'
        '<author><name>x</name></author><link rel="alternate" href="https://e.org/a"/></entry></feed>'
    )
    validators["atom"](good.encode())
    for bad in (
        good.replace("<id>https://e.org/</id>", ""),  # feed without id
        good.replace("2024-01-01T00:00:00Z</updated><entry>", "2024-01-01</updated><entry>"),  # not a dateTime
        good.replace("<author><name>x</name></author>", ""),  # nobody is the author (Schematron rule)
        good.replace('<link rel="alternate" href="https://e.org/a"/>', ""),  # no alternate link (Schematron rule)
    ):
        with pytest.raises(AssertionError):
            validators["atom"](bad.encode())
    with pytest.raises(AssertionError):
        no_loc = f'<urlset xmlns="{SITEMAP_NS}"><url><lastmod>2024-01-01</lastmod></url></urlset>'
        validators["sitemap"](no_loc.encode())


# Files -------------------------------------------------------------------------------------------


def test_every_xml_file_is_well_formed_and_schema_valid(built, validators):
    *_, out = built
    xml_files = [name for name in out.files if name.endswith(".xml")]
    assert "feed.xml" in xml_files and "sitemap.xml" in xml_files and len(xml_files) > 3
    for name in xml_files:
        data = out.files[name]
        assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
        root = ET.fromstring(data)
        if name.endswith("feed.xml"):
            assert root.tag == A + "feed", name
            validators["atom"](data)
        else:
            assert root.tag == SM + "urlset", name
            validators["sitemap"](data)


def test_atom_required_elements_order_and_links(built):
    site, urls, config, _, out = built
    for name, data in out.files.items():
        if not name.endswith("feed.xml"):
            continue
        feed = ET.fromstring(data)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == config.language
        for required in ("id", "title", "updated"):
            assert (feed.findtext(A + required) or "").strip(), (name, required)
        self_link = feed.find(f"{A}link[@rel='self']")
        assert self_link is not None and self_link.get("href") == ABSOLUTE + name
        assert feed.findtext(A + "id") == ABSOLUTE + name
        entries = feed.findall(A + "entry")
        assert 1 <= len(entries) <= FEED_SIZE
        assert feed.findtext(A + "updated") == entries[0].findtext(A + "updated")
        stamps = [e.findtext(A + "updated") for e in entries]
        assert stamps == sorted(stamps, reverse=True), name
        ids = [e.findtext(A + "id") for e in entries]
        assert len(set(ids)) == len(ids)
        for entry in entries:
            for required in ("id", "title", "updated", "published", "author/" + A + "name"):
                assert (entry.findtext(A + required) or "").strip(), (name, required)
            slug = entry.findtext(A + "id").removeprefix(ABSOLUTE + "articles/").rstrip("/")
            article = site.by_slug[slug]
            assert entry.findtext(A + "title") == xml_safe(article.title)
            assert entry.findtext(A + "updated") == f"{article.date.isoformat()}T00:00:00Z"
            assert entry.find(f"{A}link[@rel='alternate']").get("href") == ABSOLUTE + f"articles/{slug}/"
            assert entry.findtext(A + "summary") == xml_safe(article.excerpt)
            terms = [c.get("term") for c in entry.findall(A + "category")]
            assert terms == [t.entity for t in site.tags[slug]]
            for category in entry.findall(A + "category"):
                assert category.get("label") == site.entities[category.get("term")].name


def test_site_feed_holds_the_newest_dated_articles(built):
    site, *_, out = built
    feed = ET.fromstring(out.files["feed.xml"])
    ids = [e.findtext(A + "id") for e in feed.findall(A + "entry")]
    expected = [a.slug for a in site.articles if a.date][:FEED_SIZE]
    assert ids == [f"{ABSOLUTE}articles/{slug}/" for slug in expected]


def test_one_feed_per_entity_with_dated_articles(built):
    site, urls, *_, out = built
    from builder.site.records import ENTITY_FOLDERS

    expected = {
        f"{ENTITY_FOLDERS[e.type]}/{e.slug}/feed.xml"
        for e in site.entities.values()
        if any(site.by_slug[s].date for s in site.entity_articles[e.slug])
    }
    assert {n for n in out.files if n.endswith("/feed.xml")} == expected
    for name in expected:
        slug = name.split("/")[1]
        feed = ET.fromstring(out.files[name])
        assert feed.findtext(A + "title") == f"{site.entities[slug].name} — {built[2].title}"
        ids = [e.findtext(A + "id") for e in feed.findall(A + "entry")]
        dated = [s for s in site.entity_articles[slug] if site.by_slug[s].date][:FEED_SIZE]
        assert ids == [f"{ABSOLUTE}articles/{s}/" for s in dated]


def test_markup_in_content_is_escaped_and_round_trips(fixture_built):
    site, urls, config, strings = fixture_built
    data = feed_files(site, urls, config, strings).files["feed.xml"]
    assert b"<script>" not in data and b"<b>" not in data
    entry = next(e for e in ET.fromstring(data).iter(A + "entry") if e.findtext(A + "id").endswith("/hostile-markup/"))
    assert entry.findtext(A + "title") == "<script>window.__xss_title = 1</script> عنوان فيه وسم"
    assert entry.findtext(f"{A}author/{A}name") == "<b>مصدر</b>"


def test_characters_xml_cannot_carry_are_dropped(fixture_built, validators):
    site, urls, config, strings = fixture_built
    article = dataclasses.replace(site.by_slug["cairo-meeting"], title="عنوان\x01 فيه\x0b تحكم\ufffe")
    data = atom_feed(
        title="t\x00", subtitle="", feed_url=urls.base + "feed.xml", page_url=urls.home(), articles=[article],
        site=site, urls=urls, config=config, strings=strings,
    )
    validators["atom"](data)
    assert ET.fromstring(data).find(A + "entry").findtext(A + "title") == "عنوان فيه تحكم"
    assert xml_safe("a\tb\nc\rd\x7f") == "a\tb\nc\rd\x7f"


def test_undated_articles_stay_out_of_feeds_with_a_warning(fixture_built, validators):
    site, urls, config, strings = fixture_built
    undated = {slug: dataclasses.replace(a, date=None) for slug, a in site.by_slug.items()}
    bare = dataclasses.replace(site, articles=tuple(undated[a.slug] for a in site.articles), by_slug=undated)
    out = feed_files(bare, urls, config, strings)
    assert len(out.warnings) == 1 and "without a date" in out.warnings[0]
    feed = ET.fromstring(out.files["feed.xml"])
    validators["atom"](out.files["feed.xml"])
    assert feed.findall(A + "entry") == [] and feed.findtext(A + "updated") == EMPTY_FEED_UPDATED
    assert [n for n in out.files if n.endswith("/feed.xml")] == []  # no entity has a dated article
    sitemap = ET.fromstring(out.files["sitemap.xml"])
    assert sitemap.findall(f"{SM}url/{SM}lastmod") == []


def test_feeds_cap_at_fifty_newest(tmp_path, validators):
    site_dir = tmp_path / "site"
    shutil.copytree(FIXTURE, site_dir)
    first = dt.date(2020, 1, 1)
    for n in range(60):
        day = first + dt.timedelta(days=n)
        (site_dir / "content" / "articles" / f"bulk-{n:02d}.md").write_text(
            f"---\ntitle: مقال {n}\ndate: {day.isoformat()}\nsource: وكالة\n---\n\nزار حفتر القاهرة.\n", encoding="utf-8"
        )
    config = load_config(site_dir / "site.toml").with_base_url(ABSOLUTE)
    site = load_site(config)
    out = feed_files(site, Urls(config.base_path), config, load_strings(config))
    for name in ("feed.xml", "places/cairo/feed.xml"):
        validators["atom"](out.files[name])
        entries = ET.fromstring(out.files[name]).findall(A + "entry")
        assert len(entries) == FEED_SIZE, name
    oldest_kept = ET.fromstring(out.files["places/cairo/feed.xml"]).findall(A + "entry")[-1]
    # Cairo: 60 bulk articles (2020-01-01 … 2020-02-29) plus two 2024 ones → the 48 newest bulk ones stay.
    assert oldest_kept.findtext(A + "updated") == "2020-01-13T00:00:00Z"


# Sitemap and robots.txt ---------------------------------------------------------------------------


def test_sitemap_lists_every_page_but_404_with_lastmod_on_articles(built):
    site, urls, config, _, out = built
    sitemap = ET.fromstring(out.files["sitemap.xml"])
    found = [(u.findtext(SM + "loc"), u.findtext(SM + "lastmod")) for u in sitemap.findall(SM + "url")]
    expected = []
    for page in pages(site, urls, config.home_latest, config.entity_page_size):
        if page.url.endswith("404.html"):
            continue
        article = page.context.get("article") if page.template == "article.html" else None
        lastmod = article.date.isoformat() if article and article.date else None
        expected.append((ABSOLUTE + page.url[len(urls.base) :], lastmod))
    assert found == expected
    assert len({loc for loc, _ in found}) == len(found)
    assert sum(1 for _, lastmod in found if lastmod) == sum(1 for a in site.articles if a.date)


def test_a_large_sitemap_becomes_an_index(fixture_built, validators):
    site, urls, config, _ = fixture_built
    files = sitemap_files(site, urls, config, limit=3)
    parts = sorted(n for n in files if n != "sitemap.xml")
    total = len(pages(site, urls, config.home_latest, config.entity_page_size)) - 1
    assert parts == [f"sitemap-{n}.xml" for n in range(1, -(-total // 3) + 1)]
    validators["siteindex"](files["sitemap.xml"])
    index = ET.fromstring(files["sitemap.xml"])
    assert [s.findtext(SM + "loc") for s in index.findall(SM + "sitemap")] == [ABSOLUTE + p for p in parts]
    locs = []
    for part in parts:
        validators["sitemap"](files[part])
        locs += [u.text for u in ET.fromstring(files[part]).iter(SM + "loc")]
    assert len(locs) == total


def test_robots_txt_allows_all_and_names_the_sitemap(built):
    *_, out = built
    assert out.files["robots.txt"] == f"User-agent: *\nAllow: /\n\nSitemap: {ABSOLUTE}sitemap.xml\n".encode()


# Base URLs ----------------------------------------------------------------------------------------


def test_path_only_base_url_writes_robots_only_and_warns(fixture_config):
    for base in ("/", "/repo/"):
        config = fixture_config.with_base_url(base)
        site = load_site(config)
        out = feed_files(site, Urls(config.base_path), config, load_strings(config))
        assert set(out.files) == {"robots.txt"}
        assert out.files["robots.txt"] == b"User-agent: *\nAllow: /\n"
        assert len(out.warnings) == 1 and "base_url" in out.warnings[0] and "https://" in out.warnings[0]


def test_absolute_urls_follow_the_base(fixture_config):
    config = fixture_config.with_base_url("https://example.org/أرشيف/")
    urls = Urls(config.base_path)
    encoded = "%D8%A3%D8%B1%D8%B4%D9%8A%D9%81"  # أرشيف
    assert absolute_url(urls.article("a-b"), urls, config) == f"https://example.org/{encoded}/articles/a-b/"
    config = fixture_config.with_base_url("http://localhost:8000")
    urls = Urls(config.base_path)
    assert absolute_url(urls.home(), urls, config) == "http://localhost:8000/"
    assert absolute_url("/elsewhere/", Urls("/"), fixture_config) is None  # path-only base
    with pytest.raises(ValueError):
        absolute_url("/elsewhere/", Urls("/repo/"), fixture_config.with_base_url("https://e.org/repo/"))


def test_output_is_deterministic(fixture_built):
    site, urls, config, strings = fixture_built
    assert feed_files(site, urls, config, strings) == feed_files(load_site(config), urls, config, strings)


# Page metadata ------------------------------------------------------------------------------------


def page_for(site, urls, config, url: str) -> Page:
    return next(p for p in pages(site, urls, config.home_latest, config.entity_page_size) if p.url == url)


def test_head_links(fixture_built, fixture_config):
    site, urls, config, _ = fixture_built
    cairo = page_for(site, urls, config, "/repo/places/cairo/")
    assert head_links(cairo, site, urls, config) == [
        {"rel": "canonical", "href": ABSOLUTE + "places/cairo/"},
        {"rel": "alternate", "type": ATOM_TYPE, "title": "القاهرة — موقع الاختبار", "href": "/repo/places/cairo/feed.xml"},
        {"rel": "alternate", "type": ATOM_TYPE, "title": "موقع الاختبار", "href": "/repo/feed.xml"},
    ]
    not_found = page_for(site, urls, config, "/repo/404.html")
    assert [link["rel"] for link in head_links(not_found, site, urls, config)] == ["alternate"]
    plain = Urls(fixture_config.base_path)
    assert head_links(page_for(site, plain, fixture_config, "/"), site, plain, fixture_config) == []


def test_open_graph(fixture_built, fixture_config):
    site, urls, config, strings = fixture_built
    og = open_graph(page_for(site, urls, config, "/repo/articles/cairo-meeting/"), site, urls, config, strings)
    assert og[:4] == [
        ("og:site_name", "موقع الاختبار"),
        ("og:locale", "ar_AR"),
        ("og:type", "article"),
        ("og:title", "السيسي يستقبل حفتر في القاهرة"),
    ]
    values = dict(og)
    assert values["og:url"] == ABSOLUTE + "articles/cairo-meeting/"
    assert values["og:description"].startswith("استقبل الرئيسُ")
    assert values["article:published_time"] == "2024-05-01"
    tag_names = [site.entities[t.entity].name for t in site.tags["cairo-meeting"]]
    assert [v for k, v in og if k == "article:tag"] == tag_names
    home = dict(open_graph(page_for(site, urls, config, "/repo/"), site, urls, config, strings))
    assert (home["og:type"], home["og:title"]) == ("website", config.title)
    assert home["og:description"] == config.description
    oldest = dict(open_graph(page_for(site, urls, config, "/repo/articles/page/1/"), site, urls, config, strings))
    assert oldest["og:title"] == "كل المقالات — صفحة 1"
    actors = dict(open_graph(page_for(site, urls, config, "/repo/actors/"), site, urls, config, strings))
    assert actors["og:title"] == "الفاعلون"
    plain = Urls(fixture_config.base_path)
    home = dict(open_graph(page_for(site, plain, fixture_config, "/"), site, plain, fixture_config, strings))
    assert "og:url" not in home
    assert og_locale("ar") == "ar_AR" and og_locale("en-GB") == "en_GB" and og_locale("fr") == "fr_FR"


def test_article_json_ld_is_script_safe_news_article(fixture_built):
    site, urls, config, _ = fixture_built
    text = article_json_ld(site.full_article("hostile-markup"), site, urls, config)
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
    assert data["headline"] == "<script>window.__xss_title = 1</script> عنوان فيه وسم"
    assert data["publisher"] == data["sourceOrganization"] == {"@type": "Organization", "name": "<b>مصدر</b>"}
    assert data["mainEntityOfPage"]["@id"] == data["url"] == ABSOLUTE + "articles/hostile-markup/"
    assert data["datePublished"] == "2024-07-01" and data["inLanguage"] == "ar"
    assert {m["name"]: m.get("sameAs") for m in data["mentions"]} == {
        "بنغازي": None,
        "مصر": "https://www.wikidata.org/wiki/Q79",
    }
    meeting = json.loads(article_json_ld(site.full_article("cairo-meeting"), site, urls, config))
    assert [t["name"] for t in meeting["about"]] == ["الانتخابات"]
    assert meeting["isBasedOn"] == "https://example.org/news/1"
    assert {m["@type"] for m in meeting["mentions"]} == {"Person", "City", "Country"}


def test_article_json_ld_without_absolute_base_has_no_urls(fixture_config):
    site = load_site(fixture_config)
    data = json.loads(article_json_ld(site.full_article("cairo-meeting"), site, Urls("/"), fixture_config))
    assert "url" not in data and "mainEntityOfPage" not in data
    assert all("url" not in m for m in data["mentions"])


# Text helpers -------------------------------------------------------------------------------------


def test_first_paragraph_skips_a_leading_heading(tmp_path):
    path = tmp_path / "a-b.md"
    path.write_text("---\ntitle: ع\n---\n\n## عنوان فرعي\n\nالفقرة الأولى.\n\nالثانية.\n", encoding="utf-8")
    assert first_paragraph(load_article(path, new_markdown())) == "الفقرة الأولى."
    path.write_text("---\ntitle: ع\n---\n\n## عنوان فقط\n", encoding="utf-8")
    assert first_paragraph(load_article(path, new_markdown())) == "عنوان فقط"


def test_shorten():
    assert shorten("قصير") == "قصير"
    long = " ".join(["كلمة"] * 100)
    cut = shorten(long, 50)
    assert len(cut) <= 50 and cut.endswith("…") and not cut.endswith(" …")
