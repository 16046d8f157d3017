"""Measuring discovery: precision at 20, 40 and 60 and recall against a list made by reading.

The discovery set (tests/eval/discovery.yaml) names, for each of a list of real articles of the
shared corpus (by id), the people, organisations and places the article names. The articles are read
from the corpus at run time. Discovery runs on them with an empty knowledge base, so that every name
is one to find. A candidate is right when one of its spellings is a name of the set, whole (a cut
name, محمد بن, is wrong); a name of the set is found when a candidate has it among its spellings.
"""

from __future__ import annotations

import argparse
import gzip
import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import yaml

from builder.extract.arabic import normalize
from builder.extract.discovery import find_candidates
from builder.extract.variants import split_compounds
from builder.errors import Location, SiteError
from builder.extract.matching import compile_matcher
from builder.site.records import Article, Block, Corpus

KINDS = ("people", "organisations", "places")


def _key(name: str) -> tuple[str, ...]:
    return split_compounds(tuple(normalize(w) for w in name.split()))


def load_set(path: Path) -> tuple[Path, list[dict]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SiteError(f"cannot read the discovery set: {exc}", Location(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise SiteError("a discovery set has corpus: and articles: [{id, people, organisations, places}]", Location(path))
    return (path.parent / data.get("corpus", "")).resolve(), data["articles"]


def record_article(record: dict) -> Article:
    """An article from a corpus record, its paragraphs as blocks (no file: evaluation only)."""
    paragraphs = [p.strip() for p in str(record.get("text") or "").split("\n") if p.strip()]
    try:
        date = parsedate_to_datetime(record["published"]).date()
    except (KeyError, TypeError, ValueError):
        date = None
    blocks = tuple(Block(f"p-{i}", text, i) for i, text in enumerate([record.get("title") or "", *paragraphs]) if text)
    return Article(slug=record["id"], path=Path(record["id"]), title=record.get("title") or "", date=date,
                   source=record.get("outlet", ""), source_url="", set_by_hand=(), pins=(), vetoes=(), original="",
                   body_html="", blocks=blocks, word_count=sum(len(b.text.split()) for b in blocks))


def read_records(corpus: Path, ids: set[str]) -> dict[str, dict]:
    if not corpus.is_file():
        raise SiteError("the corpus of the discovery set is not there", Location(corpus),
                        "run from the project's folder, beside ../shared/")
    found: dict[str, dict] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("id") in ids and record["id"] not in found:
                found[record["id"]] = record
    return found


def evaluate(path: Path) -> dict:
    corpus_path, entries = load_set(path)
    records = read_records(corpus_path, {e["id"] for e in entries})
    missing = [e["id"] for e in entries if e["id"] not in records]
    if missing:
        raise SiteError(f"{len(missing)} article(s) of the set are not in the corpus: {', '.join(missing[:5])}",
                        Location(path))
    gold: dict[tuple[str, ...], str] = {}  # every spelling → the name it spells
    for entry in entries:
        for kind in KINDS:
            for name in entry.get(kind) or []:
                spellings = [s.strip() for s in str(name).split("|")]
                for spelling in spellings:
                    gold[_key(spelling)] = spellings[0]
    articles = tuple(sorted((record_article(records[e["id"]]) for e in entries), key=lambda a: a.slug))
    candidates = find_candidates(Corpus(articles, ()), compile_matcher(()), limit=10_000)
    right = [any(_key(a) in gold for a in c.aliases) for c in candidates]
    found = {gold[_key(a)] for c in candidates for a in c.aliases if _key(a) in gold}
    names = set(gold.values())
    precision = {k: (sum(right[:k]) / min(k, len(right)) if right else 0.0) for k in (20, 40, 60)}
    return {"articles": len(articles), "names": len(names), "candidates": len(candidates), "precision": precision,
            "recall": len(found) / len(names) if names else 0.0, "missed": sorted(names - found),
            "wrong": [c.name for c, ok in zip(candidates[:60], right) if not ok]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="evaluate --discovery")
    parser.add_argument("--set", type=Path, default=Path("tests/eval/discovery.yaml"))
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.set)
    p = result["precision"]
    print(f"discovery on {result['articles']} articles ({result['names']} names, {result['candidates']} candidates): "
          f"P@20 {p[20]:.2f}  P@40 {p[40]:.2f}  P@60 {p[60]:.2f}  recall {result['recall']:.2f}")
    if args.errors:
        for name in result["missed"]:
            print(f"  missed: {name}")
        for name in result["wrong"]:
            print(f"  wrong:  {name}")
    return 0
