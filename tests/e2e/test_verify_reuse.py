"""``build --verify-reuse``: every page a rebuild carries over is rendered again and must be the same
bytes, after each kind of change the incremental build meets, on the default site and on a
generated one of 2,000 articles; a page whose inputs leave out what it shows fails the build."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from conftest import ROOT, copy_default_site, run_cli, site_digest

from builder.config import load_config
from builder.pipeline.orchestrator import build
from builder.pipeline.verify import StaleReuse

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

LARGE = 2000


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def article(folder: Path, slug: str, title: str, date: str, body: str) -> None:
    (folder / f"{slug}.md").write_text(f"---\ntitle: {title}\ndate: {date}\nsource: وكالة الاختبار\n---\n\n{body}\n",
                                       encoding="utf-8")


def verified(site: Path, change: str, make: Callable[[], None]) -> int:
    """``make`` the change, rebuild with --verify-reuse; the number of carried-over files verified."""
    make()
    started = time.perf_counter()
    try:
        report = build(load_config(site / "site.toml"), search=False, verify_reuse=True)
    except StaleReuse as stale:
        pytest.fail(f"after {change}: {stale.render()}")
    print(f"{change}: {report.rendered} rendered, {report.verified} carried over and verified "
          f"in {time.perf_counter() - started:.1f} s")
    assert not report.unchanged and report.verified >= report.reused
    return report.verified


# The default site -----------------------------------------------------------------------------------


def redate(path: Path, date: str) -> None:
    """The article's date moved (to another month, page and year of every list it is in)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("date: "))
    path.write_text("\n".join([*lines[:at], f"date: '{date}'", *lines[at + 1 :]]), encoding="utf-8")


def copy_of(path: Path, slug: str) -> None:
    """Another outlet's copy of the article: its text under another title and source."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    date = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("date: "))
    path.with_name(f"{slug}.md").write_text(f"---\ntitle: نسخة منقولة\n{date}\nsource: وكالة ناقلة\n---\n{body}",
                                           encoding="utf-8")


def default_site_changes(site: Path) -> list[tuple[str, Callable[[], None]]]:
    content = site / "content"
    files = sorted((content / "articles").glob("*.md"))
    return [
        ("edit an article", lambda: edit(files[0], "\n---\n", "\n---\n\nفقرة أضيفت عن بنغازي والقاهرة.\n\n")),
        ("add an article", lambda: article(content / "articles", "new-one", "خبر جديد عن حفتر", "2024-08-01",
                                           "قال المشير خليفة حفتر في بنغازي إن مصر شريك.")),
        ("add an older article", lambda: article(content / "articles", "old-one", "خبر قديم", "2001-01-01",
                                                 "خبر قديم عن ليبيا.")),
        ("add a copy of an article", lambda: copy_of(files[1], "a-copy")),
        ("change an article's date", lambda: redate(files[2], "2019-03-05")),
        ("delete an article", lambda: files[-1].unlink()),
        ("add an alias", lambda: edit(content / "actors" / "egypt.yaml", "  - مصر\n", "  - مصر\n  - أرض الكنانة\n")),
        ("edit a template", lambda: _own_template(site, "intro.html", "<p>مقدمة معدلة</p>\n")),
        ("change a setting", lambda: edit(site / "site.toml", "related = 5", "related = 3")),
    ]


def _own_template(site: Path, name: str, text: str) -> None:
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / name).write_text(text, encoding="utf-8")


def test_every_page_carried_over_renders_the_same_after_each_kind_of_change_to_the_default_site(tmp_path):
    site = copy_default_site(tmp_path / "site")
    build(load_config(site / "site.toml"), search=False)
    counts = {change: verified(site, change, make) for change, make in default_site_changes(site)}
    # Content changes leave most pages to carry over; a template or a setting is in every page's
    # fingerprint, so every page renders again and only the articles' originals are carried over.
    originals = len(list((site / "content" / "sources").glob("*.txt"))) - 1  # one article deleted
    assert all(count > originals + 10 for change, count in counts.items() if "template" not in change
               and "setting" not in change), counts
    assert counts["edit a template"] == counts["change a setting"] == originals, counts


# A page whose inputs leave something out ------------------------------------------------------------


def test_a_page_showing_what_its_inputs_leave_out_fails_the_build_by_name_and_leaves_the_output(fixture_site):
    """The not-found page's inputs are empty (the theme's shows only the interface's strings); a
    site's own 404.html showing the number of articles makes it depend on something no input names.
    Rebuilt after an article is added, it is carried over stale; --verify-reuse fails, naming it."""
    theme = (ROOT / "builder" / "theme" / "templates" / "404.html").read_text(encoding="utf-8")
    shown = '{{ t.all_articles }}</a></li>'
    assert shown in theme
    _own_template(fixture_site, "404.html",
                  theme.replace(shown, "{{ t.all_articles }} ({{ site.articles | length | num }})</a></li>"))
    assert run_cli("build", "--no-search", cwd=fixture_site).returncode == 0
    output = fixture_site / "output"
    count = len(list((fixture_site / "content" / "articles").glob("*.md")))
    assert f"({count})" in (output / "404.html").read_text(encoding="utf-8")
    article(fixture_site / "content" / "articles", "new-one", "خبر جديد", "2024-08-01", "هدوء في بنغازي.")
    before = site_digest(output)

    result = run_cli("build", "--no-search", "--verify-reuse", cwd=fixture_site)
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: --verify-reuse: 1 of the ") and "files differs from a fresh rendering" in lines[0]
    assert lines[1].startswith(f"  1. /404.html (404.html, {output / '404.html'}): first differs at line ")
    assert lines[2].strip().endswith(f"({count})</a></li>") and lines[2].strip().startswith("carried over:")
    assert lines[3].strip().endswith(f"({count + 1})</a></li>") and lines[3].strip().startswith("rendered now:")
    assert len(lines) == 4
    assert site_digest(output) == before  # output/ as it was
    assert not [p.name for p in fixture_site.iterdir() if p.name.startswith(".output")]  # no staging left

    # Without the flag the build succeeds and keeps the stale page: what the flag is there to catch.
    assert run_cli("build", "--no-search", cwd=fixture_site).returncode == 0
    assert f"({count})" in (output / "404.html").read_text(encoding="utf-8")


def test_a_change_to_the_builders_own_code_renders_every_page_again(fixture_site, tmp_path):
    """What a page is made from includes the code that draws it: after the builder changes (an
    upgrade, or a developer's edit) no page is carried over as the old code drew it, and the build
    does not say nothing changed. Found by --verify-reuse: with only the templates and settings in
    the fingerprints, every page showing a number was carried over in the old style."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "builder", code / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    environ = {**os.environ, "PYTHONPATH": str(code)}
    assert run_cli("build", "--no-search", cwd=fixture_site, env=environ).returncode == 0
    counts = 'env.filters["plural"] = lambda n, forms: count_phrase(n, forms, numerals, language)'
    edit(code / "builder" / "render" / "environment.py", counts, counts.replace(": count_phrase", ': "№" + count_phrase'))

    rebuilt = run_cli("build", "--no-search", cwd=fixture_site, env=environ)
    assert rebuilt.returncode == 0 and "nothing changed" not in rebuilt.stdout, rebuilt.stdout + rebuilt.stderr
    assert '<a href="/articles/">№4\xa0مقالات</a>' in (fixture_site / "output" / "index.html").read_text(encoding="utf-8")
    edit(code / "builder" / "render" / "environment.py", '"№" + count_phrase', '"#" + count_phrase')
    verified = run_cli("build", "--no-search", "--verify-reuse", cwd=fixture_site, env=environ)
    assert verified.returncode == 0, verified.stderr
    assert '<a href="/articles/">#4\xa0مقالات</a>' in (fixture_site / "output" / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_with_nothing_changed_verifies_every_page(fixture_site):
    config = load_config(fixture_site / "site.toml")
    first = build(config, search=False)
    result = run_cli("build", "--no-search", "--verify-reuse", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    assert f"verified {first.pages} carried-over files: each renders to the bytes carried over" in result.stdout
    assert build(config, search=False).unchanged  # and the next build has nothing to do


# A generated site of 2,000 articles ----------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """Generated (bench/generate.py) and built once, without search, for the module's changes."""
    site = generate(tmp_path_factory.mktemp("verify-large") / "site", LARGE)
    build(load_config(site / "site.toml"), search=False)
    return site


@pytest.mark.large
def test_every_page_carried_over_renders_the_same_after_content_changes_to_a_large_site(large):
    """Each kind of content change at once (a template or a setting is in every page's fingerprint:
    every page renders again, as the default site's test shows): one rebuild, one full rendering to
    compare (a verified rebuild costs a clean build's rendering: 40 s of processor time here). The
    edit names again the actor with the longest list in an article already naming it: its mention
    count changes, its article count does not, and the pages of its list that do not show that
    article show the count. The alias (another actor's) is three words of an article, so that article is
    tagged again."""
    content = large / "content"
    files = sorted((content / "articles").glob("*.md"))
    busiest = max((large / "output" / "actors").iterdir(), key=lambda folder: len(list(folder.glob("page/*"))))
    actor = content / "actors" / f"{busiest.name}.yaml"
    name = next(line for line in actor.read_text(encoding="utf-8").splitlines() if line.startswith("name: "))[6:]
    naming = [path for path in files if name in path.read_text(encoding="utf-8")]
    # The other changes leave that actor's articles alone: any of them would render its pages again.
    others = [path for path in files if path not in naming]
    another = min(path for path in (content / "actors").glob("*.yaml") if path != actor)
    words = " ".join(others[3].read_text(encoding="utf-8").split("\n---\n", 1)[1].split()[:3])

    def changes() -> None:
        edit(naming[0], "\n---\n", f"\n---\n\nقال {name} كلاما.\n\n")
        article(content / "articles", "new-one", "خبر جديد", "2019-06-15", "هدوء في طرابلس.")
        copy_of(others[1], "a-copy")
        redate(others[2], "2016-02-29")
        others[len(others) // 2].unlink()
        edit(another, "aliases:\n", f"aliases:\n  - {words}\n")

    assert verified(large, "an edit, an added article and a copy, a date changed, a deletion and an alias", changes) > 2000
