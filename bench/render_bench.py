"""Where a clean render goes, by kind of page, and what the research views cost (a figure, not a test).

    .venv/bin/python bench/render_bench.py [--articles 10000] [--work /tmp/render-bench]

Generates a corpus (bench/generate.py), builds it once, deletes output/ and builds again in one
process (one worker), so every page is rendered and the tagging is read back from the cache. It
prints, for each kind of page (the first part of its URL; "…/p" for the later pages of a list),
how many were rendered, the time and the mean, and the time of the other parts of the build that
serve the research views: same-event links and copies, the dataset, the feeds (written only for
an absolute base_url, which the generated site does not set).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from builder.pipeline.orchestrator import build  # noqa: E402
from builder.pipeline.seams import Seams  # noqa: E402
from builder.config import load_config  # noqa: E402

TIMED = ("find_coverage", "write_dataset", "feed_files")


def kind_of(url: str) -> str:
    parts = url.strip("/").split("/")
    return (parts[0] or "home") + ("/p" if "page" in parts[1:] else "")


def timed(spent: dict[str, list[float]]) -> Seams:
    """The build's render_page and TIMED steps, each call's time added up (the build's seams)."""
    real = Seams()

    def wrap(name, key):
        original = getattr(real, name)

        def call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                entry = spent[key(args)]
                entry[0] += 1
                entry[1] += time.perf_counter() - start

        return call

    return replace(real, render_page=wrap("render_page", lambda args: kind_of(args[1].url)),
                   **{name: wrap(name, lambda args, name=name: name) for name in TIMED})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/render-bench"))
    args = parser.parse_args()
    site = args.work / f"site-{args.articles}"
    print(f"generating {args.articles} articles…", flush=True)
    generate(site, args.articles)
    config = load_config(site / "site.toml")
    build(config, search=False)
    shutil.rmtree(config.output_dir)
    spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    start = time.perf_counter()
    report = build(config, search=False, workers=1, seams=timed(spent))
    total = time.perf_counter() - start
    phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.timings)
    print(f"\n{report.pages} pages rendered in one process: build {total:.2f} s ({phases})\n")
    print(f"{'kind':<16} {'pages':>6} {'seconds':>8} {'ms a page':>10}")
    for kind, (count, seconds) in sorted(spent.items(), key=lambda item: -item[1][1]):
        if kind not in TIMED:
            print(f"{kind:<16} {count:>6} {seconds:>8.2f} {seconds / count * 1000:>10.2f}")
    print()
    for name in TIMED:
        count, seconds = spent.get(name, (0, 0.0))
        print(f"{name:<16} {seconds:>8.2f} s" + ("" if count else "  (not called)"))


if __name__ == "__main__":
    main()
