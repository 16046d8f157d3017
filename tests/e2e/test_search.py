"""The search page in headless Chromium, on articles written for it (tests/fixtures/search).

Each article spells its words one way; each query lists the articles it must find
and those it must not. One built site, one browser page, reused by every query.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from builder.search import chunks as searchchunks, keys as searchtext
from builder.pipeline.orchestrator import build
from builder.config import load_config
from conftest import copy_site, serve, site_digest

pytestmark = pytest.mark.browser

SEARCH_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "search"
READY = "#search[data-ready]:not([aria-busy])"


def build_site(tmp_path_factory, name: str, piece_size: int | None = None, merged: bool = False) -> Path:
    site = copy_site(SEARCH_SITE, tmp_path_factory.mktemp(name) / "site")
    config = load_config(site / "site.toml")
    if piece_size:
        config = dataclasses.replace(config, search_piece_size=piece_size)
    if merged:
        config = dataclasses.replace(config, search_merged=True)
    build(config)
    return config.output_dir


@pytest.fixture(scope="module")
def search_url(tmp_path_factory):
    server, url = serve(build_site(tmp_path_factory, "search"))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None)
    yield page
    context.close()


def open_search(page, url: str, params) -> dict:
    """Show the search page for ``params`` and read it; a page already open follows the URL as a link would."""
    query = urlencode(params if isinstance(params, (list, dict)) else {"q": params}, doseq=True)
    target = f"{url}search/?{query}"
    if page.url.startswith(f"{url}search/") and page.query_selector(READY):
        before = page.get_attribute("#search", "data-ready")
        page.evaluate("url => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }", target)
        return read(page, before)
    page.goto(target)
    return read(page)


def read(page, before: str | None = None) -> dict:
    """What the page shows once the search started after ``before`` (a data-ready value) is done."""
    newer = f":not([data-ready='{before}'])" if before else ""
    page.wait_for_selector(READY + newer, state="attached", timeout=15000)
    hrefs = page.locator(".result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return {
        "articles": [re.sub(r"^/articles/([^/]+)/.*$", r"\1", h) for h in hrefs],
        "hrefs": hrefs,
        "entities": page.locator(".entity-link").evaluate_all("links => links.map(a => a.getAttribute('href'))"),
        "badges": page.locator(".entity-result .badge").all_inner_texts(),
        "status": page.inner_text("#search-status"),
        "marks": page.locator(".result mark").all_inner_texts(),
        "empty": page.inner_text("#search-empty") if page.is_visible("#search-empty") else "",
    }


HAFTAR = {"haftar-prep", "haftar-plain"}
TERROR = {"terror-conj", "terror-plain"}
MERCENARIES = {"mercenaries-conj", "mercenaries-bare"}
ELECTIONS = {"elections-al", "elections-bare"}
SISI = {"sisi-joined", "sisi-spaced"}
ABU_DHABI = {"abu-dhabi-joined", "abu-dhabi-spaced"}
GOVERNMENT = {"terror-conj", "ta-marbuta-h"}
BENGHAZI = {"haftar-plain", "general-company", "alef-maqsura"}
EGYPTIAN = {"general-company", "alef-maqsura"}
PRESIDENT = {"diacritics", "sisi-joined", "sisi-spaced", "haftar-prep"}
CAIRO = {"diacritics", "sisi-joined"}
ALL = {p.stem for p in (SEARCH_SITE / "content" / "articles").glob("*.md")}

# (what the reader asks, the articles it must find, the articles it must not find;
#  None = every other article)
QUERIES = [
    # و / ف before the article
    ("الإرهاب", TERROR, None),
    ("والإرهاب", TERROR, None),
    ("إرهاب", TERROR, None),
    ("الإرهابُ", TERROR, None),
    ("المرتزقة", MERCENARIES, None),
    ("والمرتزقة", MERCENARIES, None),
    ("مرتزقة", MERCENARIES, None),
    ("المرتزقه", MERCENARIES, None),
    ("والانتخابات", ELECTIONS, None),
    # a lone preposition or conjunction
    ("حفتر", HAFTAR, None),
    ("لحفتر", HAFTAR, None),
    ("بحفتر", HAFTAR, None),
    ("وحفتر", HAFTAR, None),
    # with and without the article
    ("الانتخابات", ELECTIONS, None),
    ("انتخابات", ELECTIONS, None),
    ("الجيش", {"haftar-plain", "glued-comma"}, None),
    # ه for ة, ى for ي
    ("الحكومة", GOVERNMENT, None),
    ("الحكومه", GOVERNMENT, None),
    ("العامه", {"general-company", "haftar-plain"}, None),
    ("العامة", {"general-company", "haftar-plain"}, None),
    ("بنغازي", BENGHAZI, None),
    ("بنغازى", BENGHAZI, None),
    ("مصري", EGYPTIAN, None),
    ("مصرى", EGYPTIAN, None),
    ("يأتى", {"glued-comma"}, None),
    # punctuation glued to a word, or between two words without a space
    ("حفتر،", HAFTAR, None),
    ("يأتي", {"glued-comma"}, None),
    ("الليبي،يأتي", {"glued-comma"}, None),
    # compound names with and without the space
    ("عبدالفتاح", SISI, None),
    ("عبد الفتاح", SISI, None),
    ("عبدالفتاح السيسي", SISI, None),
    ("عبد الفتاح السيسي", SISI, None),
    ("السيسى", SISI, None),
    ("أبوظبي", ABU_DHABI, None),
    ("أبو ظبي", ABU_DHABI, None),
    # hamza, diacritics, tatweel, digits
    ("الاعمار", {"diacritics"}, None),
    ("القاهرة", CAIRO, None),
    ("القاهـــرة", CAIRO, None),
    ("الرئيس", PRESIDENT, None),
    ("الرَّئِيس", PRESIDENT, None),
    ("2023", {"glued-comma"}, None),
    # the beginning of a word finds every word it begins (هاتفي, هاتفيا)
    ("هاتف", {"sisi-spaced", "phone-call"}, None),
    ("٢٠٢٣", {"glued-comma"}, None),
    # several words: all of them, anywhere; quoted: as a phrase
    ("المرتزقة سرت", {"mercenaries-conj"}, None),
    ("حفتر بنغازي", {"haftar-plain"}, None),
    ("المشير حفتر", {"haftar-plain"}, None),
    ("حفتر كاراكاس", set(), None),  # a word no article has: nothing, not حفتر's results
    ("كاراكاس حفتر", set(), None),
    ('"خليفة حفتر"', {"haftar-plain"}, None),
    ('"الرئيس عبد الفتاح"', SISI, None),
    # a function word in a query of several words is left out (elections-al has no في); a phrase keeps it
    ("الانتخابات في", ELECTIONS, None),
    ('"الإنتاج في حقل"', {"general-company"}, None),
    ('"الإنتاج حقل"', set(), None),
    # filters, alone or with words
    ([("q", "حفتر"), ("actor", "خليفة حفتر")], HAFTAR, None),
    ([("source", "صحيفة الأهرام")], {"sisi-joined", "sisi-spaced", "diacritics"}, None),
    ([("q", "الرئيس"), ("year", "2023")], {"sisi-spaced"}, None),
    ([("year", "2022"), ("year", "2024")], {"terror-plain", "general-company", "abu-dhabi-joined", "haftar-plain",
                                            "elections-bare"}, None),
    ([("place", "بنغازي")], BENGHAZI, None),
    ([("q", "المرتزقة"), ("topic", "المرتزقة"), ("place", "سرت")], {"mercenaries-conj"}, None),
    # only what a reader means is indexed: not the site's chrome
    ("ثابت", set(), None),  # the footer
    ("تخطَّ", set(), None),  # the skip link
    ("الأكثر ذكرا", set(), None),  # the home page's lists
]


def _label(params) -> str:
    return params if isinstance(params, str) else "&".join(f"{k}={v}" for k, v in params)


@pytest.mark.parametrize("params, must, must_not", QUERIES, ids=[_label(q[0]) for q in QUERIES])
def test_query_finds_what_it_must_and_nothing_else(tab, search_url, params, must, must_not):
    found = set(open_search(tab, search_url, params)["articles"])
    assert must <= found, f"missing {sorted(must - found)}"
    forbidden = ALL - must if must_not is None else must_not
    assert not (found & forbidden), f"should not find {sorted(found & forbidden)}"
    assert tab.errors == []


def test_query_suite_is_large_enough():
    assert len(QUERIES) >= 40


def test_results_are_counted_in_arabic(tab, search_url):
    assert open_search(tab, search_url, "حفتر")["status"].startswith("نتيجتان")
    assert open_search(tab, search_url, "الرئيس")["status"].startswith("4 نتائج")
    assert open_search(tab, search_url, "المرتزقة سرت")["status"].startswith("نتيجة واحدة")
    assert open_search(tab, search_url, "الحكومة")["status"].startswith("نتيجتان")


@pytest.mark.parametrize(
    "query, words",
    [
        ("والمرتزقة", {"والمرتزقة", "مرتزقة"}),
        ("الحكومة", {"الحكومة", "الحكومه"}),
        ("حفتر", {"حفتر", "لحفتر", "بحفتر"}),
        ("عبد الفتاح", {"عبدالفتاح", "عبد", "الفتاح"}),
        ("الرئيس", {"الرَّئِيسُ", "الرئيس", "رئيس"}),
        ("يأتي", {"يأتي"}),
    ],
)
def test_highlights_show_the_articles_own_spelling(tab, search_url, query, words):
    marks = set(open_search(tab, search_url, query)["marks"])
    assert marks and marks <= words, marks
    keys = set(searchtext.query_keys(query))
    assert not (marks & keys - words), "a normalised key leaked into an excerpt"


def test_excerpt_links_to_the_paragraph(tab, search_url):
    found = open_search(tab, search_url, "بحفتر")
    assert found["hrefs"] and all(re.fullmatch(r"/articles/[a-z0-9-]+/#p-\d+", h) for h in found["hrefs"])


def test_sort_by_date_newest_first(tab, search_url):
    assert open_search(tab, search_url, {"q": "الرئيس", "sort": "date"})["articles"] == [
        "sisi-spaced", "sisi-joined", "diacritics", "haftar-prep"]
    assert open_search(tab, search_url, {"q": "الانتخابات", "sort": "date"})["articles"] == [
        "elections-bare", "elections-al"]
    assert tab.locator("#search-sort").input_value() == "date"


def test_relevance_puts_title_and_repeated_matches_first(tab, search_url):
    assert open_search(tab, search_url, "الجيش")["articles"] == ["glued-comma", "haftar-plain"]


@pytest.mark.parametrize(
    "query, href, badge",
    [
        ("حفتر", "/actors/khalifa-haftar/", "فاعل"),
        ("Haftar", "/actors/khalifa-haftar/", "فاعل"),
        ("سرت", "/places/sirte/", "مكان"),
        ("Benghazi", "/places/benghazi/", "مكان"),
        ("والإرهاب", "/topics/terrorism/", "موضوع"),
        ("عبدالفتاح", "/actors/abdel-fattah-el-sisi/", "فاعل"),
    ],
)
def test_entity_pages_are_found_and_marked(tab, search_url, query, href, badge):
    found = open_search(tab, search_url, query)
    assert href in found["entities"]
    assert found["badges"][found["entities"].index(href)] == badge


def test_nothing_found_suggests_what_to_do(tab, search_url):
    found = open_search(tab, search_url, "xyzzy")
    assert found["status"].startswith("لا نتائج") and "xyzzy" in found["empty"]
    tab.wait_for_selector("#search-top-actors a")
    assert "خليفة حفتر" in tab.inner_text("#search-top-actors")
    open_search(tab, search_url, "حفتير")  # a typo
    tab.wait_for_selector("#search-did-you-mean a")
    tab.click("#search-did-you-mean a >> text=خليفة حفتر")
    tab.wait_for_url(re.compile(r"actor=%D8%AE"))
    assert set(read(tab)["articles"]) == HAFTAR


def test_filters_that_exclude_everything_can_be_cleared(tab, search_url):
    found = open_search(tab, search_url, [("q", "حفتر"), ("source", "صحيفة الأهرام")])
    assert found["articles"] == []
    before = tab.get_attribute("#search", "data-ready")
    tab.click("#search-clear")
    assert set(read(tab, before)["articles"]) == HAFTAR
    assert "source=" not in tab.url


def test_facets_count_the_results(tab, search_url):
    open_search(tab, search_url, "الرئيس")
    before = tab.get_attribute("#search", "data-ready")
    if not tab.evaluate("document.getElementById('search-filters').open"):
        tab.click("#search-filters summary")  # opening the panel loads the counts and searches again
        read(tab, before)
    tab.wait_for_selector(".facet input")
    counts = dict(
        tab.locator(".facet li:not([hidden]) label").evaluate_all(
            "labels => labels.map(l => [l.closest('fieldset').querySelector('legend').textContent + ':' "
            "+ l.firstChild.textContent.trim(), Number(l.querySelector('.count').textContent)])"
        )
    )
    assert counts["السنة:2019"] == 2 and counts["المصدر:صحيفة الأهرام"] == 3
    legends = tab.locator(".facet legend").all_inner_texts()
    assert legends == [f for f in ("الفاعلون", "الأماكن", "المواضيع", "المصدر", "السنة") if f in legends]
    assert {"الفاعلون", "المصدر", "السنة"} <= set(legends)
    before = tab.get_attribute("#search", "data-ready")
    tab.check(".facet input[name=year][value='2019']")
    assert set(read(tab, before)["articles"]) == {"diacritics", "haftar-prep"}
    assert "year=2019" in tab.url


def test_query_filters_and_sort_live_in_the_url_and_the_back_button(tab, search_url):
    tab.goto(f"{search_url}search/")
    tab.wait_for_selector(READY, state="attached")
    before = tab.get_attribute("#search", "data-ready")
    tab.focus("#search-q")
    tab.keyboard.type("الانتخابات")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"q="))
    assert set(read(tab, before)["articles"]) == ELECTIONS
    assert "q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA" in tab.url
    before = tab.get_attribute("#search", "data-ready")
    tab.select_option("#search-sort", "date")
    tab.wait_for_url(re.compile(r"sort=date"))
    assert read(tab, before)["articles"] == ["elections-bare", "elections-al"]
    before = tab.get_attribute("#search", "data-ready")
    tab.go_back()
    tab.wait_for_url(re.compile(r"^(?!.*sort=date)"))
    read(tab, before)
    assert tab.locator("#search-sort").input_value() == ""
    assert tab.locator("#search-q").input_value() == "الانتخابات"


def test_results_come_as_you_type(tab, search_url):
    tab.goto(f"{search_url}search/")
    tab.wait_for_selector(READY, state="attached")
    tab.fill("#search-q", "مرتزقة")  # no Enter
    tab.wait_for_selector(".result-link")
    assert set(read(tab)["articles"]) == MERCENARIES
    assert "q=" in tab.url


def test_the_page_is_labelled_and_right_to_left(tab, search_url):
    open_search(tab, search_url, "حفتر")
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    assert tab.locator("label[for=search-q]").count() == 1 and tab.locator("label[for=search-sort]").count() == 1
    assert tab.get_attribute("#search-status", "aria-live") == "polite"
    assert tab.get_attribute("#search-q", "placeholder")


WORDS = [
    "والإرهاب", "الإرهابُ", "والمرتزقة", "المرتزقه", "لحفتر", "بحفتر", "وبالقاهرة", "للجيش", "العامه", "بنغازى",
    "مصرى", "الانتخابات", "عبدالفتاح", "عبدالله", "أبوظبي", "أبو", "حفـــتر", "الرَّئِيسُ", "٢٠٢٣", "۱۵", "NATO",
    "مسؤول", "الليبي،يأتي", "ٱلله", "اقــرأ أيضاً", "فالانتخابات", "كالسيسي", "بل", "و", "لل", "الـ", "Ärger",
    "COVID-19", "5+5", "زيارة‌ رسمية", "حفتر؛ السيسي؟", "إِعادة الإِعمار", "عبد الفتاح السيسي", "گفتگو", "ΑΣ.Β",
]


def test_browser_and_python_make_the_same_keys(tab, search_url):
    tab.goto(f"{search_url}search/")
    tab.wait_for_selector(READY, state="attached")
    js = tab.evaluate(
        "words => words.map(w => [window.searchKeys.keys(w), window.searchKeys.normalize(w), "
        "window.searchKeys.tokenize(w).map(t => [t.start, t.end, t.norm]), "
        "window.searchKeys.keys(w).map(window.searchKeys.exactForm)])",
        WORDS,
    )
    from builder.extract import arabic

    python = [
        [searchtext.keys(w), arabic.normalize(w), [[t.start, t.end, t.norm] for t in arabic.tokenize(w)],
         searchtext.index_keys(w)]
        for w in WORDS
    ]
    assert js == python
    keys = ["حفتر", "ءيۿ", "g7", "é", "ж", "中", "𐎀𐎁ب", "k", "m", "؀", "ۿ"]  # the Arabic block's ends; astral
    assert tab.evaluate("keys => keys.map(window.searchKeys.indexForm)", keys) == list(map(searchtext.index_form, keys))


# One index or many: the same results ------------------------------------------

SAME_QUERIES = [
    {"q": "حفتر"}, {"q": "الرئيس"}, {"q": "الرئيس", "sort": "date"}, {"q": "في"}, {"q": "في", "sort": "date"},
    {"q": "المرتزقة"}, {"q": "بنغازي"}, {"q": "الحكومة"}, {"q": "وفد"}, {"q": "الإرهاب"},
    {"source": "قناة الوسط"}, {"source": "قناة الوسط", "sort": "date"}, {"q": "الليبي"},
    # words some pieces do not have at all (Pagefind would answer there for the other words alone)
    {"q": "المرتزقة سرت"}, {"q": "حفتر بنغازي"}, {"q": "الحكومة الإرهاب"}, {"q": "حفتر كاراكاس"},
]


def _results(tab, out: Path, queries, cold: bool = False) -> list:
    """For each query: result links, entity links, the status line and every facet count; ``cold``:
    each query on a newly opened page (nothing loaded by an earlier query), without the facets."""
    server, url = serve(out)
    try:
        rows = []
        if not cold:
            tab.goto(f"{url}search/")
            read(tab)
            # The facet counts load once, then stay: open beside the results, else opened here.
            if not tab.eval_on_selector("#search-filters", "el => el.open"):
                before = tab.get_attribute("#search", "data-ready")
                tab.click("#search-filters summary")
                read(tab, before)
        for params in queries:
            if cold:
                tab.goto("about:blank")
            found = open_search(tab, url, params)
            facets = [] if cold else tab.locator(".facet label").all_inner_texts()
            rows.append((found["hrefs"], found["entities"], found["status"], facets))
        return rows
    finally:
        server.shutdown()


def test_several_index_pieces_give_the_same_results_as_one(tab, tmp_path_factory):
    outputs = {}
    for size in (1000, 3):
        outputs[size] = build_site(tmp_path_factory, f"pieces{size}", piece_size=size)
    manifests = {size: (out / "pagefind" / "search.json").read_text(encoding="utf-8") for size, out in outputs.items()}
    assert manifests[1000].count('"kind":"articles"') == 1
    assert manifests[3].count('"kind":"articles"') >= 5
    seen = {size: _results(tab, out, SAME_QUERIES) for size, out in outputs.items()}
    for params, one, many in zip(SAME_QUERIES, seen[1000], seen[3]):
        assert one == many, params


def test_pieces_merged_into_one_index_give_the_same_results_as_one_piece(tab, tmp_path_factory):
    """[search] merged: the browser searches one index the build merged from pieces of 3 records."""
    one = build_site(tmp_path_factory, "unmerged1000", piece_size=1000)
    merged = build_site(tmp_path_factory, "merged3", piece_size=3, merged=True)
    manifest = (merged / "pagefind" / "search.json").read_text(encoding="utf-8")
    assert manifest.count('"kind":"articles"') >= 5 and '"merged":true' in manifest
    assert len(list((merged / "pagefind").glob("*.pf_meta"))) == 1
    assert not list((merged / "pagefind").glob("*/*.pf_meta"))  # the pieces' folders hold only their texts
    for params, a, b in zip(SAME_QUERIES, _results(tab, one, SAME_QUERIES), _results(tab, merged, SAME_QUERIES)):
        assert a == b, params


# Word beginnings each matching two or more indexed words (هاتفي / هاتفيا, اعمار / اعمال …), whole words, phrases
PREFIX_QUERIES = [{"q": q} for q in ("هاتف", "الأعما", "تعاو", "زراع", "جديد", "ممثل", "متحد", "رياس", "انتخاب", "مرتز",
                                     "الحكو", "حفتر بنغازي", "حفتر كاراكاس", "ييي حفتر", '"خليفة حفتر"', "عبدالفتاح السيسي")]


def test_small_index_chunks_give_the_same_results_as_pagefinds_own(tab, tmp_path_factory):
    """Pagefind's word index re-cut into chunks of one word each: every query, whole words and
    beginnings of several words, finds what it finds in the index as Pagefind wrote it."""
    outputs, chunk_files = {}, {}
    for name, patch in (("own", {"rechunk": lambda files, where: 0}), ("small", {"TARGET_BYTES": 1})):
        with pytest.MonkeyPatch.context() as mp:
            for attr, value in patch.items():
                mp.setattr(searchchunks, attr, value)
            outputs[name] = build_site(tmp_path_factory, f"chunks-{name}")
        chunk_files[name] = len(list((outputs[name] / "pagefind").rglob("*.pf_index")))
    assert chunk_files["small"] > 10 * chunk_files["own"]
    queries = SAME_QUERIES + PREFIX_QUERIES
    for cold in (False, True):  # one page for all (facets compared too), and each query cold
        seen = {name: _results(tab, out, queries, cold) for name, out in outputs.items()}
        for params, own, small in zip(queries, seen["own"], seen["small"]):
            assert own == small, (params, cold)


def test_pieces_indexed_side_by_side_equal_pieces_indexed_one_by_one(tmp_path_factory):
    """Missing pieces are indexed in forked processes, two at a time: the same bundle as one by one."""
    digests = []
    for workers in (1, 2):
        site = copy_site(SEARCH_SITE, tmp_path_factory.mktemp(f"workers{workers}") / "site")
        config = dataclasses.replace(load_config(site / "site.toml"), search_piece_size=3)
        build(config, workers=workers)
        assert len(json.loads((config.output_dir / "pagefind" / "search.json").read_text())["pieces"]) > 2
        digests.append({k: v for k, v in site_digest(config.output_dir).items() if k.startswith("pagefind/")})
    assert digests[0] == digests[1]


def test_a_script_older_than_the_index_says_the_index_could_not_be_loaded(browser, tmp_path_factory):
    """search.js and the index it reads must share a format (a browser may keep an old script
    after an upgrade): a mismatch asks the reader to reload instead of finding nothing."""
    out = build_site(tmp_path_factory, "stale")
    manifest_path = out / "pagefind" / "search.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert f'"format": {manifest["format"]}' in (out / "static" / "search-rules.js").read_text(encoding="utf-8")
    manifest_path.write_text(json.dumps({**manifest, "format": manifest["format"] - 1}), encoding="utf-8")
    server, url = serve(out)
    context = browser.new_context()
    try:
        shown = open_search(context.new_page(), url, "حفتر")
    finally:
        context.close()
        server.shutdown()
    assert shown["articles"] == [] and shown["status"] == "تعذّر تحميل فهرس البحث. أعد تحميل الصفحة."
