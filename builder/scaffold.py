"""``new DIR``: a fresh research site that builds at once.

What it writes:

* ``site.toml`` with every setting :func:`builder.config.setting_defaults` lists, each with a comment and its
  default (a setting added to the schema without a comment here fails the unit tests);
* ``content/`` with one example article and one knowledge-base entry of each kind (actor, place,
  topic), in Arabic, written for the example (``theme/scaffold/content/``);
* an empty ``templates/`` with a README on overriding the theme, a ``.gitignore``, a
  ``requirements.txt`` pinning this version of the tool, and the GitHub Pages workflow
  (``.github/workflows/pages.yml``).

It never writes into a folder that holds anything: the researcher's files are never at risk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder import __version__
from builder.config import CONFIG_NAME, DISTRIBUTION, SITE_FORMAT, setting_defaults
from builder.errors import Location, SiteError
from builder.render.i18n import THEME

SCAFFOLD = THEME / "scaffold"
# Files of the scaffold whose names start with a dot once written (package data skips dot-files).
_RENAMES = {"gitignore": ".gitignore", "github": ".github"}
# The languages `new` can set up: the theme has their interface strings. Others: add i18n/<lang>.yaml.
DIRECTIONS = {"ar": "rtl", "en": "ltr"}
LANGUAGES = tuple(DIRECTIONS)
PREVIEW_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True, slots=True)
class Defaults:
    """What a new site says about itself, per interface language."""

    title: str
    description: str


DEFAULTS = {
    "ar": Defaults(
        title="ملف بحثي جديد",
        description="أرشيف بحثي لمقالات إخبارية عربية: الفاعلون والأماكن والمواضيع، مع الأدلة من النصوص.",
    ),
    "en": Defaults(
        title="A new research file",
        description="A research archive of Arabic news articles: the actors, places and topics, with the evidence.",
    ),
}

# (section, key) → the comment written above the setting. Every key of the schema needs one.
COMMENTS: dict[tuple[str, str], str] = {
    ("", "format"): "The site-folder format this site was written for. Leave it: a newer version of the\n"
    "tool that needs a change says exactly what to change.",
    ("", "title"): "The site's name: header, <title>, home page and footer. Required.",
    ("", "description"): "One sentence: the home page's introduction and <meta name=\"description\">.",
    ("", "language"): 'Interface language: "ar" or "en" (built in), or any language whose strings you add\n'
    "as i18n/<language>.yaml in this folder (keys it lacks are shown in English).",
    ("", "direction"): '"rtl" for Arabic, "ltr" for English: <html dir>.',
    ("", "base_url"): "The address the site is served at. Feeds and the sitemap need a full URL; this is the\n"
    "local preview (arsite serve). The GitHub Pages workflow passes the real address with --base-url.\n"
    'A path ("/", "/repo/") also works, without feeds.',
    ("", "content_dir"): "Articles and the knowledge base (content/articles, actors, places, topics).",
    ("", "output_dir"): "Where the site is built. The whole folder is replaced on every build: keep nothing else in it.",
    ("", "templates_dir"): "Your templates: a file here replaces the theme's file of the same name (see templates/README.md).",
    ("", "static_dir"): "Your static files (CSS, images, fonts), copied over the theme's file by file.",
    ("", "numerals"): 'Digits on the pages: "western" (0-9) or "arabic-indic" (٠-٩).',
    ("pages", "entity_page_size"): "Articles per page on each actor, place and topic page, and on /articles/.",
    ("pages", "home_latest"): "Latest articles on the home page.",
    ("pages", "related"): "Related articles under each article.",
    ("pages", "show_english_names"): "Show each entry's name_en beside its name on entry pages and indexes.",
    ("search", "enabled"): "Build the Pagefind search index (build --no-search skips it once).",
    ("search", "piece_size"): "Articles per search-index piece; memory stays bounded however large the corpus.",
    ("search", "merged"): ("One index for the browser, merged from the pieces: a query downloads a quarter as much, but\n"
                           "Pagefind's work on common words and filter counts grows (see docs/search.md, One index)."),
    ("ingest", "max_bytes"): "ingest refuses raw files larger than this many bytes.",
    ("data", "compress"): ("Write data/articles.json and data/mentions.csv gzipped (.gz): a big site's dataset\n"
                           "a quarter to a sixth of its size (see docs/data.md, Weight)."),
    ("data", "originals"): ("Publish each article's original, as ingest kept it in content/sources/, at sources/<slug>.txt\n"
                            "and link it from the article; false leaves them out of output/ (see docs/data.md, Weight)."),
    ("events", "window_days"): "Same-event coverage: articles at most this many days apart can report one event.",
    ("events", "min_shared"): "… and must share at least this many actors and places,",
    ("events", "min_cosine"): "… and their openings (title, first 60 words) a TF-IDF cosine of at least this (0 to 1),",
    ("events", "same_source_cosine"): "… or of at least this when both come from the same outlet (and the same day),",
    ("events", "later_day_cosine"): "… or of at least this when they are of different days.",
    ("events", "copy_threshold"): "Two texts at least this similar (0 to 1) are shown as copies of one another.",
}
_SECTION_NOTES = {
    "pages": "Page sizes and what entry pages show.",
    "search": "Pagefind search.",
    "ingest": "Importing raw articles (arsite ingest).",
    "data": "The downloadable dataset (data/).",
    "events": "Coverage of the same event by several outlets.",
}


def site_toml(language: str = "ar", title: str = "", description: str = "") -> str:
    """The text of a new ``site.toml``: every setting, commented, at its default."""
    defaults = DEFAULTS.get(language, DEFAULTS["en"])
    values = setting_defaults()
    values.update({
        ("", "format"): SITE_FORMAT,
        ("", "title"): title or defaults.title,
        ("", "description"): description or defaults.description,
        ("", "language"): language,
        ("", "direction"): DIRECTIONS.get(language, "ltr"),
        ("", "base_url"): PREVIEW_URL,
    })
    lines = [
        f"# Settings of this research site, written by `arsite new` ({DISTRIBUTION} {__version__}).",
        "# Every setting is here with its default; the full reference is docs/content.md in the tool's",
        "# repository. An unknown or misspelt setting stops the build with a suggestion.",
        "",
    ]
    order = [("", "format")] + [key for key in values if key != ("", "format")]
    section = ""
    for key in order:
        if key[0] != section:
            section = key[0]
            lines += ["", "", f"# {_SECTION_NOTES.get(section, section)}", f"[{section}]"]
        lines += ["", *(f"# {line}" for line in COMMENTS[key].split("\n"))]
        lines.append(f"{key[1]} = {_toml_value(values[key])}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def requirements_txt() -> str:
    return (
        "# The research-site builder, at the version this site was made with. The GitHub Pages workflow\n"
        "# installs it from here. Where the tool does not come from PyPI, replace the line with where it\n"
        "# comes from, e.g. a Git tag:   arabic-research-site @ git+https://github.com/ORG/REPO@v"
        f"{__version__}\n"
        "# or a wheel committed here:   ./tools/arabic_research_site-"
        f"{__version__}-py3-none-any.whl\n"
        f"{DISTRIBUTION}=={__version__}\n"
    )


def readme(title: str) -> str:
    return (
        f"# {title}\n\n"
        "A research site built with the Arabic research-site builder (`arsite`).\n\n"
        "```sh\n"
        "arsite ingest ~/scraped/        # import raw articles into content/articles/\n"
        "arsite serve                    # build and preview on http://127.0.0.1:8000/, live\n"
        "arsite build && arsite check    # build output/ and check every link\n"
        "```\n\n"
        "`site.toml` holds the settings, `content/` the articles and the knowledge base (actors,\n"
        "places, topics), `templates/` any theme overrides. Pushing to `main` publishes the site on\n"
        "GitHub Pages (`.github/workflows/pages.yml`; Settings → Pages → Source: GitHub Actions).\n"
    )


def new_site(target: Path, language: str = "ar", title: str = "", gazetteer: bool = False) -> list[Path]:
    """Write a new site into ``target`` (created; must not hold anything); return the files written.
    ``gazetteer``: the starter gazetteer's entries too (:mod:`builder.extract.gazetteer`)."""
    if language not in DIRECTIONS:
        raise SiteError(
            f"no built-in interface for language {language!r}",
            None,
            f"use --language {' or '.join(LANGUAGES)}; for another language, make the site with "
            f"--language en, then set language in site.toml and add i18n/{language}.yaml",
        )
    if target.exists() and not target.is_dir():
        raise SiteError("exists and is not a folder", Location(target), "give the name of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise SiteError(
            "folder is not empty: nothing was written",
            Location(target),
            "give the name of a new folder (or an empty one); `new` never writes over files",
        )
    chosen_title = title or DEFAULTS[language].title
    files: dict[Path, bytes] = {
        Path(CONFIG_NAME): site_toml(language, title).encode(),
        Path("requirements.txt"): requirements_txt().encode(),
        Path("README.md"): readme(chosen_title).encode(),
    }
    for path in sorted(SCAFFOLD.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(SCAFFOLD)
            files[Path(*(_RENAMES.get(part, part) for part in rel.parts))] = path.read_bytes()
    written = []
    for rel, data in sorted(files.items()):
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        written.append(destination)
    if gazetteer:
        from builder.extract import gazetteer as starter

        content = target / "content"
        written += starter.write(content, starter.plan(content))
    return written
