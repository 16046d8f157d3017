"""The research views' data, from the model: months for the timeline, nodes and edges for the network.

Functions of the Site and the URLs only; the drawing is :mod:`builder.render.charts`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from builder.render.charts import ChartLabels, MonthCount, NetEdge, NetNode, NetworkChart, network_svg
from builder.site.lists import Listed, fold_copies
from builder.site.model import EGO_MIN_NEIGHBOURS, EGO_SIZE, Site, timeline_by_year, year_counts
from builder.render.numerals import digits
from builder.site.records import ArticleSummary
from builder.site.routes import Urls

NETWORK_NODES = 60
# A phone's drawing of the network and of a neighbourhood: drawn for its width (labels at 12.5 px and
# more, not a wide drawing shrunk to half its size), and shown by the stylesheet below 60rem / 40rem.
NARROW_WIDTH = 360
NARROW_NETWORK = (NARROW_WIDTH, 540, 20)  # width, height, nodes
NARROW_EGO = (NARROW_WIDTH, 380)


_SVG_TEXT = re.compile(r">([^<]+)<")  # text between tags (a chart has no <style> or <script>)


def month_anchor(year: int, month: int) -> str:
    return f"m-{year}-{month:02d}"


def month_counts(articles: Iterable[ArticleSummary]) -> tuple[MonthCount, ...]:
    counts = Counter((a.date.year, a.date.month) for a in articles if a.date)
    return tuple(MonthCount(y, m, n) for (y, m), n in sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class MonthGroup:
    year: int
    month: int
    anchor: str
    articles: tuple[Listed, ...]  # newest first, copies folded (builder/site/lists.py)


def months_of(site: Site, year: int | None = None) -> tuple[MonthGroup, ...]:
    """Dated articles (of one year, if given) grouped by month, newest month first (the timeline's
    lists), each month's copies folded."""
    groups: dict[tuple[int, int], list[str]] = {}
    for article in site.articles:
        if article.date and (year is None or article.date.year == year):
            groups.setdefault((article.date.year, article.date.month), []).append(article.slug)
    return tuple(
        MonthGroup(y, m, month_anchor(y, m), fold_copies(site, groups[(y, m)])) for (y, m) in sorted(groups, reverse=True)
    )


def actor_graph(site: Site, urls: Urls) -> tuple[tuple[NetNode, ...], tuple[NetEdge, ...]]:
    """Actors named in at least one article (weight: mentions) and co-mentions (articles naming both)."""
    actors = site.named_actors()
    nodes = tuple(
        NetNode(slug, site.entities[slug].name, site.mention_counts.get(slug, 1), urls.entity(site.entities[slug]),
                site.entities[slug].kind)
        for slug in actors
    )
    edges = tuple(NetEdge(a, b, n) for a, b, n in site.links_among(actors))
    return nodes, edges


def ego_chart(site: Site, urls: Urls, strings, slug: str, labels: ChartLabels,
              narrow: bool = False) -> NetworkChart | None:  # fmt: skip
    """An actor's neighbourhood: itself, its strongest actor neighbours and every link among them
    (``narrow``: drawn for a phone)."""
    members = site.ego_members(slug, EGO_SIZE, EGO_MIN_NEIGHBOURS)
    if not members:
        return None
    nodes = tuple(
        NetNode(s, site.entities[s].name, site.mention_counts.get(s, 1), urls.entity(site.entities[s]),
                site.entities[s].kind)
        for s in members
    )
    width, height = NARROW_EGO if narrow else (560, 380)
    return network_svg(
        nodes, tuple(NetEdge(a, b, n) for a, b, n in site.links_among(members)), title=f"{strings['ego_title']} {site.entities[slug].name}", desc=strings["network_desc"],
        max_nodes=EGO_SIZE, highlight=slug, width=width, height=height, labels=labels, layout="radial",
    )


class SiteCharts:
    """The charts of one build, for the templates; the actor graph is computed once, on first use."""

    def __init__(self, site: Site, urls: Urls, strings, numerals: str = "western", language: str = "ar") -> None:
        self._site, self._urls, self._strings, self._numerals = site, urls, strings, numerals
        self._labels = ChartLabels.from_strings(strings, language=language)
        self._graph: tuple[tuple[NetNode, ...], tuple[NetEdge, ...]] | None = None
        self._sparklines: dict[str, str] = {}

    def _actor_graph(self):
        if self._graph is None:
            self._graph = actor_graph(self._site, self._urls)
        return self._graph

    @functools.cached_property
    def _split(self) -> bool:
        return timeline_by_year(self._site)

    def by_year(self) -> bool:
        return self._split

    def _month_link(self, year: int, month: int) -> str:
        """A month of the chart: its page when the timeline is split, else its place on the page."""
        return self._urls.timeline_month(year, month) if self.by_year() else f"#{month_anchor(year, month)}"

    def timeline(self, year: int | None = None) -> str:
        """Articles per month: all of them, or one year's (its page's chart)."""
        from builder.render.charts import timeline_svg

        articles = self._site.articles if year is None else (a for a in self._site.articles if a.date and a.date.year == year)
        title = self._strings["timeline_title"] + ("" if year is None else f" {year}")
        return self._digits(timeline_svg(month_counts(articles), title=title, labels=self._labels,
                                         link=self._month_link))

    def timeline_rows(self):
        from builder.render.charts import timeline_rows

        rows = timeline_rows(month_counts(self._site.articles), self._labels, link=self._month_link,
                             include_empty=False)
        return [replace(row, label=digits(row.label, self._numerals), count_text=digits(row.count_text, self._numerals))
                for row in rows]

    def months(self, year: int | None = None) -> tuple[MonthGroup, ...]:
        return months_of(self._site, year)

    def years(self) -> tuple[tuple[int, int, str], ...]:
        """(year, dated articles, its page) newest first, when the timeline is split by year."""
        return tuple((y, n, self._urls.timeline_year(y)) for y, n in year_counts(self._site))

    def sparkline(self, slug: str) -> str:
        """An entity's articles per month; drawn once per entity (every page of its list shows it)."""
        from builder.render.charts import sparkline_svg

        if slug not in self._sparklines:
            articles = (self._site.by_slug[s] for s in self._site.entity_articles[slug])
            name = self._site.entities[slug].name
            self._sparklines[slug] = self._digits(sparkline_svg(
                month_counts(articles), title=f"{self._strings['sparkline_title']} {name}",
                labels=self._labels, chart_id=f"spark-{slug}",
            ))
        return self._sparklines[slug]

    def ego(self, slug: str, narrow: bool = False) -> NetworkChart | None:
        if self._site.entities[slug].type != "actor":
            return None
        chart = ego_chart(self._site, self._urls, self._strings, slug, self._labels, narrow)
        return replace(chart, svg=self._digits(chart.svg)) if chart else None

    def network(self, narrow: bool = False) -> NetworkChart:
        nodes, edges = self._actor_graph()
        width, height, most = NARROW_NETWORK if narrow else (960, 600, NETWORK_NODES)
        chart = network_svg(nodes, edges, title=self._strings["network_title"], desc=self._strings["network_desc"],
                            max_nodes=most, labels=self._labels, width=width, height=height)
        return replace(chart, svg=self._digits(chart.svg))

    def _digits(self, svg: str) -> str:
        """The chart's text (labels, titles, descriptions) in the site's numerals; the drawing's
        coordinates, which live in attributes, stay as they are."""
        if self._numerals == "western":
            return svg
        return _SVG_TEXT.sub(lambda m: ">" + digits(m.group(1), self._numerals) + "<", svg)
