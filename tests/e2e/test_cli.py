"""The CLI as a user runs it: its output and exit status (conftest.run_cli)."""

from __future__ import annotations

import pytest
from conftest import run_cli


def test_help_for_every_command(tmp_path):
    for command in ("ingest", "build", "check"):
        result = run_cli(command, "--help", cwd=tmp_path)
        assert result.returncode == 0 and "example:" in result.stdout


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
def test_build_then_check(fixture_site):
    result = run_cli("build", "--no-search", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    assert "built" in result.stdout and "articles" in result.stdout
    checked = run_cli("check", cwd=fixture_site)
    assert checked.returncode == 0 and "0 problems" in checked.stdout


def test_a_pin_naming_no_entry_and_a_date_yaml_cannot_make_are_errors_not_crashes(fixture_site):
    """`pin: [hemedti]` ended the build in a KeyError traceback (exit 1) and `date: 2020-13-45` in a
    ValueError one: each is one located message now, exit 2, and `serve` shows it the same way."""
    article = fixture_site / "content" / "articles" / "saddam-visit.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("source:", "pin: [hemedti, حفطر]\nsource:", 1), encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=fixture_site)
    assert (result.returncode, result.stdout) == (2, "")
    where = f"{article.resolve()}:4"
    assert result.stderr.splitlines() == [
        "error: content: found 2 problems:",
        f"  1. {where}: pin names 'hemedti', which is not in the knowledge base (the file names under content/actors, "
        "places and topics are the slugs)",
        f"  2. {where}: pin names 'حفطر', which is not in the knowledge base (did you mean 'khalifa-haftar' «خليفة حفتر»?)",
    ]
    article.write_text(text.replace("date: 2024-06-01", "date: 2020-13-45"), encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=fixture_site)
    assert (result.returncode, result.stderr) == (2, f"error: {article.resolve()}:3: date 2020-13-45 does not exist: "
                                                      "there is no month 13 (the month comes second: YYYY-MM-DD)\n")


def test_bad_config_is_one_message_without_traceback(fixture_site):
    (fixture_site / "site.toml").write_text('title = "x"\nlanguag = "ar"\n', encoding="utf-8")
    result = run_cli("build", cwd=fixture_site)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: site.toml:2: unknown setting 'languag' (did you mean 'language'?)"
    assert "Traceback" not in result.stderr


def test_no_site_toml_says_what_to_do(tmp_path):
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 2 and "no site.toml here" in result.stderr and "Traceback" not in result.stderr


def test_profile_says_where_the_time_went(fixture_site):
    """``build --profile``: every phase the build went through, what they leave out (the pipeline's
    imports, the cache's bookkeeping), and the total; the shares add up to the whole."""
    result = run_cli("build", "--profile", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.split() == ["phase", "seconds", "share"])
    rows: dict[str, tuple[float, int]] = {}
    for line in lines[start + 1 :]:
        if line.startswith("total"):
            total = float(line.split()[1])
            break
        name, seconds, share = line.rsplit(None, 2)
        rows[name] = (float(seconds), int(share.rstrip("%")))
    assert list(rows) == ["scan", "load", "extract", "search plan", "assemble", "render", "write", "search", "other"]
    assert total > 0 and abs(sum(seconds for seconds, _ in rows.values()) - total) <= 0.005 * (len(rows) + 1)
    assert 95 <= sum(share for _, share in rows.values()) <= 105  # each rounded to a whole percent
