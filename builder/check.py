"""Check a built site as a reader would meet it: every internal link, image and anchor resolves,
and every page has one h1, a lang and a dir. Reads output/ only; writes nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("form", "action")}


@dataclass(frozen=True, slots=True)
class PageFacts:
    ids: frozenset[str]
    links: tuple[str, ...]
    h1_count: int
    lang: str
    dir: str
    canonical: str = ""  # <link rel="canonical" href>


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.h1 = 0
        self.lang = ""
        self.dir = ""
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "h1":
            self.h1 += 1
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href", "")
        if tag == "html":
            self.lang, self.dir = values.get("lang", ""), values.get("dir", "")
        for name in ("href", "src", "action"):
            if (tag, name) in _LINK_ATTRS and values.get(name):
                self.links.append(values[name])


def read_page(path: Path) -> PageFacts:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return PageFacts(frozenset(collector.ids), tuple(collector.links), collector.h1, collector.lang, collector.dir,
                     collector.canonical)


def check_site(output: Path, base_path: str = "/") -> list[str]:
    """One line per problem, ``file: message``; an empty list means the site is sound."""
    problems: list[str] = []
    pages = {p: read_page(p) for p in sorted(output.rglob("*.html")) if "pagefind" not in p.relative_to(output).parts}
    other_base = built_for(output, base_path, pages)
    if other_base:
        problems.append(
            f"every link starts with {urlsplit(other_base).path!r}, not with the base path {base_path!r}: the site was "
            f"built for --base-url {other_base}; check it with the same option (links not checked)"
        )
    for path, facts in pages.items():
        rel = path.relative_to(output).as_posix()
        if facts.h1_count != 1:
            problems.append(f"{rel}: has {facts.h1_count} h1 elements, expected 1")
        if not facts.lang or not facts.dir:
            problems.append(f"{rel}: <html> lacks lang or dir")
        page_url = base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for link in facts.links if not other_base else ():
            problem = _check_link(output, base_path, page_url, link, pages, path)
            if problem:
                problems.append(f"{rel}: {problem}")
    return problems


def built_for(output: Path, base_path: str, pages: dict[Path, PageFacts]) -> str | None:
    """The base URL the pages were built for when it is not ``base_path``: every link from the site
    root (``/…``) starts with another path that ``output/`` has no folder for. Its canonical address
    when the home page gives one under that path, else the path. None when the links agree."""
    paths = [urlsplit(link).path for facts in pages.values() for link in facts.links
             if link.startswith("/") and not link.startswith("//")]
    if not paths:
        return None
    common = os.path.commonprefix(paths)
    common = common[: common.rfind("/") + 1]
    if common.startswith(base_path) and (common == base_path or (output / common[len(base_path):]).is_dir()):
        return None
    home = pages.get(output / "index.html")
    canonical = home.canonical if home else ""
    return canonical if canonical and urlsplit(canonical).path == common else common


def _check_link(output: Path, base: str, page_url: str, link: str, pages: dict[Path, PageFacts], page: Path) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in ("http", "https", "mailto", "data") or parts.netloc:
        return None
    if parts.scheme:
        return f"link {link!r} uses the scheme {parts.scheme!r}"
    target_url = urlsplit(urljoin(page_url, link))
    path = unquote(target_url.path)
    if not path.startswith(base):
        return f"link {link!r} leaves the base path {base!r}"
    rel = path[len(base) :]
    target = output / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    elif target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"broken link {link!r}"
    fragment = unquote(parts.fragment)
    if fragment:
        facts = pages.get(target) or (read_page(target) if target.suffix == ".html" else None)
        if facts is None or fragment not in facts.ids:
            return f"broken anchor {link!r}"
    return None


def check_content(content_dir: Path) -> list[str]:
    """Lint the knowledge base and front matter by loading them as the build does."""
    from builder.site.content import load_corpus
    from builder.errors import ProblemsFound, SiteError
    from builder.extract.matching import check_pins, compile_matcher

    try:
        corpus = load_corpus(content_dir)
        check_pins(corpus, compile_matcher(corpus.entities))
    except ProblemsFound as exc:
        return [p.render() for p in exc.problems]
    except SiteError as exc:
        return [exc.render()]
    return []


VNU_ENV = "VNU_JAR"
_VNU_RELATIVE = "node_modules/vnu-jar/build/dist/vnu.jar"


def find_vnu(*roots: Path) -> Path | None:
    """The Nu Html Checker jar: $VNU_JAR, or vnu-jar installed by npm under one of ``roots`` (or their .cache/npm)."""
    import os

    candidates = [Path(os.environ[VNU_ENV])] if os.environ.get(VNU_ENV) else []
    for root in roots:
        candidates += [root / _VNU_RELATIVE, root / ".cache" / "npm" / _VNU_RELATIVE]
    return next((c for c in candidates if c.is_file()), None)


def check_html_validity(output: Path, jar: Path) -> list[str]:
    """Run the Nu Html Checker over every page; one ``file:line: message`` per error."""
    import re
    import subprocess

    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "gnu", str(output)],
        capture_output=True, text=True, timeout=1800,
    )
    problems = []
    pattern = re.compile(r'^"file:(?P<file>[^"]+)":(?P<line>\d+)\.\d+-\d+\.\d+: error: (?P<message>.*)$')
    for line in (result.stderr + result.stdout).splitlines():
        match = pattern.match(line)
        if match:
            rel = Path(unquote(match["file"])).resolve().relative_to(output.resolve()).as_posix()
            problems.append(f"{rel}:{match['line']}: {match['message']}")
        elif line.strip() and "error" in line.lower():
            problems.append(f"Nu Html Checker: {line.strip()}")
    return problems


# Loose terms: a knowledge-base word that is a frequent word of the corpus -----------------------

LOOSE_MIN_ARTICLES = 10  # a term in fewer articles is never called frequent,
LOOSE_MIN_FRACTION = 0.01  # … nor one in less than this fraction of the articles,
LOOSE_MIN_SHARE = 0.2  # … nor one whose entry is otherwise named in at least this share of them


@dataclass(frozen=True, slots=True)
class LooseTerm:
    """A one-word plain term (alias, keyword or adjective) found in ``articles`` articles, only ``named`` of
    which name its entry otherwise (another term of it, or one of its context entries)."""

    slug: str
    term: str
    articles: int
    named: int


def loose_terms(matcher, articles, min_articles: int = LOOSE_MIN_ARTICLES, min_share: float = LOOSE_MIN_SHARE,
                min_fraction: float = LOOSE_MIN_FRACTION, words: int = 1) -> list[LooseTerm]:
    """The terms of at most ``words`` words that read as frequent words of these articles: found in
    at least ``min_articles`` of them and ``min_fraction`` of all, and with their entry otherwise
    named in less than ``min_share`` of those. A subject's own name is named otherwise too (by its
    adjectives, its longer names); a word such as «المالي» (financial) for Mali, «الانتخابات» for the
    Libyan elections or «التسوية» for a political settlement is found where nothing else names it."""
    from builder.extract.arabic import strip_article, tokenize
    from builder.extract.matching import term_keys

    term_of: dict[tuple[str, tuple[str, ...]], str] = {}
    for slug, entity in matcher.entities.items():
        for term in (*entity.terms, *entity.adjectives):
            for key in term_keys(term):
                term_of.setdefault((slug, key), term)
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    named: dict[tuple[str, tuple[str, ...]], int] = {}
    total = 0
    for article in articles:
        total += 1
        found: dict[str, set[tuple[str, ...]]] = {}
        for text in (article.title, *(block.text for block in article.blocks)):
            tokens = tokenize(text)
            index = {t.start: i for i, t in enumerate(tokens)}
            for hit in _plain_hits(matcher, text, tokens):
                first = index[hit.start]
                last = first + next(i for i, t in enumerate(tokens[first:]) if t.end == hit.end)
                rest = tuple(strip_article(t.norm) for t in tokens[first + 1 : last + 1])
                key = next(((r, *rest) for r in matcher.readings(tokens[first].norm) if (hit.key, (r, *rest)) in term_of), None)
                if key is not None:
                    found.setdefault(hit.key, set()).add(key)
        for slug, keys in found.items():
            companions = set(matcher.companions.get(slug, ())) & found.keys()
            for key in keys:
                seen[slug, key] = seen.get((slug, key), 0) + 1
                if len(keys) > 1 or companions:
                    named[slug, key] = named.get((slug, key), 0) + 1
    loose = [
        LooseTerm(slug, term_of[slug, key], n, named.get((slug, key), 0))
        for (slug, key), n in seen.items()
        if len(key) <= words and n >= max(min_articles, min_fraction * total) and named.get((slug, key), 0) < min_share * n
    ]
    return sorted(loose, key=lambda t: (-t.articles, t.slug, t.term))


def _plain_hits(matcher, text, tokens):
    from builder.extract.matching import scan

    return [hit for hit in scan(matcher, text, tokens) if hit.kind in ("alias", "keyword", "adjective")]


def loose_warnings(content_dir: Path) -> list[str]:
    """`check`'s warnings: one line per term of the knowledge base that is a frequent word of the
    site's articles, with what to do."""
    from builder.site.content import load_corpus
    from builder.errors import SiteError
    from builder.extract.matching import compile_matcher

    try:
        corpus = load_corpus(content_dir)
        matcher = compile_matcher(corpus.entities)
    except SiteError:
        return []  # check_content reports it
    lines = []
    for loose in loose_terms(matcher, corpus.articles):
        entity = matcher.entities[loose.slug]
        lines.append(
            f"{entity.path}: {loose.term!r} is a frequent word of the articles: in {loose.articles}, only "
            f"{loose.named} of which name {entity.name!r} otherwise (move it under needs_context, "
            "with context entries for a topic, or list the phrases it stands in)"
        )
    return lines
