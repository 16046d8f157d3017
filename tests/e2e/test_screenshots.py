"""Every kind of page fits a 360 px phone without sideways scrolling; and, while at it, a screenshot
of each at phone and desktop width lands in .cache/screenshots/ (git-ignored) to look at.
`make screenshots` takes the full set: both themes, and the README's pictures."""

from __future__ import annotations

import pytest

from conftest import ROOT, serve
from tools.pagekinds import DESKTOP, KINDS, PHONE, open_kind, page_kinds

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"

# What sticks out past the viewport's edges, outside any element that scrolls on its own.
OVERFLOWING = """(width) => {
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
  return [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && el.checkVisibility({visibilityProperty: true})
      && !scrolls(el);
  }).slice(0, 8).map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
    + ' ' + (el.textContent || '').trim().slice(0, 30));
}"""


@pytest.fixture(scope="module")
def sites(default_site, paged_fixture):
    servers = {"default": serve(default_site), "fixture": serve(paged_fixture)}
    yield page_kinds(default_site, paged_fixture), {name: url for name, (_, url) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()


@pytest.mark.parametrize("name", KINDS)
def test_nothing_overflows_a_phone_screen(browser, sites, name):
    kinds, roots = sites
    kind = kinds[name]
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab = open_kind(browser, kind, roots[kind.site], PHONE)
    try:
        width = tab.evaluate("document.documentElement.scrollWidth")
        overflowing = tab.evaluate(OVERFLOWING, PHONE["width"])
        tab.screenshot(path=str(SHOTS / f"{name}-phone-light.png"), full_page=True)
    finally:
        tab.context.close()
    assert width <= PHONE["width"] and not overflowing, f"{name}: {width}px wide; past the edge: {overflowing}"


@pytest.mark.parametrize("name", KINDS)
def test_desktop_screenshot(browser, sites, name):
    kinds, roots = sites
    kind = kinds[name]
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab = open_kind(browser, kind, roots[kind.site], DESKTOP)
    try:
        assert tab.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        tab.screenshot(path=str(SHOTS / f"{name}-desktop-light.png"), full_page=True)
    finally:
        tab.context.close()
