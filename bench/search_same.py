"""Two builds of one site, the same results: for each query (and filter), what the search page shows on
each, compared (a check of a change to search.js or to the index, not a test).

    python bench/search_same.py OUTPUT_A OUTPUT_B [--width 1366]

For each query of ``QUERIES`` (the ten of bench/search_corpus_bench.py, each again sorted by date and
with a filter, and filters alone), on one page per site (so later queries find the index loaded, as a
reader's do): the status line (the counts), the first page of result links, the entries shown, and
every filter value with its count once the filter panel is open. Prints each difference; exits 1 if any.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import ARGS, CHROMIUM, _Gzip  # noqa: E402

WORDS = ["مصر", "ترامب", "ميسترال", "القصيبي", "بنغازي", "نتنياهو", "الأمم المتحدة", '"ولي العهد السعودي"', "خاشقجي",
         "النفط", "النفط في بنغازي", "حفتر", "الكرم", "انتخاب", "قصي"]
QUERIES = ([{"q": w} for w in WORDS] + [{"q": w, "sort": "date"} for w in WORDS[:4]]
           + [{"q": "النفط", "source": "BBC Arabic"}, {"q": "مصر", "year": "2018"}, {"q": "ترامب", "source": ["BBC Arabic", "CNN Arabic"]},
              {"q": "ليبيا", "actor": "خليفة حفتر"}, {"actor": "خليفة حفتر"}, {"source": "BBC Arabic", "sort": "date"},
              {"place": "بنغازي", "actor": "خليفة حفتر"}, {"q": "مصر", "year": ["2014", "2018"]}])


def shown(output: Path, width: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/search/"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base)
            page.wait_for_selector("#search[data-ready]:not([aria-busy])", state="attached", timeout=300000)
            if not page.evaluate("document.getElementById('search-filters').open"):
                page.click("#search-filters > summary")
            for params in QUERIES:
                before = page.get_attribute("#search", "data-ready")
                target = base + "?" + urlencode(params, doseq=True)
                page.evaluate("url => { history.pushState(null, '', url); dispatchEvent(new PopStateEvent('popstate')); }", target)
                page.wait_for_selector(f"#search[data-ready]:not([data-ready='{before}']):not([aria-busy])", state="attached",
                                       timeout=300000)
                page.wait_for_timeout(200)
                rows.append({
                    "status": page.inner_text("#search-status"),
                    "results": page.locator(".result-link").evaluate_all("a => a.map(x => x.getAttribute('href'))"),
                    "entries": page.locator(".entity-link").evaluate_all("a => a.map(x => x.getAttribute('href'))"),
                    "facets": page.locator(".facet label").all_inner_texts(),
                })
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--width", type=int, default=1366)
    args = parser.parse_args()
    a, b = shown(args.a, args.width), shown(args.b, args.width)
    differ = 0
    for params, x, y in zip(QUERIES, a, b):
        same = x == y
        differ += not same
        print(("same   " if same else "DIFFER ") + str(params) + f"  {x['status']} · {len(x['facets'])} filter values")
        if not same:
            for key in x:
                if x[key] != y[key]:
                    print(f"  {key}:\n    {x[key]}\n    {y[key]}")
    print(f"{len(QUERIES) - differ} of {len(QUERIES)} the same")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
