"""The starter gazetteer as a desk uses it (issue 28): `new --gazetteer`, `kb gazetteer` on a site
that has entries of its own, the article page a reader gets, and `check`'s frequent-word warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


ARTICLE = """---
title: وفد سعودي في واشنطن
date: 2018-05-02
source: اختبار
---

التقى وزير الخارجية السعودي نظيره الأمريكي في واشنطن، وبحثا الدعم المالي للمنظمات الإنسانية.

وقال خالد حفتر إن أمريكا تدعم الحل السياسي، فيما أعلنت منظمة الصحة العالمية وصول شحنة أدوية.

وأكد المسؤول أن العجز المالي تراجع هذا العام.
"""


def tags_on_page(site: Path, slug: str) -> set[str]:
    html = (site / "output" / "articles" / slug / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r'href="/(?:actors|places|topics)/([a-z0-9-]+)/"', html))


def test_a_new_site_with_the_gazetteer_tags_countries_adjectives_and_organisations(tmp_path):
    site = tmp_path / "desk"
    made = run_cli("new", str(site), "--gazetteer", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    egypt = yaml.safe_load((site / "content" / "actors" / "egypt.yaml").read_text(encoding="utf-8"))
    assert egypt["origin"] == "cldr" and egypt["kind"] == "country" and "المصريين" in egypt["adjectives"]
    assert "Babel" in (site / "content" / "actors" / "egypt.yaml").read_text(encoding="utf-8")  # the comment says so
    mali = yaml.safe_load((site / "content" / "actors" / "mali.yaml").read_text(encoding="utf-8"))
    assert mali["needs_context"] == ["مالي"] and "مالي" not in mali.get("aliases", [])
    who = yaml.safe_load((site / "content" / "actors" / "world-health-organization.yaml").read_text(encoding="utf-8"))
    assert who["origin"] == "gazetteer"
    # the scaffold's own Morocco is kept, not written over
    assert "origin" not in yaml.safe_load((site / "content" / "actors" / "morocco.yaml").read_text(encoding="utf-8"))
    (site / "content" / "articles" / "saudi-visit.md").write_text(ARTICLE, encoding="utf-8")
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    tags = tags_on_page(site, "saudi-visit")
    assert {"saudi-arabia", "united-states", "world-health-organization"} <= tags
    assert "mali" not in tags  # «المالي» is financial
    assert "libya" not in tags


def test_kb_gazetteer_leaves_the_sites_entries_alone(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content", ignore=shutil.ignore_patterns("articles", "sources"))
    (site / "content" / "articles").mkdir()
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    before = (site / "content" / "actors" / "egypt.yaml").read_bytes()
    dry = run_cli("kb", "gazetteer", "--dry-run", cwd=site)
    assert dry.returncode == 0, dry.stderr
    assert "would write" in dry.stdout and not (site / "content" / "actors" / "saudi-arabia.yaml").exists()
    done = run_cli("kb", "gazetteer", cwd=site)
    assert done.returncode == 0, done.stderr
    assert re.search(r"wrote \d+ entries", done.stdout) and "egypt" in done.stdout  # kept, said so
    assert (site / "content" / "actors" / "egypt.yaml").read_bytes() == before
    assert (site / "content" / "actors" / "saudi-arabia.yaml").is_file()
    assert (site / "content" / "places" / "greenland.yaml").is_file()
    again = run_cli("kb", "gazetteer", cwd=site)
    assert again.returncode == 0 and "wrote 0 entries" in again.stdout


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
def test_check_warns_of_an_alias_that_is_a_frequent_word(tmp_path):
    site = tmp_path / "desk"
    assert run_cli("new", str(site), cwd=tmp_path).returncode == 0
    (site / "content" / "actors" / "mali.yaml").write_text(
        "name: مالي\nkind: country\naliases: [مالي]\n", encoding="utf-8")
    for number in range(12):
        (site / "content" / "articles" / f"budget-{number}.md").write_text(
            f"---\ntitle: الميزانية {number}\ndate: 2018-01-{number + 1:02d}\n---\n\nتراجع العجز المالي هذا العام.\n",
            encoding="utf-8")
    assert run_cli("build", "--no-search", cwd=site).returncode == 0
    checked = run_cli("check", cwd=site)
    assert "warning:" in checked.stdout and "'مالي' is a frequent word of the articles: in 12" in checked.stdout
    assert "needs_context" in checked.stdout
