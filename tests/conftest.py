"""Fixture ladder mirroring the pipeline: a site folder → its config → a built output."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from builder.pipeline.orchestrator import build
from builder.config import load_config
from builder.render.feeds import ATOM_NS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items) -> None:
    """Every test that opens Chromium (the ``browser`` fixture, directly or through another) is marked
    ``browser``, so ``make test-fast`` (-m "not browser and not large and not slow") leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def run_cli(*args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m builder ARGS`` in ``cwd``: its exit status and what it printed (text). A traceback
    fails the test at once: every mistake a user can make is one message, never a crash.

    The command runs in this process, as ``python -m builder`` runs it (:func:`builder.cli.main` with
    ``cwd`` the working folder, ``sys.argv``, standard input and output its own), which spares each
    call a Python start-up and the imports of Jinja2, Babel and markdown-it (most of a small build's
    time). A test that gives ``env`` (another copy of the code on PYTHONPATH, CI set, a bare PATH)
    gets a subprocess of its own, which that environment can reach."""
    if env is not None:
        result = subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, input=stdin, env=env,
                                capture_output=True, timeout=timeout)
        result.stdout, result.stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    else:
        result = _run_main(list(args), cwd, stdin or b"")
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _run_main(args: list[str], cwd: Path, stdin: bytes) -> subprocess.CompletedProcess:
    """What ``builder/__main__.py`` does, here: ``sys.exit(main())``, its status caught with what it
    printed. An exception main() does not turn into a message propagates and fails the test."""
    from builder.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved = os.getcwd(), sys.argv, sys.stdin
    os.chdir(cwd)
    sys.argv = [str(ROOT / "builder" / "__main__.py"), *args]  # the program's name: python -m builder
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                status = main(args)
            except SystemExit as exit:  # argparse: --help (0), a wrong option (2)
                status = exit.code
            if isinstance(status, str):  # sys.exit("message"), as Python itself reports it
                print(status, file=sys.stderr)
                status = 1
    finally:
        os.chdir(saved[0])
        sys.argv, sys.stdin = saved[1], saved[2]
    return subprocess.CompletedProcess(["python", "-m", "builder", *args], status or 0, stdout.getvalue(),
                                       stderr.getvalue())


def copy_site(source: Path, destination: Path) -> Path:
    """The site folder's inputs, without what a build leaves there: output/, its staging and cache, and
    the old folders a build deletes in the background (``.pagefind.old.<pid>.<ns>``), which may vanish
    while they are being copied."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("output", ".output*", ".*.old.*", ".cache"))
    return destination


def copy_default_site(destination: Path) -> Path:
    """A private copy of the project's own default site: site.toml and every input folder it names or
    the build reads (content, templates, static, i18n) that exists. A build of it keeps its cache in
    the copy, not in the developer's .cache/build/."""
    config = load_config(ROOT / "site.toml")
    destination.mkdir(parents=True)
    shutil.copy2(ROOT / "site.toml", destination / "site.toml")
    for folder in (config.content_dir, config.templates_dir, config.static_dir, ROOT / "i18n"):
        if folder.is_dir():
            shutil.copytree(folder, destination / folder.relative_to(ROOT))
    return destination


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A private, writable copy of the small fixture site."""
    return copy_site(FIXTURE_SITE, tmp_path / "site")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture site built once (with search) for read-only assertions."""
    site = copy_site(FIXTURE_SITE, tmp_path_factory.mktemp("fixture") / "site")
    config = load_config(site / "site.toml")
    build(config)
    return config.output_dir


@pytest.fixture(scope="session")
def paged_fixture(tmp_path_factory) -> Path:
    """The fixture site with two more articles (an entry long enough for an archive page beside its
    main page: :func:`tools.pagekinds.lengthen`), built once (with search) for the browser tests
    that look at every kind of page."""
    from tools.pagekinds import lengthen

    site = copy_site(FIXTURE_SITE, tmp_path_factory.mktemp("paged") / "site")
    lengthen(site)
    config = load_config(site / "site.toml")
    build(config)
    return config.output_dir


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The project's own default site (the five seeds), built with search from a private copy."""
    config = load_config(copy_default_site(tmp_path_factory.mktemp("default") / "site") / "site.toml")
    build(config)
    return config.output_dir


def site_digest(output: Path) -> dict[str, str]:
    """Every file's hash, except the filter files Pagefind names differently on every run (upstream #638)."""
    skip = re.compile(r"pagefind/(?:.*/)?(?:filter/[^/]*\.pf_filter|pagefind-entry\.json|[^/]*\.pf_meta)$")
    return {
        p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(output.rglob("*"))
        if p.is_file() and not skip.search(p.relative_to(output).as_posix())
    }



def model_of(config):
    """The model (Site) of a site folder, as unit tests of feeds and the dataset read it."""
    from builder.site.content import load_corpus
    from builder.extract.matching import compile_matcher, extract_all
    from builder.site.events import Coverage
    from builder.site.model import assemble
    from builder.site.store import in_memory

    corpus = load_corpus(config.content_dir)
    tags = extract_all(corpus, compile_matcher(corpus.entities))
    catalogue, store = in_memory(corpus, tags)
    return assemble(catalogue, tags, config.related_count, Coverage(copies={}, same_event={}), store)


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` for a server the tests stop with Ctrl-C: SIGINT's default action back in the
    child, so Python turns it into KeyboardInterrupt even when the suite itself runs with SIGINT
    ignored (as a shell's background job does)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_group(process) -> None:
    """Stop a server started in its own process group: Ctrl-C first, then kill if it lingers."""
    import os
    import signal
    import subprocess

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args) -> None:
        pass


def serve(directory: Path, prefix: str = "/"):
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"


# Schemas: RFC 4287 Appendix B (RELAX NG) with its Schematron rules, and the sitemaps.org XSDs.


@pytest.fixture(scope="session")
def validators():
    etree = pytest.importorskip("lxml.etree")
    rng_doc = etree.parse(str(SCHEMAS / "atom.rng"))
    rules = [
        (rule.get("context"), test.get("test"), test.text)
        for rule in rng_doc.iter("{http://www.ascc.net/xml/schematron}rule")
        for test in rule.iter("{http://www.ascc.net/xml/schematron}assert")
    ]
    assert len(rules) == 3

    def atom(data: bytes) -> None:
        doc = etree.fromstring(data)
        schema = etree.RelaxNG(rng_doc)
        assert schema.validate(doc), schema.error_log
        for context, test, message in rules:
            for element in doc.xpath(f"//{context}", namespaces={"atom": ATOM_NS}):
                assert element.xpath(f"boolean({test})", namespaces={"atom": ATOM_NS}), message

    def xsd(name: str):
        schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name)))

        def validate(data: bytes) -> None:
            assert schema.validate(etree.fromstring(data)), schema.error_log

        return validate

    return {"atom": atom, "sitemap": xsd("sitemap.xsd"), "siteindex": xsd("siteindex.xsd")}
