"""`serve` as a user runs it: a subprocess on a free port, a browser watching it, files edited on disk."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from builder.serve import BuildState, content_type, resolve_request, worth_a_rebuild
from conftest import ctrl_c_as_in_a_terminal


def start(site: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "builder", "serve", "--port", "0", *extra],
        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=ctrl_c_as_in_a_terminal,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", line)
        if match:
            return process, match.group(1)
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError("serve did not start: " + (process.stdout.read() or ""))


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=20)
    return output


@pytest.fixture
def served(fixture_site):
    process, url = start(fixture_site, "--no-search")
    yield fixture_site, url, process
    if process.poll() is None:
        stop(process)


def raw_get(url: str, path: str) -> int:
    host, port = re.match(r"http://([\d.]+):(\d+)", url).groups()
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_traversal_attempts_are_refused(served, tmp_path):
    site, url, _ = served
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    os.symlink(secret, site / "output" / "escape.txt")
    os.symlink(tmp_path, site / "output" / "escape-dir")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2f..%2fetc/passwd",
                 "/static/../../site.toml", "//etc/passwd", str(secret), "/escape.txt", "/escape-dir/secret.txt",
                 "/static/%00.css", "/static\\..\\site.toml"):
        assert raw_get(url, path) in (403, 404), path
    assert raw_get(url, "/") == 200 and raw_get(url, "/actors/egypt/") == 200


def test_content_types(served):
    site, url, _ = served
    host, port = re.match(r"http://([\d.]+):(\d+)", url).groups()
    for path, expected in (("/", "text/html; charset=utf-8"), ("/static/site.css", "text/css; charset=utf-8"),
                           ("/static/fonts/noto-naskh-arabic-arabic-400-normal.woff2", "font/woff2")):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path)
        assert connection.getresponse().getheader("Content-Type") == expected, path
        connection.close()
    assert content_type(Path("x/wasm.ar.pf_fragment")) == "application/octet-stream"


def test_resolve_request_stays_inside_the_root(tmp_path):
    root = tmp_path / "out"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("x")
    assert resolve_request(root, "/base/", "/base/a/") == (root / "a" / "index.html").resolve()
    assert resolve_request(root, "/base/", "/a/") is None  # outside the base path
    assert resolve_request(root, "/base/", "/base/../out/a/") is None


def test_ctrl_c_stops_cleanly(fixture_site):
    process, _ = start(fixture_site, "--no-search")
    output = stop(process)
    assert process.returncode == 0 and "stopping" in output and "Traceback" not in output


@pytest.mark.browser
def test_edit_reloads_and_errors_show_as_an_overlay(served, browser):
    site, url, _ = served
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}articles/saddam-visit/")
    article = site / "content" / "articles" / "saddam-visit.md"
    original = article.read_text(encoding="utf-8")
    page.locator('script[src="/__livereload.js"]').wait_for(state="attached")
    page.wait_for_timeout(300)

    started = time.monotonic()
    article.write_text(original.replace("في زيارة رسمية", "في زيارة رسمية جديدة"), encoding="utf-8")
    page.get_by_text("زيارة رسمية جديدة").first.wait_for(timeout=20000)  # locator waits: no eval under the CSP
    assert time.monotonic() - started < 10

    config = site / "site.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good + "\nnot valid toml = = =\n", encoding="utf-8")
    overlay = page.wait_for_selector("#build-error-overlay", timeout=20000)
    assert "site.toml" in overlay.inner_text() and "not valid TOML" in overlay.inner_text()
    assert "زيارة رسمية جديدة" in page.locator("main").inner_text()  # the last good site is still there

    config.write_text(good, encoding="utf-8")
    page.locator("#build-error-overlay").wait_for(state="detached", timeout=20000)
    assert page.locator("h1").inner_text() == "صدام حفتر يزور القاهرة"
    context.close()


def lines_of(process: subprocess.Popen) -> tuple[queue.Queue, threading.Thread]:
    """serve's output lines, read by a thread of their own (a read never blocks the test past its
    deadline); the thread ends when the output does."""
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()
    return lines, reader


def read_until(lines: queue.Queue, pattern: str, seconds: float = 30) -> str:
    """Lines up to one matching ``pattern``; AssertionError (with what came) if none comes in time."""
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=max(0.0, deadline - time.monotonic())))
        except queue.Empty:
            break
        if re.search(pattern, seen[-1]):
            return "".join(seen)
    raise AssertionError(f"no line matching {pattern!r} in {seconds} s:\n" + "".join(seen))


def test_serve_over_an_unchanged_site_reads_the_articles_in_while_idle(fixture_site):
    """Started with nothing to build, serve reads the last build's records into memory in its first
    quiet second; a save after that is rebuilt as usual, and says so."""
    from builder.pipeline.orchestrator import build
    from builder.config import load_config

    build(load_config(fixture_site / "site.toml"), search=False)
    process, _ = start(fixture_site, "--no-search")
    lines, reader = lines_of(process)
    try:
        read_until(lines, r"^4 articles read into memory for quick rebuilds")
        article = fixture_site / "content" / "articles" / "saddam-visit.md"
        article.write_text(article.read_text(encoding="utf-8").replace("رسمية", "رسمية قصيرة"), encoding="utf-8")
        read_until(lines, r"^rebuilt \d+ pages")
    finally:
        process.send_signal(signal.SIGINT)  # the reader thread drains the output meanwhile
        process.wait(timeout=20)
        reader.join(timeout=10)
        process.stdout.close()
    assert "قصيرة" in (fixture_site / "output" / "articles" / "saddam-visit" / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_with_nothing_to_do_says_so(fixture_site):
    from builder.pipeline.orchestrator import BuildMemo
    from builder.serve import Settings, _rebuild

    said: list[str] = []
    for _ in range(2):
        _rebuild(Settings(fixture_site / "site.toml", None, "127.0.0.1", 8000), False, BuildState(), said.append,
                 BuildMemo())
    assert re.match(r"rebuilt \d+ pages in ", said[0])
    assert said[1] == "nothing changed since the last build (4 articles checked)"  # not "rebuilt 0 pages"


def test_build_state_wakes_waiters():
    state = BuildState()
    seen = state.snapshot()
    state.failed("boom")
    assert state.wait(seen, timeout=1) == (0, "boom")
    state.succeeded()
    assert state.snapshot() == (1, "")


def test_an_editors_own_files_set_off_no_rebuild(tmp_path):
    output = tmp_path / "output"
    articles, static = tmp_path / "content" / "articles", tmp_path / "static"
    for quiet in (articles / ".#saddam-visit.md", articles / "#saddam-visit.md#", articles / "saddam-visit.md~",
                  articles / ".saddam-visit.md.swp", output / "index.html"):
        assert not worth_a_rebuild(quiet, output), quiet
    for change in (articles / "saddam-visit.md", tmp_path / "content" / "actors" / "egypt.yaml",
                   static / ".well-known" / "security.txt", tmp_path / "site.toml"):
        assert worth_a_rebuild(change, output), change


def test_the_preview_names_the_address_it_serves_on(tmp_path):
    """site.toml's base_url is the local preview's address with port 8000; served on another port,
    the citations, canonical links and dataset.json name that port."""
    import json
    import urllib.request

    from conftest import copy_default_site

    site = copy_default_site(tmp_path / "site")
    assert 'base_url = "http://127.0.0.1:8000/"' in (site / "site.toml").read_text(encoding="utf-8")
    process, url = start(site, "--no-search")
    try:
        port = int(re.match(r"http://127\.0\.0\.1:(\d+)/", url).group(1))
        assert port != 8000
        slug = sorted(p.parent.name for p in (site / "output" / "articles").glob("*/index.html"))[0]
        html = urllib.request.urlopen(f"{url}articles/{slug}/", timeout=10).read().decode()
        manifest = json.loads(urllib.request.urlopen(f"{url}data/dataset.json", timeout=10).read())
    finally:
        stop(process)
    assert f'<link rel="canonical" href="{url}articles/{slug}/">' in html
    citation = re.search(r'<p class="citation">(.*?)</p>', html, re.S).group(1)
    assert f"{url}articles/{slug}/" in citation
    assert manifest["url"] == f"{url}data/"
    assert "127.0.0.1:8000" not in html + json.dumps(manifest)


def test_only_a_local_preview_address_follows_the_port(fixture_site):
    from builder.config import load_config
    from builder.serve import served_at

    config = load_config(fixture_site / "site.toml")
    for base, host, expected in (
        ("http://127.0.0.1:8000/", "127.0.0.1", "http://127.0.0.1:8765/"),
        ("http://localhost:8000/sub/", "0.0.0.0", "http://localhost:8765/sub/"),
        ("http://localhost/", "127.0.0.1", "http://127.0.0.1:8765/"),
        ("https://user.github.io/repo/", "127.0.0.1", "https://user.github.io/repo/"),
        ("/repo/", "127.0.0.1", "/repo/"),
    ):
        assert served_at(config.with_base_url(base), host, 8765).base_url == expected, base
