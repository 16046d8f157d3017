"""Tags on the real corpus (../shared/corpora/ant-2018.jsonl.gz), for reading by hand (issue 28).

    .venv/bin/python bench/tag_real.py [--kb content] [--gazetteer] [--category middleEast]
                                       [--sample 100 --seed 1 --out /tmp/tags.md]
                                       [--terms /tmp/terms.txt] [--countries 50 --countries-out /tmp/c.md]
                                       [--entities mali,libyan-elections]

Makes each record an Article as bench/events_real.py does, tags it with the knowledge base of
``--kb`` (the project's content/ by default), plus the starter gazetteer (``--gazetteer``: the
entries `arsite kb gazetteer` would write into that folder, in a scratch copy), and prints the
articles, tags and mentions found and the entries tagging most articles. Then, for reading:

- ``--sample N --out FILE``: N tags drawn at random (``--seed``) over all tags, each with the
  article's title, the entry, how it was found and the sentence of its first mention;
- ``--terms FILE``: every term of the knowledge base with the articles it is found in and the share
  of them that name its entry otherwise (``builder.check.loose_terms`` with no threshold);
- ``--countries N --countries-out FILE``: N articles drawn at random with each country tag, the
  words matched, and the text (to check that every country the text names is tagged).

A figure, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from events_real import CORPUS, article_of, records  # noqa: E402

from builder.extract import gazetteer  # noqa: E402
from builder.check import loose_terms  # noqa: E402
from builder.site.content import load_entities, new_markdown  # noqa: E402
from builder.extract.matching import compile_matcher, extract_article  # noqa: E402
from builder.site.records import ENTITY_FOLDERS  # noqa: E402


def knowledge_base(kb: Path, with_gazetteer: bool, scratch: Path):
    for folder in ENTITY_FOLDERS.values():
        if (kb / folder).is_dir():
            shutil.copytree(kb / folder, scratch / folder)
    if with_gazetteer:
        gazetteer.write(scratch, gazetteer.plan(scratch))
    return load_entities(scratch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", type=Path, default=ROOT / "content")
    parser.add_argument("--gazetteer", action="store_true")
    parser.add_argument("--category")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--terms", type=Path)
    parser.add_argument("--countries", type=int, default=50)
    parser.add_argument("--countries-out", type=Path)
    parser.add_argument("--entities", default="", help="comma-separated slugs whose article counts to print")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        entities = knowledge_base(args.kb, args.gazetteer, Path(scratch))
    matcher = compile_matcher(entities)
    md = new_markdown()
    started = time.perf_counter()
    articles = [article_of(record, md) for record in records(CORPUS, args.category, False)]
    tags = {a.slug: extract_article(matcher, a) for a in articles}
    seconds = time.perf_counter() - started
    per_entity = Counter(t.entity for ts in tags.values() for t in ts)
    print(f"{len(articles)} articles, {len(entities)} entries, {sum(map(len, tags.values()))} tags, "
          f"{sum(len(t.mentions) for ts in tags.values() for t in ts)} mentions in {seconds:.0f}s")
    print("most articles:", ", ".join(f"{slug} {n}" for slug, n in per_entity.most_common(40)))
    if args.entities:
        print("articles:", ", ".join(f"{slug} {per_entity[slug]}" for slug in args.entities.split(",")))
    by_slug = {a.slug: a for a in articles}
    rng = random.Random(args.seed)
    if args.out:
        every = [(slug, tag) for slug, ts in sorted(tags.items()) for tag in ts]
        lines = []
        for number, (slug, tag) in enumerate(rng.sample(every, min(args.sample, len(every))), 1):
            entity, mention = matcher.entities[tag.entity], tag.mentions[0]
            lines.append(f"{number}. [{entity.type}/{entity.kind}] {tag.entity} ({entity.name}) — how {mention.how}, "
                         f"«{mention.surface}», {len(tag.mentions)} mentions\n   title: {by_slug[slug].title}\n"
                         f"   {mention.sentence}\n")
        args.out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {len(lines)} tags to {args.out}")
    if args.terms:
        loose = loose_terms(matcher, articles, min_articles=1, min_share=2.0, min_fraction=0.0, words=9)
        rows = [f"{t.articles:6d} {t.named / t.articles:5.2f}  {t.slug}  {t.term}" for t in loose]
        args.terms.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"wrote {len(rows)} terms to {args.terms}")
    if args.countries_out:
        chosen = rng.sample(articles, min(args.countries, len(articles)))
        lines = []
        for number, article in enumerate(chosen, 1):
            found = [(t.entity, sorted({m.surface for m in t.mentions})) for t in tags[article.slug]
                     if matcher.entities[t.entity].kind == "country"]
            text = " ¶ ".join(block.text for block in article.blocks)
            lines.append(f"{number}. {article.title}\n   countries: {found}\n   {text[:1500]}\n")
        args.countries_out.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {len(lines)} articles to {args.countries_out}")


if __name__ == "__main__":
    main()
