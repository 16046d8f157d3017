"""Long lists on a generated corpus shaped like the real one (issue 29): 640 articles, nearly all in
one year, a few old pieces years before, and copies of one text filed twice.

Built once without search (the lists, not the index, are the point), and once more, small, with
search on for the links into it. The checks read the HTML a reader gets.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import ROOT

from builder.pipeline.orchestrator import build
from builder.config import load_config
from builder.site.model import TIMELINE_ONE_PAGE

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

ARTICLES = 640
pytestmark = pytest.mark.large
OLD = 6  # articles dated 2012–2014
ORIGINALS = (100, 101, 102, 107)  # articles filed twice, the second time under another source, a day later
COPIES = len(ORIGINALS)  # (a000107 is among the newest: its copy is the newest article of all)
MOST_ENTRIES = 300  # "a few hundred": no page lists more articles than this


def dated(n: int) -> dt.date:
    if n < OLD:
        return dt.date(2012 + n % 3, 3 + n, 10)
    return dt.date(2018, 2, 1) + dt.timedelta(days=(n * 7) % 250)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("big") / "site"
    generate(root, ARTICLES, actors=40, topics=8, places=8)
    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("entity_page_size = 50", "entity_page_size = 20"),
                    encoding="utf-8")
    articles = root / "content" / "articles"
    for n in range(ARTICLES):
        path = articles / f"a{n:06d}.md"
        text = re.sub(r"^date: .*$", f"date: {dated(n).isoformat()}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    for k, n in enumerate(ORIGINALS):  # the same text again, a day later, from another outlet
        text = (articles / f"a{n:06d}.md").read_text(encoding="utf-8")
        day = dated(n) + dt.timedelta(days=1)
        text = re.sub(r"^date: .*$", f"date: {day.isoformat()}", text, count=1, flags=re.M)
        text = re.sub(r"^source: .*$", "source: وكالة ناقلة", text, count=1, flags=re.M)
        (articles / f"copy{k}.md").write_text(text, encoding="utf-8")
    config = load_config(toml)
    build(config, search=False)
    return config.output_dir


def pages_of(out: Path) -> dict[str, str]:
    return {p.parent.relative_to(out).as_posix() + "/": p.read_text(encoding="utf-8")
            for p in out.rglob("index.html")}  # fmt: skip


def entries(page: str) -> list[str]:
    """The articles a list shows, in order: each list item's headline link."""
    return re.findall(r'<li class="entry"[^>]*>\s*<h\d class="entry-title"><a href="/articles/([^/"]+)/"', page)


def read(out: Path, path: str) -> str:
    return (out / path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def follow(out: Path, first: str) -> list[str]:
    """Every entry of a paginated list, following its rel=next links from ``first``."""
    found, path = [], first
    while path:
        page = read(out, path)
        found += entries(page)
        step = re.search(r'rel="next" href="([^"]+)"', page[page.find('class="pager"'):]) if 'class="pager"' in page else None
        path = step.group(1) if step else ""
    return found


def test_no_page_lists_more_than_a_few_hundred_articles(big):
    assert ARTICLES - OLD > TIMELINE_ONE_PAGE  # one year alone is more than one page can list
    pages = pages_of(big)
    crowded = {path: len(entries(page)) for path, page in pages.items() if len(entries(page)) > MOST_ENTRIES}
    assert crowded == {}
    heaviest = max(pages, key=lambda p: len(pages[p].encode()))
    assert len(pages[heaviest].encode()) < 400_000, heaviest


def test_a_year_lists_its_months_and_a_month_its_articles_each_once(big):
    overview = read(big, "timeline/")
    year = read(big, "timeline/2018/")
    assert entries(year) == []  # the months, not their articles
    months = re.findall(r'<a href="/timeline/2018/(\d\d)/">', year[year.index('class="month-index"'):])
    assert months == sorted(set(months), reverse=True) and len(months) >= 8
    seen: list[str] = []
    for month in months:
        listed = follow(big, f"/timeline/2018/{month}/")
        assert listed, month
        for slug in listed[:5]:
            assert f"2018-{month}-" in read(big, f"articles/{slug}/")
        seen += listed
    assert len(seen) == len(set(seen))
    # every 2018 article once, and of each text filed twice one copy (the newer: lists run newest first)
    expected = {f"a{n:06d}" for n in range(OLD, ARTICLES)} - {f"a{n:06d}" for n in ORIGINALS}
    assert set(seen) == expected | {f"copy{k}" for k in range(COPIES)}
    # the chart's bars lead to the month pages, not into one long page
    bars = set(re.findall(r'href="/timeline/(\d{4}/\d\d)/"', overview))
    assert "2018/05" in bars and not re.search(r'href="/timeline/\d{4}/#', overview)


def test_a_months_days_lead_to_the_page_and_place_where_they_begin(big):
    first = read(big, "timeline/2018/03/")
    days = re.findall(r'href="(/timeline/2018/03/(?:page/\d+/)?)#(d-2018-03-\d\d)"', first)
    assert len(days) >= 3
    for path, anchor in days:
        page = read(big, path)
        assert f'<li class="entry" id="{anchor}">' in page


def test_copies_are_listed_once_and_say_also_in(big):
    listed = follow(big, "/articles/")
    assert len(listed) == len(set(listed)) == ARTICLES  # 644 articles, 4 of them copies folded into one item
    for k, n in enumerate(ORIGINALS):
        original, copy = f"a{n:06d}", f"copy{k}"
        assert copy in listed and original not in listed  # the newer one, naming the other
    pages = [read(big, "articles/")] + [read(big, f"articles/page/{n}/") for n in range(1, 40)
                                        if (big / "articles" / "page" / str(n)).is_dir()]  # fmt: skip
    holder = next(p for p in pages if 'href="/articles/copy0/"' in p)
    item = holder[holder.index('<li class="entry"', holder.rindex('<li class="entry"', 0, holder.index('href="/articles/copy0/"'))):]
    item = item[: item.index("</li>")]
    assert 'class="also-in"' in item and 'href="/articles/a000100/"' in item
    # the home page: the newest article is a copy; its original, of the day before, is not listed again
    home = read(big, "")
    latest = entries(home)
    assert latest[0] == "copy3" and "a000107" not in latest and len(latest) == len(set(latest)) == 10
    assert 'href="/articles/a000107/"' in home[home.index('class="also-in"'):]


def test_the_timeline_folds_the_old_years_and_names_the_busy_months(big):
    svg = read(big, "timeline/")
    svg = svg[svg.index("<svg"): svg.index("</svg>")]
    assert 'class="fold"' in svg and "2012–2017" in svg  # the old pieces and the empty years after them
    assert 'class="axis-break"' in svg
    # 2018 is drawn month by month, each month named under its bar
    for name in ("مارس", "مايو", "يوليو", "سبتمبر"):
        assert f">{name}<" in svg


def test_a_long_entry_list_can_be_entered_by_month(big):
    pages = pages_of(big)
    longest = max((p for p in pages if p.startswith("actors/") and "/page/" not in p and p != "actors/"),
                  key=lambda p: pages[p].count('class="pager-pages"') * 1000 + len(entries(pages[p])) +
                  len(re.findall(r"/page/(\d+)/", pages[p])))  # fmt: skip
    page = pages[longest]
    jumps = re.findall(rf'href="/{re.escape(longest)}(?:page/(\d+)/)?#(m-\d{{4}}-\d\d)"', page)
    assert len(jumps) >= 6
    for number, anchor in jumps:
        target = pages[longest + (f"page/{number}/" if number else "")]
        assert f'id="{anchor}"' in target


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    """A small site built with search: its entry pages link into the search page, filtered."""
    root = tmp_path_factory.mktemp("searchable") / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", root)
    config = load_config(root / "site.toml")
    build(config, search=True)
    return config.output_dir


def test_an_entry_page_links_to_search_filtered_by_it_and_by_each_co_named_entry(searchable):
    page = read(searchable, "actors/khalifa-haftar/")
    links = [html.unescape(h) for h in re.findall(r'href="(/search/\?[^"]+)"', page)]
    filters = [parse_qsl(urlsplit(link).query) for link in links]
    assert [("actor", "خليفة حفتر")] in filters
    together = [f for f in filters if len(f) == 2 and f[0] == ("actor", "خليفة حفتر") and f[1][0] != "source"]
    assert together, links
