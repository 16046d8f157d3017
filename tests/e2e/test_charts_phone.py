"""The charts as Chromium draws them, at a phone's width and a desktop's: every label at least
11 CSS px, nothing off screen without a cue, the timeline opening on its latest months, and on a
network every node named, no name crossed by a line or another name (measured on the rendered SVG)."""

from __future__ import annotations

import pytest

from conftest import serve

pytestmark = pytest.mark.browser

PAGES = ("timeline/", "network/", "actors/khalifa-haftar/", "actors/egypt/")

# Every visible chart's texts: rendered font size (font-size × the SVG's scale), and box on screen.
TEXTS = """() => [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 0)
  .map(svg => ({cls: svg.getAttribute('class'), scroller: !!svg.closest('.chart-scroll'),
    texts: [...svg.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect(); const m = t.getScreenCTM();
      return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
              left: r.left, right: r.right}; })}))"""

# On each visible network: every node link's label box (user space, as rendered) and every line.
NETWORK = """() => [...document.querySelectorAll('svg.chart-network')].filter(s => s.getBoundingClientRect().width > 0)
  .map(svg => ({nodes: svg.querySelectorAll('g.nodes > a').length,
    labels: [...svg.querySelectorAll('g.labels text')].map(t => { const b = t.getBBox();
      return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height}; }),
    lines: [...svg.querySelectorAll('g.edges line')].map(l => ['x1', 'y1', 'x2', 'y2', 'stroke-width']
      .map(k => parseFloat(l.getAttribute(k))))}))"""


@pytest.fixture(scope="module")
def default_url(default_site):
    server, url = serve(default_site)
    yield url
    server.shutdown()


def crosses(line, box) -> bool:
    x1, y1, x2, y2, width = line
    pad = width / 2
    steps = max(1, int(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 * 2))
    return any(box["x"] - pad <= x1 + (x2 - x1) * k / steps <= box["x"] + box["w"] + pad
               and box["y"] - pad <= y1 + (y2 - y1) * k / steps <= box["y"] + box["h"] + pad
               for k in range(steps + 1))  # fmt: skip


@pytest.mark.parametrize("width", [390, 1366])
def test_chart_labels_are_readable_and_on_screen_or_cued(browser, default_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for path in PAGES:
            tab.goto(default_url + path)
            charts = tab.evaluate(TEXTS)
            assert charts, path
            for chart in charts:
                small = [(t["text"], round(t["size"], 1)) for t in chart["texts"] if t["size"] < 11 - 0.05]
                assert not small, (path, width, chart["cls"], small)
                off = [t["text"] for t in chart["texts"] if t["left"] < -0.5 or t["right"] > width + 0.5]
                if chart["scroller"]:  # hidden only inside a scroller that shows it can scroll
                    assert not off or tab.locator(".scroll-hint").is_visible(), (path, width, off)
                else:
                    assert not off, (path, width, chart["cls"], off)
            assert "/actors/facebook/" not in tab.content() or path.startswith("timeline")
    finally:
        context.close()


def test_the_timeline_opens_on_its_latest_months_on_a_phone(browser, default_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(default_url + "timeline/")
        latest = tab.evaluate("""() => { const a = [...document.querySelectorAll('.chart-timeline a')].pop();
            const r = a.getBoundingClientRect(); return [r.left, r.right, innerWidth]; }""")
        assert 0 <= latest[0] and latest[1] <= latest[2]  # the newest month with articles is in view
        scroller = tab.evaluate("""() => { const s = document.querySelector('.chart-scroll');
            return [s.scrollWidth, s.clientWidth]; }""")
        assert scroller[0] > scroller[1]  # it does scroll here: the older months are the ones hidden
        assert tab.locator(".scroll-hint").is_visible()
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(default_url + "timeline/")
        assert not tab.locator(".scroll-hint").is_visible()  # nothing to scroll: no hint
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_every_network_node_is_named_and_no_name_is_crossed(browser, default_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for path in ("network/", "actors/khalifa-haftar/"):
            tab.goto(default_url + path)
            tab.evaluate("document.fonts.ready")
            for chart in tab.evaluate(NETWORK):
                assert len(chart["labels"]) == chart["nodes"] > 2, path
                labels = chart["labels"]
                for i, a in enumerate(labels):
                    for b in labels[i + 1:]:
                        apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                                 or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])  # fmt: skip
                        assert apart, (path, width, a["text"], b["text"])
                    crossing = [line for line in chart["lines"] if crosses(line, a)]
                    assert not crossing, (path, width, a["text"], crossing)
    finally:
        context.close()
