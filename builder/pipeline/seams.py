"""The seams of a build: the steps a caller may replace, passed to ``build(config, seams=…)`` as one record.

Tests step in here to inject a fault (a dataset writer whose disk is full, a process stopped right
after it moved the new files in) or to watch a step (which pages render, which records the cache is
asked for), and benchmarks to time one; nothing is patched in a module. Each field is the function
(or, for ``cache``, the class) the build calls, the real one by default, with the same signature::

    build(config, seams=Seams(apply_changes=stopped))

Nothing else reads a ``Seams``: without one, a build runs the real steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from builder.pipeline.cache import BuildCache
from builder.pipeline.write import apply_changes, swap_into_place
from builder.render.dataset import write_dataset
from builder.render.environment import render_page
from builder.render.feeds import feed_files
from builder.search.index import build_piece, start_indexing
from builder.site.events import find_coverage
from builder.site.model import assemble


@dataclass(frozen=True, slots=True)
class Seams:
    cache: Callable[..., BuildCache] = BuildCache  # opens the build cache, given its folder
    find_coverage: Callable = find_coverage  # copies and other reports of the same event
    assemble: Callable = assemble  # the model (Site)
    render_page: Callable = render_page  # one page's HTML
    write_dataset: Callable = write_dataset  # data/
    feed_files: Callable = feed_files  # the Atom feeds and the sitemap
    start_indexing: Callable = start_indexing  # search pieces the cache lacks, started in the background
    build_piece: Callable = build_piece  # one search piece indexed by Pagefind
    apply_changes: Callable = apply_changes  # the changed files moved into output/
    swap_into_place: Callable = swap_into_place  # a whole new site swapped in for output/
