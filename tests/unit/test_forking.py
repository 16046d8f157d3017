"""Forked jobs: a failure in one stops the others (they must not write on into a discarded folder)."""

from __future__ import annotations

import time

import pytest

from builder.pipeline.forking import Forked, wait_all


def test_when_one_job_fails_the_others_are_stopped():
    def fail():
        raise ValueError("a worker failed")

    jobs = [Forked(fail, "a failing job"), Forked(lambda: time.sleep(60), "a slow job")]
    clock = time.monotonic()
    with pytest.raises(ValueError, match="a worker failed"):
        wait_all(jobs)
    assert time.monotonic() - clock < 30
    assert not any(job._process.is_alive() for job in jobs)
