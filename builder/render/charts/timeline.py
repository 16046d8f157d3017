"""Articles per month: the timeline's bar chart, its table, and the sparkline of an entry's page."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .folding import Fold, fold_sparse_years
from .labels import ChartLabels, _default_labels
from .svg import BAR, GRID, INK, MAX_BAR, MUTED, PEAK, _chart_id, _e, _n, _svg_open, _text, _title_desc, text_width


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Articles dated in one calendar month."""

    year: int
    month: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, got {self.month}")
        if self.count < 0:
            raise ValueError(f"count must not be negative, got {self.count}")

    @property
    def index(self) -> int:
        """Months since year 0, for arithmetic on months."""
        return self.year * 12 + self.month - 1


SPARK_FONT = 11.0  # the sparkline's year labels: the smallest text any chart prints
SHORT_RANGE = 36  # months: a timeline this long or shorter names its months; a longer one, years only


def whole_years(months: Sequence[MonthCount]) -> tuple[MonthCount, ...]:
    """``months`` (from :func:`fill_months`, not empty) from January of its first year to December
    of its last, the added months empty."""
    first, last = months[0], months[-1]
    return fill_months([MonthCount(first.year, 1, 0), *months, MonthCount(last.year, 12, 0)])


def fill_months(counts: Iterable[MonthCount]) -> tuple[MonthCount, ...]:
    """Every month from the first to the last, oldest first; duplicates summed, gaps zero."""
    totals: dict[int, int] = defaultdict(int)
    for c in counts:
        totals[c.index] += c.count
    if not totals:
        return ()
    return tuple(MonthCount(i // 12, i % 12 + 1, totals.get(i, 0)) for i in range(min(totals), max(totals) + 1))


def year_totals(counts: Iterable[MonthCount]) -> tuple[tuple[int, int], ...]:
    """``(year, articles)`` for every year of the range, oldest first (a compact table for long ranges)."""
    totals: dict[int, int] = defaultdict(int)
    for c in fill_months(counts):
        totals[c.year] += c.count
    return tuple(sorted(totals.items()))


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One row of the table that stands in for the timeline chart."""

    year: int
    month: int
    label: str  # مارس 2017
    count: int
    count_text: str  # 3 مقالات
    href: str | None


def timeline_rows(
    counts: Sequence[MonthCount],
    labels: ChartLabels | None = None,
    *,
    link: Callable[[int, int], str] | None = None,
    include_empty: bool = True,
) -> tuple[TimelineRow, ...]:
    """The chart's data as table rows, oldest first (the order of the bars in reading direction)."""
    labels = _default_labels(labels)
    return tuple(
        TimelineRow(
            year=c.year,
            month=c.month,
            label=labels.month_label(c.year, c.month),
            count=c.count,
            count_text=labels.count(labels.articles, c.count),
            href=link(c.year, c.month) if link and c.count else None,
        )
        for c in fill_months(counts)
        if include_empty or c.count
    )


def timeline_summary(months: Sequence[MonthCount], labels: ChartLabels) -> str:
    """The ``<desc>`` text: total, range and peak month (the latest, if several tie)."""
    total = sum(c.count for c in months)
    first, last = months[0], months[-1]
    if first.index == last.index:
        return labels.timeline_desc_one.format(
            total=labels.count(labels.articles, total), first=labels.month_label(first.year, first.month)
        )
    peak = max(months, key=lambda c: (c.count, c.index))
    return labels.timeline_desc.format(
        total=labels.count(labels.articles, total),
        first=labels.month_label(first.year, first.month),
        last=labels.month_label(last.year, last.month),
        peak=labels.month_label(peak.year, peak.month),
        peak_count=labels.count(labels.articles, peak.count),
    )


def nice_ticks(maximum: int, target: int = 4) -> tuple[int, ...]:
    """Round y-axis ticks from 0 to at least ``maximum``: steps of 1, 2, 5 × 10ⁿ, at most ``target`` steps."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if math.ceil(max(maximum, 1) / (m * step)) <= target:
                size = m * step
                return tuple(range(0, size * math.ceil(max(maximum, 1) / size) + 1, size))
        step *= 10


@dataclass(frozen=True, slots=True)
class _Frame:
    """The plot rectangle of a month chart and where month ``i`` (0 = oldest) sits in it."""

    left: float
    right: float
    top: float
    bottom: float
    months: float  # slots across the plot: the months drawn, and the folded years' columns
    rtl: bool
    first: float = 0.0  # the slot of month 0 (a fold before it takes the slots from 0)

    @property
    def pitch(self) -> float:
        return (self.right - self.left) / self.months

    @property
    def bar_gap(self) -> float:
        """Space between bars: a fifth of a month (none when bars are hairlines), more when bars would be too wide."""
        return max(self.pitch * 0.2 if self.pitch >= 3 else 0.0, self.pitch - MAX_BAR)

    def x_at(self, position: float) -> float:
        """x of a point ``position`` months from where month 0 begins, in reading direction."""
        position += self.first
        return self.right - position * self.pitch if self.rtl else self.left + position * self.pitch

    def slot(self, i: int) -> tuple[float, float]:
        """Left and right x of month ``i``'s column."""
        i += self.first
        if self.rtl:
            return self.right - (i + 1) * self.pitch, self.right - i * self.pitch
        return self.left + i * self.pitch, self.left + (i + 1) * self.pitch

    def centre(self, first: int, last: int) -> float:
        """x of the middle of months ``first``..``last``."""
        a, b = self.slot(first), self.slot(last)
        return (min(a[0], b[0]) + max(a[1], b[1])) / 2


@dataclass(frozen=True, slots=True)
class _AxisLabel:
    x: float  # centre
    text: str


def _bars(months: Sequence[MonthCount], frame: _Frame, top: int, labels: ChartLabels,
          link: Callable[[int, int], str] | None, colour: str) -> list[str]:  # fmt: skip
    """One group per month: tooltip, a full-height hit area and the bar itself."""
    height = frame.bottom - frame.top
    gap = frame.bar_gap
    out = []
    for i, c in enumerate(months):
        x0, x1 = frame.slot(i)
        when = labels.month_label(c.year, c.month)
        tip = f"<title>{_e(labels.bar_title.format(when=when, count=labels.count(labels.articles, c.count)))}</title>"
        hit = (f'<rect x="{_n(x0)}" y="{_n(frame.top)}" width="{_n(x1 - x0)}" height="{_n(height)}"'
               ' fill="transparent"/>')  # fmt: skip
        bar = ""
        if c.count:
            h = max(height * c.count / top, 1.0)  # one article among thousands still shows
            bar = (f'<rect x="{_n(x0 + gap / 2)}" y="{_n(frame.bottom - h)}" width="{_n(x1 - x0 - gap)}"'
                   f' height="{_n(h)}" fill="{colour}"/>')  # fmt: skip
        body = tip + hit + bar
        if link and c.count:
            out.append(f'<a href="{_e(link(c.year, c.month))}">{body}</a>')
        else:
            out.append(f"<g>{body}</g>")
    return out


def _bar_paths(months: Sequence[MonthCount], frame: _Frame, top: int, colour: str, peak_colour: str) -> list[str]:
    """All bars as one path (the peak months, every month with the most articles, as a second one):
    light enough for a page of sparklines."""
    height = frame.bottom - frame.top
    most = max(c.count for c in months)
    gap = frame.bar_gap
    paths: dict[bool, list[str]] = {False: [], True: []}
    for i, c in enumerate(months):
        if c.count:
            x0, x1 = frame.slot(i)
            h = max(height * c.count / top, 1.0)
            paths[c.count == most].append(f"M{_n(x0 + gap / 2)} {_n(frame.bottom)}v{_n(-h)}h{_n(x1 - x0 - gap)}v{_n(h)}z")
    return [f'<path d="{"".join(d)}" fill="{peak_colour if is_peak else colour}"/>'
            for is_peak, d in sorted(paths.items()) if d]  # fmt: skip


def _place_row(candidates: Sequence[_AxisLabel], font_size: float, lo: float, hi: float,
               gap: float) -> list[_AxisLabel]:  # fmt: skip
    """Keep the labels (in order) whose boxes stay within ``lo``..``hi`` and clear of the ones kept."""
    kept: list[_AxisLabel] = []
    boxes: list[tuple[float, float]] = []
    for label in candidates:
        half = text_width(label.text, font_size) / 2
        a, b = label.x - half, label.x + half
        if a < lo or b > hi or any(a < x1 + gap and x0 < b + gap for x0, x1 in boxes):
            continue
        kept.append(label)
        boxes.append((a, b))
    return kept


def _month_step(months: Sequence[MonthCount], frame: _Frame, labels: ChartLabels, font_size: float) -> int | None:
    """Label every 1st, 2nd, 3rd, 4th or 6th month, the densest whose neighbouring labels do not touch.

    ``None`` (year labels only) for ranges over SHORT_RANGE months or when even every 6th month is too tight.
    """
    if len(months) > SHORT_RANGE:
        return None
    widths = [text_width(m, font_size) for m in labels.months_short]
    for step in (1, 2, 3, 4, 6):
        shown = [w for i, w in enumerate(widths) if i % step == 0]
        pairs = zip(shown, shown[1:] + shown[:1])  # December's label sits next to January's
        if all((a + b) / 2 + 4 <= step * frame.pitch for a, b in pairs):
            return step
    return None


def _month_labels(months: Sequence[MonthCount], frame: _Frame, labels: ChartLabels, step: int) -> list[_AxisLabel]:
    return [
        _AxisLabel(frame.centre(i, i), labels.months_short[c.month - 1])
        for i, c in enumerate(months)
        if (c.month - 1) % step == 0
    ]


def _year_spans(months: Sequence[MonthCount]) -> list[tuple[int, int, int]]:
    """``(year, first index, last index)`` of each year in the range."""
    spans: dict[int, list[int]] = {}
    for i, c in enumerate(months):
        spans.setdefault(c.year, []).append(i)
    return [(year, idx[0], idx[-1]) for year, idx in sorted(spans.items())]


def _year_step(frame: _Frame, font_size: float) -> int:
    """Label every year, or every 2, 5, 10 … years when a year is too narrow for its number."""
    widest = text_width("0000", font_size) + 8
    return next((s for s in (1, 2, 5, 10, 20, 50) if s * 12 * frame.pitch >= widest), 100)


def _year_start(frame: _Frame, index: int) -> float:
    """x of the edge where month ``index`` begins (its right edge in RTL)."""
    a, b = frame.slot(index)
    return b if frame.rtl else a


def _year_axis(months: Sequence[MonthCount], frame: _Frame, step: int) -> tuple[list[float], list[_AxisLabel]]:
    """Where year marks go and the year labels. Every year: a separator between years and the
    number centred under its months. Every ``step`` years: a tick where the year begins, labelled."""
    spans = _year_spans(months)
    if step == 1:
        return (
            [_year_start(frame, first) for _y, first, _l in spans[1:]],
            [_AxisLabel(frame.centre(first, last), str(year)) for year, first, last in spans],
        )
    starts = [(year, first) for year, first, _l in spans if year % step == 0 and months[first].month == 1]
    return (
        [_year_start(frame, first) for _y, first in starts],
        [_AxisLabel(_year_start(frame, first), str(year)) for year, first in starts],
    )


def _x_axis(months: Sequence[MonthCount], frame: _Frame, labels: ChartLabels, width: float) -> list[str]:
    """Year marks, month labels (short ranges) and year labels under the bars."""
    out = []
    step = _year_step(frame, 12)
    marks, years = _year_axis(months, frame, step)
    tick = 34 if step == 1 else 5
    for x in marks:
        out.append(f'<line x1="{_n(x)}" y1="{_n(frame.bottom)}" x2="{_n(x)}" y2="{_n(frame.bottom + tick)}"'
                   f' stroke="{GRID if step == 1 else MUTED}"/>')  # fmt: skip
    month_step = _month_step(months, frame, labels, 11)
    year_y = frame.bottom + (14 if step == 1 else 16)
    if month_step is not None:
        for label in _place_row(_month_labels(months, frame, labels, month_step), 11, 2, width - 2, 4):
            out.append(_text(label.x, frame.bottom + 12, label.text, 11, MUTED))
        year_y = frame.bottom + 30
    for label in _place_row(years, 12, 2, width - 2, 6):
        out.append(_text(label.x, year_y, label.text, 12, INK, ' font-weight="bold"'))
    return out


FOLD_GAP = 0.8  # slots between a folded column and the months drawn: room for the break mark


def _fold_slots(fold: Fold | None, pitch: float) -> float:
    """Slots a fold takes: its label's width and a margin, and the gap before the break."""
    return 0.0 if fold is None else (text_width(fold.label, 12) + 12) / pitch + FOLD_GAP


def _folds(before: Fold | None, after: Fold | None, drawn: int, frame: _Frame, top: int, labels: ChartLabels,
           link: Callable[[int, int], str] | None, y_label: float) -> tuple[list[str], list[str]]:  # fmt: skip
    """The folded years' columns (a bar at the chart's scale, its count above it, a tooltip, a link
    to its first month with articles) and, under them, their range and the break in the axis."""
    bars, axis = [], []
    height = frame.bottom - frame.top
    end = frame.months - frame.first  # where the slots end, counted from month 0
    for fold, start, stop, cut in ((before, -frame.first, -FOLD_GAP, -FOLD_GAP / 2),
                                   (after, drawn + FOLD_GAP, end, drawn + FOLD_GAP / 2)):  # fmt: skip
        if fold is None:
            continue
        a, b = frame.x_at(start), frame.x_at(stop)
        x0, x1 = min(a, b), max(a, b)
        middle = (x0 + x1) / 2
        half = min(MAX_BAR, x1 - x0 - 8) / 2
        h = max(height * fold.count / top, 1.0)
        tip = f"<title>{_e(labels.bar_title.format(when=fold.label, count=labels.count(labels.articles, fold.count)))}</title>"
        body = (tip + f'<rect x="{_n(x0)}" y="{_n(frame.top)}" width="{_n(x1 - x0)}" height="{_n(height)}" fill="transparent"/>'
                f'<rect x="{_n(middle - half)}" y="{_n(frame.bottom - h)}" width="{_n(2 * half)}" height="{_n(h)}"'
                f' fill="{MUTED}"/>' + _text(middle, frame.bottom - h - 9, str(fold.count), 11, MUTED))  # fmt: skip
        if link:
            bars.append(f'<a class="fold" href="{_e(link(fold.month.year, fold.month.month))}">{body}</a>')
        else:
            bars.append(f'<g class="fold">{body}</g>')
        x = frame.x_at(cut)
        axis.append(f'<path class="axis-break" d="M{_n(x - 6)} {_n(frame.bottom + 6)}l6 -12M{_n(x)} {_n(frame.bottom + 6)}l6 -12"'
                    f' stroke="{INK}" fill="none"/>')  # fmt: skip
        axis.append(_text(middle, y_label, fold.label, 12, MUTED, ' font-weight="bold"'))
    return bars, axis


def _y_axis(frame: _Frame, ticks: Sequence[int]) -> list[str]:
    """Grid lines and tick values on the reading-start side (right in RTL)."""
    out = []
    top = ticks[-1]
    for t in ticks:
        y = frame.bottom - (frame.bottom - frame.top) * t / top
        out.append(f'<line x1="{_n(frame.left)}" y1="{_n(y)}" x2="{_n(frame.right)}" y2="{_n(y)}"'
                   f' stroke="{INK if t == 0 else GRID}"/>')  # fmt: skip
        x = frame.right + 6 + text_width(str(t), 11) / 2 if frame.rtl else frame.left - 6 - text_width(str(t), 11) / 2
        out.append(_text(x, y, str(t), 11, MUTED))
    return out


def timeline_svg(
    counts: Sequence[MonthCount],
    *,
    title: str,
    labels: ChartLabels | None = None,
    link: Callable[[int, int], str] | None = None,
    colour: str = BAR,
    chart_id: str | None = None,
) -> str:
    """A bar chart of articles per month over the whole range, empty months included.

    Time runs in the labels' reading direction (right → left for Arabic). Short ranges
    (≤ SHORT_RANGE months) label months as densely as their width allows, plus years; longer
    ranges label years only, thinned to every 2, 5, 10 … years when needed, and are drawn in
    whole years, so that a year with a month or two of articles at either end still has the
    width of its label (it was dropped, and its bars stood unnamed beside the next year's).
    No two labels ever overlap. Each bar has a ``<title>`` tooltip; with ``link`` each month
    that has articles is a link to ``link(year, month)``. Returns ``""`` when there
    are no articles at all (the caller shows nothing rather than an empty axis).
    """
    labels = _default_labels(labels)
    months = fill_months(counts)
    if not months or not any(c.count for c in months):
        return ""
    summary = timeline_summary(months, labels)  # the range the articles span, not the drawn one
    before, months, after = fold_sparse_years(months)
    if len(months) > SHORT_RANGE:
        months = whole_years(months)
    most = max([c.count for c in months] + [f.count for f in (before, after) if f])
    ticks = nice_ticks(most)
    axis_room = text_width(str(ticks[-1]), 11) + 14
    main_width = min(max(len(months) * (42 if len(months) <= 16 else 28), 240), 680)
    pitch = main_width / len(months)
    ahead, behind = _fold_slots(before, pitch), _fold_slots(after, pitch)
    plot_width = main_width + (ahead + behind) * pitch
    width = plot_width + axis_room + 14
    left, right = (14, 14 + plot_width) if labels.rtl else (axis_room, axis_room + plot_width)
    frame = _Frame(left=left, right=right, top=14, bottom=196, months=len(months) + ahead + behind, rtl=labels.rtl,
                   first=ahead)
    height = frame.bottom + 44
    x_axis = _x_axis(months, frame, labels, width)
    fold_bars, fold_axis = _folds(before, after, len(months), frame, ticks[-1], labels, link,
                                  frame.bottom + (30 if _month_step(months, frame, labels, 11) is not None else 14))
    cid = chart_id or _chart_id("timeline", title, months, link is not None)
    parts = [
        _svg_open(cid, width, height, "chart-timeline", link is not None, labels.rtl),
        _title_desc(cid, title, summary),
        '<g class="y-axis">',
        *_y_axis(frame, ticks),
        '</g><g class="bars">',
        *fold_bars,
        *_bars(months, frame, ticks[-1], labels, link, colour),
        '</g><g class="x-axis">',
        *x_axis,
        *fold_axis,
        "</g></svg>",
    ]
    return "".join(parts)


def sparkline_svg(
    counts: Sequence[MonthCount],
    *,
    title: str,
    labels: ChartLabels | None = None,
    width: int = 300,
    height: int = 60,
    colour: str = BAR,
    peak_colour: str = PEAK,
    chart_id: str | None = None,
) -> str:
    """A small articles-per-month chart (for an actor's or a topic's page), peak month marked.

    Same direction and ``<title>``/``<desc>`` as :func:`timeline_svg`, with the first
    and last year printed at the two ends; no per-month tooltips, so that a page can
    carry many of them (about 4 kB for ten years). ``""`` when there are no articles.
    """
    labels = _default_labels(labels)
    months = fill_months(counts)
    if not months or not any(c.count for c in months):
        return ""
    summary = timeline_summary(months, labels)
    before, months, after = fold_sparse_years(months)  # sparse years at the ends: a column each
    spare = [(text_width(f.label, SPARK_FONT) + 6) if f else 0.0 for f in (before, after)]
    pitch = (width - 4 - sum(spare) - 8 * sum(1 for f in (before, after) if f)) / len(months)
    ahead, behind = [(room + 8) / pitch if room else 0.0 for room in spare]
    frame = _Frame(left=2, right=width - 2, top=3, bottom=height - 18, months=len(months) + ahead + behind,
                   rtl=labels.rtl, first=ahead)
    top = max([c.count for c in months] + [f.count for f in (before, after) if f])
    cid = chart_id or _chart_id("sparkline", title, months)
    first, last = str(months[0].year), str(months[-1].year)
    ends = [_AxisLabel(frame.centre(0, 0), first)]
    if last != first:
        ends.append(_AxisLabel(frame.centre(len(months) - 1, len(months) - 1), last))
    ends = [_clamp_label(label, SPARK_FONT, 1, width - 1) for label in ends]
    folds = []
    for fold, start, stop in ((before, -ahead, -8 / pitch), (after, len(months) + 8 / pitch, len(months) + behind)):
        if fold is None:
            continue
        a, b = frame.x_at(start), frame.x_at(stop)
        middle, h = (a + b) / 2, max((frame.bottom - frame.top) * fold.count / top, 1.0)
        folds.append(f'<rect x="{_n(middle - 3)}" y="{_n(frame.bottom - h)}" width="6" height="{_n(h)}" fill="{MUTED}"/>')
        folds.append(_text(middle, height - 8, fold.label, SPARK_FONT, MUTED))
        cut = frame.x_at(-4 / pitch if fold is before else len(months) + 4 / pitch)
        folds.append(f'<path d="M{_n(cut - 4)} {_n(frame.bottom + 4)}l4 -8M{_n(cut)} {_n(frame.bottom + 4)}l4 -8"'
                     f' stroke="{MUTED}" fill="none"/>')  # fmt: skip
    parts = [
        _svg_open(cid, width, height, "chart-sparkline", False, labels.rtl),
        _title_desc(cid, title, summary),
        f'<line x1="{_n(frame.left)}" y1="{_n(frame.bottom)}" x2="{_n(frame.right)}" y2="{_n(frame.bottom)}"'
        f' stroke="{GRID}"/>',
        *_bar_paths(months, frame, top, colour, peak_colour),
        *folds,
        *(_text(label.x, height - 8, label.text, SPARK_FONT, MUTED) for label in _place_row(ends, SPARK_FONT, 0, width, 4)),
        "</svg>",
    ]
    return "".join(parts)


def _clamp_label(label: _AxisLabel, font_size: float, lo: float, hi: float) -> _AxisLabel:
    """Slide a label inwards so that it stays within ``lo``..``hi``."""
    half = text_width(label.text, font_size) / 2
    return _AxisLabel(min(max(label.x, lo + half), hi - half), label.text)


# --- network -----------------------------------------------------------------------------
