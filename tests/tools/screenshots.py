"""Screenshots of every kind of page, at phone and desktop width, in the light and the dark theme.

    .venv/bin/python tests/tools/screenshots.py [--out .cache/screenshots] [--docs]

Builds the default site and the fixture site (for the paginated pages) into a temporary folder,
serves them on 127.0.0.1 and saves ``<kind>-<phone|desktop>-<light|dark>.png`` (whole pages) into
--out, which is git-ignored. --docs also refreshes the pictures the README shows (DOCS, into
docs/screenshots/). `make screenshots` runs this with --docs; tests/e2e/test_screenshots.py takes
the light theme's set on every test run, checking that nothing overflows a phone's width.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURE_SITE, copy_default_site, copy_site, serve  # noqa: E402
from tools.pagekinds import DESKTOP, PHONE, lengthen, open_kind, page_kinds  # noqa: E402

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ("light", "dark")
# The README's pictures, first screen only: file in docs/screenshots/ → (kind, viewport, scheme, pixel ratio).
DOCS = {
    "home.png": ("home", {"width": 1280, "height": 1000}, "light", 1),
    "article-phone-dark.png": ("article", {"width": 360, "height": 780}, "dark", 2),
}


def build_sites(into: Path) -> dict[str, Path]:
    """The default site and the fixture site, built with search; their output folders."""
    from builder.pipeline.orchestrator import build
    from builder.config import load_config

    default = load_config(copy_default_site(into / "default-site") / "site.toml")
    build(default)
    fixture_site = copy_site(FIXTURE_SITE, into / "fixture-site")
    lengthen(fixture_site)  # an entry with an archive page
    fixture = load_config(fixture_site / "site.toml")
    build(fixture)
    return {"default": default.output_dir, "fixture": fixture.output_dir}


def shoot(browser, outputs: dict[str, Path], out: Path) -> list[Path]:
    """Every kind × width × scheme into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    servers = {name: serve(folder) for name, folder in outputs.items()}
    written = []
    try:
        for kind in page_kinds(outputs["default"], outputs["fixture"]).values():
            for width, viewport in WIDTHS.items():
                for scheme in SCHEMES:
                    tab = open_kind(browser, kind, servers[kind.site][1], viewport, scheme)
                    path = out / f"{kind.name}-{width}-{scheme}.png"
                    tab.screenshot(path=str(path), full_page=True)
                    tab.context.close()
                    written.append(path)
    finally:
        for server, _ in servers.values():
            server.shutdown()
    return written


def shoot_docs(browser, outputs: dict[str, Path], folder: Path) -> list[Path]:
    """The README's pictures (DOCS), into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = page_kinds(outputs["default"], outputs["fixture"])
    server, root = serve(outputs["default"])
    written = []
    try:
        for name, (kind, viewport, scheme, ratio) in DOCS.items():
            tab = open_kind(browser, kinds[kind], root, viewport, scheme, device_scale_factor=ratio)
            tab.screenshot(path=str(folder / name))
            tab.context.close()
            written.append(folder / name)
    finally:
        server.shutdown()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "screenshots")
    parser.add_argument("--docs", action="store_true", help="also copy the README's pictures into docs/screenshots/")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        outputs = build_sites(Path(tmp))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            written = shoot(browser, outputs, args.out)
            print(f"{len(written)} screenshots in {args.out}")
            if args.docs:
                for path in shoot_docs(browser, outputs, ROOT / "docs" / "screenshots"):
                    print(path.relative_to(ROOT))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
