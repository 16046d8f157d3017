"""Scoring predicted mentions against gold ones: spans, precision, recall and F1 per group of entries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


from builder.site.records import ENTITY_KINDS, Entity


AGGREGATES = {"actor": "actors", "place": "places", "topic": "topics"}
GROUPS = (*ENTITY_KINDS["actor"], "actors", *ENTITY_KINDS["place"], "places", "all")


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
