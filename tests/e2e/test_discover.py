"""explain, candidates and add-actor, run as a researcher runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


NEW_ARTICLE = """---
title: لقاء في بنغازي
date: 2023-05-02
source: وكالة الاختبار
---

التقى رئيس مجلس النواب الليبي عقيلة صالح بالمشير خليفة حفتر في بنغازي.

وقال المبعوث الأممي عبد الله باتيلي إن الانتخابات ممكنة، وأكد رئيس مجلس النواب عقيلة صالح ذلك.
"""


def test_explain_prints_every_tag_with_its_evidence(fixture_site):
    result = run("explain", "hostile-markup", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("مصر (egypt)" in line and "pinned by the researcher" in line for line in lines)
    assert any("p-1" in line and "alias" in line and "«بنغازي»" in line for line in lines)
    vetoed = run("explain", "content/articles/vetoed.md", cwd=fixture_site)
    assert "vetoed مصر (egypt): found in the text, removed by the researcher" in vetoed.stdout
    missing = run("explain", "no-such-article", cwd=fixture_site)
    assert missing.returncode == 2 and "no article 'no-such-article'" in missing.stderr


def test_candidates_then_add_actor_then_the_rebuild_tags_it(fixture_site):
    (fixture_site / "content" / "articles" / "benghazi-talks.md").write_text(NEW_ARTICLE, encoding="utf-8")
    listed = run("candidates", cwd=fixture_site)
    assert listed.returncode == 0, listed.stderr
    first = listed.stdout.splitlines()[0]
    assert "عقيلة صالح" in first and "×2" in first and "رئيس مجلس النواب الليبي" in first
    assert "عبد الله باتيلي" in listed.stdout and "benghazi-talks#p-2" in listed.stdout

    added = run("add-actor", "عقيلة صالح", "--name-en", "Aguila Saleh", cwd=fixture_site)
    assert added.returncode == 0, added.stderr
    path = fixture_site / "content" / "actors" / "aguila-saleh.yaml"
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert entry["name"] == "عقيلة صالح" and entry["aliases"] == ["عقيلة صالح"] and entry["kind"] == "person"
    assert run("add-actor", "عقيلة صالح", "--name-en", "Aguila Saleh", cwd=fixture_site).returncode == 2  # no overwrite

    after = run("candidates", cwd=fixture_site)
    ranked = [line for line in after.stdout.splitlines() if "×" in line]
    assert ranked and not any("عقيلة صالح" in line for line in ranked)
    assert run("build", "--no-search", cwd=fixture_site).returncode == 0
    page = (fixture_site / "output" / "articles" / "benghazi-talks" / "index.html").read_text(encoding="utf-8")
    assert 'href="/actors/aguila-saleh/"' in page


def test_add_actor_refuses_bad_input(fixture_site):
    assert "not an Arabic name" in run("add-actor", "John", cwd=fixture_site).stderr
    assert "kind 'king'" in run("add-actor", "فلان الفلاني", "--kind", "king", cwd=fixture_site).stderr


def test_add_actor_leaves_nothing_behind_when_it_clashes(fixture_site):
    result = run("add-actor", "خليفة حفتر", "--slug", "second-haftar", cwd=fixture_site)
    assert result.returncode == 2 and "also claimed by" in result.stderr
    assert not (fixture_site / "content" / "actors" / "second-haftar.yaml").exists()
    assert run("build", "--no-search", cwd=fixture_site).returncode == 0
