"""build(config) → BuildReport: scan the inputs, and stop there when nothing changed since the last
good build; otherwise run the pipeline (:mod:`builder.pipeline.steps`: load → extract → assemble →
render → write → index → swap).

The pipeline's modules (numpy, SciPy, Jinja…) are imported only when there is something to build:
they are 0.3 s of a command that otherwise takes a tenth of that to find nothing changed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable

from builder.pipeline.cache import BuildCache
from builder.pipeline.forking import cpu_workers
from builder.config import SiteConfig
from builder.pipeline.inputs import scan_inputs
from builder.pipeline.report import BuildMemo, BuildReport, Phases

if TYPE_CHECKING:  # not at run time: the seams import numpy and the rest of the pipeline
    from builder.pipeline.seams import Seams


@contextmanager
def _no_cyclic_gc():
    """The cyclic garbage collector off for the build (its forked workers included), back on after it.

    A build holds hundreds of thousands of long-lived records (tags, mentions) and creates
    almost no reference cycles; the collector kept walking all of them: a third of the time of a
    10,000-article rebuild (13.2 s → 8.9 s without it, the same peak memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    config: SiteConfig,
    search: bool | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    memo: BuildMemo | None = None,
    seams: Seams | None = None,
    verify_reuse: bool = False,
) -> BuildReport:
    """Build the site; ``progress`` (if given) hears each phase as it starts, with its counts; ``memo``
    (if given) is read and, when the build succeeds, updated (see :class:`BuildMemo`); ``seams`` (if
    given) replaces steps of the build, for tests and benchmarks (see :mod:`builder.pipeline.seams`).
    With ``verify_reuse`` every page the build would carry over from the last output is rendered as
    well and compared with it; one that differs fails the build, ``output/`` untouched
    (:class:`~builder.pipeline.verify.StaleReuse`, a ``SiteError``); with nothing changed, the build
    goes on to verify every page."""
    search = config.search if search is None else search
    workers = workers or cpu_workers()
    phase = Phases(progress)
    with _no_cyclic_gc():
        cache = (seams.cache if seams is not None else BuildCache)(config.root / ".cache" / "build")
        try:
            with phase("scan"):
                previous = cache.manifest()
                manifest, sources = scan_inputs(config, search, previous)
                unchanged = manifest == previous and (config.output_dir / "index.html").is_file() and not verify_reuse
            if unchanged:  # reported once the scan's time is taken
                return BuildReport(config.output_dir, len(sources), 0, 0, 0, search, timings=phase.timings(),
                                   unchanged=True)
            from builder.pipeline.steps import run  # here, not above: see the module's docstring

            return run(config, cache, manifest, sources, search, workers, phase, memo, seams, verify_reuse)
        finally:
            cache.close()


def warm(config: SiteConfig, memo: BuildMemo) -> int:
    """Fill ``memo`` from the build cache without building (:func:`pipeline.warm`); returns the
    number of articles it holds."""
    with _no_cyclic_gc():
        cache = BuildCache(config.root / ".cache" / "build")
        try:
            _, sources = scan_inputs(config, config.search, cache.manifest())
            from builder.pipeline.steps import warm as fill

            return fill(config, cache, sources, memo)
        finally:
            cache.close()
