"""Same-event links and copies on the real corpus (../shared/corpora/ant-2018.jsonl.gz).

    .venv/bin/python bench/events_real.py [--category middleEast] [--sample 50 --seed 1]
                                          [--out /tmp/events-sample.md] [--keep-repeats]
                                          [--site DIR]

Reads the shared file record by record, makes each record an Article the way the builder makes
one from an imported file (title, date from ``published``, source from ``outlet``, one paragraph
a line of ``text``), tags it with the project's knowledge base (content/) and computes its text
features, then runs :func:`builder.site.events.find_coverage` once over all of them and prints:

- the articles read, the links found (pairs) and the articles that get one, for copies and for
  same-event links, with the outlet pairs they join;
- the time of find_coverage (the step the build runs), tagging and features apart.

With ``--out`` it writes a random sample (``--seed``) of ``--sample`` same-event pairs and as many
copies, each with both titles, dates, outlets, scores and leading paragraphs, to be read and
judged by hand (docs/events.md gives the figures so measured).

With ``--site DIR`` the articles are read instead from a site into which the corpus was ingested
(``arsite new DIR``, then ``arsite ingest ant-2018.jsonl.gz`` in it): the texts the build sees, the
outlets' footers, teasers and datelines taken out. They are still tagged with this project's
knowledge base, so that the figures compare with the record mode's. ``--skip N`` leaves out the first N
pairs of the shuffled order, and ``--exclude FILE…`` leaves out every pair an earlier sample file holds,
so that a fresh sample shares nothing with one already read.

A record whose URL an earlier record already had (the same story filed under two categories) is
left out unless ``--keep-repeats``: it would be a copy of itself. Records with no text are left
out. A figure, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.extract.arabic import tokenize  # noqa: E402
from builder.config import EventSettings  # noqa: E402
from builder.site.content import load_article, load_entities, new_markdown, render_body  # noqa: E402
from builder.site.events import TermMemo, find_coverage, text_features  # noqa: E402
from builder.extract.matching import TITLE_ANCHOR, compile_matcher, extract_article  # noqa: E402
from builder.site.records import Article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ant-2018.jsonl.gz"
_UNSAFE = re.compile(r"[\\`*_\[\]<>&#|]")  # kept plain: the fast paragraph path of render_body


def records(path: Path, category: str | None, keep_repeats: bool):
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if category and record.get("category") != category:
                continue
            url = record.get("url") or ""
            if url and url in seen and not keep_repeats:
                continue
            seen.add(url)
            if (record.get("text") or "").strip():
                yield record


def article_of(record: dict, md) -> Article:
    paragraphs = [" ".join(_UNSAFE.sub(" ", p).split()) for p in record["text"].split("\n")]
    body = "\n\n".join(p for p in paragraphs if p)
    _, blocks, words = render_body(md, body, 1)
    published = email.utils.parsedate_to_datetime(record["published"])
    slug = re.sub(r"[^a-z0-9]+", "-", record["id"].lower()).strip("-")
    return Article(
        slug=slug, path=Path(f"{slug}.md"), title=(record.get("title") or "").strip() or blocks[0].text[:80],
        date=dt.date(published.year, published.month, published.day), source=record["outlet"],
        source_url=record.get("url") or "", set_by_hand=(), pins=(), vetoes=(), original="", body_html="",
        blocks=blocks, word_count=words,
    )


def corpus_articles(category: str | None, keep_repeats: bool, md):
    seen_slugs: Counter = Counter()
    for record in records(CORPUS, category, keep_repeats):
        article = article_of(record, md)
        seen_slugs[article.slug] += 1
        if seen_slugs[article.slug] > 1:  # an id filed twice: the second under its own slug
            article = _renamed(article, f"{article.slug}-{seen_slugs[article.slug]}")
        yield article


def site_articles(site: Path, md):
    """The articles `ingest` wrote into ``site`` (content/articles), read as the build reads them."""
    for path in sorted((site / "content" / "articles").glob("*.md")):
        yield load_article(path, md)


def load(category: str | None, keep_repeats: bool, site: Path | None = None):
    matcher = compile_matcher(load_entities(ROOT / "content"))
    md, memo = new_markdown(), TermMemo()
    articles, tags, features = [], {}, {}
    tagging = featuring = 0.0
    found = site_articles(site, md) if site else corpus_articles(category, keep_repeats, md)
    for article in found:
        if article.date is None:
            continue
        start = time.perf_counter()
        tokens = {block.anchor: tokenize(block.text) for block in article.blocks}
        tokens[TITLE_ANCHOR] = tokenize(article.title)
        tags[article.slug] = extract_article(matcher, article, tokens)
        middle = time.perf_counter()
        features[article.slug] = text_features(article, tokens, memo)
        featuring += time.perf_counter() - middle
        tagging += middle - start
        articles.append(article)
    types = {slug: entity.type for slug, entity in matcher.entities.items()}
    return articles, tags, features, types, tagging, featuring


def _renamed(article: Article, slug: str) -> Article:
    from dataclasses import replace

    return replace(article, slug=slug, path=Path(f"{slug}.md"))


def pairs_of(links: dict) -> list[tuple[str, str, float]]:
    return sorted({(a, link.article, link.score) for a, found in links.items() for link in found if a < link.article})


def outlet(name: str) -> str:
    return name.split(" (")[0]


def summary(kind: str, pairs, by_slug) -> None:
    linked = {slug for a, b, _ in pairs for slug in (a, b)}
    outlets = Counter(tuple(sorted((outlet(by_slug[a].source), outlet(by_slug[b].source)))) for a, b, _ in pairs)
    same = sum(n for (x, y), n in outlets.items() if x == y)
    print(f"{kind}: {len(pairs)} pairs, {len(linked)} articles linked; same outlet {same}, across outlets {len(pairs) - same}")
    for (x, y), n in outlets.most_common(8):
        print(f"    {n:6d}  {x} — {y}")


def lead(article: Article, limit: int = 450) -> str:
    text = " ¶ ".join(block.text for block in article.blocks)
    return text[:limit] + ("…" if len(text) > limit else "")


def tail(article: Article, limit: int = 200) -> str:
    return article.blocks[-1].text[:limit] if len(article.blocks) > 1 else ""


def read_pairs(samples: list[Path]) -> set[frozenset]:
    """The pairs an earlier sample file holds (its ``### s1  a ↔ b`` lines)."""
    found = set()
    for sample in samples:
        for match in re.finditer(r"^### \S+  (\S+) ↔ (\S+)", sample.read_text(encoding="utf-8"), re.M):
            found.add(frozenset(match.groups()))
    return found


def write_sample(out: Path, kinds: dict, by_slug, size: int, seed: int, skip: int, read: set[frozenset] = frozenset()) -> None:
    lines = [f"# events sample: seed {seed}, skip {skip}, {size} a kind\n"]
    for kind, pairs in kinds.items():
        chosen = [pair for pair in pairs if frozenset(pair[:2]) not in read]
        random.Random(seed).shuffle(chosen)
        chosen = chosen[skip : skip + size]
        lines.append(f"\n## {kind}: {len(chosen)} of {len(pairs)}" + (", none of the pairs read before" if read else "") + "\n")
        for n, (a, b, score) in enumerate(chosen, 1):
            x, y = by_slug[a], by_slug[b]
            lines.append(f"\n### {kind[0]}{n}  {a} ↔ {b}  score {score}\n")
            for article in (x, y):
                lines.append(f"- **{article.title}** ({outlet(article.source)}, {article.date})")
                lines.append(f"  {lead(article)}")
                if tail(article):
                    lines.append(f"  LAST: {tail(article)}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"sample written to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--category", default=None, help="only this category (e.g. middleEast); all if absent")
    parser.add_argument("--keep-repeats", action="store_true", help="keep records whose URL came before")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[], help="leave out the pairs of these earlier samples")
    parser.add_argument("--site", type=Path, default=None, help="read the articles ingested into this site")
    defaults = EventSettings()
    for name in ("window_days", "min_shared", "min_cosine", "same_source_cosine", "later_day_cosine", "copy_threshold"):
        kind = type(getattr(defaults, name))
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=getattr(defaults, name))
    args = parser.parse_args()
    settings = EventSettings(window_days=args.window_days, min_shared=args.min_shared, min_cosine=args.min_cosine,
                             same_source_cosine=args.same_source_cosine, later_day_cosine=args.later_day_cosine,
                             copy_threshold=args.copy_threshold)

    start = time.perf_counter()
    articles, tags, features, types, tagging, featuring = load(args.category, args.keep_repeats, args.site)
    read = time.perf_counter() - start
    print(f"{len(articles)} articles read in {read:.1f} s (tagging {tagging:.1f} s, text features {featuring:.1f} s)")
    tagged = sum(1 for a in articles if any(types.get(t.entity) in ("actor", "place") for t in tags[a.slug]))
    print(f"{tagged} name an actor or place of the knowledge base")

    start = time.perf_counter()
    coverage = find_coverage(tuple(articles), features, tags, types, settings)
    print(settings)
    print(f"find_coverage: {time.perf_counter() - start:.2f} s")

    by_slug = {a.slug: a for a in articles}
    kinds = {"same event": pairs_of(coverage.same_event), "copies": pairs_of(coverage.copies)}
    for kind, pairs in kinds.items():
        summary(kind, pairs, by_slug)
    if args.out:
        write_sample(args.out, kinds, by_slug, args.sample, args.seed, args.skip, read_pairs(args.exclude))


if __name__ == "__main__":
    main()
