"""The one place that maps the model to URLs, output files and templates."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote, urlencode

from builder.site.lists import Listed, by_source, by_year, day_key, fold_copies, jumps, month_key
from builder.site.model import EGO_MIN_NEIGHBOURS, EGO_SIZE, Site, timeline_by_year, year_counts
from builder.site.records import ENTITY_FOLDERS, ENTITY_KINDS, ENTITY_TYPES, Entity


@dataclass(frozen=True, slots=True)
class Urls:
    """Every internal URL, under the site's base path (which always ends in '/')."""

    base: str

    def home(self) -> str:
        return self.base

    def article(self, slug: str) -> str:
        return f"{self.base}articles/{slug}/"

    def articles(self, page: int = 0) -> str:
        """The list of every article: its main page (0, the newest), or archive page ``page`` (:func:`shelve`)."""
        return self._shelved(f"{self.base}articles/", page)

    def entity(self, entity: Entity, page: int = 0) -> str:
        """An entry's list: its main page (0, the newest), or archive page ``page`` (:func:`shelve`)."""
        return self._shelved(f"{self.base}{ENTITY_FOLDERS[entity.type]}/{entity.slug}/", page)

    def entity_index(self, etype: str) -> str:
        return f"{self.base}{ENTITY_FOLDERS[etype]}/"

    def search(self, filters: Iterable[tuple[str, str]] = ()) -> str:
        """The search page; with ``filters`` (facet, value), the search page opened on them (it reads
        its filters from the address: builder/theme/static/search.js)."""
        query = urlencode(list(filters), quote_via=quote)
        return f"{self.base}search/" + (f"?{query}" if query else "")

    def original(self, slug: str) -> str:
        """The article's original text, as ingest found it (plain text)."""
        return f"{self.base}sources/{slug}.txt"

    def timeline(self) -> str:
        return f"{self.base}timeline/"

    def timeline_year(self, year: int) -> str:
        return f"{self.base}timeline/{year}/"

    def timeline_month(self, year: int, month: int, page: int = 1) -> str:
        return self._paged(f"{self.base}timeline/{year}/{month:02d}/", page)

    def network(self) -> str:
        return f"{self.base}network/"

    def data(self, name: str = "") -> str:
        return f"{self.base}data/{name}"

    def static(self, name: str) -> str:
        return f"{self.base}static/{name}"

    def pagefind(self) -> str:
        return f"{self.base}pagefind/"

    def file_for(self, url: str) -> str:
        """The output-relative file a URL is served from."""
        rel = url[len(self.base) :]
        return rel + "index.html" if rel == "" or rel.endswith("/") else rel

    @staticmethod
    def _paged(first: str, page: int) -> str:
        return first if page == 1 else f"{first}page/{page}/"

    @staticmethod
    def _shelved(main: str, page: int) -> str:
        return main if page == 0 else f"{main}page/{page}/"


@dataclass(frozen=True, slots=True)
class Page:
    """A page to render. ``inputs`` is everything it shows beyond the site-wide settings and
    templates: an unchanged page (same inputs) is carried over from the last build, not rendered.
    ``load`` supplies context read only when the page is rendered (an article's full text)."""

    url: str
    template: str
    context: Mapping[str, Any]
    inputs: Any = None  # None: always render
    load: Callable[[], Mapping[str, Any]] | None = None
    # Rendered once data/ is written, with ``files`` (each data file → the records written to it) in
    # its context: a page that states counts of the files states what they hold.
    after_dataset: bool = False

    def fingerprint(self, salt: str) -> str | None:
        if self.inputs is None:
            return None
        return hashlib.blake2b(repr((salt, self.template, self.inputs)).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Pager:
    number: int
    count: int
    prev_url: str
    next_url: str


def paginate(items: tuple, size: int, url_of) -> list[tuple[tuple, Pager]]:
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [()]
    count = len(chunks)
    return [
        (
            chunk,
            Pager(
                number=n,
                count=count,
                prev_url=url_of(n - 1) if n > 1 else "",
                next_url=url_of(n + 1) if n < count else "",
            ),
        )
        for n, chunk in enumerate(chunks, 1)
    ]


@dataclass(frozen=True, slots=True)
class Shelf:
    """Where a page of a long list (an entry's articles, or all of them) stands among its pages.

    The main page (``number`` 0, the list's own address) shows the newest articles; the older ones
    are on archive pages numbered from the oldest: page 1 holds the oldest ``size`` articles, page 2
    the next ``size``, and so on, each page newest first. An article added as the newest changes the
    main page only (and, each ``size`` articles, makes one more archive page and the link to it from
    the one before); an edit changes the one page it is on. Pages numbered from the newest, as
    before 2026-12-07, shifted every page of every entry an added article names. So that an
    archive page shows nothing that moves with the rest of the list, the counts and the ways through
    it are on the main page only (``count`` is 0 on an archive page)."""

    number: int  # 0: the main page; k: archive page k, 1 the oldest
    newer_url: str  # rel="prev": the newer page ("" on the main page)
    older_url: str  # rel="next": the older page ("" on page 1, or a main page with no archive)
    count: int  # on the main page, how many archive pages there are; 0 on an archive page


def shelve(items: tuple, size: int, url_of) -> list[tuple[tuple, Shelf]]:
    """A newest-first list cut into its main page and archive pages (:class:`Shelf`); the main page
    holds the newest whole chunk of ``size`` and the ones newer than it (``size`` to ``2 size - 1``
    articles), so that no article is on two pages. ``url_of(k)``: the page's address (0: the main one)."""
    archive = max(0, len(items) // size - 1)
    main = items[: len(items) - archive * size]
    out = [(main, Shelf(0, "", url_of(archive) if archive else "", archive))]
    for k in range(archive, 0, -1):  # the newest archive page first
        end = len(items) - (k - 1) * size
        chunk = items[end - size : end]
        out.append((chunk, Shelf(k, url_of(k + 1 if k < archive else 0), url_of(k - 1) if k > 1 else "", 0)))
    return out


def shelf_of(count: int, size: int):
    """The page (:func:`shelve`) of the item at each position of a newest-first list of ``count``."""
    archive = max(0, count // size - 1)
    main = count - archive * size
    return lambda i: 0 if i < main else archive - (i - main) // size


def pages(site: Site, urls: Urls, home_latest: int, page_size: int) -> list[Page]:
    """Every page of the site, in a stable order."""
    summary = _summaries(site)
    corpus = _corpus_digest(site, summary)
    top = _top_entities(site)
    latest = fold_copies(site, (a.slug for a in site.articles), home_latest)
    out = [
        Page(urls.home(), "home.html", {"latest": latest, "top": top}, (corpus, top, _listed_inputs(latest, summary))),
        Page(urls.search(), "search.html", {}, ()),
        Page(urls.data(), "data.html", {}, corpus, after_dataset=True),
        Page(urls.timeline(), "timeline.html", {"year": None}, _timeline_inputs(site, summary)),
        Page(urls.network(), "network.html", {}, _network_inputs(site)),
        Page(urls.base + "404.html", "404.html", {}, ()),
    ]
    if timeline_by_year(site):
        out.extend(_timeline_pages(site, urls, page_size, summary))
    out.extend(_articles_pages(site, urls, page_size, summary))
    for article in site.articles:
        out.append(
            Page(urls.article(article.slug), "article.html", {"article": article}, _article_inputs(site, article, summary),
                 partial(_article_context, site, article.slug))
        )
    shared: dict[str, Listed] = {}  # an article's item, one for every entry list it is on
    for etype in ENTITY_TYPES:
        # An index lists by kind the entries named in some article, most named first; the others
        # apart, by name (a list of zeros among the counts reads as noise).
        groups = []
        for kind in ENTITY_KINDS[etype]:
            members = sorted(
                (e for e in site.entities_of(etype) if e.kind == kind and site.entity_articles[e.slug]),
                key=lambda e: (-len(site.entity_articles[e.slug]), e.name),
            )
            if members:
                groups.append((kind, tuple(members)))
        unnamed = tuple(sorted((e for e in site.entities_of(etype) if not site.entity_articles[e.slug]),
                               key=lambda e: (e.name, e.slug)))
        out.append(
            Page(urls.entity_index(etype), "entity_index.html", {"etype": etype, "groups": groups, "unnamed": unnamed},
                 (tuple((kind, tuple((e, len(site.entity_articles[e.slug]), site.mention_counts.get(e.slug, 0))
                                     for e in members)) for kind, members in groups), unnamed))
        )
        for entity in site.entities_of(etype):
            out.extend(_entity_pages(site, urls, entity, page_size, summary, shared))
    return out


def _article_context(site: Site, slug: str) -> dict:
    """What an article page reads as it renders: the full record, every tag with its mentions, the
    dates its text mentions (the model holds none of them)."""
    tags, dates = site.full_work(slug)
    return {"article": site.full_article(slug), "article_tags": tags, "article_dates": dates}


def _listed_inputs(items: tuple[Listed, ...], summary: dict[str, str]) -> tuple:
    """What a list shows of its items: each article, the copies it names and its anchor; an item
    with neither, its article's summary alone (a string the summaries share: every entry page is
    held until it renders, and a tuple an item was ~100 bytes an (article, entry) pair)."""
    return tuple((summary[i.article.slug], tuple(summary[c.slug] for c in i.also), i.anchor) if i.also or i.anchor
                 else summary[i.article.slug] for i in items)


def _articles_pages(site: Site, urls: Urls, page_size: int, summary: dict[str, str]) -> list[Page]:
    """/articles/: every article newest first, copies folded, on its main page and archive pages
    (:func:`shelve`); the main page also lists the months (each to the page and place where it
    begins) and the sources (each to the search page filtered by it)."""
    folded = fold_copies(site, (a.slug for a in site.articles))
    items, months = jumps(folded, page_size, month_key, shelf_of(len(folded), page_size))
    index = tuple((j.key, j.count, f"{urls.articles(j.page)}#{j.anchor}") for j in months)
    sources = by_source(site.articles)
    out = []
    for chunk, pager in shelve(items, page_size, urls.articles):
        main = pager.number == 0  # only the main page shows counts and the ways through the list
        ways = {"months": by_year(months) if main else (), "sources": sources if main else ()}
        out.append(
            Page(urls.articles(pager.number), "articles.html", {"items": chunk, "pager": pager, **ways},
                 (_listed_inputs(chunk, summary), pager, len(site.articles) if main else 0, index if main else (),
                  sources if main else ()))
        )
    return out


def _timeline_pages(site: Site, urls: Urls, page_size: int, summary: dict[str, str]) -> list[Page]:
    """A page per year (its months: a chart, each month's count and link) and per month (its
    articles, copies folded, paginated, with its days each linked to where it begins)."""
    years = year_counts(site)
    by_month: dict[tuple[int, int], list[str]] = {}
    for a in site.articles:
        if a.date:
            by_month.setdefault((a.date.year, a.date.month), []).append(a.slug)
    keys = sorted(by_month)  # oldest first
    out = []
    for year, _ in years:
        counts = tuple((m, len(by_month[(y, m)])) for y, m in keys if y == year)
        out.append(Page(urls.timeline_year(year), "timeline.html", {"year": year, "counts": counts},
                        ("year", year, counts, years)))
    for i, (year, month) in enumerate(keys):
        items, days = jumps(fold_copies(site, by_month[(year, month)]), page_size, day_key)
        around = (keys[i - 1] if i else None, keys[i + 1] if i + 1 < len(keys) else None)

        def url_of(n, year=year, month=month):
            return urls.timeline_month(year, month, n)

        index = tuple((j.key[2], j.count, f"{url_of(j.page)}#{j.anchor}") for j in reversed(days))
        for chunk, pager in paginate(items, page_size, url_of):
            context = {"year": year, "month": month, "items": chunk, "pager": pager, "days": index,
                       "total": len(by_month[(year, month)]), "around": around}
            out.append(Page(url_of(pager.number), "timeline_month.html", context,
                            ("month", year, month, _listed_inputs(chunk, summary), pager, index, around,
                             len(by_month[(year, month)]))))
    return out


def _entity_pages(site: Site, urls: Urls, entity: Entity, page_size: int, summary: dict[str, str],
                  listed: dict[str, Listed] | None = None) -> list[Page]:
    """An entry's list, copies folded, on its main page and archive pages (:func:`shelve`); the main
    page carries the ways through it: its months (each to the page and place where it begins) and
    its sources. ``listed``: the items shared by every list (:func:`fold_copies`)."""
    slugs = site.entity_articles[entity.slug]
    shared = _entity_shared_inputs(site, entity)
    folded = fold_copies(site, slugs, shared=listed)
    items, months = jumps(folded, page_size, month_key, shelf_of(len(folded), page_size))
    sources = by_source(site.by_slug[s] for s in slugs)
    index = by_year(months)
    # The ways through the list, the same on each of its pages, digested once: a top entry's months
    # repr()ed again for each of its pages were most of an edit's fingerprinting (dense shape, 2,000
    # articles: 196,000 reprs of the months' records, 2.7 s of 4.3 s).
    ways = hashlib.blake2b(repr((index, sources)).encode(), digest_size=16).hexdigest()
    out = []
    for chunk, pager in shelve(items, page_size, lambda n, e=entity: urls.entity(e, n)):
        # An archive page shows its slice and nothing that moves with the rest of the list (counts,
        # neighbours, the ways through it): an article added elsewhere leaves it as it was.
        main = pager.number == 0
        out.append(
            Page(
                urls.entity(entity, pager.number),
                "entity.html",
                {"entity": entity, "items": chunk, "pager": pager, "months": index if main else (),
                 "sources": sources if main else ()},
                (_entity_inputs(site, entity, shared if main else "", chunk, pager, summary), ways if main else ""),
                # The quoted mentions, read for this page's slice as it renders (never all at once).
                partial(_entity_evidence, site, entity.slug, chunk),
            )
        )
    return out


def _entity_evidence(site: Site, entity: str, items: tuple[Listed, ...]) -> dict:
    return {"evidence": site.evidence(entity, [i.article.slug for i in items])}


def _summaries(site: Site) -> dict[str, str]:
    """Each article as any page may show it: its slug and the version of its records
    (:meth:`Site.version`: its file's hash and the knowledge base it was tagged with), which covers
    everything drawn from it (title, text, tags, dates), so a template may show any of it without a
    page going stale; fingerprints name articles by this, never by their tags."""
    return {article.slug: f"{article.slug} {site.version(article.slug)}" for article in site.articles}


def _corpus_digest(site: Site, summary: dict[str, str]) -> str:
    """One hash for the pages that show the whole corpus (home, timeline, network, data)."""
    digest = hashlib.blake2b(digest_size=16)
    for article in site.articles:
        digest.update(repr(summary[article.slug]).encode())
    digest.update(repr(sorted((e.slug, e.name, e.kind, e.type) for e in site.entities.values())).encode())
    return digest.hexdigest()


def _timeline_inputs(site: Site, summary: dict[str, str]) -> tuple:
    """The timeline page shows month counts and, when split, the years; else every dated article."""
    months = Counter((a.date.year, a.date.month) for a in site.articles if a.date)
    split = timeline_by_year(site)
    shown = () if split else _listed_inputs(fold_copies(site, (a.slug for a in site.articles if a.date)), summary)
    return ("months", tuple(sorted(months.items())), split, shown)


def _network_inputs(site: Site) -> tuple:
    """The network page shows actors (names, mentions) and co-mention counts between them."""
    actors = site.named_actors()
    nodes = tuple((s, site.entities[s].name, site.entities[s].kind, site.mention_counts.get(s, 0)) for s in actors)
    return ("network", nodes, site.links_among(actors))


def _article_inputs(site: Site, article, summary: dict[str, str]) -> tuple:
    """What an article page shows beyond its own file: the articles it links to, in order, with the
    entries shared and whether each report is a copy. Not their scores, which the page does not show
    and which shift with every article added (rarity weights are corpus-wide): a new article then
    re-renders only the pages whose lists it changes."""
    related = tuple((r.article, r.shared) for r in site.related[article.slug])
    also = tuple((link.article, is_copy) for link, is_copy in site.also_reported(article.slug))
    others = [slug for slug, _ in related] + [slug for slug, _ in also]
    return (summary[article.slug], related, also, tuple(summary[o] for o in others))


def _entity_shared_inputs(site: Site, entity) -> str:
    """What every page of an entity's list shows: counts, neighbours and its timeline, as one digest
    (taken once per entity: a frequent actor's months, repeated on each of its pages, were most of
    the fingerprinting time). A neighbour is shown with the articles it shares with the entry, not
    its own mention count: an added article then renders again the pages of the entries it names,
    not of every entry mentioned beside them (10,000 articles: 1,645 entry pages → 602). Entries are
    named by slug: two may share a name (one that never matches, such as «م. طرابلس»)."""
    months = sorted(
        (a.date.year, a.date.month) for a in (site.by_slug[s] for s in site.entity_articles[entity.slug]) if a.date
    )
    shown = (
        entity.slug,
        len(site.entity_articles[entity.slug]),
        site.mention_counts.get(entity.slug, 0),
        site.co_mentions[entity.slug],  # (slug, shared articles): names, kinds and types are in the salt
        tuple(months),
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _entity_inputs(site: Site, entity, shared: str, items, pager, summary: dict[str, str]) -> tuple:
    # The neighbourhood chart (first page only): the members it draws and every link among them.
    members = site.ego_members(entity.slug, EGO_SIZE, EGO_MIN_NEIGHBOURS) if pager.number == 0 else []
    ego = (
        tuple((m, site.mention_counts.get(m, 0)) for m in members),
        site.links_among(members),
    )
    return (shared, ego, _listed_inputs(items, summary), pager)


def _top_entities(site: Site, limit: int = 12) -> tuple[tuple[str, tuple[Entity, ...]], ...]:
    """Per entity type, the entries named in the most articles (ties by name)."""
    top = []
    for etype in ENTITY_TYPES:
        named = [e for e in site.entities_of(etype) if site.entity_articles[e.slug]]
        named.sort(key=lambda e: (-len(site.entity_articles[e.slug]), -site.mention_counts.get(e.slug, 0), e.name))
        if named:
            top.append((etype, tuple(named[:limit])))
    return tuple(top)
