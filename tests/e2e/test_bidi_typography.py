"""Mixed-direction text and typography as a reader sees them, in Chromium: Latin names, titles and
sources on an Arabic page, the search page's entry box, the paragraph link at the end of a line,
digits in the reading face, and the interface's words for fields and counts.

The site is the default one with what a real corpus brings: an entry whose name is Latin, an article
whose title and source are Latin, and an entry no article names."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from builder.pipeline.orchestrator import build
from builder.config import load_config
from conftest import copy_default_site, serve

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

LATIN_ACTOR = """name: EUNAVFOR MED (Irini)
name_en: Operation Irini
kind: organisation
description: >-
  EU naval operation (2020).
aliases:
  - إيريني
  - عملية إيريني
"""
UNNAMED_ACTOR = """name: آيسلندا
name_en: Iceland
kind: country
aliases:
  - آيسلندا
"""
LATIN_ARTICLE = """---
title: Libya Review (weekly)
date: '2024-05-05'
source: Reuters
set_by_hand:
- title
- source
---
قالت عملية إيريني الأوروبية إن المشير خليفة حفتر استقبل وفدًا من بعثة UNSMIL في بنغازي.

وأضافت عملية إيريني أن الوفد ناقش مراقبة حظر السلاح (قرار 2292) مع الجيش الليبي.
"""


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory) -> tuple[Path, str]:
    site = copy_default_site(tmp_path_factory.mktemp("mixed") / "site")
    (site / "content" / "actors" / "operation-irini.yaml").write_text(LATIN_ACTOR, encoding="utf-8")
    (site / "content" / "actors" / "iceland.yaml").write_text(UNNAMED_ACTOR, encoding="utf-8")
    (site / "content" / "articles" / "libya-review.md").write_text(LATIN_ARTICLE, encoding="utf-8")
    config = load_config(site / "site.toml")
    build(config)
    server, url = serve(config.output_dir)
    yield config.output_dir, url
    server.shutdown()


def pages_of(output: Path) -> list[str]:
    paths = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html") if "pagefind" not in p.parts)
    return [p.removesuffix("index.html") for p in paths]


SEARCHES = ("حفتر", "بنغازى", "عبدالفتاح", "UNSMIL", "الأمم", "إيريني", "Irini", "xyzzy")


def open_page(tab, url: str) -> None:
    tab.goto(url)
    tab.evaluate("document.fonts.ready")
    if "/search/?" in url:
        tab.wait_for_selector("#search[data-ready]:not([aria-busy])")
        tab.wait_for_function("() => !document.querySelector('#search-empty:not([hidden])')"
                              " || document.querySelector('#search-top-actors')")


# Every Latin run (a text node with Latin letters and no Arabic ones) sits in an element that gives it
# its direction (bdi, or a dir attribute below <html>), and such an element holds no space at its
# edges (the space would sit on the wrong side of it, and its text touch the word beside it).
UNISOLATED = r"""() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const text = node.nodeValue, parent = node.parentElement;
    if (!/[A-Za-z]/.test(text) || /[\u0600-\u06ff]/.test(text)) continue;
    if (parent.closest('script, style, noscript, svg, [hidden], .visually-hidden')) continue;
    if (!parent.closest('bdi, body [dir], input, textarea')) bad.push('not isolated: ' + text.trim());
  }
  for (const iso of document.querySelectorAll('body bdi, body [dir]')) {
    if (iso.closest('svg, [hidden]') || !/[A-Za-z]/.test(iso.textContent) || getComputedStyle(iso).display !== 'inline') continue;
    if (/^\s|\s$/.test(iso.textContent)) bad.push('space inside the isolate: "' + iso.textContent + '"');
  }
  return bad;
}"""


def test_every_latin_string_on_an_arabic_page_is_isolated(browser, mixed_site):
    output, url = mixed_site
    tab = browser.new_page(viewport=DESKTOP)
    faults = {}
    for path in pages_of(output) + [f"search/?q={quote(q)}" for q in SEARCHES]:
        open_page(tab, url + path)
        bad = tab.evaluate(UNISOLATED)
        if bad:
            faults[path] = bad[:3]
    tab.close()
    assert faults == {}


# The search page's entry box: each name once, and the English name apart from the Arabic one.
ENTRY_BOX = r"""() => [...document.querySelectorAll('#search-entity-list > li')].map(li => {
  const link = li.querySelector('.entity-link'), en = li.querySelector('.en');
  const excerpt = li.querySelector('.excerpt');
  const result = {text: li.innerText, head: li.innerText.replace(excerpt ? excerpt.innerText : '', ''), name: link.innerText, en: en ? en.innerText : ''};
  if (en) {
    const a = link.getBoundingClientRect(), b = en.getBoundingClientRect();
    const glyphs = node => { const r = document.createRange(); r.selectNodeContents(node); return [...r.getClientRects()]; };
    const x = glyphs(link), y = glyphs(en);
    result.gap = Math.min(...x.flatMap(p => y.map(q => Math.max(q.left - p.right, p.left - q.right))));
  }
  return result;
})"""


@pytest.mark.parametrize("query", ["حفتر", "بنغازى", "عبدالفتاح", "UNSMIL", "الأمم"])
def test_the_search_entry_box_prints_each_name_once_and_apart(browser, mixed_site, query):
    _, url = mixed_site
    tab = browser.new_page(viewport=DESKTOP)
    open_page(tab, f"{url}search/?q={quote(query)}")
    entries = tab.evaluate(ENTRY_BOX)
    tab.close()
    assert entries
    for entry in entries:
        assert entry["head"].count(entry["name"]) == 1, entry  # an alias may hold the name: the excerpt aside
        if entry["en"]:
            assert entry["text"].count(entry["en"]) == 1, entry
            assert entry["gap"] >= 3, entry  # a space's width between the two names


# The paragraph link shares its line with the paragraph's last word, at every width.
PILCROWS_ALONE = r"""() => {
  const alone = [];
  for (const link of document.querySelectorAll('.article-body .pilcrow')) {
    const before = link.previousSibling;
    const r = document.createRange();
    let node = before, text = '';
    while (node && !(node.nodeType === 3 ? (text = node.nodeValue.replace(/[\s\u00a0]+$/, '')) : (text = node.textContent.trim()))) node = node.previousSibling;
    if (!node) continue;
    if (node.nodeType === 3) { r.setStart(node, text.length - 1); r.setEnd(node, text.length); } else r.selectNodeContents(node);
    const rects = r.getClientRects(), word = rects[rects.length - 1], mark = link.getBoundingClientRect();
    const middle = (mark.top + mark.bottom) / 2;
    if (middle < word.top || middle > word.bottom) alone.push(link.getAttribute('href'));
  }
  return alone;
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_the_paragraph_link_never_stands_alone_on_a_line(browser, mixed_site, viewport):
    output, url = mixed_site
    tab = browser.new_page(viewport=viewport)
    alone = {}
    for path in pages_of(output):
        if path.startswith("articles/") and path.count("/") == 2:
            open_page(tab, url + path)
            found = tab.evaluate(PILCROWS_ALONE)
            if found:
                alone[path] = found
            assert tab.locator(".article-body .pilcrow").count() >= 1
    tab.close()
    assert alone == {}


def test_the_paragraph_link_shows_only_where_the_reader_points(browser, mixed_site):
    output, url = mixed_site
    article = next(p for p in pages_of(output) if p.startswith("articles/") and p.count("/") == 2)
    tab = browser.new_page(viewport=DESKTOP)
    open_page(tab, url + article)
    opacity = "el => getComputedStyle(el).opacity"
    assert tab.eval_on_selector("#p-2 .pilcrow", opacity) == "0"
    tab.hover("#p-2")
    tab.wait_for_timeout(300)
    assert tab.eval_on_selector("#p-2 .pilcrow", opacity) == "1"
    tab.close()


# A digit stands to an alef in the reading face (Naskh) as in the interface face (Kufi).
DIGIT_TO_ALEF = r"""async (selectors) => {
  const c = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const selector of selectors) {
    const style = getComputedStyle(document.querySelector(selector));
    const font = `400 100px ${style.fontFamily}`;
    await document.fonts.load(font, '5ا(');
    c.font = font;
    const height = ch => { const m = c.measureText(ch); return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent; };
    out.push({digit: height('5') / height('ا'), bracket: height('(') / height('ا')});
  }
  return out;
}"""


def test_digits_and_brackets_in_the_reading_face_match_the_interface_face(browser, mixed_site):
    _, url = mixed_site
    tab = browser.new_page(viewport=DESKTOP)
    open_page(tab, url + "actors/")
    assert "(5+5)" in tab.inner_text(".index-groups")
    naskh, kufi = tab.evaluate(DIGIT_TO_ALEF, [".index-list a", ".index-list .count"])
    tab.close()
    assert abs(naskh["digit"] / kufi["digit"] - 1) < 0.05, (naskh, kufi)
    assert abs(naskh["bracket"] / kufi["bracket"] - 1) < 0.08, (naskh, kufi)


@pytest.mark.parametrize("viewport, open_", [(DESKTOP, True), (PHONE, False)], ids=["1366px", "390px"])
def test_search_filters_are_open_beside_the_results_and_closed_on_a_phone(browser, mixed_site, viewport, open_):
    _, url = mixed_site
    tab = browser.new_page(viewport=viewport)
    open_page(tab, f"{url}search/?q={quote('حفتر')}")
    assert tab.eval_on_selector("#search-filters", "el => el.open") is open_
    if open_:
        tab.wait_for_selector("#search-facets .facet")
    tab.close()


def test_fields_set_by_hand_are_named_in_the_interface_language(mixed_site):
    output, _ = mixed_site
    html = (output / "articles" / "libya-review" / "index.html").read_text(encoding="utf-8")
    assert "حقول أُدخلت يدويًا: العنوان، المصدر</p>" in html
    assert "<code" not in html


def test_an_entry_no_article_names_is_listed_apart_and_counted_in_words(mixed_site):
    output, _ = mixed_site
    page = (output / "actors" / "iceland" / "index.html").read_text(encoding="utf-8")
    assert "<li>لم يُذكر في أي مقال</li>" in page
    assert "لا إشارات" not in page and "لا مقالات" not in page
    index = (output / "actors" / "index.html").read_text(encoding="utf-8")
    listed, apart = index.split('id="unnamed"')
    assert "/actors/iceland/" not in listed and "/actors/iceland/" in apart
    assert "/actors/khalifa-haftar/" in listed and "/actors/khalifa-haftar/" not in apart
    named = (output / "actors" / "khalifa-haftar" / "index.html").read_text(encoding="utf-8")
    assert "<li>مذكور في " in named
