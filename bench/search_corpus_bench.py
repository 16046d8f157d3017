"""Ten queries on a built site of a real corpus: results, real results, bytes and time of a cold query.

    python bench/search_corpus_bench.py SITE [SITE ...] [--width 1366] [--out rows.json]

SITE is a site folder built with search (its output/ and content/articles/); several are measured
query by query in turn (before and after a change, under the same load). For each query, in
headless Chromium with an empty cache (text served gzip-compressed, as GitHub Pages does):

* results: the count the page states;
* real: among the results shown (the first ten), those whose article holds every query word (a
  word whose key begins with the query word's key), or every word of one of the other spellings the
  page searched;
* KB: what the cold query downloaded, all of it and the search data (everything under pagefind/),
  with the search data by kind (metadata, index chunks, filters, texts …) and the requests;
* ms to the results on screen (the page's data-shown), wall time and the page's main-thread time
  (Chromium's ThreadTime: the CPU time of the thread the scripts and Pagefind run on, which load on the machine does not inflate), the search data downloaded once the open
  filter panel has its counts too, then, on the same page, the time to open
  the filters (when they are closed) and of a click on the first value of the source filter.

The figures of docs/search.md (The 2018 corpus) are this script's, before and after a change.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import ARGS, CHROMIUM, _Gzip  # noqa: E402
from builder.search.keys import keys  # noqa: E402

# (query, extra URL parameters, the spellings a result may hold instead)
QUERIES = [
    ("مصر", "", ()),
    ("ترامب", "", ("ترمب",)),
    ("ميسترال", "", ()),
    ("القصيبي", "", ()),
    ("بنغازي", "", ()),
    ("نتنياهو", "", ("نتانياهو",)),
    ("الأمم المتحدة", "", ()),
    ('"ولي العهد السعودي"', "", ()),
    ("خاشقجي", "", ()),
    ("النفط", "&source=BBC Arabic", ()),
]
_KINDS = (("meta", ".pf_meta"), ("index chunks", ".pf_index"), ("filters", ".pf_filter"), ("filters", "/filters/"), ("texts", "/t/"),
          ("program", "pagefind.js"), ("program", ".pagefind"), ("entry", "entry.json"), ("directory", "/w/"),
          ("manifest", "search.json"), ("entities", "entities.json"))


def _real(site: Path, href: str, spellings: list[str]) -> bool:
    slug = unquote(href.split("/articles/", 1)[1].split("/", 1)[0].split("#")[0])
    text = (site / "content" / "articles" / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    title = re.search(r"^title: (.*)$", (site / "content" / "articles" / f"{slug}.md").read_text(encoding="utf-8"), re.M)
    held = set(keys(text + " " + (title.group(1) if title else "")))
    return any(all(any(k.startswith(q) for k in held) for q in keys(s)) for s in spellings)


def _query(browser, base: str, site: Path, query: str, extra: str, others: tuple, width: int) -> dict:
    """One cold query on a new browser context (an empty cache), then its filters."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))

    class _Sizes:  # (url, bytes) of the requests finished so far, read when asked
        def __len__(self):
            return len(requests)

        def __getitem__(self, at):
            return [(r.url, r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"])
                    for r in requests[at]]

        def __iter__(self):
            return iter(self[:])

    sizes = _Sizes()
    cdp = context.new_cdp_session(page)  # the page's main-thread time (CPU), beside the wall time
    cdp.send("Performance.enable")

    def busy() -> float:  # the main thread's CPU seconds (where the page's scripts and Pagefind run)
        return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "ThreadTime")

    start = time.perf_counter()
    page.goto(f"{base}?q={quote(query)}{extra}")
    # the results on screen: data-shown (before it existed, data-ready: results and filters)
    page.wait_for_selector("#search[data-shown], #search[data-ready]:not([aria-busy])", state="attached",
                           timeout=120000)
    cold = time.perf_counter() - start
    cold_cpu = busy()
    first = list(sizes)
    page.wait_for_selector("#search[data-ready]:not([aria-busy])", state="attached", timeout=120000)
    page.wait_for_timeout(300)
    complete = list(sizes)  # and the filters' counts, when the panel is open
    status = page.inner_text("#search-status")
    hrefs = page.eval_on_selector_all("#search-list li a.result-link", "as => as.map(a => a.getAttribute('href'))")
    real = sum(_real(site, h, [query.strip('"'), *others]) for h in hrefs)
    parts: dict[str, int] = {}
    for url, n in first:
        if "/pagefind/" in url:
            kind = next((k for k, pat in _KINDS if pat in url), "other")
            parts[kind] = parts.get(kind, 0) + n
    row = {"query": query + (extra.replace("&", " ") if extra else ""), "status": status,
           "real": f"{real}/{len(hrefs)}", "kb": sum(n for _, n in first) / 1024,
           "search_kb": sum(n for u, n in first if "/pagefind/" in u) / 1024,
           "parts": {k: round(v / 1024, 1) for k, v in parts.items()}, "requests": len(first),
           "cold_ms": round(cold * 1000), "cold_cpu_ms": round(cold_cpu * 1000),
           "with_filters_search_kb": round(sum(n for u, n in complete if "/pagefind/" in u) / 1024, 1)}
    if not page.evaluate("document.getElementById('search-filters').open"):
        ready = page.get_attribute("#search", "data-ready")
        before = len(sizes)
        start = time.perf_counter()
        page.click("#search-filters > summary")
        page.wait_for_selector(f"#search:not([data-ready='{ready}']):not([aria-busy])", state="attached",
                               timeout=120000)
        row["open_filters_ms"] = round((time.perf_counter() - start) * 1000)
        row["open_filters_kb"] = round(sum(n for _, n in sizes[before:]) / 1024, 1)
    box = "#search-facets input[name=source]:not(:checked)"
    if page.query_selector(box):
        ready = page.get_attribute("#search", "data-ready")
        start, start_cpu = time.perf_counter(), busy()
        page.click(box, timeout=120000)
        page.wait_for_selector(f"#search:not([data-ready='{ready}']):not([aria-busy])", state="attached",
                               timeout=120000)
        row["filter_click_ms"] = round((time.perf_counter() - start) * 1000)
        row["filter_click_cpu_ms"] = round((busy() - start_cpu) * 1000)
    context.close()
    return row


def measure(sites: list[Path], width: int, skip: int = 0) -> list[list[dict]]:
    """Each query on each site in turn (A/B pairs under the same load): a list of rows a site."""
    from playwright.sync_api import sync_playwright

    servers, bases = [], []
    for site in sites:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site / "output")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases.append(f"http://127.0.0.1:{server.server_address[1]}/search/")
    rows: list[list[dict]] = [[] for _ in sites]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for query, extra, others in QUERIES[skip:]:
                for n, (site, base) in enumerate(zip(sites, bases)):
                    row = {"site": str(site), **_query(browser, base, site, query, extra, others, width)}
                    rows[n].append(row)
                    print(json.dumps(row, ensure_ascii=False), flush=True)
            browser.close()
    finally:
        for server in servers:
            server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="+", help="one or more sites, measured query by query in turn")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first SKIP queries")
    args = parser.parse_args()
    rows = measure(args.site, args.width, args.skip)
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
