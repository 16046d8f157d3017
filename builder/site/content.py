"""content/ → :class:`Corpus`: articles (front matter + Markdown) and knowledge-base entries.

Every problem is collected with its file and line and raised once at the end, so
the researcher sees all of them in one build.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from builder.extract.arabic import is_slug
from builder.errors import Location, Problems, SiteError
from builder.site.fields import (
    YamlLoader,
    bool_field,
    choice,
    date_field,
    line_of_key,
    parse_yaml,
    read_date,
    text_field,
    text_list,
    unknown_keys,
)
from builder.site.records import ENTITY_FOLDERS, ENTITY_KINDS, Article, Block, Corpus, Entity, Role
from builder.extract.suggest import did_you_mean

YAML_LOADER: type = YamlLoader  # every YAML file the builder reads goes through it (builder/site/fields.py)

if TYPE_CHECKING:  # markdown-it is imported where an article is read: a build with nothing changed reads none
    from markdown_it import MarkdownIt
    from markdown_it.token import Token as MdToken

ARTICLES = "articles"
_FENCE = "---"

_ARTICLE_KEYS = {
    "title": "the headline",
    "date": "publication date, YYYY-MM-DD",
    "source": "the outlet",
    "source_url": "link to the original",
    "author": "the byline",
    "set_by_hand": "fields a person filled in",
    "pin": "entity slugs to tag even when not found",
    "veto": "entity slugs never to tag",
    "ingest": "what ingest did",
}
_HAND_FIELDS = ("title", "date", "source", "source_url", "text")  # what set_by_hand may list (i18n field_names)
_ROLE_KEYS = ("title", "from", "to")
# Every type: needs_context (terms that count only in context), context (the entries whose mention
# in a paragraph is that context) and origin (where the entry came from).
_ANY_ENTITY = {"needs_context", "context", "origin"}
_ENTITY_KEYS = {
    "actor": {"name", "name_en", "kind", "description", "aliases", "adjectives", "wikidata",
              "family", "family_default", "roles", "not_aliases", *_ANY_ENTITY},
    "place": {"name", "name_en", "kind", "description", "aliases", "wikidata", "not_aliases", *_ANY_ENTITY},
    "topic": {"name", "name_en", "description", "keywords", "wikidata", *_ANY_ENTITY},
}


def new_markdown() -> MarkdownIt:
    """CommonMark with raw HTML switched off: any markup in content is shown as text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def load_corpus(content_dir: Path) -> Corpus:
    problems = Problems("content")
    md = new_markdown()
    articles = []
    for path in article_files(content_dir):
        try:
            articles.append(load_article(path, md))
        except SiteError as exc:
            problems.add_error(exc)
    try:
        entities = load_entities(content_dir)
    except SiteError as exc:
        problems.add_error(exc)
        entities = ()
    problems.raise_if_any()
    return Corpus(articles=tuple(articles), entities=entities)


def content_files(folder: Path, suffix: str, skip_broken: bool = False) -> list[Path]:
    """The files of ``folder`` whose names end in ``suffix``, by name; none when the folder is missing.

    Hidden names (a leading dot) are left out: editors keep lock files and backups there, such as
    Emacs's ``.#article.md``, a link to nowhere while the article is open with unsaved changes, on
    which the build stopped with a traceback. So are folders. Any other name that is no readable
    file (a link to a file that is gone, a loop of links) is an error naming it: leaving it out
    would drop an article's pages without a word; ``skip_broken`` leaves it out instead, for a
    reader that only looks for what it wrote (ingest). One ``scandir``, no ``stat`` a file.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if e.name.endswith(suffix) and not e.name.startswith(".")),
                             key=lambda e: e.name)
    except FileNotFoundError:
        return []
    except NotADirectoryError as exc:
        raise SiteError("is a file, not a folder", Location(folder), "move it away; this folder holds the content's files") from exc
    except OSError as exc:
        raise SiteError(f"cannot read the folder: {exc.strerror}", Location(folder), "check its permissions") from exc
    files = []
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_file():
                files.append(path)
                continue
            if entry.is_dir():
                continue
        except OSError as exc:  # a loop of links, a target out of reach
            if skip_broken:
                continue
            raise SiteError(f"cannot read: {exc.strerror}", Location(path), "fix the link or remove it") from exc
        if skip_broken:
            continue
        if entry.is_symlink():
            raise SiteError("a link to a file that is not there", Location(path), "restore the file or remove the link")
        raise SiteError("not a regular file", Location(path), "remove it or rename it")
    return files


def article_files(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        raise SiteError("content folder not found", Location(content_dir), "create it or fix content_dir in site.toml")
    return content_files(content_dir / ARTICLES, ".md")


def entity_files(content_dir: Path) -> list[tuple[str, Path]]:
    return [(etype, path) for etype, folder in ENTITY_FOLDERS.items() for path in content_files(content_dir / folder, ".yaml")]


def load_entities(content_dir: Path) -> tuple[Entity, ...]:
    """The knowledge base: every actor, place and topic file, checked; all problems reported together."""
    problems = Problems("knowledge base")
    entities = []
    for etype, path in entity_files(content_dir):
        try:
            entities.append(load_entity(path, etype))
        except SiteError as exc:
            problems.add_error(exc)
    _check_unique_slugs(entities, problems)
    problems.raise_if_any()
    return tuple(entities)


# Articles ----------------------------------------------------------------------


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """→ (front matter, body, line number of the first body line)."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise SiteError(
            "no front matter",
            Location(path, 1),
            "start the file with a line '---', then title/date/source, then another '---'",
        )
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == _FENCE:
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]), number + 1
    raise SiteError("front matter is never closed", Location(path, 1), "add a line '---' after the last field")


def load_article(path: Path, md: MarkdownIt, data: bytes | None = None) -> Article:
    slug = path.stem
    _check_slug(slug, path)
    try:
        text = (path.read_bytes() if data is None else data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SiteError(f"not UTF-8 text ({exc.reason})", Location(path), "re-save as UTF-8 or import it with `ingest`") from None
    text = text.replace("\r\n", "\n")
    front, body, body_line = split_front_matter(text, path)
    meta = parse_yaml(front, path, line_offset=1)
    if not isinstance(meta, dict):
        raise SiteError("front matter must be 'key: value' lines", Location(path, 2))

    def where(key: str) -> Location:
        return Location(path, line_of_key(front, key, offset=1))

    problems = Problems(str(path))
    unknown_keys(meta, _ARTICLE_KEYS, "front-matter field", where, problems)
    title = text_field(meta, "title", where, problems, required=True)
    source = text_field(meta, "source", where, problems)
    source_url = text_field(meta, "source_url", where, problems)
    if source_url and not re.match(r"https?://", source_url):
        problems.add("source_url must start with http:// or https://", where("source_url"))
        source_url = ""
    author = text_field(meta, "author", where, problems)
    date = date_field(meta, "date", where, problems)
    set_by_hand = text_list(meta, "set_by_hand", where, problems)
    for field in set_by_hand:
        choice(field, _HAND_FIELDS, "set_by_hand: the field", where("set_by_hand"), problems)
    # Which entries they name is checked against the knowledge base (extract.check_tags), with a "did you mean".
    pins = text_list(meta, "pin", where, problems)
    vetoes = text_list(meta, "veto", where, problems)
    ingest = meta.get("ingest") or {}
    if not isinstance(ingest, dict):
        problems.add("ingest must be a mapping written by `ingest`", where("ingest"))
        ingest = {}
    original = str(ingest.get("original", "") or "")
    # ingest read the date from the text (the latest full date it mentions), and nobody confirmed it
    date_inferred = ingest.get("date_from") == "inferred" and "date" not in set_by_hand
    problems.raise_if_any()

    body_html, blocks, words = render_body(md, body, body_line)
    if not blocks:
        raise SiteError("the article has no text after its front matter", Location(path, body_line))
    return Article(
        slug=slug,
        path=path,
        title=title,
        date=date,
        source=source,
        source_url=source_url,
        author=author,
        set_by_hand=set_by_hand,
        pins=pins,
        vetoes=vetoes,
        original=original,
        date_inferred=date_inferred,
        body_html=body_html,
        blocks=blocks,
        word_count=words,
    )


# After each paragraph: a link to it. Bodies are rendered once, when the article is read, labelled in
# Arabic; a page in another interface language relabels them (with_paragraph_label).
PARAGRAPH_LINK = "رابط الفقرة"
# Joined to the last word by a no-break space: a line never ends before it, so it never stands alone.
_PILCROW = '\u00a0<a class="pilcrow" href="#{0}" aria-label="' + PARAGRAPH_LINK + ' {1}">¶</a>'


def with_paragraph_label(body_html: str, label: str) -> str:
    """The body's paragraph links labelled ``label`` (the interface's ``paragraph_link``) instead of
    Arabic. Article text can hold no ``aria-label="`` of its own: its quotes are escaped."""
    if label == PARAGRAPH_LINK:
        return body_html
    return body_html.replace(f'aria-label="{PARAGRAPH_LINK} ', f'aria-label="{escape(label)} ')


def render_body(md: MarkdownIt, body: str, first_line: int) -> tuple[str, tuple[Block, ...], int]:
    """Markdown → (HTML with an anchor on every paragraph and heading, the blocks' plain text, words)."""
    plain = _plain_paragraphs(body, first_line)
    if plain is not None:
        return plain
    from markdown_it.token import Token as md_token

    tokens = md.parse(body)
    blocks: list[Block] = []
    words = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":  # the page title is the one h1
            token.tag = tokens[i + 2].tag = "h2"
        if token.type not in ("paragraph_open", "heading_open"):
            continue
        inline = tokens[i + 1]
        text = _plain_text(inline.children or [])
        if not text.strip():
            continue
        anchor = f"p-{len(blocks) + 1}"
        # A tight list hides its paragraphs' tags: the anchor goes on the list item instead.
        _anchor_target(tokens, i).attrSet("id", anchor)
        line = first_line + (token.map[0] if token.map else 0)
        blocks.append(Block(anchor=anchor, text=text, line=line))
        words += len(text.split())
        if token.type == "paragraph_open":
            link = md_token("html_inline", "", 0)
            link.content = _PILCROW.format(anchor, len(blocks))
            inline.children = [*(inline.children or []), link]
    html = md.renderer.render(tokens, md.options, {})
    return html, tuple(blocks), words


# The fast path of render_body reads a body only when Markdown would read it as plain paragraphs.
# Nowhere in it: a character that may start markup (emphasis, code, links, autolinks, entities,
# escapes), a control character, or white space other than a space or a line break (Python's
# str.isspace, which Markdown's paragraphs strip; spelt out: a negated class is 4x slower here).
# At the start of a line: what may start another block (heading, list, quote, rule, fence, code,
# setext underline, table) or white space; at its end, a space (a hard break).
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_BLOCK_FIRST = frozenset(" #>+=~|-")
_ORDERED = re.compile(r"\d{1,9}[.)]")


def _plain_paragraphs(body: str, first_line: int) -> tuple[str, tuple[Block, ...], int] | None:
    """render_body for a body of plain paragraphs (most articles: ingest writes one a line), without
    parsing: the same HTML, blocks and word count as Markdown gives, byte for byte (tested against
    it on generated text); None for anything Markdown could read as markup."""
    if _INLINE_MARKUP.search(body) is not None:
        return None
    html: list[str] = []
    blocks: list[Block] = []
    words = 0
    lines = body.split("\n")
    start = None
    for number, line in enumerate([*lines, ""]):
        if line:
            if line[0] in _BLOCK_FIRST or line[-1] == " " or (line[0].isdigit() and _ORDERED.match(line)):
                return None
            if start is None:
                start = number
            continue
        if start is None:
            continue
        paragraph = lines[start:number]
        text = " ".join(paragraph)
        anchor = f"p-{len(blocks) + 1}"
        blocks.append(Block(anchor=anchor, text=text, line=first_line + start))
        words += len(text.split())
        text_html = "\n".join(paragraph).replace('"', "&quot;")
        html.append(f'<p id="{anchor}">{text_html}{_PILCROW.format(anchor, len(blocks))}</p>\n')
        start = None
    return "".join(html), tuple(blocks), words


def _anchor_target(tokens: list[MdToken], i: int) -> MdToken:
    if not tokens[i].hidden:
        return tokens[i]
    for j in range(i - 1, -1, -1):
        if tokens[j].type == "list_item_open":
            return tokens[j]
    return tokens[i]


def _plain_text(children: list[MdToken]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain_text(child.children or []))
    return "".join(parts)


# Knowledge base ---------------------------------------------------------------


def load_entity(path: Path, etype: str) -> Entity:
    slug = path.stem
    _check_slug(slug, path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SiteError(f"not UTF-8 text ({exc.reason})", Location(path), "re-save it as UTF-8") from None
    data = parse_yaml(text, path, line_offset=0)
    if not isinstance(data, dict):
        raise SiteError("must be 'key: value' lines (name, kind, aliases…)", Location(path, 1))

    def where(key: str) -> Location:
        return Location(path, line_of_key(text, key, offset=0))

    problems = Problems(str(path))
    allowed = _ENTITY_KEYS[etype]
    unknown_keys(data, allowed, f"{etype} field", where, problems)
    name = text_field(data, "name", where, problems, required=True)
    name_en = text_field(data, "name_en", where, problems)
    description = text_field(data, "description", where, problems)
    wikidata = text_field(data, "wikidata", where, problems)
    if wikidata and not re.fullmatch(r"Q[1-9][0-9]*", wikidata):
        problems.add(f"wikidata must look like Q1016, not {wikidata!r}", where("wikidata"))
    if etype == "topic":
        kind = "topic"
    else:
        kind = text_field(data, "kind", where, problems, required=True)
        if kind:
            choice(kind, ENTITY_KINDS[etype], "kind", where("kind"), problems)
    terms_key = "keywords" if etype == "topic" else "aliases"
    terms = text_list(data, terms_key, where, problems)
    adjectives = text_list(data, "adjectives", where, problems)
    needs_context = text_list(data, "needs_context", where, problems)
    family = text_field(data, "family", where, problems)
    family_default = bool_field(data, "family_default", where, problems)
    if family_default and not family:
        problems.add("family_default needs a 'family' name", where("family_default"), "add e.g. 'family: حفتر'")
    roles = _roles(data, where, problems)
    not_aliases = text_list(data, "not_aliases", where, problems)
    context = text_list(data, "context", where, problems)
    origin = text_field(data, "origin", where, problems)
    if context and not needs_context:
        problems.add("context names the entries that let needs_context terms count, but there are none",
                     where("context"), "list the ambiguous terms under needs_context, or remove context")
    if name and terms_key in data and not data[terms_key]:
        problems.add(f"{terms_key} is empty", where(terms_key), "list the Arabic forms that name this entry")
    problems.raise_if_any()
    # The display name always counts as a surface form, in context only when listed under needs_context.
    if etype != "topic" and name not in terms and name not in needs_context:
        terms = (name, *terms)
    return Entity(
        slug=slug,
        type=etype,
        kind=kind,
        path=path,
        name=name,
        name_en=name_en,
        description=description,
        terms=terms,
        adjectives=adjectives,
        wikidata=wikidata,
        family=family,
        family_default=family_default,
        needs_context=needs_context,
        roles=roles,
        not_aliases=not_aliases,
        context=context,
        origin=origin,
    )


def _roles(data: dict, where, problems: Problems) -> tuple[Role, ...]:
    """roles: [{title: رئيس المخابرات العامة المصرية, from: 2018-06-28, to: 2024-10-16}, …]"""
    value = data.get("roles")
    if value is None:
        return ()
    items = [value] if isinstance(value, dict) else value
    example = "e.g. - {title: رئيس المخابرات العامة المصرية, from: 2024-10-16}"
    if not isinstance(items, list) or not all(isinstance(r, dict) for r in items):
        problems.add("roles must be a list of {title, from, to}", where("roles"), example)
        return ()
    roles = []
    for number, item in enumerate(items, 1):
        label = f"roles, item {number}:" if len(items) > 1 else "roles:"
        for key in item:
            if key not in _ROLE_KEYS:
                problems.add(f"{label} unknown field {str(key)!r}", where("roles"),
                             did_you_mean(str(key), _ROLE_KEYS) or "a role has a title, from and to")
        title = item.get("title")
        if isinstance(title, (int, float)) and not isinstance(title, bool):
            title = str(title)
        if not isinstance(title, str) or not title.strip():
            problems.add(f"{label} a role needs a 'title' (text) and may have 'from'/'to' dates", where("roles"), example)
            continue
        bounds = []
        for key in ("from", "to"):
            bound, problem, hint = read_date(item[key]) if item.get(key) is not None else (None, "", "")
            if problem:
                problems.add(f"{label} {key} {problem}", where("roles"), hint)
            bounds.append(bound)
        if bounds[0] and bounds[1] and bounds[1] < bounds[0]:
            problems.add(f"{label} the role ends ({bounds[1]}) before it starts ({bounds[0]})", where("roles"),
                         "swap 'from' and 'to'")
        roles.append(Role(" ".join(title.split()), bounds[0], bounds[1]))
    return tuple(roles)


def _check_unique_slugs(entities: list[Entity], problems: Problems) -> None:
    seen: dict[str, Entity] = {}
    for entity in entities:
        if entity.slug in seen:
            other = seen[entity.slug]
            problems.add(
                f"slug {entity.slug!r} is also used by {other.path}",
                Location(entity.path),
                "slugs must be unique across actors, places and topics: rename one file",
            )
        seen[entity.slug] = entity


def _check_slug(slug: str, path: Path) -> None:
    if not is_slug(slug):
        raise SiteError(
            f"file name {path.name!r} is not a valid slug",
            Location(path),
            "rename it to lower-case ASCII letters, digits and hyphens, e.g. khalifa-haftar",
        )
