"""Headless Chromium against built sites served on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

from conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def default_url(default_site):
    server, url = serve(default_site)
    yield url
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()


SEED_TITLES = 5


def search(page, url: str, query: str) -> list[str]:
    page.goto(f"{url}search/")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_selector(".result-link")
    page.wait_for_selector("#search[data-ready]:not([aria-busy])", state="attached")
    return page.locator(".result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_for_haftar_finds_the_five_seed_articles(page, default_url, default_site):
    links = search(page, default_url, "حفتر")
    articles = {re.sub(r"#.*$", "", link) for link in links}
    assert len(articles) == SEED_TITLES
    assert all(link.startswith("/articles/") for link in articles)
    assert re.search(r"5 نتائج", page.locator("#search-status").inner_text())
    assert page.locator("mark").first.inner_text() == "حفتر"
    assert page.errors == []


def test_header_search_box_opens_results(page, default_url):
    page.goto(default_url)
    page.fill("#header-q", "السيسي")
    page.press("#header-q", "Enter")
    page.wait_for_selector(".result-link")
    assert "/search/?q=" in page.url
    assert page.locator("#search-q").input_value() == "السيسي"


def test_actor_page_links_to_the_article_paragraph_and_back(page, default_url):
    page.goto(f"{default_url}actors/khalifa-haftar/")
    assert page.locator("h1").inner_text() == "خليفة حفتر"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    quote = page.locator(".quote a[href*='#p-']").first
    href = quote.get_attribute("href")
    assert re.fullmatch(r"/articles/[a-z0-9-]+/#p-\d+", href)
    quote.click()
    page.wait_for_url(re.compile(r"/articles/.+#p-\d+$"))
    anchor = href.split("#")[1]
    target = page.locator(f"#{anchor}")
    assert "حفتر" in target.inner_text()
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"  # :target highlight
    # The article lists the actor; following it leads back to the actor page.
    page.locator(".tags a.chip", has_text="خليفة حفتر").first.click()
    page.wait_for_url(re.compile(r"/actors/khalifa-haftar/$"))
    assert page.locator("h1").inner_text() == "خليفة حفتر"
    assert page.errors == []


def test_scripts_in_content_never_run(browser, built_fixture):
    server, url = serve(built_fixture)
    try:
        context = browser.new_context()
        tab = context.new_page()
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(f"{url}articles/hostile-markup/")
        tab.wait_for_timeout(300)
        flags = tab.evaluate("[window.__xss_title, window.__xss_body, window.__xss_img, window.__xss_link]")
        assert flags == [None, None, None, None]
        assert "<script>window.__xss_title = 1</script>" in tab.locator("h1").inner_text()
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()


def test_search_works_under_a_sub_path(browser, fixture_site):
    from builder.pipeline.orchestrator import build
    from builder.config import load_config

    config = load_config(fixture_site / "site.toml").with_base_url("/research/")
    build(config)
    server, url = serve(config.output_dir, prefix="/research/")
    try:
        context = browser.new_context()
        tab = context.new_page()
        links = search(tab, url, "صدام")
        assert links and all(link.startswith("/research/articles/") for link in links)
        tab.goto(links[0].split("#")[0].replace("/research/", url, 1))
        assert tab.locator("h1").inner_text() == "صدام حفتر يزور القاهرة"
        context.close()
    finally:
        server.shutdown()
