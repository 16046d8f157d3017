"""Time from saving an article to the reloaded page, with `serve` and headless Chromium (a figure, not a test).

    .venv/bin/python bench/reload_bench.py [SITE] [--times 3] [--no-search]

SITE defaults to a copy of the project's own site. `serve` starts on a free port; Chromium opens an
article; the script appends a sentence to its file and measures until the new text shows.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path)
    parser.add_argument("--times", type=int, default=3)
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp()) / "site"
        shutil.copytree(ROOT, site, ignore=shutil.ignore_patterns(".git", ".venv", "output", ".cache", "tests", "bench"))
    command = [sys.executable, "-u", "-m", "builder", "serve", "--port", "0", *(["--no-search"] if args.no_search else [])]
    server = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = None
    while url is None:
        line = server.stdout.readline()
        if not line:
            raise SystemExit("serve stopped")
        match = re.search(r"serving (http://\S+)", line)
        url = match.group(1) if match else None
    article = sorted((site / "content" / "articles").glob("*.md"))[0]
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(f"{url}articles/{article.stem}/")
        page.locator('script[src="/__livereload.js"]').wait_for(state="attached")
        page.wait_for_timeout(500)
        for n in range(args.times):
            marker = f"جملة القياس رقم {n} {time.time_ns()}"
            started = time.perf_counter()
            article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}.\n", encoding="utf-8")
            page.get_by_text(marker).first.wait_for(timeout=600_000)
            times.append(time.perf_counter() - started)
            print(f"save → reloaded page: {times[-1]:.2f} s", flush=True)
            page.wait_for_timeout(1000)
        browser.close()
    server.send_signal(signal.SIGINT)
    server.wait(timeout=30)
    print(f"{site}: median {statistics.median(times):.2f} s over {len(times)} saves")


if __name__ == "__main__":
    main()
