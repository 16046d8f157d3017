"""Accessibility of every kind of page, in the light and the dark theme, in headless Chromium.

axe-core (npm, installed into .cache/npm by `make test`) finds no violation of impact "serious" or
"critical"; and, beyond what axe checks: one h1 and headings in order, the skip link first,
landmarks, a visible focus on everything reachable by keyboard, the evidence lists and the pager
usable from the keyboard.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, serve
from tools import pagekinds
from tools.pagekinds import DESKTOP, KINDS, page_kinds

pytestmark = pytest.mark.browser

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.js"
SCHEMES = ("light", "dark")

# axe-core skips, in its contrast rule, any text it takes for an icon font's ligature: it measures
# the text on a canvas and finds it narrower than its letters side by side -- which is true of all
# joined Arabic script. Left alone, axe checks the contrast of no Arabic text at all (only inputs
# and Latin). The line below is the one that skips; without it every text node is checked.
_SKIPS_LIGATURES = "return vChild.props.nodeName === '#text' && !_isIconLigature(vChild);"


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe.js, made to check the contrast of Arabic text too (see _SKIPS_LIGATURES)."""
    if not AXE.is_file():
        pytest.skip("axe-core is missing: `make test` installs it into .cache/npm (needs npm; on a machine set up"
                    " before it was added: npm install --prefix .cache/npm --no-save axe-core@4.14.1)")
    source = AXE.read_text(encoding="utf-8")
    if source.count(_SKIPS_LIGATURES) != 1:
        pytest.fail(f"{AXE}: the icon-ligature test in color-contrast has changed; update _SKIPS_LIGATURES")
    return source.replace(_SKIPS_LIGATURES, "return vChild.props.nodeName === '#text';")


@pytest.fixture(scope="module")
def sites(default_site, paged_fixture):
    """Both built sites served (the fixture site with an entry that has an archive page); the page
    of every kind, and each site's root URL."""
    servers = {"default": serve(default_site), "fixture": serve(paged_fixture)}
    yield page_kinds(default_site, paged_fixture), {name: url for name, (_, url) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()


def open_kind(browser, sites, name: str, scheme: str = "light", **options):
    kinds, roots = sites
    kind = kinds[name]
    return pagekinds.open_kind(browser, kind, roots[kind.site], DESKTOP, scheme, **options)


def _describe(violations: list[dict]) -> str:
    lines = []
    for number, v in enumerate(violations, 1):
        lines.append(f"{number}. [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"     {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", KINDS)
def test_axe_finds_no_serious_violation(browser, sites, axe_source, name, scheme):
    # The site's CSP forbids injected scripts; this context alone lets axe in.
    tab = open_kind(browser, sites, name, scheme, bypass_csp=True)
    try:
        tab.add_script_tag(content=axe_source)
        results = tab.evaluate(
            "async () => axe.run(document, {resultTypes: ['violations'],"
            " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
    finally:
        tab.context.close()
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name} page, {scheme} theme:\n{_describe(serious)}"


def test_axe_checks_the_contrast_of_arabic_text(browser, axe_source):
    """The guard for the patch above: faint Arabic text is a violation, as faint Latin text is."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.set_content('<html lang="ar" dir="rtl"><title>x</title><main><p style="color:#aaa">نص باهت على خلفية بيضاء</p></main></html>')
        tab.add_script_tag(content=axe_source)
        results = tab.evaluate("async () => axe.run(document, {runOnly: ['color-contrast']})")
    finally:
        context.close()
    assert [v["id"] for v in results["violations"]] == ["color-contrast"]


OUTLINE = """() => {
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(h => h.getClientRects().length
    || h.classList.contains('visually-hidden'));
  return {
    h1: document.querySelectorAll('h1').length,
    levels: headings.map(h => Number(h.tagName[1])),
    landmarks: ['header', 'nav', 'main', 'footer'].filter(sel => document.querySelector(sel)),
    lang: document.documentElement.lang, dir: document.documentElement.dir,
  };
}"""


@pytest.mark.parametrize("name", KINDS)
def test_one_h1_headings_in_order_and_landmarks(browser, sites, name):
    tab = open_kind(browser, sites, name)
    try:
        outline = tab.evaluate(OUTLINE)
    finally:
        tab.context.close()
    assert outline["h1"] == 1
    levels = outline["levels"]
    assert levels and levels[0] == 1, levels
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"headings skip a level: {levels}"
    assert outline["landmarks"] == ["header", "nav", "main", "footer"]
    assert (outline["lang"], outline["dir"]) == ("ar", "rtl")


FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || el.id || '').trim().slice(0, 40),
          visible: outline || ring, inside: el.closest('main, header, footer, nav') !== null};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", ["home", "article", "actor", "paginated", "timeline", "search"])
def test_keyboard_reaches_everything_with_a_visible_focus(browser, sites, name, scheme):
    tab = open_kind(browser, sites, name, scheme)
    try:
        tab.keyboard.press("Tab")
        first = tab.evaluate(FOCUS_RING)
        assert first["visible"] and tab.evaluate("document.activeElement.classList.contains('skip-link')")
        seen, unseen = 0, []
        for _ in range(60):
            tab.keyboard.press("Tab")
            focus = tab.evaluate(FOCUS_RING)
            if focus["tag"] == "BODY":
                break
            seen += 1
            if not focus["visible"]:
                unseen.append(focus)
        assert seen >= 5
        assert not unseen, f"no visible focus on: {json.dumps(unseen, ensure_ascii=False)}"
    finally:
        tab.context.close()


def test_skip_link_moves_focus_to_the_main_content(browser, sites):
    tab = open_kind(browser, sites, "article")
    try:
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "main"
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.closest('main') !== null")
    finally:
        tab.context.close()


def test_evidence_lists_open_and_close_from_the_keyboard(browser, sites):
    tab = open_kind(browser, sites, "article")
    try:
        summary = tab.locator(".tags details > summary").first
        summary.focus()
        assert not summary.evaluate("s => s.parentElement.open")
        tab.keyboard.press("Enter")
        assert summary.evaluate("s => s.parentElement.open")
        evidence = summary.locator("xpath=..").locator(".evidence a").first
        assert evidence.is_visible()
        tab.keyboard.press("Space")
        assert not summary.evaluate("s => s.parentElement.open")
    finally:
        tab.context.close()


def test_pager_is_reachable_and_says_where_you_are(browser, sites):
    tab = open_kind(browser, sites, "paginated")
    try:
        pager = tab.locator("nav.pager")
        assert pager.get_attribute("aria-label")
        assert pager.locator("[aria-current='page']").count() == 1
        prev = pager.locator("a[rel='prev']")
        newer = prev.get_attribute("href")  # the oldest page: the next newer archive page, or the main page
        assert newer.startswith("/articles/")
        prev.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_url("**" + newer)
    finally:
        tab.context.close()
