"""The parallel helper: a pool whose results come in input order and whose workers' errors reach the
caller whole; forked jobs, a failure in one stopping the others (they must not write on into a
discarded folder)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.errors import Location, SiteError
from builder.pipeline.forking import Forked, Pool, run_at_most, wait_all


def test_when_one_job_fails_the_others_are_stopped():
    def fail():
        raise ValueError("a worker failed")

    jobs = [Forked(fail, "a failing job"), Forked(lambda: time.sleep(60), "a slow job")]
    clock = time.monotonic()
    with pytest.raises(ValueError, match="a worker failed"):
        wait_all(jobs)
    assert time.monotonic() - clock < 30
    assert not any(job._process.is_alive() for job in jobs)


def _square(n: int) -> int:
    return n * n


def _located(n: int) -> int:
    if n == 7:
        raise SiteError("the seventh is wrong", Location(Path("content/articles/seven.md"), 3), "mend it")
    return n


_prepared: list[str] = []


def _prepare(name: str) -> None:
    _prepared.append(name)


def _unprepare() -> None:
    _prepared.append("undone")


def _pid_of(_: int) -> int:
    return os.getpid()


def test_a_pool_gives_the_results_in_input_order_in_workers_or_here():
    items = list(range(500))
    with Pool() as pool:
        here = list(pool.map(_square, items, 1))
        assert list(pool.map(_square, items, 2)) == here == [n * n for n in items]
        assert len(set(pool.map(_pid_of, items, 2, chunksize=5)) - {os.getpid()}) >= 1  # workers did it
        assert set(pool.map(_pid_of, items, 1)) == {os.getpid()}


def test_a_worker_s_site_error_reaches_the_caller_with_its_file_and_line():
    with pytest.raises(SiteError) as info, Pool() as pool:
        list(pool.map(_located, list(range(20)), 2))
    assert info.value.render().startswith("content/articles/seven.md:3: the seventh is wrong")


def test_run_here_the_pool_prepares_this_process_once_and_undoes_it_on_close():
    _prepared.clear()
    with Pool(_prepare, ("matcher",), _unprepare) as pool:
        assert list(pool.map(_square, [1, 2], 1)) == [1, 4]
        assert list(pool.map(_square, [3], 1)) == [9]
        assert _prepared == ["matcher"]
    assert _prepared == ["matcher", "undone"]


def test_at_most_so_many_jobs_run_at_once_and_a_failure_stops_the_rest(tmp_path):
    def job(n: int) -> Forked:
        def work():
            (tmp_path / f"{n}.start").touch()
            running = len(list(tmp_path.glob("*.start"))) - len(list(tmp_path.glob("*.end")))
            (tmp_path / f"{n}.most").write_text(str(running))
            time.sleep(0.2)
            (tmp_path / f"{n}.end").touch()
        return Forked(work, f"job {n}")

    run_at_most(2, [lambda n=n: job(n) for n in range(5)])
    assert sorted(p.stem for p in tmp_path.glob("*.end")) == ["0", "1", "2", "3", "4"]
    assert max(int(p.read_text()) for p in tmp_path.glob("*.most")) <= 2

    def fail():
        raise ValueError("a job failed")

    clock = time.monotonic()
    with pytest.raises(ValueError, match="a job failed"):
        run_at_most(2, [lambda: Forked(fail, "a failing job"), lambda: Forked(lambda: time.sleep(60), "a slow job"),
                        lambda: Forked(lambda: time.sleep(60), "another")])
    assert time.monotonic() - clock < 30  # the slow job stopped, the last never started
