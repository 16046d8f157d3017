"""How fast the matcher compiles a large knowledge base and reads Arabic text, on one core.

    .venv/bin/python bench/extract_speed.py [--actors 2000 --aliases 5 --mb 4 --seed 1]

Builds a synthetic knowledge base of N actors × 5 aliases (85% people named «first father
family», with bin-, kunya- and four-part forms and a shared family name per family, one member
its default; 15% organisations), then generates a few MB of news-like Arabic text (the vocabulary
of bench/generate.py). The text mentions the actors with clitics (و ف ب ل وب لل), titles,
bare family names, ة/ه and tatweel variants. It prints:

- compile time (target < 1 s);
- find_mentions over every paragraph, first pass (every word new to the matcher's memo) and
  second pass (memo warm), in MB/s of UTF-8 text (target ≥ 3 MB/s);
- extract_article over the same text as articles (family and context rules included);
- tokenize alone, as the floor any matcher pays.

A figure, not a test: nothing is asserted. Same arguments, same text.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import CITY, FAMILY, FIRST, ORG_HEADS, ORG_TAILS, WORDS  # noqa: E402

from builder.extract.arabic import tokenize  # noqa: E402
from builder.extract.matching import compile_matcher, extract_article, find_mentions, term_keys  # noqa: E402
from builder.site.records import Article, Block, Entity  # noqa: E402

MORE_FAMILY = (
    "البرغثي العبار الحداد المهدوي الفاخري الكزة الشحومي العرفي البرعصي بوخمادة المجبري العوامي "
    "السنوسي الشاعري الحضيري المغربي القماطي الجهاني التواتي الأوجلي الزنتاني بن شتوان الغرياني "
    "العالم الشكشوكي السراج البكوش الطاهر بادي الكاني الحاراتي الشاوش حمودة الرقيعي الخويلدي "
    "الأسطى الفقيه السويدي القمودي العماري الزليتني البيباص الحاسي الدرسي العكرمي الهوني "
    "إسماعيل منصور عبد الجليل البوسيفي"
).split()
TITLES = ["الرئيس", "المشير", "الفريق", "اللواء", "العميد", "السفير", "الدكتور", "الشيخ", "وزير الخارجية", "رئيس الوزراء"]
CLITICS = ["", "", "", "", "و", "و", "ب", "ل", "ف", "وب", "ول"]
ORG_PLACES = ["الليبية", "المصرية", "الإقليمية", "العربية", "المحلية", "الوطنية", "الشرقية", "الغربية", "الجنوبية"]
# Root-and-pattern pseudo-words give the text a realistic number of distinct word forms (news
# text has tens of thousands), so the matcher's per-word memo is not flattered by a tiny vocabulary.
ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
PATTERNS = ["{0}{1}{2}", "{0}ا{1}{2}", "م{0}{1}و{2}", "ت{0}{1}ي{2}", "ا{0}ت{1}ا{2}", "{0}{1}ا{2}", "م{0}ا{1}{2}",
            "است{0}{1}ا{2}", "{0}{1}ي{2}", "{0}{1}{2}ة", "م{0}{1}{2}ة", "ت{0}ا{1}{2}", "ي{0}{1}{2}", "ن{0}{1}{2}"]
AFFIXES = [("", ""), ("ال", ""), ("و", ""), ("وال", ""), ("بال", ""), ("لل", ""), ("", "ات"), ("ال", "ات"),
           ("", "ين"), ("ال", "ين"), ("", "ها"), ("", "هم"), ("", "ه"), ("و", "ه"), ("ب", "")]


def entity(slug: str, kind: str, terms: list[str], family: str = "", default: bool = False) -> Entity:
    return Entity(
        slug=slug, type="actor", kind=kind, path=Path(f"{slug}.yaml"), name=terms[0], name_en="",
        description="", terms=tuple(terms), adjectives=(), wikidata="", family=family, family_default=default,
    )


def make_kb(rng: random.Random, actors: int, aliases: int) -> tuple[list[Entity], list[tuple[str, ...]], list[str]]:
    """(entities, each entity's aliases, family names); every alias unique after normalisation."""
    families = sorted(set(FAMILY) | set(MORE_FAMILY))
    families = [f for f in families if len(tokenize(f)) == 1]
    taken: set[tuple[str, ...]] = set()
    entities: list[Entity] = []
    names: list[tuple[str, ...]] = []
    defaults: set[str] = set()

    def free(terms: list[str]) -> bool:
        keys = [k for t in terms for k in term_keys(t)]
        return len(set(keys)) == len(keys) and not taken.intersection(keys)

    while len(entities) < actors:
        i = len(entities)
        if rng.random() < 0.85:
            first, father, grand = rng.choice(FIRST), rng.choice(FIRST), rng.choice(FIRST)
            family = rng.choice(families)
            terms = [
                f"{first} {family}",
                f"{first} {father} {family}",
                f"{first} بن {father} {family}",
                f"{first} {father} {grand} {family}",
                f"أبو {father} {family}",
            ][:aliases]
            kind = "person"
        else:
            head, tail, place = rng.choice(ORG_HEADS), rng.choice(ORG_TAILS), rng.choice(ORG_PLACES)
            city = rng.choice(CITY)
            terms = [
                f"{head} {tail} {place}",
                f"{head} {tail} في {city}",
                f"{head} {tail} {place} في {city}",
                f"{head} {city} {tail}",
                f"فرع {head} {tail} في {city}",
            ][:aliases]
            kind, family = "organisation", ""
        if not free(terms) or (family and family in {e.name for e in entities}):
            continue
        taken.update(k for t in terms for k in term_keys(t))
        default = bool(family) and family not in defaults
        if default:
            defaults.add(family)
        entities.append(entity(f"actor-{i}", kind, terms, family, default))
        names.append(tuple(terms))
    return entities, names, sorted(defaults)


def variant(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.05:
        return name.replace("ة", "ه")
    if roll < 0.07 and len(name) > 4:
        cut = len(name) // 2
        return name[:cut] + "ـ" + name[cut:]  # tatweel
    return name


def make_lexicon(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        root = rng.sample(ROOT_LETTERS, 3)
        prefix, suffix = rng.choice(AFFIXES)
        words.add(prefix + rng.choice(PATTERNS).format(*root) + suffix)
    return sorted(words)


def make_text(rng: random.Random, names: list[tuple[str, ...]], families: list[str], megabytes: float) -> list[list[str]]:
    """Articles (lists of paragraphs) until the text reaches ``megabytes`` of UTF-8.

    Words: 55% the common news vocabulary of bench/generate.py, 45% a Zipf draw from 60,000
    pseudo-words; then 0–2 mentions per sentence."""
    lexicon = make_lexicon(rng, 60_000)
    cumulative, total = [], 0.0
    for rank in range(1, len(lexicon) + 1):
        total += 1 / rank
        cumulative.append(total)
    weights = [1 / (r**1.1) for r in range(1, len(names) + 1)]
    order = list(range(len(names)))
    rng.shuffle(order)
    articles: list[list[str]] = []
    size = 0
    target = megabytes * 1_000_000
    while size < target:
        cast = [names[order[k]] for k in rng.choices(range(len(names)), weights=weights, k=rng.randint(4, 10))]
        paragraphs = []
        for _ in range(rng.randint(8, 12)):
            sentences = []
            for _ in range(rng.randint(3, 5)):
                count = rng.randint(12, 22)
                words = [rng.choice(WORDS) if rng.random() < 0.55 else "" for _ in range(count)]
                rare = iter(rng.choices(lexicon, cum_weights=cumulative, k=count))
                words = [w or next(rare) for w in words]
                for _ in range(rng.choice((0, 1, 1, 2))):
                    roll = rng.random()
                    if roll < 0.15:
                        mention = rng.choice(families)  # a bare family name
                    else:
                        mention = variant(rng, rng.choice(rng.choice(cast)))
                    if roll > 0.8:
                        mention = rng.choice(TITLES) + " " + mention
                    words.insert(rng.randrange(len(words) + 1), rng.choice(CLITICS) + mention)
                sentences.append(" ".join(words) + rng.choice(("،", ".", ".", ".")))
            paragraphs.append(" ".join(sentences))
        articles.append(paragraphs)
        size += sum(len(p.encode("utf-8")) + 2 for p in paragraphs)
    return articles


def as_article(n: int, paragraphs: list[str]) -> Article:
    blocks = tuple(Block(f"p-{i}", text, i) for i, text in enumerate(paragraphs, 1))
    return Article(
        slug=f"a{n}", path=Path(f"a{n}.md"), title="", date=None, source="", source_url="", set_by_hand=(), pins=(),
        vetoes=(), original="", body_html="", blocks=blocks, word_count=sum(len(p.split()) for p in paragraphs),
    )


def timed(label: str, megabytes: float, function, setup=lambda: None, repeat: int = 3) -> tuple[float, object]:
    """Best of ``repeat`` runs of ``function(setup())``; setup is not timed."""
    best, result = float("inf"), None
    for _ in range(repeat):
        argument = setup()
        gc.collect()
        start = time.perf_counter()
        result = function(argument)
        best = min(best, time.perf_counter() - start)
    rate = f"{megabytes / best:6.2f} MB/s" if megabytes else ""
    print(f"  {label:46} {best:7.3f} s  {rate}")
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--aliases", type=int, default=5, help="aliases per actor (at most 5)")
    parser.add_argument("--mb", type=float, default=4.0, help="megabytes of UTF-8 text to match")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(args.seed)

    entities, names, families = make_kb(rng, args.actors, args.aliases)
    aliases = sum(len(e.terms) for e in entities)
    articles = make_text(rng, names, families, args.mb)
    paragraphs = [p for a in articles for p in a]
    megabytes = sum(len(p.encode("utf-8")) for p in paragraphs) / 1_000_000
    chars = sum(len(p) for p in paragraphs)
    words = sum(len(p.split()) for p in paragraphs)
    print(f"knowledge base: {len(entities)} actors, {aliases} aliases, {len(families)} family names with a default")
    print(f"text: {len(articles)} articles, {len(paragraphs)} paragraphs, {words:,} words, "
          f"{chars:,} characters, {megabytes:.2f} MB UTF-8")
    cpu = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"python {sys.version.split()[0]}, pinned to cpu {cpu} of {os.cpu_count()}, load average {load} "
          "(other processes on that core slow every figure)")
    print()

    kb = tuple(entities)
    fresh = lambda: compile_matcher(kb)
    print("best of 3 runs:")
    compile_s, matcher = timed("compile_matcher (target < 1 s)", 0, lambda _: compile_matcher(kb))
    timed("tokenize only", megabytes, lambda _: [tokenize(p) for p in paragraphs])
    cold_s, found = timed("find_mentions, new matcher (cold word memo)", megabytes,
                          lambda m: [find_mentions(m, "p", p) for p in paragraphs], setup=fresh)
    cold = megabytes / cold_s
    [find_mentions(matcher, "p", p) for p in paragraphs]
    warm_s, _found = timed("find_mentions, same matcher again (warm memo)", megabytes,
                           lambda _: [find_mentions(matcher, "p", p) for p in paragraphs])
    docs = [as_article(n, a) for n, a in enumerate(articles)]
    article_s, tags = timed("extract_article, new matcher (all rules)", megabytes,
                            lambda m: [extract_article(m, d) for d in docs], setup=fresh)
    mentions = sum(len(m) for m in found)
    tagged = sum(len(t.mentions) for ts in tags for t in ts)
    print()
    print(f"mentions: {mentions:,} by find_mentions (aliases only), {tagged:,} by extract_article "
          f"(with family and context rules); {len(matcher.starts):,} distinct words memoised")
    verdict = lambda ok: "ok" if ok else "MISSED"
    print(f"compile {compile_s:.2f} s (target < 1 s: {verdict(compile_s < 1)}); "
          f"matching {cold:.2f} MB/s cold, {megabytes / warm_s:.2f} MB/s warm, "
          f"{megabytes / article_s:.2f} MB/s per article (target ≥ 3 MB/s: {verdict(min(cold, megabytes / article_s) >= 3)})")


if __name__ == "__main__":
    main()
