"""docs/tutorial.md, run as written: its shell blocks in order, in an empty folder, so the docs cannot drift.

Every ```sh block in the tutorial is preceded by a marker saying what to do with it:

* ``<!-- tutorial-test: run -->``: run it with bash (``-e``: every command must succeed); a ``cd``
  carries over to the next block, as in the reader's terminal;
* ``<!-- tutorial-test: background -->``: one long-running command (``arsite serve``), started on a
  free port, checked over HTTP, then stopped with Ctrl-C;
* ``<!-- tutorial-test: skip (why) -->``: shown, not run (installing; pushing to GitHub).

A ```text block preceded by ``<!-- tutorial-test: output -->`` is what the previous run block
prints: each of its lines must appear in that output, ``…`` standing for any text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, ctrl_c_as_in_a_terminal, stop_group

pytestmark = pytest.mark.slow

TUTORIAL = ROOT / "docs" / "tutorial.md"
_BLOCK = re.compile(r"(?:<!-- tutorial-test: (?P<marker>[a-z]+)[^>]*-->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```\n",
                    re.DOTALL)


@dataclass(frozen=True)
class Block:
    marker: str  # run, background, skip, output, or "" for an unmarked block
    lang: str
    body: str
    line: int


def blocks(text: str) -> list[Block]:
    return [
        Block(m.group("marker") or "", m.group("lang"), m.group("body"), text.count("\n", 0, m.start()) + 1)
        for m in _BLOCK.finditer(text)
    ]


def expected_lines(block: Block) -> list[re.Pattern]:
    return [
        re.compile(".*".join(re.escape(part) for part in line.strip().split("…")))
        for line in block.body.splitlines()
        if line.strip()
    ]


def environment(home: Path) -> dict[str, str]:
    """This interpreter's bin folder first (arsite, python), git with a throwaway identity."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Tutorial", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="Tutorial", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("VIRTUAL_ENV", None)
    return env


def run_block(block: Block, cwd: Path, env: dict[str, str], state: Path) -> tuple[Path, str]:
    script = f"{block.body}\npwd > {state}\n"
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"docs/tutorial.md:{block.line}: exit {result.returncode}\n{block.body}\n{output}"
    return Path(state.read_text().strip()), output


def serve_block(block: Block, cwd: Path, env: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Start the block's command on a free port, GET a few pages, stop it with Ctrl-C."""
    command = block.body.strip()
    assert "\n" not in command and command.startswith("arsite serve"), f"docs/tutorial.md:{block.line}: {command}"
    process = subprocess.Popen(["bash", "-c", f"exec {command} --port 0"], cwd=cwd, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                               preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        url = None
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline and process.poll() is None:
            match = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", process.stdout.readline())
            url = match.group(1) if match else None
        assert url, f"docs/tutorial.md:{block.line}: serve did not start"
        pages = {}
        for path in ("", "actors/karim-el-oudghiri/", "search/"):
            with urllib.request.urlopen(url + path, timeout=20) as response:
                pages[path] = (response.status, response.read().decode("utf-8"))
        return pages
    finally:
        stop_group(process)


def test_every_shell_block_says_whether_it_runs():
    found = blocks(TUTORIAL.read_text(encoding="utf-8"))
    unmarked = [b.line for b in found if b.lang == "sh" and b.marker not in ("run", "background", "skip")]
    assert not unmarked, f"docs/tutorial.md: sh blocks without a tutorial-test marker at lines {unmarked}"
    assert all(b.lang == "text" for b in found if b.marker == "output")


def test_the_tutorial_runs_as_written(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = environment(tmp_path / "home")
    (tmp_path / "home").mkdir()
    state = tmp_path / "cwd"
    cwd, output, served = work, "", {}
    for block in blocks(TUTORIAL.read_text(encoding="utf-8")):
        if block.marker == "run":
            cwd, output = run_block(block, cwd, env, state)
        elif block.marker == "background":
            served = serve_block(block, cwd, env)
        elif block.marker == "output":
            lines = [line.strip() for line in output.splitlines()]
            for pattern in expected_lines(block):
                assert any(pattern.fullmatch(line) for line in lines), (
                    f"docs/tutorial.md:{block.line}: the tutorial shows a line the command did not print:\n"
                    f"{pattern.pattern}\n--- the command printed:\n{output}"
                )

    site = work / "water-research"
    assert cwd == site
    articles = sorted(p.name for p in (site / "content" / "articles").glob("*.md"))
    assert len(articles) == 3 and "drought-marrakech-example.md" not in articles
    assert (site / "content" / "actors" / "karim-el-oudghiri.yaml").is_file()
    assert len(list((site / "content" / "sources").iterdir())) == 3

    assert served[""][0] == 200 and 'lang="ar" dir="rtl"' in served[""][1]
    status, actor = served["actors/karim-el-oudghiri/"]
    assert status == 200 and "كريم الودغيري" in actor and actor.count('href="/articles/') >= 2
    assert served["search/"][0] == 200

    # The last build was for the GitHub Pages sub-path, with the template override of step 6.
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert "كُتبت لهذا الدرس" in home
    assert 'href="/water-research/articles/' in home
    log = subprocess.run(["git", "log", "--oneline"], cwd=site, capture_output=True, text=True, env=env)
    assert "A research site on water in Morocco" in log.stdout
    tracked = subprocess.run(["git", "ls-files"], cwd=site, capture_output=True, text=True, env=env).stdout.split()
    assert ".github/workflows/pages.yml" in tracked and "site.toml" in tracked
    assert not any(path.startswith(("output/", ".cache/")) for path in tracked)


def test_the_expected_outputs_belong_to_run_blocks():
    found = blocks(TUTORIAL.read_text(encoding="utf-8"))
    for before, block in zip(found, found[1:]):
        if block.marker == "output":
            assert before.marker == "run", f"docs/tutorial.md:{block.line}: an output block must follow a run block"


@pytest.mark.parametrize("name", ["dams.txt", "desalination.txt", "olives.txt"])
def test_the_raw_articles_are_written_by_the_tutorial(name):
    assert f"cat > ../raw/{name} <<'EOF'" in TUTORIAL.read_text(encoding="utf-8")
