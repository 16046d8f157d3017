"""The one place that starts worker processes: how many, a pool whose results come back in input
order, and single forked jobs that inherit the model.

- :func:`cpu_workers`, :func:`can_fork`: how many workers a step may start, and whether a worker
  can be forked (inheriting the parent's memory: the matcher, the model) rather than spawned.
- :class:`Pool`: worker processes that serve a whole run (ingest's batches, the build's articles);
  :meth:`Pool.map` gives the results in input order, run in this process when one worker is asked
  for. A worker's exception is raised here as it was raised there (a ``SiteError`` keeps its file
  and line), and the work not yet started is cancelled.
- :class:`Forked`: one function run in a forked process that inherits the model (page rendering,
  the data files, search pieces); :func:`wait_all`, :func:`stop_all` and :func:`run_at_most` run
  several, and a failure in one stops the others.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Iterable, Sequence, TypeVar

if TYPE_CHECKING:  # imported when a pool starts: a build with nothing to do never needs them
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")


def cpu_workers(cap: int | None = None) -> int:
    """The number of CPUs (at most ``cap``): the workers a step starts unless told how many."""
    count = os.cpu_count() or 1
    return min(count, cap) if cap else count


def can_fork() -> bool:
    """Whether this system can fork a worker (POSIX); elsewhere a pool spawns its workers."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into runs of ``size`` (the last shorter), in order."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class Pool:
    """Worker processes for a run, started on first use and kept for the maps that follow.

    ``initializer(*initargs)`` prepares each worker (a matcher, a cache connection); when a map runs
    here instead, it prepares this process, once, and ``finalizer()`` undoes it when the pool closes.
    """

    def __init__(self, initializer: Callable[..., None] | None = None, initargs: tuple = (),
                 finalizer: Callable[[], None] | None = None) -> None:  # fmt: skip
        self._initializer, self._initargs, self._finalizer = initializer, initargs, finalizer
        self._executor: ProcessPoolExecutor | None = None
        self._jobs = 0
        self._prepared_here = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        self.close(cancel=exc is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers (after the work given them, unless ``cancel``); undo the preparation here."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None
        if self._prepared_here:
            self._prepared_here = False
            if self._finalizer is not None:
                self._finalizer()

    def map(self, function: Callable[[T], R], items: Sequence[T], jobs: int,
            chunksize: int | None = None) -> Iterable[R]:
        """``function`` of each item, in input order: computed here, at once, when ``jobs`` ≤ 1 or
        there are fewer than two items; else being computed by ``jobs`` workers (the pool is started
        again, larger, when a map asks for more than it has). ``chunksize``: items sent to a worker at
        a time; by default about four runs a worker, at most 256 items a run."""
        if jobs <= 1 or len(items) < 2:
            if self._initializer is not None and not self._prepared_here:
                self._initializer(*self._initargs)
                self._prepared_here = True
            return [function(item) for item in items]
        if self._executor is None or jobs > self._jobs:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            if self._executor is not None:
                self._executor.shutdown()
            context = multiprocessing.get_context("fork" if can_fork() else "spawn")
            self._executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=self._initializer,
                                                 initargs=self._initargs)
            self._jobs = jobs
        if chunksize is None:
            chunksize = max(1, min(256, len(items) // (jobs * 4) or 1))
        return self._executor.map(function, items, chunksize=chunksize)


class Forked:
    """``fn`` run in a forked process that inherits the model; :meth:`wait` re-raises its exception
    here (a template error names its file and line), :meth:`stop` ends it."""

    def __init__(self, fn: Callable[[], None], what: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._errors, self._what = context.SimpleQueue(), what

        def run():
            try:
                fn()
            except BaseException as exc:  # carried to the parent
                self._errors.put(exc)
                os._exit(1)
            os._exit(0)

        self._process = context.Process(target=run)
        self._process.start()

    def wait(self) -> None:
        self._process.join()
        if not self._errors.empty():
            raise self._errors.get()
        if self._process.exitcode:
            raise RuntimeError(f"{self._what} stopped with status {self._process.exitcode}")

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def stop_all(jobs: Iterable[Forked]) -> None:
    """End every job still running (a build that failed leaves none behind)."""
    for job in jobs:
        job.stop()


def wait_all(jobs: Sequence[Forked]) -> None:
    """Wait for every job in turn; when one fails, the others are stopped before its error is raised
    (none goes on writing into a folder the failed build discards)."""
    try:
        for job in jobs:
            job.wait()
    except BaseException:
        stop_all(jobs)
        raise


def run_at_most(limit: int, starts: Iterable[Callable[[], Forked]]) -> None:
    """Start each job (``starts``: functions that start one), no more than ``limit`` running at a
    time, waiting for the oldest before starting another; when one fails, the running ones are
    stopped before its error is raised."""
    running: list[Forked] = []
    try:
        for start in starts:
            if len(running) == limit:
                running.pop(0).wait()
            running.append(start())
        while running:
            running.pop(0).wait()
    except BaseException:
        stop_all(running)
        raise

