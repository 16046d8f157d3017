"""The dense benchmark corpus (``bench/generate.py --shape dense``): one subject desk's archive.

The default site's knowledge base (content/actors, places, topics: 68 entries) and N articles,
each assembled from 12-18 paragraphs of the site's five seed articles, so that every article is
as richly tagged as the seeds (about 40 tags) and the top entries (ليبيا, مصر, حفتر …) are in
nearly every article. Dates spread over ten years; the same arguments write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content"
KB_FOLDERS = ("actors", "places", "topics")
TAXONOMY = {"actor": "actors", "place": "places", "topic": "topics"}


def seed_paragraphs(content: Path = SEEDS) -> tuple[list[str], list[str]]:
    """(every paragraph of the seed articles, their titles), in file order."""
    paragraphs, titles = [], []
    for path in sorted((content / "articles").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        titles.append(next(line.split(":", 1)[1].strip().strip("'\"") for line in front.splitlines()
                           if line.startswith("title:")))
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
    return paragraphs, titles


def paragraph_terms(paragraphs: list[str], content: Path = SEEDS) -> list[dict[str, list[str]]]:
    """Each paragraph's entries by Hugo taxonomy, named as the knowledge base names them (the
    builder's own alias scan, run once a paragraph: Hugo is given the tags, it extracts none)."""
    from builder.extract.matching import compile_matcher, find_mentions
    from builder.site.content import load_entities

    entities = load_entities(content)
    by_slug = {e.slug: e for e in entities}
    matcher = compile_matcher(entities)
    found = []
    for text in paragraphs:
        terms: dict[str, list[str]] = {name: [] for name in TAXONOMY.values()}
        for slug in dict.fromkeys(m.entity for m in find_mentions(matcher, "p", text)):
            terms[TAXONOMY[by_slug[slug].type]].append(by_slug[slug].name)
        found.append(terms)
    return found


def generate_dense(root: Path, articles: int, seed: int = 1, hugo: Path | None = None) -> Path:
    from generate import new_hugo_site, new_site, write

    rng = random.Random(seed)
    content = new_site(root, f"مجموعة كثيفة: {articles} مقال")
    for folder in KB_FOLDERS:
        shutil.copytree(SEEDS / folder, content / folder)
    paragraphs, titles = seed_paragraphs()
    terms = paragraph_terms(paragraphs) if hugo is not None else []
    if hugo is not None:
        new_hugo_site(hugo)
    start = dt.date(2015, 1, 1)
    for n in range(articles):
        day = start + dt.timedelta(days=rng.randrange(3650))
        chosen = rng.sample(range(len(paragraphs)), rng.randint(12, 18))
        title = f"{rng.choice(titles)} ({n})"
        body = "\n\n".join(paragraphs[i] for i in chosen) + "\n"
        write(content / "articles" / f"a{n:06d}.md",
              f"---\ntitle: '{title}'\ndate: {day.isoformat()}\nsource: مصدر {n % 37}\n---\n\n" + body)
        if hugo is not None:
            tags: dict[str, list[str]] = {name: [] for name in TAXONOMY.values()}
            for i in chosen:
                for name, named in terms[i].items():
                    tags[name] += named
            front = "".join(f"{k}: [{', '.join(repr(v) for v in dict.fromkeys(vs))}]\n" for k, vs in tags.items())
            write(hugo / "content" / "articles" / f"a{n:06d}.md",
                  f"---\ntitle: '{title}'\ndate: {day.isoformat()}\nsource: مصدر {n % 37}\n{front}---\n\n" + body)
    return root
