"""Search at scale: index time, memory and size, and what one query costs a reader.

    python bench/search_bench.py [--articles 1000 10000] [--piece-size 500] [--work /tmp/search-bench]

For each corpus size: generate the corpus (bench/generate.py, reused when already
there), build the site without search, then index it and measure

* indexing time, peak memory of this process and of the largest Pagefind process;
* the index on disk: Pagefind's files and the original texts beside them;
* in headless Chromium, for a few typical queries opened cold (empty cache), the
  bytes the reader downloads (all files, and Pagefind's/the index's share) and the
  time until the results are on screen, then the time of a second query typed on
  the same page. Text files are served gzip-compressed, as GitHub Pages does.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from builder.pipeline.orchestrator import build  # noqa: E402
from builder.config import SEARCH_PIECE_SIZE, load_config  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
QUERIES = ["الانتخابات", "بنغازي", "النفط في بنغازي"]
_TEXT = (".js", ".json", ".css", ".html", ".svg")
_KINDS = (("pagefind.js", "pagefind.js"), ("wasm", ".pagefind"), ("meta", ".pf_meta"), ("entry", "entry.json"),
          ("index chunks", ".pf_index"), ("filters", ".pf_filter"), ("texts", ".gz"), ("manifest", "search.json"))


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser asks, like GitHub Pages."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in _TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


_INDEX_RUNNER = """
import json, resource, sys
from pathlib import Path
from builder.pipeline.orchestrator import build
from builder.config import load_config
report = build(load_config(Path(sys.argv[1]) / "site.toml"), search=True, workers=1)
print(json.dumps({"articles": report.articles, "index_s": dict(report.timings).get("search", 0.0),
                  "py_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pagefind_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _index_in_fresh_process(site_root: Path) -> dict:
    """One build with search in its own process, on one core: its only children are Pagefind's."""
    done = subprocess.run([sys.executable, "-c", _INDEX_RUNNER, str(site_root)], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_index(site_root: Path, piece_size: int) -> dict:
    """Index the built site from an empty search cache, then again (every piece from the cache)."""
    _set_piece_size(site_root / "site.toml", piece_size)
    config = load_config(site_root / "site.toml")
    build(config, search=False)  # pages and extraction up to date: what follows is indexing
    shutil.rmtree(config.root / ".cache" / "search", ignore_errors=True)
    first = _index_in_fresh_process(site_root)
    (config.output_dir / "index.html").unlink()  # past the nothing-changed shortcut: every piece from the cache
    again = _index_in_fresh_process(site_root)
    out = config.output_dir
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    texts = {p for p in files if p.parent.name == "t"}
    manifest = (out / "pagefind" / "search.json").read_text(encoding="utf-8")
    return {
        **first,
        "pieces": manifest.count('"path"'),
        "cached_s": again["index_s"],
        "index_mb": sum(p.stat().st_size for p in files if p not in texts) / 1e6,
        "texts_mb": sum(p.stat().st_size for p in texts) / 1e6,
        "files": len(files),
        "output": out,
    }


def _set_piece_size(site_toml: Path, piece_size: int) -> None:
    """``[search] piece_size`` in the generated site.toml (which has no [search] table of its own)."""
    text = site_toml.read_text(encoding="utf-8").split("\n[search]\n")[0].rstrip("\n")
    site_toml.write_text(f"{text}\n\n[search]\npiece_size = {piece_size}\n", encoding="utf-8")


def measure_queries(output: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for query in QUERIES:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[tuple[str, int]] = []

                def on_finished(request, sizes=sizes):
                    s = request.sizes()
                    sizes.append((request.url, s["responseBodySize"] + s["responseHeadersSize"]))

                page.on("requestfinished", on_finished)
                start = time.perf_counter()
                page.goto(f"{url}?q={query}")
                page.wait_for_selector("#search[data-ready]:not([aria-busy])", state="attached", timeout=60000)
                cold = time.perf_counter() - start
                found = page.inner_text("#search-status")
                first = list(sizes)  # what the cold query fetched (the next query adds to sizes)
                total = sum(n for _, n in first)
                index = sum(n for u, n in first if "/pagefind/" in u)
                ready = page.get_attribute("#search", "data-ready")
                start = time.perf_counter()
                page.fill("#search-q", query + " الليبية")
                page.press("#search-q", "Enter")
                page.wait_for_selector(f"#search:not([data-ready='{ready}']):not([aria-busy])", state="attached",
                                       timeout=60000)
                warm = time.perf_counter() - start
                parts: dict[str, int] = {}
                for u, n in first:
                    if "/pagefind/" in u:
                        kind = next((k for k, pat in _KINDS if pat in u), "other")
                        parts[kind] = parts.get(kind, 0) + n
                rows.append({"query": query, "found": found, "kb": total / 1024, "index_kb": index / 1024, "parts": parts,
                             "requests": len(first), "cold_s": cold, "warm_s": warm})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--piece-size", type=int, default=SEARCH_PIECE_SIZE, help="records a piece (default: the builder's)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    args = parser.parse_args()
    for n in args.articles:
        site_root = args.work / f"g{n}"
        if not (site_root / "site.toml").is_file():
            generate(site_root, n)
        row = measure_index(site_root, args.piece_size)
        print(f"\n{n} articles, piece size {args.piece_size}: {row['pieces']} pieces, {row['files']} files")
        print(f"  indexing {row['index_s']:.1f} s (again, all pieces cached: {row['cached_s']:.1f} s) · peak memory: builder {row['py_peak_mb']:.0f} MB, "
              f"largest Pagefind process {row['pagefind_peak_mb']:.0f} MB")
        print(f"  on disk: index {row['index_mb']:.1f} MB + original texts {row['texts_mb']:.1f} MB")
        print(f"  {'query':<22} {'results':<16} {'downloaded':>11} {'of it index':>12} {'search data':>12} "
              f"{'requests':>9} {'cold':>7} {'next':>7}")
        for q in measure_queries(row["output"]):
            # search data: what depends on the index (chunks, metadata, filters, excerpt texts), not
            # Pagefind's program (pagefind.js and the WebAssembly, the same for every query and cached)
            data = sum(v for k, v in q["parts"].items() if k not in ("pagefind.js", "wasm")) / 1024
            print(f"  {q['query']:<22} {q['found']:<16} {q['kb']:>8.0f} KB {q['index_kb']:>9.0f} KB {data:>9.0f} KB "
                  f"{q['requests']:>9} {q['cold_s']:>6.2f}s {q['warm_s']:>6.2f}s")
            print("      " + ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sorted(q["parts"].items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
