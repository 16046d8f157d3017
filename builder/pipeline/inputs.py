"""What a build reads, as a manifest: every input file's size and modification time, and for articles
the hash of their bytes. A build whose manifest equals the last good build's has nothing to do.

Kept apart from the pipeline (and from its imports: numpy, SciPy, Jinja, 0.3 s of a build that
stops here) so a build with nothing changed costs one ``stat`` per file.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from builder.pipeline.cache import CACHE_VERSION
from builder.config import SiteConfig
from builder.site.content import article_files
from builder.render.i18n import THEME


# The builder's own code draws the pages, so it is one of their inputs: a build after it changed (an
# upgrade, a developer's edit) is not "nothing changed" and carries no page over as the old code drew it.
PACKAGE = THEME.parent


def code_files() -> list[Path]:
    """Every Python module of the builder."""
    return sorted(PACKAGE.rglob("*.py"))


@functools.cache
def code_digest() -> str:
    """A hash of the builder's source, part of every page's fingerprint. Taken once a process, so
    ``serve`` goes on naming the code it runs, not an edit saved since it started."""
    digest = hashlib.blake2b(digest_size=16)
    for path in code_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Source:
    """An article file as the manifest knows it."""

    path: Path
    size: int
    mtime_ns: int
    sha: str  # of the bytes
    slug: str  # the file's name without .md (taken once: pathlib works it out anew at each ``.stem``)


def scan_inputs(config: SiteConfig, search: bool, previous: dict | None) -> tuple[dict, list[Source]]:
    """The manifest of every input, and the articles; an article's bytes are hashed again only when
    its size or modification time differs from the ``previous`` manifest's."""
    known = (previous or {}).get("articles", {})
    sources, articles = [], {}
    for path in article_files(config.content_dir):
        name = path.name  # worked out anew by pathlib at each use
        stat = path.stat()
        old = known.get(name)
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            sha = old[2]
        else:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        sources.append(Source(path, stat.st_size, stat.st_mtime_ns, sha, name.removesuffix(".md")))
        articles[name] = [stat.st_size, stat.st_mtime_ns, sha]
    others = {}
    folders = [config.content_dir / d for d in ("actors", "places", "topics", "sources")]
    folders += [config.templates_dir, config.static_dir, config.root / "i18n", THEME]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    others[path.as_posix()] = [stat.st_size, stat.st_mtime_ns]
    for path in code_files():
        stat = path.stat()
        others[path.as_posix()] = [stat.st_size, stat.st_mtime_ns]
    config_file = config.root / "site.toml"
    manifest = {
        "version": CACHE_VERSION,
        "config": repr(config),
        "config_file": config_file.read_text(encoding="utf-8") if config_file.is_file() else "",
        "search": search,
        "articles": articles,
        "others": others,
    }
    return manifest, sources
