"""How well the matcher tags a hand-labelled set: precision, recall and F1 per kind of entry.

    python -m builder.extract.evaluation [--kb DIR] [--cases FILE] [--errors] [--strict-kb]

The set lives in ``tests/eval/``: a knowledge base of its own (``kb/``, the project's YAML format
plus a few proposed fields) and Arabic articles with gold labels (``cases.yaml``); the README there
gives the format and the labelling rules.

Three scores, each per kind (person, organisation, country, armed_group → ``actors``; city, region,
site → ``places``; and ``all``):

* **mention, strict** — a predicted mention is right when its entity and its span equal a gold
  mention's (the surface as written, clitics included, titles excluded);
* **mention, lenient** — the same entity and overlapping spans (one-to-one), so a boundary
  disagreement costs nothing;
* **article** — the set of entries each article is tagged with against the gold set.

A second table repeats the strict and article scores with predictions that fall on traps marked
``hard`` not counted: look-alikes the planned rules cannot tell apart (a surname «المصري», «القوة
القاهرة»), so that table shows what the rules can reach and the first one stays honest.

Every score is micro-averaged: true positives, false positives and false negatives are summed over
the whole set before dividing. With nothing predicted precision is 1.0, with nothing to find
recall is 1.0 (nothing was claimed wrongly / missed); F1 is 0.0 when both are 0.

The matcher is built by :func:`build_matcher` only: the project's own loader first, and while that
loader rejects the proposed fields, a lenient one that reads the YAML itself.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.errors import Location, Problems, SiteError
from builder.extract.gold import Case, field_value, load_cases, text_of, texts_of
from builder.extract.matching import (
    Matcher,
    compile_matcher,
    extract_article,
    sentence_around,
)
from builder.extract.scoring import (
    GROUPS,
    PRF,
    MentionScore,
    Span,
    score_articles,
    score_mentions,
)
from builder.site.content import YAML_LOADER, content_files, load_corpus
from builder.site.records import ENTITY_FOLDERS, ENTITY_KINDS, Article, Block, Entity

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "eval"
DEFAULT_KB = EVAL_DIR / "kb"
DEFAULT_CASES = EVAL_DIR / "cases.yaml"

# Score groups, in the order the table prints them.

# What the lenient loader reads the way builder.site.content does; every other field is "extra".
_TERMS_KEY = {"actor": "aliases", "place": "aliases", "topic": "keywords"}
_BASE_KEYS = {"name", "name_en", "kind", "description", "aliases", "keywords", "adjectives", "wikidata"}


# Knowledge base ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuiltMatcher:
    """The compiled matcher and how its knowledge base was read."""

    matcher: Matcher
    loader: str  # "project" (builder.site.content.load_corpus) or "lenient" (this module)
    reason: str  # why the project's loader was not used; "" when it was
    extra: Mapping[str, Mapping[str, Any]]  # lenient only: slug → fields Entity cannot carry

    @property
    def entities(self) -> Mapping[str, Entity]:
        return self.matcher.entities


def build_matcher(kb_dir: Path, *, require_project_loader: bool = False) -> BuiltMatcher:
    """The one place the evaluation builds its matcher.

    First the project's own loader (``builder.site.content.load_corpus``), so every field it learns is
    used as soon as it exists; while it rejects the proposed fields, :func:`load_kb_leniently`.
    Errors of the knowledge base itself (an alias claimed twice…) are raised either way.
    """
    kb_dir = Path(kb_dir)
    try:
        corpus = load_corpus(kb_dir)
    except SiteError as exc:
        if require_project_loader:
            raise
        entities, extra = load_kb_leniently(kb_dir)
        first = str(exc).strip().splitlines()
        return BuiltMatcher(compile_matcher(entities), "lenient", " ".join(first[:2])[:300], extra)
    return BuiltMatcher(compile_matcher(corpus.entities), "project", "", {})


def load_kb_leniently(kb_dir: Path) -> tuple[tuple[Entity, ...], dict[str, dict[str, Any]]]:
    """Entities from ``actors/``, ``places/`` and ``topics/`` read as the project reads them, but
    with fields it does not know kept aside (returned by slug) instead of refused.

    A field that :class:`Entity` has (``family``, ``family_default``, ``needs_context``… and any it
    grows later) is passed to it when its value is text, a flag or a list of text. Where
    :class:`Entity` lacks them (the matcher before 20186fd), ``needs_context`` terms become plain
    aliases and the ``family`` name an alias of its ``family_default`` member, so an older matcher
    is measured on the same knowledge base.
    """
    kb_dir = Path(kb_dir)
    if not kb_dir.is_dir():
        raise SiteError("knowledge base folder not found", Location(kb_dir))
    problems = Problems("knowledge base")
    entities: list[Entity] = []
    extra: dict[str, dict[str, Any]] = {}
    entity_fields = {f.name for f in dataclasses.fields(Entity)}
    for etype, folder in ENTITY_FOLDERS.items():
        for path in content_files(kb_dir / folder, ".yaml"):
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                problems.add(f"cannot read: {exc}", Location(path))
                continue
            if not isinstance(data, dict) or not text_of(data.get("name")):
                problems.add("must be 'key: value' lines with a name", Location(path, 1))
                continue
            name = text_of(data.get("name"))
            kind = "topic" if etype == "topic" else text_of(data.get("kind"))
            if kind not in ENTITY_KINDS[etype]:
                problems.add(f"kind {kind!r} is not one of: {', '.join(ENTITY_KINDS[etype])}", Location(path))
                continue
            terms = texts_of(data.get(_TERMS_KEY[etype]))
            if etype != "topic" and name not in terms:
                terms = (name, *terms)
            others = {k: v for k, v in data.items() if k not in _BASE_KEYS}
            passed = {k: field_value(v) for k, v in others.items() if k in entity_fields and field_value(v) is not None}
            if "needs_context" not in entity_fields:
                terms += tuple(t for t in texts_of(others.get("needs_context")) if t not in terms)
            family = text_of(others.get("family"))
            if "family" not in entity_fields and family and others.get("family_default") is True and family not in terms:
                terms += (family,)
            try:
                entity = Entity(
                    slug=path.stem,
                    type=etype,
                    kind=kind,
                    path=path,
                    name=name,
                    name_en=text_of(data.get("name_en")),
                    description=text_of(data.get("description")),
                    terms=terms,
                    adjectives=texts_of(data.get("adjectives")),
                    wikidata=text_of(data.get("wikidata")),
                    **passed,
                )
            except TypeError as exc:  # Entity grew a required field this loader cannot fill
                problems.add(f"cannot build the entry: {exc}", Location(path))
                continue
            entities.append(entity)
            unused = {k: v for k, v in others.items() if k not in passed}
            if unused:
                extra[path.stem] = unused
    problems.raise_if_any()
    return tuple(entities), extra


def case_article(case: Case, path: Path) -> Article:
    """A case as the builder's own :class:`Article`, one block per paragraph."""
    blocks = tuple(Block(anchor=p.anchor, text=p.text, line=0) for p in case.paragraphs)
    return Article(
        slug=case.id,
        path=path,
        title="",  # the matcher reads titles too; the cases have none
        date=case.date,
        source="",
        source_url="",
        set_by_hand=(),
        pins=(),
        vetoes=(),
        original="",
        body_html="",
        blocks=blocks,
        word_count=len(case.text.split()),
    )


def predict(built: BuiltMatcher, case: Case, path: Path = DEFAULT_CASES) -> tuple[tuple[Span, ...], frozenset[str]]:
    """The matcher's mentions (offsets in the case text) and the article's set of tagged entries,
    through :func:`builder.extract.matching.extract_article` so article-level rules are measured too."""
    offsets = {p.anchor: p.start for p in case.paragraphs}
    tags = extract_article(built.matcher, case_article(case, path))
    spans = tuple(
        Span(case.id, m.entity, offsets[m.block] + m.start, offsets[m.block] + m.end) for tag in tags for m in tag.mentions
    )
    return spans, frozenset(tag.entity for tag in tags)


@dataclass(frozen=True, slots=True)
class Finding:
    """One error, with what it is about and the sentence it is in."""

    kind: str  # "false positive" or "false negative"
    case: str
    entity: str
    surface: str
    sentence: str
    note: str  # the trap it fell into, the gold tags it missed, a boundary disagreement…
    category: str  # for the summary: the trap's why, the gold tag, "boundary", "unexpected"


@dataclass(frozen=True)
class Scores:
    mention_strict: dict[str, PRF]
    mention_lenient: dict[str, PRF]
    article: dict[str, PRF]
    # The same strict and article scores with predictions on `hard` traps not counted: what the
    # planned rules can reach, since they cannot tell those look-alikes apart.
    mention_planned: dict[str, PRF]
    article_planned: dict[str, PRF]
    findings: tuple[Finding, ...]
    loader: str
    loader_reason: str
    counts: dict[str, int] = field(default_factory=dict)

    def table(self) -> str:
        return format_table(self)


def evaluate(kb_dir: Path = DEFAULT_KB, cases_path: Path = DEFAULT_CASES, *, require_project_loader: bool = False) -> Scores:
    built = build_matcher(kb_dir, require_project_loader=require_project_loader)
    cases = load_cases(cases_path, built.entities)
    gold_spans: list[Span] = []
    predicted_spans: list[Span] = []
    planned_spans: list[Span] = []
    gold_sets: dict[str, frozenset[str]] = {}
    predicted_sets: dict[str, frozenset[str]] = {}
    planned_sets: dict[str, frozenset[str]] = {}
    for case in cases:
        gold_spans += [Span(case.id, m.entity, m.start, m.end) for m in case.mentions]
        spans, tagged = predict(built, case, Path(cases_path))
        kept = tuple(s for s in spans if not on_hard_trap(s, case))
        predicted_spans += spans
        planned_spans += kept
        gold_sets[case.id] = case.entities
        predicted_sets[case.id] = tagged
        # an entry tagged only through hard traps is excused; one tagged without mentions (a pin) is kept
        planned_sets[case.id] = frozenset(s.entity for s in kept) | (tagged - {s.entity for s in spans})
    mentions = score_mentions(gold_spans, predicted_spans, built.entities)
    articles = score_articles(gold_sets, predicted_sets, built.entities)
    planned = score_mentions(gold_spans, planned_spans, built.entities)
    articles_planned = score_articles(gold_sets, planned_sets, built.entities)
    by_id = {c.id: c for c in cases}
    findings = _explain(mentions, by_id, built.entities, predicted_spans)
    counts = {
        "entries": len(built.entities),
        "articles": len(cases),
        "gold mentions": len(gold_spans),
        "traps": sum(len(c.traps) for c in cases),
        "predicted mentions": len(set(predicted_spans)),
    }
    return Scores(
        mentions.strict, mentions.lenient, articles, planned.strict, articles_planned, findings, built.loader, built.reason, counts
    )


def on_hard_trap(span: Span, case: Case) -> bool:
    """The prediction falls on a trap marked hard (for this entry, or for any entry)."""
    return any(t.hard and t.start < span.end and span.start < t.end and t.like in ("", span.entity) for t in case.traps)


def _explain(mentions: MentionScore, cases: Mapping[str, Case], entities: Mapping[str, Entity], predicted: list[Span]) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for span in mentions.false_positives:
        case = cases[span.case]
        gold_here = [m for m in case.mentions if m.start < span.end and span.start < m.end]
        same = [m for m in gold_here if m.entity == span.entity]
        trap = next(
            (t for t in case.traps if t.start < span.end and span.start < t.end and t.like in ("", span.entity)), None
        )
        if same:
            note, category = f"boundary: gold is «{same[0].surface}»", "boundary"
        elif gold_here:
            note, category = f"wrong entry: gold is {gold_here[0].entity} «{gold_here[0].surface}»", "wrong entry"
        elif trap is not None:
            note = f"trap: {trap.why}" + (" (hard: beyond the planned rules)" if trap.hard else "")
            category = trap.why + (" (hard)" if trap.hard else "")
        else:
            note, category = "unexpected: not a trap — a missing gold label, or a new kind of error", "unexpected"
        findings.append(_finding("false positive", span, case, note, category))
    for span in mentions.false_negatives:
        case = cases[span.case]
        gold = next(m for m in case.mentions if (m.start, m.end, m.entity) == (span.start, span.end, span.entity))
        other = [p for p in predicted if p.case == span.case and p.start < span.end and span.start < p.end]
        if any(p.entity == span.entity for p in other):
            note, category = "boundary: predicted a different span", "boundary"
        elif other:
            note, category = f"tagged as {other[0].entity} instead", "wrong entry"
        else:
            note = "missed" + (f" [{', '.join(gold.tags)}]" if gold.tags else "")
            category = gold.tags[0] if gold.tags else "plain"
        findings.append(_finding("false negative", span, case, note, category))
    return tuple(findings)


def _finding(kind: str, span: Span, case: Case, note: str, category: str) -> Finding:
    paragraph = next(p for p in case.paragraphs if p.start <= span.start < p.start + len(p.text) + 1)
    start, end = span.start - paragraph.start, span.end - paragraph.start
    return Finding(
        kind=kind,
        case=case.id,
        entity=span.entity,
        surface=case.text[span.start : span.end],
        sentence=sentence_around(paragraph.text, start, end),
        note=note,
        category=category,
    )


# Report -----------------------------------------------------------------------


def format_table(scores: Scores) -> str:
    lines = [
        f"knowledge base loaded by: {scores.loader}" + (f" (project loader refused it: {scores.loader_reason})" if scores.loader_reason else ""),
        "  ".join(f"{k}: {v}" for k, v in scores.counts.items()),
        "",
        *_grid(("mention, strict", "mention, lenient", "article"), (scores.mention_strict, scores.mention_lenient, scores.article)),
        "",
        "without the hard traps (what the planned rules can reach):",
        *_grid(("mention, strict", "article"), (scores.mention_planned, scores.article_planned)),
        "(n = gold mentions, or gold article tags)",
    ]
    return "\n".join(lines)


def _grid(titles: tuple[str, ...], tables: tuple[dict[str, PRF], ...]) -> list[str]:
    lines = [
        f"{'':14}" + "   ".join(f"{t:>24}" for t in titles),
        f"{'group':14}" + "   ".join(f"{'P':>6}{'R':>6}{'F1':>6}{'n':>6}" for _ in titles),
    ]
    for group in GROUPS:
        rows = [table.get(group) for table in tables]
        if all(r is None for r in rows):
            continue
        cells = [f"{r.precision:6.3f}{r.recall:6.3f}{r.f1:6.3f}{r.support:6d}" for r in (r or PRF() for r in rows)]
        lines.append(f"{group:14}" + "   ".join(cells))
    return lines


def format_summary(scores: Scores) -> str:
    counts = Counter((f.kind, f.category) for f in scores.findings)
    if not counts:
        return "no errors"
    lines = ["errors by category (mention level, strict):"]
    for (kind, category), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        lines.append(f"  {kind:15} {n:4}  {category}")
    return "\n".join(lines)


def format_findings(scores: Scores) -> str:
    lines = []
    for f in sorted(scores.findings, key=lambda f: (f.kind, f.category, f.case)):
        lines.append(f"{f.kind}: {f.entity} «{f.surface}» [{f.case}] — {f.note}\n    {f.sentence}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder.extract.evaluation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help=f"knowledge base folder (default: {DEFAULT_KB})")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help=f"gold cases (default: {DEFAULT_CASES})")
    parser.add_argument("--errors", action="store_true", help="list every false positive and false negative with its sentence")
    parser.add_argument("--strict-kb", action="store_true", help="fail instead of falling back to the lenient loader")
    args = parser.parse_args(argv)
    try:
        scores = evaluate(args.kb, args.cases, require_project_loader=args.strict_kb)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_table(scores))
    print()
    print(format_summary(scores))
    if args.errors and scores.findings:
        print()
        print(format_findings(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
