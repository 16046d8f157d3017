"""How well the matcher tags a hand-labelled set: precision, recall and F1 per kind of entry.

    python -m builder.evaluate [--kb DIR] [--cases FILE] [--errors] [--strict-kb]

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
import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .content import YAML_LOADER, content_files, load_corpus
from .errors import Location, Problems, SiteError
from .extract import Matcher, compile_matcher, extract_article, sentence_around
from .records import ENTITY_FOLDERS, ENTITY_KINDS, Article, Block, Entity

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
DEFAULT_KB = EVAL_DIR / "kb"
DEFAULT_CASES = EVAL_DIR / "cases.yaml"

# Score groups, in the order the table prints them.
AGGREGATES = {"actor": "actors", "place": "places", "topic": "topics"}
GROUPS = (*ENTITY_KINDS["actor"], "actors", *ENTITY_KINDS["place"], "places", "all")

# What the lenient loader reads the way builder.content does; every other field is "extra".
_TERMS_KEY = {"actor": "aliases", "place": "aliases", "topic": "keywords"}
_BASE_KEYS = {"name", "name_en", "kind", "description", "aliases", "keywords", "adjectives", "wikidata"}


# Knowledge base ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuiltMatcher:
    """The compiled matcher and how its knowledge base was read."""

    matcher: Matcher
    loader: str  # "project" (builder.content.load_corpus) or "lenient" (this module)
    reason: str  # why the project's loader was not used; "" when it was
    extra: Mapping[str, Mapping[str, Any]]  # lenient only: slug → fields Entity cannot carry

    @property
    def entities(self) -> Mapping[str, Entity]:
        return self.matcher.entities


def build_matcher(kb_dir: Path, *, require_project_loader: bool = False) -> BuiltMatcher:
    """The one place the evaluation builds its matcher.

    First the project's own loader (``builder.content.load_corpus``), so every field it learns is
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
            if not isinstance(data, dict) or not _text(data.get("name")):
                problems.add("must be 'key: value' lines with a name", Location(path, 1))
                continue
            name = _text(data.get("name"))
            kind = "topic" if etype == "topic" else _text(data.get("kind"))
            if kind not in ENTITY_KINDS[etype]:
                problems.add(f"kind {kind!r} is not one of: {', '.join(ENTITY_KINDS[etype])}", Location(path))
                continue
            terms = _texts(data.get(_TERMS_KEY[etype]))
            if etype != "topic" and name not in terms:
                terms = (name, *terms)
            others = {k: v for k, v in data.items() if k not in _BASE_KEYS}
            passed = {k: _field_value(v) for k, v in others.items() if k in entity_fields and _field_value(v) is not None}
            if "needs_context" not in entity_fields:
                terms += tuple(t for t in _texts(others.get("needs_context")) if t not in terms)
            family = _text(others.get("family"))
            if "family" not in entity_fields and family and others.get("family_default") is True and family not in terms:
                terms += (family,)
            try:
                entity = Entity(
                    slug=path.stem,
                    type=etype,
                    kind=kind,
                    path=path,
                    name=name,
                    name_en=_text(data.get("name_en")),
                    description=_text(data.get("description")),
                    terms=terms,
                    adjectives=_texts(data.get("adjectives")),
                    wikidata=_text(data.get("wikidata")),
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


def _field_value(value: Any) -> Any:
    """A YAML value as an :class:`Entity` field: text, flag, or tuple of text; None if it is none of these."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (str, int, float)):
        return _text(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return _texts(value)
    return None


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return " ".join(str(value).split())


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


# Gold labels ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    entity: str
    surface: str
    start: int  # offsets in the case text
    end: int
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trap:
    """A look-alike that must not be tagged; used to explain false positives."""

    surface: str
    start: int
    end: int
    why: str
    like: str  # the entry it resembles, "" for any
    hard: bool  # the planned rules cannot tell it apart either


@dataclass(frozen=True, slots=True)
class Paragraph:
    anchor: str
    start: int  # offset of the paragraph in the case text
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    date: dt.date | None
    about: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    mentions: tuple[GoldMention, ...]
    traps: tuple[Trap, ...]
    entities: frozenset[str]


def find_occurrence(text: str, surface: str, occurrence: int) -> int:
    """Offset of the ``occurrence``-th (0-based) appearance of ``surface`` in ``text``, counting every
    appearance (inside longer words too); -1 if there are not that many."""
    index = text.find(surface)
    for _ in range(occurrence):
        if index == -1:
            break
        index = text.find(surface, index + 1)
    return index


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines, with their offsets in ``text``."""
    paragraphs: list[Paragraph] = []
    position = 0
    for chunk in [*_BLANK_LINES.split(text)]:
        start = text.index(chunk, position) if chunk else position
        position = start + len(chunk)
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            paragraphs.append(Paragraph(f"p-{len(paragraphs) + 1}", offset, stripped))
    return tuple(paragraphs)


def load_cases(path: Path, known: Mapping[str, Entity] | None = None) -> tuple[Case, ...]:
    """Read and check ``cases.yaml``: every surface found where its occurrence says, inside one
    paragraph, no two gold mentions overlapping, ``entities`` equal to the mentioned entries, and
    (given ``known``) every slug in the knowledge base. All problems are raised together."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise SiteError(f"cannot read the cases: {exc}", Location(path)) from None
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise SiteError("expected 'articles:' followed by a list", Location(path, 1))
    problems = Problems(str(path))
    cases: list[Case] = []
    seen: set[str] = set()
    for number, raw in enumerate(articles, 1):
        cid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        where = Location(path, _line_of(path, f"id: {cid}") if cid else None)
        label = cid or f"article #{number}"
        if not isinstance(raw, dict) or not cid or not isinstance(raw.get("text"), str):
            problems.add(f"{label}: needs an id and a text", where)
            continue
        if cid in seen:
            problems.add(f"{label}: id used twice", where)
        seen.add(cid)
        text = raw["text"]
        paragraphs = split_paragraphs(text)
        mentions: list[GoldMention] = []
        for item in raw.get("mentions") or []:
            span = _locate(item, text, paragraphs, label, where, problems)
            if span is None:
                continue
            entity = str(item.get("entity", ""))
            if not entity:
                problems.add(f"{label}: a mention of {item.get('surface')!r} has no entity", where)
                continue
            if known is not None and entity not in known:
                problems.add(f"{label}: {entity!r} is not in the knowledge base", where)
            mentions.append(GoldMention(entity, text[span[0] : span[1]], span[0], span[1], tuple(item.get("tags") or ())))
        mentions.sort(key=lambda m: m.start)
        for a, b in zip(mentions, mentions[1:]):
            if b.start < a.end:
                problems.add(f"{label}: gold mentions {a.surface!r} and {b.surface!r} overlap", where)
        traps: list[Trap] = []
        for item in raw.get("traps") or []:
            span = _locate(item, text, paragraphs, label, where, problems)
            if span is not None:
                traps.append(
                    Trap(text[span[0] : span[1]], span[0], span[1], str(item.get("why", "")), str(item.get("like") or ""), bool(item.get("hard")))
                )
        listed = frozenset(str(e) for e in raw.get("entities") or ())
        mentioned = frozenset(m.entity for m in mentions)
        if "entities" in raw and listed != mentioned:
            missing, extra = sorted(mentioned - listed), sorted(listed - mentioned)
            problems.add(f"{label}: entities differ from the mentions (not listed: {missing}; listed, never mentioned: {extra})", where)
        date = raw.get("date")
        cases.append(
            Case(
                id=cid,
                date=date if isinstance(date, dt.date) else None,
                about=str(raw.get("about", "")),
                text=text,
                paragraphs=paragraphs,
                mentions=tuple(mentions),
                traps=tuple(traps),
                entities=mentioned,
            )
        )
    problems.raise_if_any()
    return tuple(cases)


def _locate(item: Any, text: str, paragraphs, label: str, where: Location, problems: Problems) -> tuple[int, int] | None:
    if not isinstance(item, dict) or not isinstance(item.get("surface"), str) or not item["surface"]:
        problems.add(f"{label}: each mention and trap needs a surface", where)
        return None
    surface, occurrence = item["surface"], item.get("occurrence", 0)
    if not isinstance(occurrence, int) or occurrence < 0:
        problems.add(f"{label}: occurrence of {surface!r} must be 0 or more", where)
        return None
    start = find_occurrence(text, surface, occurrence)
    if start < 0:
        problems.add(f"{label}: {surface!r} does not appear {occurrence + 1} time(s) in the text", where)
        return None
    end = start + len(surface)
    if not any(p.start <= start and end <= p.start + len(p.text) for p in paragraphs):
        problems.add(f"{label}: {surface!r} crosses a paragraph break", where)
        return None
    return start, end


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if line.strip().lstrip("- ").startswith(needle):
                return number
    except OSError:
        pass
    return None


# Scoring ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """One mention, predicted or gold: which article, which entry, where (offsets in the case text)."""

    case: str
    entity: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """How many gold items there were."""
        return self.tp + self.fn

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def groups_of(entity: Entity | None) -> tuple[str, ...]:
    """The score groups an entry counts in: its kind, its type's aggregate, and ``all``."""
    if entity is None:
        return ("unknown", "all")
    return (entity.kind, AGGREGATES.get(entity.type, entity.type), "all")


def _tally(items: Iterable[tuple[str, str]], entities: Mapping[str, Entity]) -> dict[str, PRF]:
    """(entity, "tp"|"fp"|"fn") pairs → PRF per group."""
    counts: dict[str, Counter] = {}
    for entity, outcome in items:
        for group in groups_of(entities.get(entity)):
            counts.setdefault(group, Counter())[outcome] += 1
    return {g: PRF(c["tp"], c["fp"], c["fn"]) for g, c in counts.items()}


@dataclass(frozen=True, slots=True)
class MentionScore:
    strict: dict[str, PRF]
    lenient: dict[str, PRF]
    false_positives: tuple[Span, ...]  # strict
    false_negatives: tuple[Span, ...]  # strict


def score_mentions(gold: Iterable[Span], predicted: Iterable[Span], entities: Mapping[str, Entity]) -> MentionScore:
    """Strict (same entity, same span) and lenient (same entity, overlapping spans, one-to-one)."""
    gold, predicted = sorted(set(gold), key=_order), sorted(set(predicted), key=_order)
    gold_set, predicted_set = set(gold), set(predicted)
    strict = [(s.entity, "tp") for s in predicted if s in gold_set]
    fps = tuple(s for s in predicted if s not in gold_set)
    fns = tuple(s for s in gold if s not in predicted_set)
    strict += [(s.entity, "fp") for s in fps] + [(s.entity, "fn") for s in fns]

    lenient: list[tuple[str, str]] = []
    unmatched = list(gold)
    for p in predicted:
        match = next((g for g in unmatched if g.case == p.case and g.entity == p.entity and g.start < p.end and p.start < g.end), None)
        if match is None:
            lenient.append((p.entity, "fp"))
        else:
            unmatched.remove(match)
            lenient.append((p.entity, "tp"))
    lenient += [(g.entity, "fn") for g in unmatched]
    return MentionScore(_tally(strict, entities), _tally(lenient, entities), fps, fns)


def score_articles(gold: Mapping[str, Iterable[str]], predicted: Mapping[str, Iterable[str]], entities: Mapping[str, Entity]) -> dict[str, PRF]:
    """Per article, its set of entries against the gold set; summed over articles."""
    items: list[tuple[str, str]] = []
    for case in sorted(set(gold) | set(predicted)):
        g, p = set(gold.get(case, ())), set(predicted.get(case, ()))
        items += [(e, "tp") for e in g & p] + [(e, "fp") for e in p - g] + [(e, "fn") for e in g - p]
    return _tally(items, entities)


def _order(span: Span) -> tuple:
    return (span.case, span.start, span.end, span.entity)


# Running the matcher on the cases ---------------------------------------------


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
    through :func:`builder.extract.extract_article` so article-level rules are measured too."""
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
    parser = argparse.ArgumentParser(prog="python -m builder.evaluate", description=__doc__.split("\n\n")[0])
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
