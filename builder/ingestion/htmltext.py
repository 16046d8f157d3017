"""Markup → text: a saved web page's article body (trafilatura), and leftover markup in text files.

Two jobs, both pure functions on strings (no file, no network):

* :func:`extract_page` takes a saved HTML page and returns its article body as lines
  of text, with the title, publication date and site name the page declares.
  trafilatura does the work, offline: it is given the HTML string, never a URL, and
  its date search is limited to what the page's markup says.
* :func:`strip_markup` takes text that a scraper saved with some HTML left in
  (tags, entities such as ``&amp;`` and ``&nbsp;``, ``<script>`` blocks) and returns each
  line without it, together with exactly what was taken out of that line, so
  ingest can record it. Markdown link, image, emphasis and heading syntax in ``.md``
  files is taken out the same way.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

# <script>/<style>/<noscript>/<template> blocks and comments: removed with everything inside.
_BLOCK = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?\]\]>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!DOCTYPE[^<>]*>|<\?[^<>]*\?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKUP_HINT = re.compile(r"<[A-Za-z!/?]|&(?:#|[A-Za-z]+;)")
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^()\s]*)\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^()\s]*)\)")
_WORD_CHAR = re.compile(r"[^\W_]")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_EMPHASIS = re.compile(r"(?<![^\W_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![^\W_])")  # not inside a word


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input after markup was taken out of it."""

    text: str
    removed: tuple[str, ...] = ()  # the pieces taken out (tags, entities as written, script code)
    in_block: bool = False  # a <script>/<style> block or a comment covers part of the line


def has_markup(text: str) -> bool:
    return ("<" in text or "&" in text) and _MARKUP_HINT.search(text) is not None


def strip_markup(lines: list[str], markdown: bool = False) -> list[Line]:
    """Each input line without HTML (and, for ``markdown``, without link/emphasis/heading syntax).

    ``<script>`` and ``<style>`` blocks, comments and tags are removed; entities are
    decoded. A block spanning several lines empties the lines it covers. Every piece
    taken out is listed with its line, entities included (``&amp;`` → ``&`` lists ``&amp;``).
    """
    text = "\n".join(lines)
    pieces: list[list[str]] = [[] for _ in lines]
    inside = [False] * len(lines)
    if has_markup(text):
        text = _remove_blocks(text, pieces, inside)
    out: list[Line] = []
    for number, line in enumerate(text.split("\n")):
        removed = pieces[number]
        if "<" in line or "&" in line:
            line = _TAG.sub(lambda m: _take(m, removed, " "), line)
            line = _ENTITY.sub(lambda m: _take(m, removed, html.unescape(m.group())), line)
        if markdown:
            line = _strip_markdown(line, removed)
        out.append(Line(line, tuple(removed), inside[number]))
    return out


def plain(text: str) -> str:
    """One line of text without tags, scripts or entities, white space collapsed (for titles, names)."""
    return " ".join(strip_markup([" ".join(text.split())])[0].text.split())


def _take(match: re.Match, removed: list[str], replacement: str) -> str:
    removed.append(match.group())
    return replacement


def _remove_blocks(text: str, pieces: list[list[str]], inside: list[bool]) -> str:
    """Blank out script/style/comment blocks, keeping the line structure; record what each line lost."""
    parts = []
    last = 0
    line = 0
    for match in _BLOCK.finditer(text):
        line += text.count("\n", last, match.start())
        block_lines = match.group().split("\n")
        for offset, piece in enumerate(block_lines):
            inside[line + offset] = True
            if piece.strip():
                pieces[line + offset].append(piece.strip())
        parts.append(text[last : match.start()])
        parts.append("\n" * (len(block_lines) - 1) or " ")  # a space: "a<script>…</script>b" stays two words
        line += len(block_lines) - 1
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def _strip_markdown(line: str, removed: list[str]) -> str:
    heading = _MD_HEADING.match(line)
    if heading:
        removed.append(heading.group(1))
        line = line[heading.end():]
    line = _MD_IMAGE.sub(lambda m: _take(m, removed, " "), line)

    def link(m: re.Match) -> str:
        removed.append(f"({m.group(2)})" if m.group(2) else "()")
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        # glued to a word ("x[y](z)w"), the text keeps a space each side rather than merging words
        return (" " if _WORD_CHAR.match(before) else "") + m.group(1) + (" " if _WORD_CHAR.match(after) else "")

    line = _MD_LINK.sub(link, line)

    def emphasis(m: re.Match) -> str:
        removed.append(f"{m.group(1)}…{m.group(1)}")
        # right after another emphasis ("__a____b__"), a space keeps the two words apart
        return (" " if m.string[m.start() - 1 : m.start()] in ("_", "*") else "") + m.group(2)

    return _MD_EMPHASIS.sub(emphasis, line)


# Saved web pages -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # the article body, one paragraph a line
    title: str
    date: dt.date | None  # as the page's markup declares it
    site_name: str
    page_words: int  # words of visible text on the whole page
    extractor: str


class NoArticle(ValueError):
    """No article body can be had from the page (none found, or trafilatura cannot run); the message says which."""


def extract_page(page_html: str) -> Page:
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError as exc:  # e.g. lxml without lxml_html_clean, which trafilatura needs
        raise NoArticle(f"HTML pages need trafilatura, which does not load here ({exc})") from None

    config = use_config()
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")  # the page's own metadata, no guessing from its text
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # no signal alarm (worker processes, threads)
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    try:
        doc = trafilatura.bare_extraction(
            page_html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
            config=config,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup trafilatura cannot parse
        raise NoArticle(f"the HTML could not be parsed ({exc})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise NoArticle("no article text found in the page")
    try:
        visible = trafilatura.html2txt(page_html) or ""
    except (ValueError, TypeError, AttributeError):
        visible = text
    return Page(
        text=text,
        title=" ".join((doc.title or "").split()),
        date=_date(doc.date),
        site_name=" ".join((doc.sitename or "").split()),
        page_words=len(visible.split()),
        extractor=f"trafilatura {trafilatura.__version__}",
    )


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def looks_like_html(text: str) -> bool:
    """For standard input without a name: a page starts with a doctype or an <html>/<head>/<body> tag."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) or bool(
        re.match(r"<(?:meta|title|article|div|p)\b", head)
    )


def visible_text(page_html: str) -> str:
    """Tags and scripts out, entities decoded: enough to judge what language a page is in."""
    text = _BLOCK.sub(" ", page_html)
    text = _TAG.sub(" ", text)
    return html.unescape(text)
