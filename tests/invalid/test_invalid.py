"""One broken site per mistake, each with the exact message a user gets.

Each folder here is the fixture site (tests/fixtures/site) with the files the folder holds laid over
it: a broken article, an entry or a site.toml. ``command`` gives the command line when it is not
``build --no-search``; ``expected`` is the whole of what the command prints on standard error,
``{site}`` standing for the site's folder. Every one exits with status 2 and no traceback.

To add a case: a folder with the broken file(s), then ``expected``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.cli import main
from conftest import FIXTURE_SITE, copy_site

HERE = Path(__file__).resolve().parent
CASES = sorted(p for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
_NOT_SITE = {"command", "expected"}


def run_case(case: Path, site: Path, capsys) -> tuple[int, str]:
    for file in case.rglob("*"):
        if file.is_file() and file.relative_to(case).as_posix() not in _NOT_SITE:
            target = site / file.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
    command = case / "command"
    args = command.read_text(encoding="utf-8").split() if command.is_file() else ["build", "--no-search"]
    status = main(["--config", str(site), *args])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_gives_its_one_message(case, tmp_path, capsys):
    site = copy_site(FIXTURE_SITE, tmp_path / "site").resolve()
    status, stderr = run_case(case, site, capsys)
    expected = (case / "expected").read_text(encoding="utf-8").replace("{site}", str(site))
    assert (status, stderr) == (2, expected)
