"""The one place that maps the model to URLs, output files and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .model import Site
from .records import ENTITY_FOLDERS, ENTITY_KINDS, ENTITY_TYPES, Entity


@dataclass(frozen=True, slots=True)
class Urls:
    """Every internal URL, under the site's base path (which always ends in '/')."""

    base: str

    def home(self) -> str:
        return self.base

    def article(self, slug: str) -> str:
        return f"{self.base}articles/{slug}/"

    def articles(self, page: int = 1) -> str:
        return self._paged(f"{self.base}articles/", page)

    def entity(self, entity: Entity, page: int = 1) -> str:
        return self._paged(f"{self.base}{ENTITY_FOLDERS[entity.type]}/{entity.slug}/", page)

    def entity_index(self, etype: str) -> str:
        return f"{self.base}{ENTITY_FOLDERS[etype]}/"

    def search(self) -> str:
        return f"{self.base}search/"

    def timeline(self) -> str:
        return f"{self.base}timeline/"

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


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    template: str
    context: Mapping[str, Any]


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


def pages(site: Site, urls: Urls, home_latest: int, page_size: int) -> list[Page]:
    """Every page of the site, in a stable order."""
    out = [
        Page(urls.home(), "home.html", {"latest": site.articles[:home_latest], "top": _top_entities(site)}),
        Page(urls.search(), "search.html", {}),
        Page(urls.data(), "data.html", {}),
        Page(urls.timeline(), "timeline.html", {}),
        Page(urls.network(), "network.html", {}),
        Page(urls.base + "404.html", "404.html", {}),
    ]
    for chunk, pager in paginate(site.articles, page_size, urls.articles):
        out.append(Page(urls.articles(pager.number), "articles.html", {"items": chunk, "pager": pager}))
    for article in site.articles:
        out.append(Page(urls.article(article.slug), "article.html", {"article": article}))
    for etype in ENTITY_TYPES:
        groups = []
        for kind in ENTITY_KINDS[etype]:
            members = sorted(
                (e for e in site.entities_of(etype) if e.kind == kind),
                key=lambda e: (-len(site.entity_articles[e.slug]), e.name),
            )
            if members:
                groups.append((kind, tuple(members)))
        out.append(Page(urls.entity_index(etype), "entity_index.html", {"etype": etype, "groups": groups}))
        for entity in site.entities_of(etype):
            slugs = site.entity_articles[entity.slug]
            for chunk, pager in paginate(slugs, page_size, lambda n, e=entity: urls.entity(e, n)):
                out.append(
                    Page(
                        urls.entity(entity, pager.number),
                        "entity.html",
                        {"entity": entity, "items": tuple(site.by_slug[s] for s in chunk), "pager": pager},
                    )
                )
    return out


def _top_entities(site: Site, limit: int = 12) -> tuple[tuple[str, tuple[Entity, ...]], ...]:
    """Per entity type, the entries named in the most articles (ties by name)."""
    top = []
    for etype in ENTITY_TYPES:
        named = [e for e in site.entities_of(etype) if site.entity_articles[e.slug]]
        named.sort(key=lambda e: (-len(site.entity_articles[e.slug]), -site.mention_counts.get(e.slug, 0), e.name))
        if named:
            top.append((etype, tuple(named[:limit])))
    return tuple(top)
