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
    from .content import load_corpus
    from .errors import ProblemsFound, SiteError
    from .extract import check_pins, compile_matcher

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
