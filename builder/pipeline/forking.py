"""Work in a forked process that inherits the model: page rendering, the data files, search pieces."""

from __future__ import annotations

import os
from typing import Callable, Iterable, Sequence


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
