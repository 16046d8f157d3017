"""One Jinja2 environment: autoescaping, StrictUndefined, the site's templates over the built-in theme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from .config import SiteConfig
from .errors import Location, SiteError
from .model import Site
from .records import ENTITY_FOLDERS, ENTITY_TYPES, Mention
from .routes import Page, Urls

THEME = Path(__file__).parent / "theme"


def load_strings(config: SiteConfig) -> dict[str, Any]:
    """The interface strings: the theme's file for the site language, then the site's own overrides."""
    strings: dict[str, Any] = {}
    for folder in (THEME / "i18n", config.root / "i18n"):
        path = folder / f"{config.language}.yaml"
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SiteError(f"invalid YAML: {exc}", Location(path, mark.line + 1 if mark else None)) from None
        _merge(strings, data)
    if not strings:
        raise SiteError(
            f"no interface strings for language {config.language!r}",
            Location(config.root / "site.toml"),
            f"add i18n/{config.language}.yaml (copy builder/theme/i18n/ar.yaml and translate it)",
        )
    return strings


def _merge(into: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Overrides win key by key, nested tables too (a site may override one kind's label)."""
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def make_environment(config: SiteConfig, site: Site, urls: Urls, search: bool = True) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(config.templates_dir)), FileSystemLoader(str(THEME / "templates"))]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    strings = load_strings(config)
    env.globals.update(
        config=config,
        site=site,
        urls=urls,
        t=strings,
        entity_types=ENTITY_TYPES,
        entity_folders=ENTITY_FOLDERS,
        search_enabled=search,
    )
    env.filters["date_ar"] = lambda d: format_date(d, strings["months"]) if d else strings["no_date"]
    env.filters["evidence"] = evidence_html
    return env


def format_date(date: dt.date, months: list[str]) -> str:
    return f"{date.day} {months[date.month - 1]} {date.year}"


def evidence_html(mention: Mention) -> Markup:
    """The mention's sentence, escaped, with the surface form marked."""
    sentence = mention.sentence
    at = sentence.find(mention.surface)
    if at < 0:
        return Markup(escape(sentence))
    return Markup(
        f"{escape(sentence[:at])}<mark>{escape(mention.surface)}</mark>{escape(sentence[at + len(mention.surface):])}"
    )


def render_pages(env: Environment, pages: list[Page]) -> dict[str, str]:
    """URL → HTML for every page; a template error names the template and line."""
    out: dict[str, str] = {}
    cache: dict[str, Any] = {}
    for page in pages:
        try:
            template = cache.get(page.template) or cache.setdefault(page.template, env.get_template(page.template))
            out[page.url] = template.render(page=page, **page.context)
        except TemplateError as exc:
            raise _template_error(exc, page) from None
    return out


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
