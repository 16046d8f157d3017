"""The golden site: a small site (tests/golden/site/: five articles, six entries, an absolute base URL
so the feeds are written) built and compared WHOLE with the tree it must give, tests/golden/expected/.

Every file the build writes is compared byte for byte, nothing normalised: the build is
deterministic, so a difference is a change in what readers get. Left out: ``static/`` (the theme's
files copied as they are, fonts included) and search (built with ``--no-search``: Pagefind's index
files are binary and differ between runs, upstream #638).

After a deliberate change to what the site shows: ``make golden`` (which runs this file with
UPDATE_GOLDEN=1) writes the new tree; review ``git diff tests/golden/expected`` and commit it.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from builder.config import load_config
from builder.pipeline.orchestrator import build
from conftest import copy_site

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
EXPECTED = HERE / "expected"
LEFT_OUT = ("static/",)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (but those LEFT_OUT) by its path relative to it, with its bytes."""
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    return {rel: files[rel].read_bytes() for rel in sorted(files) if not rel.startswith(LEFT_OUT)}


def differences(expected: dict[str, bytes], built: dict[str, bytes]) -> str:
    """'' when the trees are equal; else the files that differ, by kind, and a diff of the first."""
    changed = [rel for rel in sorted(expected.keys() & built.keys()) if expected[rel] != built[rel]]
    missing = sorted(expected.keys() - built.keys())
    extra = sorted(built.keys() - expected.keys())
    if not (changed or missing or extra):
        return ""
    lines = [f"the golden site's output differs from tests/golden/expected/ in {len(changed + missing + extra)} files:"]
    lines += [f"  changed  {rel}" for rel in changed]
    lines += [f"  missing  {rel} (expected, not built)" for rel in missing]
    lines += [f"  extra    {rel} (built, not expected)" for rel in extra]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            expected[first].decode("utf-8", "replace").splitlines(), built[first].decode("utf-8", "replace").splitlines(),
            f"expected/{first}", f"built/{first}", lineterm="", n=2,
        )
        lines += ["", f"the first changed file, {first}:", *list(diff)[:80]]
    lines += ["", "If the change is meant: `make golden`, then review `git diff tests/golden/expected` and commit it."]
    return "\n".join(lines)


def build_golden(folder: Path) -> Path:
    config = load_config(copy_site(SITE, folder / "site") / "site.toml")
    build(config, search=False)
    return config.output_dir


def test_the_golden_site_builds_the_expected_tree(tmp_path):
    built = tree(build_golden(tmp_path))
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in built.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_bytes(data)
    assert EXPECTED.is_dir(), "tests/golden/expected/ is missing: `make golden` writes it"
    problem = differences(tree(EXPECTED), built)
    if problem:
        pytest.fail(problem, pytrace=False)


def test_a_difference_names_every_file_and_shows_the_first_diff():
    expected = {"a/index.html": b"<p>one</p>\n<p>two</p>\n", "b.xml": b"<x/>\n", "gone.txt": b""}
    built = {"a/index.html": b"<p>one</p>\n<p>three</p>\n", "b.xml": b"<y/>\n", "new.txt": b""}
    message = differences(expected, built)
    assert message.splitlines()[:5] == [
        "the golden site's output differs from tests/golden/expected/ in 4 files:",
        "  changed  a/index.html",
        "  changed  b.xml",
        "  missing  gone.txt (expected, not built)",
        "  extra    new.txt (built, not expected)",
    ]
    assert "-<p>two</p>\n+<p>three</p>" in message and "<y/>" not in message  # the first file's diff only
    assert differences(expected, dict(expected)) == ""
