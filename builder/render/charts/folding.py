"""Sparse years at the ends of a month chart, folded into one column each (the timeline, sparklines)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .timeline import MonthCount

# Years at either end of a timeline that hold at most FOLD_SHARE of its articles, and would take at
# least FOLD_WIDTH of its width, are drawn as one narrow column beyond a break in the axis: a few old
# pieces no longer squeeze the months where the articles are into a sliver.
FOLD_SHARE = 0.05
FOLD_WIDTH = 0.25


@dataclass(frozen=True, slots=True)
class Fold:
    """Sparse years drawn as one column: their range, their articles, and their first month with any."""

    first: int
    last: int
    count: int
    month: MonthCount

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def fold_sparse_years(months: Sequence[MonthCount]) -> tuple[Fold | None, tuple[MonthCount, ...], Fold | None]:
    """``months`` (from :func:`fill_months`) as (the sparse years before, the months drawn, the
    sparse years after). The months drawn run from the first to the last month with articles of
    the years kept; with no fold, they are ``months`` itself."""
    totals: dict[int, int] = defaultdict(int)
    for c in months:
        totals[c.year] += c.count
    years = sorted(totals)
    total = sum(totals.values())

    def run(ordered: list[int]) -> int:
        """How many of ``ordered`` (from one end) to fold: the most whose articles stay within the share."""
        k, held = 0, 0
        for year in ordered[:-1]:  # at least one year is drawn
            held += totals[year]
            if held > FOLD_SHARE * total:
                break
            k += 1
        return k if k and k >= FOLD_WIDTH * len(years) else 0

    before = run(years)
    after = run(list(reversed(years[before:])))
    if not before and not after:
        return None, tuple(months), None
    kept = set(years[before : len(years) - after])

    def fold(folded: list[int]) -> Fold | None:
        if not folded:
            return None
        inside = [c for c in months if c.year in folded]
        return Fold(folded[0], folded[-1], sum(c.count for c in inside), next(c for c in inside if c.count))

    drawn = [c for c in months if c.year in kept]
    busy = [i for i, c in enumerate(drawn) if c.count]
    return (fold(years[:before]), tuple(drawn[busy[0] : busy[-1] + 1]),
            fold(years[len(years) - after :]))  # fmt: skip
