"""The tool as another research desk gets it: a wheel, installed in a fresh virtual environment outside
the repository, used in a folder of its own.

* The wheel is built from a copy of the sources, exactly as documented
  (``python -m pip wheel --no-deps -w dist .``; pip fetches setuptools for the isolated build).
* The new environment is made with ``python -m venv``. Its dependencies are the ones this project's
  environment already holds: a ``.pth`` file puts that site-packages on ``sys.path`` *after* the new
  environment's own, so the wheel installs with ``pip install --no-index`` (no network, and pip checks
  that the installed versions satisfy the wheel's requirements) while ``builder`` itself can only come
  from the wheel (the project's editable install is a finder that a plain path entry never runs).
* An audit hook in the new environment records every file any of its Python processes opens under
  the repository, outside that site-packages; the test requires there is none.

Then, with the ``arsite`` console script of the new environment and the working folder outside the
repository: ``new``, ``ingest`` of three articles written here, ``build`` with no warning, ``serve``
(HTTP 200), ``check``, ``--help`` and ``--version``; and an English-interface site with ``dir="ltr"``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, ctrl_c_as_in_a_terminal, stop_group

pytestmark = pytest.mark.slow

COMMANDS = ("new", "ingest", "build", "serve", "explain", "candidates", "add-actor", "evaluate", "check")

RAW = {
    "port.txt": """ميناء طنجة المتوسط يسجل رقما قياسيا في عدد الحاويات
نشر في 8 يناير 2024
شارك الخبر
سجل ميناء طنجة المتوسط في المغرب خلال العام الماضي رقما قياسيا في عدد الحاويات التي عبرته، بحسب ما أعلنته إدارة الميناء.

وقال المهندس يوسف العلمي، مدير العمليات في الميناء، إن توسعة الأرصفة الجديدة سمحت باستقبال سفن أكبر.
المصدر: جريدة المضيق
""",
    "rain.txt": """أمطار غزيرة تنعش آمال الفلاحين بعد أشهر من الجفاف
نشر في 15 فبراير 2024
تابعونا على فيسبوك
عادت الأمطار إلى عدد من مناطق المغرب بعد أشهر من الجفاف، وسجلت محطات الرصد في مراكش أعلى كمية منذ بداية الموسم.

ويرى فلاحون أن هذه الأمطار جاءت متأخرة بالنسبة للحبوب، لكنها تفيد الأشجار المثمرة والمراعي.
المصدر: موقع الساقية
""",
    "festival.txt": """مراكش تستضيف ملتقى للباحثين في الموارد المائية
نشر في 2 مارس 2024
اقرأ أيضا: أسعار الخضر في الأسواق
تستضيف مدينة مراكش هذا الأسبوع ملتقى يجمع باحثين من عدة بلدان لمناقشة شح المياه وطرق ترشيد الري.

وقالت الدكتورة نادية الفاسي إن الملتقى يركز على تجارب المدن التي نجحت في خفض استهلاك المياه.
المصدر: جريدة الواحة
""",
}

# Installed into the new environment's site-packages and imported by a .pth file in every Python
# process it runs: records opens of files under the repository (other than the dependencies).
AUDIT = '''import os, sys
_LOG = os.environ.get("ARSITE_AUDIT_LOG")
_REPO = {repo!r}
_DEPS = {deps!r}
_busy = False
def _hook(event, args):
    global _busy
    if _busy or event not in ("open", "subprocess.Popen", "os.listdir", "os.scandir"):
        return
    path = args[0] if args else None
    if not isinstance(path, (str, bytes, os.PathLike)):
        return
    path = os.path.abspath(os.fsdecode(path))
    if (path == _REPO or path.startswith(_REPO + os.sep)) and not (path == _DEPS or path.startswith(_DEPS + os.sep)):
        _busy = True
        try:
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{{event}} {{path}}\\n")
        finally:
            _busy = False
if _LOG:
    sys.addaudithook(_hook)
'''


def _run(args, cwd: Path, env: dict, timeout: int = 300, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"{' '.join(map(str, args))}: exit {result.returncode}\n{result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built as documented from a copy of the sources (no build/ or egg-info in the repository)."""
    base = tmp_path_factory.mktemp("package")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "builder", source / "builder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), "."], source, os.environ)
    (built,) = (base / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """(environment for subprocesses, the venv's bin folder, the audit log) with the wheel installed."""
    base = tmp_path_factory.mktemp("venv")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], base, os.environ)
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base,
                     os.environ).stdout.strip())
    deps = sysconfig.get_paths()["purelib"]  # this project's environment: the dependencies, read only
    (site / "_arsite_audit.py").write_text(AUDIT.format(repo=str(ROOT), deps=str(Path(deps).resolve())))
    (site / "zz_arsite_test.pth").write_text(f"import _arsite_audit\n{deps}\n")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "VNU_JAR")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin"
    _run([str(python), "-m", "pip", "install", "--no-index", "-q", "--disable-pip-version-check", str(wheel)], base, env)
    env["ARSITE_AUDIT_LOG"] = str(base / "audit.log")
    return env, venv / "bin", base / "audit.log"


def test_the_wheel_carries_the_theme_and_the_scaffold(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = ROOT / "builder" / "theme"
    wanted = {f"builder/theme/{p.relative_to(theme).as_posix()}" for p in theme.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert wanted - names == set()
    for name in ("builder/theme/templates/base.html", "builder/theme/i18n/ar.yaml", "builder/theme/i18n/en.yaml",
                 "builder/theme/livereload.js", "builder/theme/static/site.css", "builder/theme/static/search.js",
                 "builder/theme/scaffold/github/workflows/pages.yml", "builder/scaffold.py", "builder/__main__.py"):
        assert name in names
    assert any(n.startswith("builder/theme/static/fonts/") and n.endswith(".woff2") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "arsite = builder.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_a_new_site_from_the_installed_tool(installed, tmp_path):
    env, bin_dir, audit = installed
    desk = tmp_path / "desk"
    desk.mkdir()
    arsite = str(bin_dir / "arsite")
    assert str(ROOT) not in str(desk)

    probe = tmp_path / "probe.log"  # the audit hook works: reading a file of the repository is recorded
    _run([str(bin_dir / "python"), "-c", f"open({str(ROOT / 'README.md')!r}).close()"], desk,
         {**env, "ARSITE_AUDIT_LOG": str(probe)})
    assert probe.read_text(encoding="utf-8") == f"open {ROOT / 'README.md'}\n"

    where = _run([str(bin_dir / "python"), "-c", "import builder; print(builder.__file__)"], desk, env).stdout
    assert where.startswith(str(bin_dir.parent)) and "site-packages" in where
    assert _run([arsite, "--version"], desk, env).stdout.strip() == "arsite 0.1.0"
    for command in COMMANDS:
        assert "example:" in _run([arsite, command, "--help"], desk, env).stdout, command

    made = _run([arsite, "new", "research"], desk, env)
    assert "created a research site in research" in made.stdout
    again = _run([arsite, "new", "research"], desk, env, check=False)
    assert again.returncode == 2 and "not empty" in again.stderr

    raw = desk / "raw"
    raw.mkdir()
    for name, text in RAW.items():
        (raw / name).write_text(text, encoding="utf-8")
    site = desk / "research"
    ingested = _run([arsite, "ingest", "../raw/"], site, env)
    assert "imported 3," in ingested.stdout

    built = _run([arsite, "build"], site, env)
    assert "warning" not in built.stderr, built.stderr
    assert "built" in built.stdout and "from 4 articles" in built.stdout
    assert (site / "output" / "static" / "search-rules.js").is_file()
    assert (site / "output" / "pagefind" / "pagefind.js").is_file()

    process = subprocess.Popen([arsite, "serve", "--port", "0"], cwd=site, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                               preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        url, deadline = None, time.monotonic() + 90
        while url is None and time.monotonic() < deadline and process.poll() is None:
            match = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", process.stdout.readline())
            url = match.group(1) if match else None
        assert url, "serve did not start"
        for path in ("", "articles/", "search/", "static/site.css", "static/search-rules.js", "pagefind/pagefind.js"):
            with urllib.request.urlopen(url + path, timeout=20) as response:
                assert response.status == 200, path
                if path == "":
                    assert 'lang="ar" dir="rtl"' in response.read().decode("utf-8")
    finally:
        stop_group(process)

    checked = _run([arsite, "check"], site, env)
    assert ": 0 problems" in checked.stdout

    _run([arsite, "new", "--language", "en", "english"], desk, env)
    english = desk / "english"
    built = _run([arsite, "build", "--no-search"], english, env)
    assert "warning" not in built.stderr, built.stderr
    home = (english / "output" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in home and "Latest articles" in home and "March 5, 2024" in home

    opened = audit.read_text(encoding="utf-8") if audit.exists() else ""
    assert opened == "", f"files of the repository were read:\n{opened}"
