"""`check` finds what a reader would trip over, one line per problem."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urljoin, urlsplit

import pytest

from builder.pipeline.orchestrator import build
from builder.check import check_content, check_site, find_vnu
from builder.config import load_config
from conftest import ROOT, run_cli, serve


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
def test_broken_links_anchors_and_headings_are_reported(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    page = config.output_dir / "articles" / "saddam-visit" / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace('href="#p-1"', 'href="#p-99"', 1).replace("</main>", '<h1>x</h1><a href="/nowhere/">x</a><img src="/static/none.png" alt=""></main>')
    page.write_text(html, encoding="utf-8")
    problems = check_site(config.output_dir, "/")
    assert problems == [
        "articles/saddam-visit/index.html: has 2 h1 elements, expected 1",
        "articles/saddam-visit/index.html: broken anchor '#p-99'",
        "articles/saddam-visit/index.html: broken link '/nowhere/'",
        "articles/saddam-visit/index.html: broken link '/static/none.png'",
    ]
    result = run_cli("check", cwd=fixture_site)
    assert result.returncode == 1 and "4 problems" in result.stdout.splitlines()[-1]


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
def test_a_site_built_for_another_base_url_is_said_so_in_one_line(fixture_site):
    """Built with --base-url, checked without it: every link looked broken (hundreds of lines on the
    default site); one line now names the base URL the pages were built for and the option to pass."""
    built = run_cli("build", "--no-search", "--base-url", "https://user.github.io/repo/", cwd=fixture_site)
    assert built.returncode == 0, built.stderr
    result = run_cli("check", cwd=fixture_site)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "every link starts with '/repo/', not with the base path '/': the site was built for --base-url "
        "https://user.github.io/repo/; check it with the same option (links not checked)"
    )
    assert "broken link" not in result.stdout and result.stdout.splitlines()[-1].endswith(": 1 problem")
    config = load_config(fixture_site / "site.toml")
    assert check_site(config.output_dir, "/repo/") == []
    # A relative base (no canonical address to give): the path itself; and the other way round.
    assert check_site(config.output_dir, "/research/")[0].startswith(
        "every link starts with '/repo/', not with the base path '/research/'")
    build(config.with_base_url("/"), search=False)
    assert check_site(config.output_dir, "/repo/")[0] == (
        "every link starts with '/', not with the base path '/repo/': the site was built for --base-url /; check it "
        "with the same option (links not checked)"
    )
    assert check_site(config.output_dir, "/") == []


def test_content_lint_names_file_and_line(fixture_site):
    article = fixture_site / "content" / "articles" / "vetoed.md"
    article.write_text(article.read_text(encoding="utf-8").replace("  - egypt", "  - egpyt"), encoding="utf-8")
    assert check_content(fixture_site / "content") == [
        f"{article}:5: veto names 'egpyt', which is not in the knowledge base (did you mean 'egypt' «مصر»?)"
    ]


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
@pytest.mark.skipif(not shutil.which("java"), reason="the Nu Html Checker needs Java")
def test_default_site_is_valid_html(default_site):
    jar = find_vnu(ROOT)
    if jar is None:
        pytest.fail("vnu.jar is missing: `make test` installs it with npm")
    from builder.check import check_html_validity

    assert check_html_validity(default_site, jar) == []


@pytest.mark.slow  # `check` runs the Nu Html Checker (Java)
def test_sub_path_build_passes_check_and_a_crawl(fixture_site):
    """base_url = https://example.github.io/research/, served under /research/: every page reachable, every link 200."""
    (fixture_site / "site.toml").write_text(
        (fixture_site / "site.toml").read_text(encoding="utf-8").replace('base_url = "/"', 'base_url = "https://example.github.io/research/"'),
        encoding="utf-8",
    )
    config = load_config(fixture_site / "site.toml")
    build(config)
    result = run_cli("check", cwd=fixture_site)
    assert result.returncode == 0, result.stdout
    server, url = serve(config.output_dir, prefix="/research/")
    import urllib.request

    try:
        seen, queue = set(), [url]
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            with urllib.request.urlopen(current, timeout=10) as response:
                assert response.status == 200, current
                if "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                html = response.read().decode("utf-8")
            for link in re.findall(r'(?:href|src)="([^"#]+)', html):
                absolute = urljoin(current, link)
                if urlsplit(absolute).netloc == urlsplit(url).netloc:
                    assert urlsplit(absolute).path.startswith("/research/"), (current, link)
                    queue.append(absolute)
        pages = [u for u in seen if u.endswith("/")]
        assert len(pages) >= 18
    finally:
        server.shutdown()
