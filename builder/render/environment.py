"""One Jinja2 environment: autoescaping, StrictUndefined, the site's templates over the built-in theme."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from builder import __version__
from builder.config import SiteConfig
from builder.site.content import with_paragraph_label
from builder.render.dataset import cite_dataset, cite_text, dataset_json_ld
from builder.errors import Location, SiteError
from builder.render.feeds import article_json_ld, head_links, open_graph
from builder.render.i18n import THEME, isolate, load_strings
from builder.site.model import Site
from builder.render.numerals import count_phrase, digits, format_date, number
from builder.site.records import ENTITY_FOLDERS, ENTITY_TYPES, Mention
from builder.site.routes import Page, Urls
from builder.render.views import SiteCharts


class LentSite:
    """The site as the templates see it: every attribute passes through to the model until
    :func:`release` drops it. Rendering leaves cyclic garbage behind (a Jinja context whose macros
    refer back to it, holding a copy of the globals); were the site itself in those copies, the whole
    model would live on until the cyclic collector walked it when the build turned it back on
    (0.2 s at 10,000 articles, and growing with the corpus). Released, it is freed as the build returns."""

    __slots__ = ("_site",)

    def __init__(self, site: Site) -> None:
        self._site: Site | None = site

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and the like ask for hooks: the handle has none
            raise AttributeError(name)
        site = object.__getattribute__(self, "_site")  # never back through here, even unset
        if site is None:
            raise RuntimeError("the site was released: the build that rendered with it is over")
        return getattr(site, name)


def release(env: Environment) -> None:
    """Done rendering with ``env``: the site it lent the templates is let go (see :class:`LentSite`)."""
    env.globals["site"]._site = None


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, where a failed write (a full disk, a read-only cache) only costs the
    next build the compiling."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates(config: SiteConfig, settings: dict[str, Any]) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the site's cache (compiling them again was 0.11 s of every rebuild,
    in each process that renders). Jinja checks each against its template's source; the folder is
    named by what else shapes the compiled code: the environment's settings, Jinja's version and
    this builder's. None (compile every time) where the folder cannot be made."""
    key = repr((sorted(settings.items()), jinja2.__version__, __version__))
    folder = config.root / ".cache" / "templates" / hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


def make_environment(config: SiteConfig, site: Site, urls: Urls, search: bool = True) -> Environment:
    settings = dict(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                    keep_trailing_newline=True)
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(config.templates_dir)), FileSystemLoader(str(THEME / "templates"))]),
        bytecode_cache=_compiled_templates(config, settings),
        **settings,
    )
    strings = load_strings(config)
    site = LentSite(site)  # type: ignore[assignment]  # everything below sees the model through it
    env.globals.update(
        config=config,
        site=site,
        urls=urls,
        t=strings,
        entity_types=ENTITY_TYPES,
        entity_folders=ENTITY_FOLDERS,
        search_enabled=search,
        head_links=head_links,
        open_graph=open_graph,
        article_json_ld=article_json_ld,
        dataset_json_ld=dataset_json_ld,
        cite_text=lambda article: cite_text(article, config, urls, strings),
        cite_dataset=lambda: cite_dataset(site, config, urls, strings),
        charts=SiteCharts(site, urls, strings, config.numerals, config.language),
    )
    # every number on a page goes through these filters (builder/render/numerals.py)
    numerals, language, months = config.numerals, config.language, strings["months"]
    env.filters["date_ar"] = lambda d: digits(format_date(d, months, language), numerals) if d else strings["no_date"]
    env.filters["num"] = lambda n: number(n, numerals, language)
    env.filters["digits"] = lambda text: digits(text, numerals)
    env.filters["plural"] = lambda n, forms: count_phrase(n, forms, numerals, language)
    env.filters["evidence"] = evidence_html
    env.filters["body"] = lambda html: Markup(with_paragraph_label(html, strings["paragraph_link"]))
    env.filters["isolate_urls"] = isolate_urls
    env.filters["bdi"] = lambda text: isolate(str(text), config.direction)  # a name, title, source…
    env.filters["partial_date"] = lambda d: digits(partial_date(d, strings), numerals)
    return env


_URL = re.compile(r"https?://[^\s<>\"]+")


def isolate_urls(text: str) -> Markup:
    """Escape text and set each URL apart, left to right, so it does not scramble inside Arabic."""
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(Markup('<bdi dir="ltr">{}</bdi>').format(match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def partial_date(seen, strings: dict[str, Any]) -> str:
    """A mentioned date (a ``DateSeen``) to its precision: "19 ديسمبر 2020"، "نوفمبر 2020"، "2021"."""
    parts = [] if seen.day is None else [str(seen.day)]
    if seen.month is not None:
        parts.append(strings["months"][seen.month - 1])
    parts.append(str(seen.year))
    return " ".join(parts)


def evidence_html(mentions: Mention | tuple[Mention, ...]) -> Markup:
    """A sentence, escaped, with the surface form of each of its mentions (one, or a group from
    :meth:`Tag.sentences`) marked, in order."""
    group = (mentions,) if isinstance(mentions, Mention) else tuple(mentions)
    sentence = group[0].sentence
    parts: list[str] = []
    at = 0
    for mention in group:
        found = sentence.find(mention.surface, at) if mention.surface else -1
        if found < 0:
            continue
        parts.append(f"{escape(sentence[at:found])}<mark>{escape(mention.surface)}</mark>")
        at = found + len(mention.surface)
    parts.append(str(escape(sentence[at:])))
    return Markup("".join(parts))


def render_page(env: Environment, page: Page) -> str:
    """One page's HTML; a template error names the template and line."""
    try:
        context = {**page.context, **(page.load() if page.load else {})}
        return env.get_template(page.template).render(page=page, **context)
    except TemplateError as exc:
        raise _template_error(exc, page) from None


def templates_digest(config: SiteConfig) -> str:
    """A hash of every template and interface string file the site renders with."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in (config.templates_dir, THEME / "templates", THEME / "i18n", config.root / "i18n"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _template_error(exc: TemplateError, page: Page) -> SiteError:
    """Name the template file and line: from the exception (syntax errors) or Jinja's rewritten traceback."""
    name = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if not name:
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".html"):
                name, line = filename, tb.tb_lineno
            tb = tb.tb_next
    return SiteError(
        f"template error while rendering {page.url}: {exc.message or exc}", Location(Path(name or page.template), line)
    )
