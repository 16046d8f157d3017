"""The CLI as a user runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_help_for_every_command(tmp_path):
    for command in ("ingest", "build", "check"):
        result = run(command, "--help", cwd=tmp_path)
        assert result.returncode == 0 and "example:" in result.stdout


def test_build_then_check(fixture_site):
    result = run("build", "--no-search", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    assert "built" in result.stdout and "articles" in result.stdout
    checked = run("check", cwd=fixture_site)
    assert checked.returncode == 0 and "0 problems" in checked.stdout


def test_bad_config_is_one_message_without_traceback(fixture_site):
    (fixture_site / "site.toml").write_text('title = "x"\nlanguag = "ar"\n', encoding="utf-8")
    result = run("build", cwd=fixture_site)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: site.toml:2: unknown setting 'languag' (did you mean 'language'?)"
    assert "Traceback" not in result.stderr


def test_no_site_toml_says_what_to_do(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 2 and "no site.toml here" in result.stderr and "Traceback" not in result.stderr


def test_ingest_the_seeds_is_idempotent_and_keeps_originals(fixture_site):
    first = run("ingest", str(SEEDS), cwd=fixture_site)
    assert first.returncode == 0, first.stderr
    assert "imported 5, unchanged 0, refused 0" in first.stdout
    articles = fixture_site / "content" / "articles"
    for seed in SEEDS.glob("*.txt"):
        kept = [p for p in (fixture_site / "content" / "sources").iterdir() if p.read_bytes() == seed.read_bytes()]
        assert len(kept) == 1
    again = run("ingest", str(SEEDS), cwd=fixture_site)
    assert "imported 0, unchanged 5, refused 0" in again.stdout
    assert len(list(articles.glob("*.md"))) == 4 + 5
    # The imported articles build (their dates are placeholders to fill in by hand).
    assert run("build", "--no-search", cwd=fixture_site).returncode == 0


def test_ingest_refuses_bad_files_and_imports_the_rest(fixture_site, tmp_path):
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "junk.txt").write_text("fbpx\nhttps://x.y/z\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("عنوان الخبر\nهذه فقرة الخبر الوحيدة وفيها كلام كثير.\n", encoding="utf-8")
    (tmp_path / "cp1256.txt").write_bytes("عنوان آخر\nفقرة مكتوبة بترميز ويندوز العربي.\n".encode("cp1256"))
    result = run("ingest", str(tmp_path), cwd=fixture_site)
    assert result.returncode == 1
    assert "imported 2, unchanged 0, refused 3" in result.stdout
    assert f"refused   {tmp_path / 'empty.txt'}: empty file" in result.stderr
    assert "binary file" in result.stderr and "no article text left" in result.stderr
    assert "Traceback" not in result.stderr
    cp = next((fixture_site / "content" / "articles").glob("*.md"), None)
    assert cp is not None
    texts = "".join(p.read_text(encoding="utf-8") for p in (fixture_site / "content" / "articles").glob("*.md"))
    assert "فقرة مكتوبة بترميز ويندوز العربي." in texts and "encoding: windows-1256" in texts


def test_dry_run_writes_nothing(fixture_site):
    before = sorted(p.name for p in (fixture_site / "content").rglob("*"))
    result = run("ingest", "--dry-run", str(SEEDS / "001_fa5338184ecd9d0a.txt"), cwd=fixture_site)
    assert result.returncode == 0 and "[share]: شارك الخبر" in result.stdout
    assert sorted(p.name for p in (fixture_site / "content").rglob("*")) == before
