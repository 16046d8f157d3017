"""What the site tells machines: Atom feeds, sitemap.xml, robots.txt, and the page <head> metadata.

``feed_files(site, urls, config, strings)`` → :class:`FeedOutput` (output-relative path → bytes,
plus warnings). Feeds and sitemaps must carry absolute URLs, so they are written only when
``base_url`` in site.toml is a full URL (``config.absolute_base``); with a path-only base_url
(``"/"``, ``"/repo/"``) only robots.txt is written, and a warning says how to fix it.

The page metadata helpers (``head_links``, ``open_graph``, ``article_json_ld``) return plain
data for the templates; see docs/data.md, "Page metadata".

Everything is deterministic: no clock is read. A feed's ``updated`` is the date of its newest
article; an article's timestamps are its date at 00:00:00Z. Articles without a date are left out
of the feeds (a feed entry must have a time) but stay in the sitemap, without ``lastmod``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from builder.config import SiteConfig
from builder.site.model import Site
from builder.site.records import ENTITY_FOLDERS, Article, ArticleSummary, Entity
from builder.site.routes import Page, Shelf, Urls, pages

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FEED_SIZE = 50  # entries per feed: the newest dated articles
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); more are split under a sitemap index
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"  # `updated` of a feed with no dated article: fixed, not "now"
DESCRIPTION_CHARS = 200  # og:description and JSON-LD description are cut to this many characters

FEED_NAME = "feed.xml"
SITEMAP_NAME = "sitemap.xml"
ROBOTS_NAME = "robots.txt"

# Characters XML 1.0 cannot carry at all (not even escaped): C0 controls but tab/newline/return,
# surrogates, U+FFFE/U+FFFF. Scraped article text can hold them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters an IRI may keep when written as a URI; everything else (non-ASCII, space) is %-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"

# The schema.org type of each entity kind, for JSON-LD.
SCHEMA_ORG_TYPES = {
    "person": "Person",
    "organisation": "Organization",
    "armed_group": "Organization",
    "medium": "Organization",
    "country": "Country",
    "city": "City",
    "region": "Place",
    "site": "Place",
    "topic": "Thing",
}
# Language tag → OpenGraph locale (language_TERRITORY); others become xx_XX.
_OG_LOCALES = {"ar": "ar_AR", "en": "en_US"}


@dataclass(frozen=True, slots=True)
class FeedOutput:
    """Files to add to the build (output-relative path → bytes) and warnings for the report."""

    files: dict[str, bytes]
    warnings: tuple[str, ...] = ()


# URLs -------------------------------------------------------------------------------------------


def absolute_url(url: str, urls: Urls, config: SiteConfig) -> str | None:
    """The absolute form of an internal URL (one starting with ``urls.base``); None without an absolute base."""
    base = config.absolute_base
    if base is None:
        return None
    if not url.startswith(urls.base):
        raise ValueError(f"{url!r} is not under the site's base path {urls.base!r}")
    return quote(base + url[len(urls.base) :], safe=_URI_SAFE)


def site_feed_url(urls: Urls) -> str:
    return urls.base + FEED_NAME


def entity_feed_url(entity: Entity, urls: Urls) -> str:
    """``<base>actors/<slug>/feed.xml`` (places/, topics/ likewise)."""
    return urls.entity(entity) + FEED_NAME


def sitemap_url(urls: Urls) -> str:
    return urls.base + SITEMAP_NAME


def wikidata_url(qid: str) -> str:
    return f"https://www.wikidata.org/wiki/{qid}"


# Text -------------------------------------------------------------------------------------------


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent (escaping is left to the serializer)."""
    return _NOT_XML.sub("", text)


def first_paragraph(article: Article) -> str:
    """Plain text of the article's first paragraph (not a heading); the first block if none is a <p>."""
    match = re.search(r'<p id="(p-\d+)"', article.body_html)
    if match:
        for block in article.blocks:
            if block.anchor == match.group(1):
                return block.text
    return article.blocks[0].text if article.blocks else ""


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with … when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ،,؛;:") + "…"


def atom_date(date: dt.date) -> str:
    """RFC 3339 timestamp of a publication date: midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"


# Feeds ------------------------------------------------------------------------------------------


def feed_articles(site: Site, slugs: Iterable[str], limit: int = FEED_SIZE) -> list[ArticleSummary]:
    """The newest ``limit`` dated articles among ``slugs`` (given newest first), newest first."""
    dated = (site.by_slug[slug] for slug in slugs if site.by_slug[slug].date is not None)
    return list(islice(dated, limit))


def entity_has_feed(site: Site, slug: str) -> bool:
    """An entity gets a feed when at least one dated article carries it."""
    return any(site.by_slug[a].date is not None for a in site.entity_articles[slug])


def feed_files(site: Site, urls: Urls, config: SiteConfig, strings: Mapping[str, Any]) -> FeedOutput:
    """robots.txt always; with an absolute base_url also feed.xml, one feed per entity, and the sitemap."""
    files = {ROBOTS_NAME: robots_txt(urls, config)}
    if config.absolute_base is None:
        return FeedOutput(
            files,
            (
                f"base_url {config.base_url!r} is a path, so the Atom feeds and sitemap.xml (which need "
                "absolute URLs) were not written; set base_url to the full address, e.g. "
                '"https://user.github.io/repo/", in site.toml or pass --base-url',
            ),
        )
    warnings = []
    undated = sorted(a.slug for a in site.articles if a.date is None)
    if undated:
        shown = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        warnings.append(f"{len(undated)} article(s) without a date are left out of the Atom feeds: {shown}")

    files[FEED_NAME] = atom_feed(
        title=config.title,
        subtitle=config.description,
        feed_url=site_feed_url(urls),
        page_url=urls.home(),
        articles=feed_articles(site, (a.slug for a in site.articles)),
        site=site,
        urls=urls,
        config=config,
        strings=strings,
    )
    for entity in site.entities.values():
        if not entity_has_feed(site, entity.slug):
            continue
        feed_url = entity_feed_url(entity, urls)
        files[urls.file_for(feed_url)] = atom_feed(
            title=f"{entity.name} — {config.title}",
            subtitle=entity.description,
            feed_url=feed_url,
            page_url=urls.entity(entity),
            articles=feed_articles(site, site.entity_articles[entity.slug]),
            site=site,
            urls=urls,
            config=config,
            strings=strings,
        )
    files.update(sitemap_files(site, urls, config))
    return FeedOutput(files, tuple(warnings))


def _serialize(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented by one space per level."""
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, name, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _must(url: str | None) -> str:
    if url is None:  # feed_files only builds feeds when config.absolute_base is set
        raise ValueError("absolute URLs need an absolute base_url")
    return url


def atom_feed(
    *,
    title: str,
    subtitle: str,
    feed_url: str,
    page_url: str,
    articles: list[ArticleSummary],
    site: Site,
    urls: Urls,
    config: SiteConfig,
    strings: Mapping[str, Any],
) -> bytes:
    """One Atom 1.0 document (RFC 4287); ``feed_url`` and ``page_url`` are internal URLs."""
    self_href = _must(absolute_url(feed_url, urls, config))
    # Unprefixed names with an explicit xmlns: ElementTree's default_namespace option refuses
    # the (unqualified) attributes Atom uses, and prefixes (ns0:feed) would be ugly.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: config.language})
    _add(feed, "id", self_href)
    _add(feed, "title", title)
    if subtitle:
        _add(feed, "subtitle", subtitle)
    _add(feed, "updated", atom_date(articles[0].date) if articles and articles[0].date else EMPTY_FEED_UPDATED)
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    _add(feed, "link", rel="alternate", type="text/html", href=_must(absolute_url(page_url, urls, config)))
    for article in articles:
        _entry(feed, article, site, urls, config, strings)
    return _serialize(feed)


def _entry(
    feed: ET.Element, article: ArticleSummary, site: Site, urls: Urls, config: SiteConfig, strings: Mapping[str, Any]
) -> None:
    assert article.date is not None
    href = _must(absolute_url(urls.article(article.slug), urls, config))
    stamp = atom_date(article.date)
    entry = _add(feed, "entry")
    _add(entry, "id", href)
    _add(entry, "title", article.title)
    _add(entry, "published", stamp)
    _add(entry, "updated", stamp)
    _add(entry, "link", rel="alternate", type="text/html", href=href)
    if article.source_url:
        _add(entry, "link", rel="via", href=quote(article.source_url, safe=_URI_SAFE))
    author = _add(entry, "author")
    _add(author, "name", article.source or str(strings.get("no_source", "—")))
    if article.excerpt:
        _add(entry, "summary", article.excerpt)
    for tag in site.tags[article.slug]:
        entity = site.entities[tag.entity]
        _add(
            entry,
            "category",
            term=entity.slug,
            label=entity.name,
            scheme=_must(absolute_url(urls.entity_index(entity.type), urls, config)),
        )


# Sitemap and robots.txt -------------------------------------------------------------------------


def sitemap_entries(site: Site, urls: Urls, config: SiteConfig) -> list[tuple[str, str | None]]:
    """(absolute URL, lastmod or None) of every rendered page but the 404 page, in page order."""
    out = []
    not_found = urls.base + "404.html"
    for page in pages(site, urls, config.home_latest, config.entity_page_size):
        if page.url == not_found:
            continue
        article = page.context.get("article") if page.template == "article.html" else None
        lastmod = article.date.isoformat() if article is not None and article.date else None
        out.append((_must(absolute_url(page.url, urls, config)), lastmod))
    return out


def _sitemap_doc(root_name: str, item_name: str, items: list[tuple[str, str | None]]) -> bytes:
    root = ET.Element(root_name, {"xmlns": SITEMAP_NS})
    for loc, lastmod in items:
        item = ET.SubElement(root, item_name)
        ET.SubElement(item, "loc").text = loc
        if lastmod:
            ET.SubElement(item, "lastmod").text = lastmod
    return _serialize(root)


def sitemap_files(site: Site, urls: Urls, config: SiteConfig, limit: int = SITEMAP_LIMIT) -> dict[str, bytes]:
    """``sitemap.xml``; past ``limit`` URLs it becomes an index of ``sitemap-1.xml``, ``sitemap-2.xml``…"""
    entries = sitemap_entries(site, urls, config)
    if len(entries) <= limit:
        return {SITEMAP_NAME: _sitemap_doc("urlset", "url", entries)}
    files: dict[str, bytes] = {}
    index = []
    for number, start in enumerate(range(0, len(entries), limit), 1):
        chunk = entries[start : start + limit]
        name = f"sitemap-{number}.xml"
        files[name] = _sitemap_doc("urlset", "url", chunk)
        dates = [lastmod for _, lastmod in chunk if lastmod]
        index.append((_must(absolute_url(urls.base + name, urls, config)), max(dates) if dates else None))
    files[SITEMAP_NAME] = _sitemap_doc("sitemapindex", "sitemap", index)
    return files


def robots_txt(urls: Urls, config: SiteConfig) -> bytes:
    """Allow every crawler everywhere; name the sitemap when its absolute URL is known."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = absolute_url(sitemap_url(urls), urls, config)
    if sitemap:
        lines += ["", f"Sitemap: {sitemap}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# Page metadata ----------------------------------------------------------------------------------


def _is_not_found(page: Page, urls: Urls) -> bool:
    return page.url == urls.base + "404.html"


def head_links(page: Page, site: Site, urls: Urls, config: SiteConfig) -> list[dict[str, str]]:
    """Attributes of the <link> elements a page's <head> carries: canonical, then the Atom feeds.

    Empty without an absolute base_url (no feeds are written then, and a canonical URL must be
    absolute). An entity page lists its own feed (when it has one) before the site feed.
    """
    if config.absolute_base is None:
        return []
    links = []
    if not _is_not_found(page, urls):
        links.append({"rel": "canonical", "href": _must(absolute_url(page.url, urls, config))})
    entity = page.context.get("entity")
    if isinstance(entity, Entity) and entity_has_feed(site, entity.slug):
        links.append(
            {
                "rel": "alternate",
                "type": "application/atom+xml",
                "title": f"{entity.name} — {config.title}",
                "href": entity_feed_url(entity, urls),
            }
        )
    site_feed = {"rel": "alternate", "type": "application/atom+xml", "title": config.title, "href": site_feed_url(urls)}
    links.append(site_feed)
    return links


def og_locale(language: str) -> str:
    """``ar`` → ``ar_AR``; ``en-GB`` → ``en_GB``."""
    parts = language.split("-")
    if len(parts) > 1 and len(parts[1]) == 2:
        return f"{parts[0]}_{parts[1].upper()}"
    return _OG_LOCALES.get(parts[0], f"{parts[0]}_{parts[0].upper()}")


def page_title(page: Page, config: SiteConfig, strings: Mapping[str, Any]) -> str:
    """The name of the page itself (without the site title), as a share card shows it."""
    context = page.context
    if isinstance(context.get("article"), ArticleSummary):
        title = context["article"].title
    elif isinstance(context.get("entity"), Entity):
        title = context["entity"].name
    elif page.template == "entity_index.html" and "etype" in context:
        title = str(strings.get(ENTITY_FOLDERS[context["etype"]], context["etype"]))
    elif page.template == "articles.html":
        title = str(strings.get("all_articles", strings.get("articles", config.title)))
    elif page.template == "search.html":
        title = str(strings.get("search_title", config.title))
    elif page.template == "404.html":
        title = str(strings.get("not_found_title", config.title))
    else:
        title = config.title
    pager = context.get("pager")
    # Page n of a month (routes.Pager, 1 its first page) or archive page n of a list (routes.Shelf, 0 its main page).
    if pager is not None and pager.number > (0 if isinstance(pager, Shelf) else 1):
        label = strings.get("page")
        title = f"{title} — {label} {pager.number}" if label else f"{title} — {pager.number}"
    return title


def open_graph(
    page: Page, site: Site, urls: Urls, config: SiteConfig, strings: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(property, content) pairs for ``<meta property=… content=…>``, in a fixed order.

    og:url is left out without an absolute base_url and on the 404 page. Article pages are
    ``og:type`` article with article:published_time (when dated) and one article:tag per entity.
    """
    article = page.context.get("article")  # its summary: the page's own context, before the page loads the rest
    entity = page.context.get("entity")
    if isinstance(article, ArticleSummary):
        kind, description = "article", article.excerpt
    elif isinstance(entity, Entity):
        kind, description = "website", entity.description
    else:
        kind, description = "website", config.description
    pairs = [
        ("og:site_name", config.title),
        ("og:locale", og_locale(config.language)),
        ("og:type", kind),
        ("og:title", page_title(page, config, strings)),
    ]
    if description.strip():
        pairs.append(("og:description", shorten(description)))
    url = None if _is_not_found(page, urls) else absolute_url(page.url, urls, config)
    if url:
        pairs.append(("og:url", url))
    if isinstance(article, ArticleSummary):
        if article.date:
            pairs.append(("article:published_time", article.date.isoformat()))
        for tag in site.tags[article.slug]:
            pairs.append(("article:tag", site.entities[tag.entity].name))
    return pairs


def script_safe_json(data: Any) -> str:
    """JSON text that can sit inside <script>: ``<``, ``>`` and ``&`` written as \\u escapes.

    Compact, on one line: Python's C encoder writes it (with an indent the pure-Python one does,
    0.06 ms of every article page)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def entity_json_ld(entity: Entity, urls: Urls, config: SiteConfig) -> dict[str, Any]:
    """A schema.org node for an entity: type, name, English name, its page, its Wikidata item."""
    node: dict[str, Any] = {"@type": SCHEMA_ORG_TYPES.get(entity.kind, "Thing"), "name": entity.name}
    if entity.name_en:
        node["alternateName"] = entity.name_en
    url = absolute_url(urls.entity(entity), urls, config)
    if url:
        node["url"] = url
    if entity.wikidata:
        node["sameAs"] = wikidata_url(entity.wikidata)
    return node


def article_json_ld(article: Article, site: Site, urls: Urls, config: SiteConfig) -> str:
    """schema.org ``NewsArticle`` for an article page, as text safe inside <script type="application/ld+json">.

    ``about`` lists the article's topics, ``mentions`` its actors and places (in tag order).
    URLs are absolute or left out (without an absolute base_url).
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": config.language,
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
    url = absolute_url(urls.article(article.slug), urls, config)
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    description = first_paragraph(article)
    if description:
        data["description"] = shorten(description)
    if article.source:
        outlet = {"@type": "Organization", "name": article.source}
        data["publisher"] = outlet
        data["sourceOrganization"] = outlet
    if article.source_url:
        data["isBasedOn"] = article.source_url
    data["wordCount"] = article.word_count
    home = absolute_url(urls.home(), urls, config)
    data["isPartOf"] = {"@type": "WebSite", "name": config.title, **({"url": home} if home else {})}
    tags = [site.entities[t.entity] for t in site.tags[article.slug]]
    about = [entity_json_ld(e, urls, config) for e in tags if e.type == "topic"]
    mentions = [entity_json_ld(e, urls, config) for e in tags if e.type != "topic"]
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions
    return script_safe_json(data)
