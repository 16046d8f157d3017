"""The real corpus, whole: ingest all of ant-2018.jsonl.gz into a fresh site and build it with search
(a figure, not a test).

    nice -n 10 .venv/bin/python bench/real_corpus.py [--work /tmp/real-corpus] [--corpus FILE]
                                                     [--out bench/results/real-corpus-DATE.md]

From a fresh ``new_site`` in ``--work`` (deleted first), two processes of their own, one after the
other: ``ingest`` of the whole export (../shared/corpora/ant-2018.jsonl.gz), then a clean ``build``
with search. Each is timed by phase (ingest is one phase; the build's phases are the ones
``BuildReport.timings`` gives, ``search`` being the wait for Pagefind after the pages are written)
and its memory sampled every 0.2 s: the resident memory of the process itself and of all its child
processes together (the render workers, the dataset writer, Pagefind), the peak of each kept per
phase. It prints the table and writes it, with the counts and the machine, to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpora" / "ant-2018.jsonl.gz"
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (children, their children…), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


class Sampler:
    """Peak resident memory (MB) of this process and of its children together, per named phase."""

    def __init__(self) -> None:
        self.phase = "start"
        self.peaks: dict[str, list[float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def enter(self, phase: str) -> None:
        self._sample()
        self.phase = phase

    def _sample(self) -> None:
        me = os.getpid()
        own = _rss_kb(me) / 1024
        children = sum(map(_rss_kb, _descendants(me))) / 1024
        peak = self.peaks.setdefault(self.phase, [0.0, 0.0])
        peak[0], peak[1] = max(peak[0], own), max(peak[1], children)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()


def run_ingest(site: Path, corpus: Path) -> dict:
    from builder.ingestion.command import ingest

    counts: dict[str, int] = {}

    def outcome(result) -> None:
        counts[result.status] = counts.get(result.status, 0) + 1

    with Sampler() as sampler:
        sampler.enter("ingest")
        start = time.perf_counter()
        ingest([corpus], site / "content", on_outcome=outcome)
        seconds = time.perf_counter() - start
    return {"phases": {"ingest": seconds}, "peaks": sampler.peaks, "counts": counts}


def run_build(site: Path) -> dict:
    from builder.config import load_config
    from builder.pipeline.orchestrator import build

    with Sampler() as sampler:
        report = build(load_config(site / "site.toml"), search=True, progress=lambda said: sampler.enter(said.split(":")[0]))
    return {"phases": dict(report.timings), "peaks": sampler.peaks,
            "counts": {"articles": report.articles, "pages": report.pages, "entries": report.entities}}


def child(kind: str, site: Path, corpus: Path) -> dict:
    """Run one step in a fresh interpreter (its memory its own) and read back what it measured."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--step", kind, "--work", str(site), "--corpus", str(corpus)],
                          check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["command"] = time.perf_counter() - start
    return result


def table(ingested: dict, built: dict) -> list[str]:
    lines = ["| step | phase | seconds | peak MB, process | peak MB, its children |", "|---|---|---:|---:|---:|"]
    for step, result in (("ingest", ingested), ("build", built)):
        for phase, seconds in result["phases"].items():
            own, children = result["peaks"].get(phase, [0.0, 0.0])
            lines.append(f"| {step} | {phase} | {seconds:.1f} | {own:.0f} | {children:.0f} |")
        lines.append(f"| {step} | **whole command** | **{result['command']:.1f}** | "
                     f"{max(p[0] for p in result['peaks'].values()):.0f} | {max(p[1] for p in result['peaks'].values()):.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/real-corpus"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / f"real-corpus-{dt.date.today()}.md")
    parser.add_argument("--step", choices=("ingest", "build"), help=argparse.SUPPRESS)  # a child's own step
    args = parser.parse_args()
    if args.step:
        result = run_ingest(args.work, args.corpus) if args.step == "ingest" else run_build(args.work)
        print(json.dumps(result))
        return

    from builder.scaffold import new_site

    shutil.rmtree(args.work, ignore_errors=True)
    new_site(args.work)
    ingested = child("ingest", args.work, args.corpus)
    built = child("build", args.work, args.corpus)
    output = args.work / "output"
    size = sum(f.stat().st_size for f in output.rglob("*") if f.is_file()) / 2**20
    lines = [
        f"# The real corpus, whole: {args.corpus.name} ingested and built with search",
        "",
        f"{dt.date.today()}, {platform.machine()}, {os.cpu_count()} cores, load average at the end "
        f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}; `bench/real_corpus.py`.",
        "",
        f"Ingest: {', '.join(f'{n:,} {status}' for status, n in sorted(ingested['counts'].items()))}. "
        f"Build: {built['counts']['articles']:,} articles, {built['counts']['entries']:,} entries, "
        f"{built['counts']['pages']:,} pages, output {size:,.0f} MB.",
        "",
        *table(ingested, built),
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
