"""The pages and originals of a build, each rendered into the staging folder or carried over from
the last ``output/`` when what it was made from is unchanged (its fingerprint, :class:`Page.inputs`).

With a list to fill (``verify``), an unchanged file is made all the same and listed there, to be
compared with last build's (:mod:`builder.pipeline.verify`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder.config import SiteConfig
from builder.pipeline.forking import Forked, can_fork, wait_all
from builder.pipeline.inputs import code_digest
from builder.pipeline.verify import ORIGINAL, Carried
from builder.site.records import ArticleSummary
from builder.site.routes import Urls


def _carry_over(previous: Path, target: Path) -> None:
    """An unchanged file of the last output into the new one: a hard link (files are never written in place)."""
    try:
        os.link(previous, target)
    except OSError:
        shutil.copyfile(previous, target)


def write_originals(articles: tuple[ArticleSummary, ...], config: SiteConfig, urls: Urls, old: dict[str, str], staging: Path,
                     in_place: bool, verify: list[Carried] | None = None) -> dict[str, str]:
    """Each article's original, as ingest found it, decoded to UTF-8 text: ``sources/<slug>.txt``.

    Plain text whatever the original was (a saved .html page included), so nothing in it can run on
    the site. Carried over from the last output while the original file (size, mtime) and the
    builder's code are unchanged; with ``verify`` (a list), written anew all the same and listed
    there to be compared.
    """
    from builder.ingestion.decoding import Undecodable, decode

    fingerprints: dict[str, str] = {}
    code = code_digest()  # the decoding is the builder's: a new one writes every original again
    for article in articles:
        if not article.original:
            continue
        source = config.content_dir / article.original
        if not source.is_file() or config.content_dir.resolve() not in source.resolve().parents:
            continue
        rel = urls.file_for(urls.original(article.slug))
        stat = source.stat()
        fingerprint = f"original:{code}:{article.original}:{stat.st_size}:{stat.st_mtime_ns}"
        target, previous = staging / rel, config.output_dir / rel
        fingerprints[rel] = fingerprint
        unchanged = old.get(rel) == fingerprint and previous.is_file()
        if unchanged and verify is not None:
            verify.append(Carried(rel, urls.original(article.slug), ORIGINAL))
        if unchanged and verify is None:
            if not in_place:
                target.parent.mkdir(parents=True, exist_ok=True)
                _carry_over(previous, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = source.read_bytes()
            try:
                text = decode(data).text
            except Undecodable:  # shown anyway: the original is kept byte for byte in content/
                text = data.decode("utf-8", errors="replace")
            target.write_text(text, encoding="utf-8")
    return fingerprints


def write_pages(env, page_list, urls: Urls, salt: str, old: dict[str, str], output: Path, staging: Path,
                 workers: int, in_place: bool, render, verify: list[Carried] | None = None):
    """Render each page into ``staging``, or hard-link last build's file when its fingerprint is unchanged.

    With ``in_place`` (the output is updated file by file, see :func:`write.apply_changes`) an
    unchanged page is simply left where it is. With ``verify`` (a list), an unchanged page is rendered
    all the same and listed there, to be compared with last build's file (it still counts as reused).
    The decisions are taken here; making folders, linking and rendering are shared among forked
    processes when there are enough pages; ``render`` makes a page's HTML (the seams' ``render_page``)."""
    fingerprints: dict[str, str] = {}
    todo: list[tuple[int, Path, Path | None]] = []  # (page, target, last build's file to link or None)
    carried: list[tuple[int, Path, Path | None]] = []
    reused = 0
    out = str(output)  # plain strings in this loop: a Path per page cost more than the check itself
    for index, page in enumerate(page_list):
        rel = urls.file_for(page.url)
        fingerprint = page.fingerprint(salt)
        if fingerprint and old.get(rel) == fingerprint and os.path.isfile(f"{out}/{rel}"):
            if verify is not None:
                verify.append(Carried(rel, page.url, page.template))
                carried.append((index, staging / rel, None))
            elif not in_place:
                carried.append((index, staging / rel, output / rel))
            reused += 1
        else:
            todo.append((index, staging / rel, None))
        if fingerprint:
            fingerprints[rel] = fingerprint
    if workers > 1 and len(carried) + len(todo) >= _PARALLEL_RENDER_MIN and can_fork():
        shares = [carried[i::workers] + todo[i::workers] for i in range(workers)]
        jobs = [Forked(lambda share=share: _place(env, page_list, share, render), "a page-rendering worker")
                for share in shares]
        wait_all(jobs)
    else:
        _place(env, page_list, carried + todo, render)
    return fingerprints, len(todo), reused


_PARALLEL_RENDER_MIN = 300


def _place(env, page_list, items: list[tuple[int, Path, Path | None]], render) -> None:
    """Each item's folder made, then last build's file linked in or the page rendered."""
    made: set[Path] = set()
    for index, target, previous in items:
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is not None:
            _carry_over(previous, target)
        else:
            target.write_text(render(env, page_list[index]), encoding="utf-8")
