"""Every kind of page a built site has, and where to find one: shared by the accessibility, layout
and screenshot checks (tests/e2e/test_a11y.py, tests/e2e/test_screenshots.py, `make screenshots`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SEARCH_QUERY = "حفتر"
PHONE = {"width": 360, "height": 760}
DESKTOP = {"width": 1280, "height": 900}

# True once a page has drawn everything it will draw (fonts loaded; search results shown).
_READY = "() => document.fonts.status === 'loaded'"
_SEARCH_READY = (
    _READY
    + " && document.querySelector('#search-list > li, .pagefind-ui__result') !== null"
    + " && document.querySelector('.search[aria-busy]') === null"
)


@dataclass(frozen=True, slots=True)
class PageKind:
    name: str  # e.g. "article", "actor", "search"; also the screenshot's file name
    site: str  # "default" (the project's site) or "fixture" (tests/fixtures/site, small page sizes)
    path: str  # relative to the site's root URL
    ready: str = _READY  # a JavaScript expression, true once the page is fully drawn


def _richest(output: Path, folder: str) -> str:
    """The page under ``folder`` with the most on it (the largest file): the best one to look at."""
    pages = [p for p in (output / folder).glob("*/index.html") if p.parent.name != "page"]
    if not pages:
        raise AssertionError(f"no page under {folder}/ in {output}")
    best = max(pages, key=lambda p: (p.stat().st_size, p.parent.name))
    return f"{folder}/{best.parent.name}/"


def lengthen(site: Path) -> None:
    """Two more articles naming Benghazi in a copy of the fixture site: five, so that its list (two
    a page) has an archive page beside its main page (which holds up to three)."""
    for name, date, text in (("later-one", "2024-08-01", "افتتح مستشفى جديد في بنغازي صباح الأحد بحضور الأطباء."),
                             ("later-two", "2024-09-01", "هطلت أمطار غزيرة على بنغازي وأغلقت الطرق الساحلية مساء الخميس.")):
        (site / "content" / "articles" / f"{name}.md").write_text(
            f"---\ntitle: خبر عن بنغازي\ndate: {date}\nsource: وكالة الاختبار\n---\n\n{text}\n", encoding="utf-8")


def _paged_entity(output: Path) -> str:
    """The oldest archive page of the first actor, place or topic long enough to have one."""
    for folder in ("actors", "places", "topics"):
        for page in sorted((output / folder).glob("*/page/1/index.html")):
            return page.parent.relative_to(output).as_posix() + "/"
    raise AssertionError(f"no paginated actor, place or topic page in {output}")


KINDS = (
    "home", "articles", "article", "actors", "places", "topics", "actor", "place", "topic",
    "paginated", "entity-paginated", "timeline", "network", "data", "search", "404",
)  # fmt: skip


def page_kinds(default_output: Path, fixture_output: Path) -> dict[str, PageKind]:
    """One page of every kind (by name, as in KINDS): most from the default site, the paginated
    ones from the fixture site, whose page size is 2."""
    kinds = [
        PageKind("home", "default", ""),
        PageKind("articles", "default", "articles/"),
        PageKind("article", "default", _richest(default_output, "articles")),
        PageKind("actors", "default", "actors/"),
        PageKind("places", "default", "places/"),
        PageKind("topics", "default", "topics/"),
        PageKind("actor", "default", _richest(default_output, "actors")),
        PageKind("place", "default", _richest(default_output, "places")),
        PageKind("topic", "default", _richest(default_output, "topics")),
        PageKind("paginated", "fixture", "articles/page/1/"),
        PageKind("entity-paginated", "fixture", _paged_entity(fixture_output)),
        PageKind("timeline", "default", "timeline/"),
        PageKind("network", "default", "network/"),
        PageKind("data", "default", "data/"),
        PageKind("search", "default", "search/?q=" + quote(SEARCH_QUERY), _SEARCH_READY),
        PageKind("404", "default", "404.html"),
    ]
    assert tuple(k.name for k in kinds) == KINDS
    return {k.name: k for k in kinds}



def open_kind(browser, kind: PageKind, root: str, viewport: dict, scheme: str = "light", **options):
    """A new tab (in a context of its own: close ``tab.context``) showing ``kind``'s page, fully drawn."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme, **options)
    tab = context.new_page()
    tab.goto(root + kind.path)
    tab.wait_for_function(kind.ready, timeout=15_000)
    return tab
