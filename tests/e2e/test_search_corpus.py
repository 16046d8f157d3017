"""Search on a generated corpus cut into many index pieces (bench/generate.py, pieces of 40 articles),
with articles and entries planted to test what a big real corpus showed (issue 29):

* a rare word whose piece is one of many: the other pieces hold a shorter word it begins with
  (القصيبي and قصي), which Pagefind took in its place where the piece lacked it;
* a word that is written exactly in one article and begins a longer word in another, more often and
  in its title (الكرم, الكرملين): exact words first;
* an entry whose name is the query, beside entries that name it more often (بنغازي and
  "سرايا الدفاع عن بنغازي"; الأمم المتحدة and the UN mission): it comes first;
* a name written two ways (ترامب, ترمب), both aliases of one entry: either finds both, and says so.

One build, one served site, one browser page for every test.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from urllib.parse import quote

import pytest
from conftest import ROOT, serve
from test_search import READY, open_search

from builder.pipeline.orchestrator import build
from builder.config import load_config

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.large]

ARTICLES = 360
PIECE_SIZE = 40

# (slug, date, source, title, text): planted among the generated articles, each date in another piece.
PLANTED = [
    ("gosaibi", "2016-03-02", "مصدر أ", "رحيل الوزير", "نعى المثقفون غازي القصيبي الشاعر والوزير."),
    ("qusay-1", "2018-05-02", "مصدر ب", "قصي في الملعب", "سجل قصي هدفا. وقال قصي إن الفريق قوي."),
    ("qusay-2", "2021-07-09", "مصدر ب", "عودة قصي", "عاد لقصي مكانه في الفريق."),
    ("qusay-3", "2024-01-15", "مصدر ب", "قصي مدربا", "أصبح قصي مدربا للفريق."),
    ("egypt", "2017-02-02", "مصدر أ", "زيارة", "زار الوفد مصر أمس."),
    ("generosity", "2019-04-04", "مصدر ب", "ضيافة", "عرف أهل القرية بالكرم."),
    ("kremlin", "2023-04-04", "مصدر ب", "الكرملين يرد", "قال الكرملين إن الكرملين يرفض، وأضاف متحدث الكرملين."),
    ("trump-long", "2018-02-02", "مصدر أ", "خطاب", "قال الرئيس دونالد ترامب في خطابه."),
    ("trump-short", "2020-06-06", "مصدر ب", "تصريح", "قال ترمب إن الاتفاق انتهى."),
    ("trump-both", "2022-09-09", "مصدر ب", "مقابلة", "كتب ترامب، ويكتب بعضهم ترمب، تغريدة."),
]

ENTRIES = {
    "places/benghazi.yaml": "name: بنغازي\nkind: city\ndescription: مدينة على البحر.\naliases:\n  - بنغازي\n",
    "actors/benghazi-brigades.yaml": "name: سرايا الدفاع عن بنغازي\nkind: armed_group\n"
                                     "description: تشكيل مسلح قاتل في بنغازي وحول بنغازي ثم غادر بنغازي.\n"
                                     "aliases:\n  - سرايا الدفاع عن بنغازي\n  - سرايا بنغازي\n",
    "actors/united-nations.yaml": "name: الأمم المتحدة\nkind: organisation\ndescription: منظمة دولية.\n"
                                  "aliases:\n  - الأمم المتحدة\n",
    "actors/unsmil.yaml": "name: بعثة الأمم المتحدة في ليبيا\nkind: organisation\n"
                          "description: بعثة الأمم المتحدة، ترعى الأمم المتحدة عبرها الحوار.\n"
                          "aliases:\n  - بعثة الأمم المتحدة في ليبيا\n  - البعثة الأممية\n",
    "actors/trump.yaml": "name: دونالد ترامب\nkind: person\ndescription: رئيس أمريكي.\n"
                         "aliases:\n  - دونالد ترامب\n  - ترامب\n  - دونالد ترمب\n  - ترمب\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = generate(tmp_path_factory.mktemp("corpus") / "site", ARTICLES, actors=40, topics=10, places=10)
    content = root / "content"
    for slug, date, source, title, text in PLANTED:
        (content / "articles" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n\n{text}\n", encoding="utf-8")
    (content / "places" / "place-0.yaml").unlink()  # the generated بنغازي: the planted entry stands for it
    for path, text in ENTRIES.items():
        (content / path).write_text(text, encoding="utf-8")
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f"\n[search]\npiece_size = {PIECE_SIZE}\n", encoding="utf-8")
    config = load_config(toml)
    start = time.perf_counter()
    build(config)
    print(f"\n{ARTICLES + len(PLANTED)} articles with search: {time.perf_counter() - start:.1f} s")
    pieces = len(json.loads((config.output_dir / "pagefind" / "search.json").read_text(encoding="utf-8"))["pieces"])
    assert pieces >= 8, pieces
    server, url = serve(config.output_dir)
    yield url, content
    server.shutdown()


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def texts(content, slugs):
    return {slug: (content / "articles" / f"{slug}.md").read_text(encoding="utf-8") for slug in slugs}


def test_a_rare_word_finds_only_the_articles_that_have_it(tab, corpus):
    url, content = corpus
    found = open_search(tab, url, "القصيبي")
    assert found["articles"] == ["gosaibi"], found["articles"]  # not قصي's articles, from the pieces without القصيبي
    assert found["marks"] == ["القصيبي"]
    # the shorter word finds its own articles first, then the word it begins
    found = open_search(tab, url, "قصي")["articles"]
    assert set(found[:3]) == {"qusay-1", "qusay-2", "qusay-3"} and found[3:] == ["gosaibi"], found
    assert tab.errors == []


def test_every_result_holds_every_word_it_was_asked_for(tab, corpus):
    url, content = corpus
    for query, word in (("القصيبي", "القصيبي"), ("قصي", "قصي"), ("الكرم", "كرم"), ("مصر", "مصر")):
        found = open_search(tab, url, query)["articles"]
        assert found
        for slug, text in texts(content, found).items():
            assert word in text, (query, slug)


def test_exact_words_come_before_longer_words_they_begin(tab, corpus):
    url, _ = corpus
    assert open_search(tab, url, "الكرم")["articles"] == ["generosity", "kremlin"]
    assert open_search(tab, url, "الكرملين")["articles"] == ["kremlin"]


@pytest.mark.parametrize("query, first, also", [
    ("بنغازي", "/places/benghazi/", "/actors/benghazi-brigades/"),
    ("الأمم المتحدة", "/actors/united-nations/", "/actors/unsmil/"),
    ("ترمب", "/actors/trump/", None),
])
def test_the_entry_the_query_names_comes_first(tab, corpus, query, first, also):
    url, _ = corpus
    entities = open_search(tab, url, query)["entities"]
    assert entities and entities[0] == first, entities
    if also:
        assert also in entities


@pytest.mark.parametrize("query", ["ترامب", "ترمب", "دونالد ترامب"])
def test_a_name_finds_every_spelling_of_its_entry_and_says_so(tab, corpus, query):
    url, _ = corpus
    found = open_search(tab, url, query)
    assert {"trump-short", "trump-both"} <= set(found["articles"]), found["articles"]
    if query != "دونالد ترامب":
        assert "trump-long" in found["articles"]
    note = tab.inner_text("#search-spellings")
    assert tab.is_visible("#search-spellings") and "دونالد ترامب" in note
    other = "ترمب" if query != "ترمب" else "ترامب"
    assert other in note
    # a word that names no entry searches only itself
    open_search(tab, url, "القصيبي")
    assert not tab.is_visible("#search-spellings")


def test_the_filters_count_each_article_of_several_spellings_once(tab, corpus):
    url, content = corpus
    tab.goto(f"{url}search/?q=ترامب")
    tab.wait_for_selector(READY, state="attached")
    if not tab.eval_on_selector("#search-filters", "d => d.open"):
        tab.click("#search-filters summary")
        tab.wait_for_selector(READY, state="attached")
    tab.wait_for_selector("#search-facets fieldset")
    found = set(open_search(tab, url, "ترامب")["articles"])
    want = Counter(re.search(r"^source: (.+)$", text, re.M).group(1) for text in texts(content, found).values())
    shown = {}
    for label in tab.locator("#search-facets input[name=source] + label").all():
        value, count = label.inner_text().rsplit(" ", 1)
        shown[value] = int(count)
    assert {k: v for k, v in shown.items() if v} == dict(want)


def test_the_filters_load_after_the_results(browser, corpus):
    """The filter panel, open beside the results, loads its counts once the results are on screen:
    the filters' files held back, the results still come."""
    url, _ = corpus
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    fetched, held, release = [], [], []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.route("**/pagefind/filters/*", lambda route: route.continue_() if release else held.append(route))
    tab.goto(f"{url}search/?q=" + quote("مصر"))
    tab.wait_for_selector("#search[data-shown]", state="attached", timeout=60000)
    assert tab.eval_on_selector_all("#search-list li", "items => items.length") > 0
    release.append(True)
    for route in held:
        route.continue_()
    tab.wait_for_selector("#search-facets .facet", timeout=60000)
    assert held  # the filters were held back, and the results came
    context.close()


def test_the_filters_are_counted_and_applied_in_the_page_from_one_file_a_filter(browser, corpus):
    """Pagefind's filters (one file a filter a piece, every value counted against the results on every
    search) are never loaded: the page counts and filters the results from one file a filter, and a
    filter click gives the articles of that value among the query's, with the count the panel showed."""
    url, content = corpus
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    fetched = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(f"{url}search/?q=" + quote("قال"))
    tab.wait_for_selector(READY, state="attached", timeout=60000)
    tab.wait_for_selector("#search-facets input[name=source]")
    label = tab.locator("#search-facets input[name=source] + label").first.inner_text()
    source, count = label.rsplit(" ", 1)
    before = tab.get_attribute("#search", "data-ready")
    tab.locator("#search-facets input[name=source]").first.check()
    tab.wait_for_selector(f"{READY}:not([data-ready='{before}'])", state="attached", timeout=60000)
    assert tab.inner_text("#search-status").startswith(count)
    shown = [re.sub(r"^/articles/([^/]+)/.*$", r"\1", h) for h in
             tab.locator(".result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert int(count) > 2 and shown
    assert all(re.search(rf"^source: {re.escape(source)}$", text, re.M) for text in texts(content, shown).values())
    assert not [u for u in fetched if u.endswith(".pf_filter")]
    assert 0 < len([u for u in fetched if "/pagefind/filters/" in u]) <= 5
    context.close()
