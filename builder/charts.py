"""Inline SVG charts: articles per month (timeline, sparkline) and the actor network.

Every function here is pure: it takes frozen records and returns markup (or plain
data), with no JavaScript, no external resources and no state between calls. The
same input always gives byte-identical output: inputs are sorted before use, the
network layout runs with a fixed seed and a fixed number of iterations, and every
coordinate is rounded to one decimal. All text that may come from user content
(names, titles, hrefs) goes through :func:`html.escape`.

Direction of time. The site is an Arabic publication read right to left, so by
default time runs from the RIGHT (oldest) to the LEFT (newest), the value axis
stands on the right (where the eye enters the chart), and the chronological table
from :func:`timeline_rows` reads in the same order as the bars. Arabic readers do
also meet left-to-right time axes (spreadsheets, market tickers), but on a page
where headings, lists, dates and tables all flow right to left, a chart that runs
the other way is the odd one out. The choice lives in :attr:`ChartLabels.rtl`, so a
left-to-right language (or a site that prefers it) flips the whole chart.

Accessibility. Each SVG carries a ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``/``aria-describedby``. A chart without links is ``role="img"``;
a chart whose marks are links is ``role="group"`` instead, because ``img``
makes its children presentational and would hide the links from screen readers.
"""

from __future__ import annotations

import hashlib
import html
import math
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

# --- palette and type ------------------------------------------------------------------

FONT_FAMILY = "'Noto Naskh Arabic', 'Noto Kufi Arabic', serif"
INK = "#1d1b16"
MUTED = "#5c5648"  # 7:1 on PAPER
PAPER = "#fbf9f4"
GRID = "#e3ddd0"
EDGE = "#8f887a"
BAR = "#17456e"
PEAK = "#8a2b0c"
GROUP_ORDER = ("person", "organisation", "country", "armed_group")
GROUP_COLOURS = MappingProxyType(
    {"person": "#17456e", "organisation": "#8a2b0c", "country": "#1f5e3a", "armed_group": "#6b2f6b"}
)
GROUP_SHAPES = MappingProxyType(
    {"person": "circle", "organisation": "square", "country": "diamond", "armed_group": "triangle"}
)
OTHER_COLOUR = MUTED
OTHER_SHAPE = "circle"

# Network layout: fixed so that the picture is the same on every run and machine.
LAYOUT_SEED = 20240601
LAYOUT_ITERATIONS = 120
SEPARATION_ROUNDS = 60
MAX_BAR = 44.0  # widest bar of a month chart
# A label's box is this many em tall: Noto Naskh Arabic's line box (ascent + descent), measured in
# Chromium at 1.7 em, so labels clear one another in the browser, not only on paper.
LABEL_LINE = 1.75
LABEL_ROOM = 0.7  # share of a heavy node's label width kept free around it
RING_GAP = 5.0  # the highlighted node's ring, outside its shape


# --- labels (every language-specific string) ------------------------------------------


@dataclass(frozen=True, slots=True)
class Plural:
    """Count phrases by CLDR plural category; ``{n}`` is the number. Missing forms fall back to ``other``."""

    other: str
    zero: str | None = None
    one: str | None = None
    two: str | None = None
    few: str | None = None
    many: str | None = None

    def format(self, n: int) -> str:
        """The phrase for ``n`` (e.g. ``3 مقالات``, ``مقالان``, ``11 مقالًا``)."""
        form = getattr(self, plural_category(n)) or self.other
        return form.format(n=n)


def plural_category(n: int) -> str:
    """CLDR plural category of a non-negative integer under the Arabic rules.

    Languages with fewer forms leave the extra ones unset in :class:`Plural`, and they
    fall back to ``other`` (English: only ``one`` and ``other`` need filling in).
    """
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


_ARABIC_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                  "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words the charts print. Templates use ``str.format`` with the named fields shown."""

    months: tuple[str, ...]
    months_short: tuple[str, ...]  # axis labels; Arabic has no customary abbreviations
    articles: Plural
    mentions: Plural
    month_year: str  # {month} {year}
    bar_title: str  # {when} {count}
    timeline_desc: str  # {total} {first} {last} {peak} {peak_count}
    timeline_desc_one: str  # {total} {first}
    node_title: str  # {label} {group} {count}
    edge_title: str  # {a} {b} {count}
    encoding_note: str  # what size and line width mean, printed under the legend
    groups: tuple[tuple[str, str], ...]  # group → legend name (plural)
    group_one: tuple[tuple[str, str], ...]  # group → one member's kind, for tooltips
    rtl: bool = True

    @classmethod
    def arabic(cls) -> ChartLabels:
        """Modern Standard Arabic defaults, with Western digits as on the rest of the site."""
        return cls(
            months=_ARABIC_MONTHS,
            months_short=_ARABIC_MONTHS,
            articles=Plural(
                zero="لا مقالات", one="مقال واحد", two="مقالان",
                few="{n} مقالات", many="{n} مقالًا", other="{n} مقال",
            ),  # fmt: skip
            mentions=Plural(
                zero="لا إشارات", one="إشارة واحدة", two="إشارتان",
                few="{n} إشارات", many="{n} إشارةً", other="{n} إشارة",
            ),  # fmt: skip
            month_year="{month} {year}",
            bar_title="{when}: {count}",
            timeline_desc="{total} بين {first} و{last}. الذروة في {peak}: {peak_count}.",
            timeline_desc_one="{total} في {first}.",
            node_title="{label} ({group}): {count}",
            edge_title="{a} و{b}: {count} معًا",
            encoding_note="حجم الشكل: عدد الإشارات · سُمك الخط: المقالات المشتركة",
            groups=(("person", "أشخاص"), ("organisation", "منظمات وهيئات"),
                    ("country", "دول"), ("armed_group", "جماعات مسلحة")),  # fmt: skip
            group_one=(("person", "شخص"), ("organisation", "منظمة"),
                       ("country", "دولة"), ("armed_group", "جماعة مسلحة")),  # fmt: skip
        )

    @classmethod
    def from_strings(cls, strings: Mapping[str, object], base: ChartLabels | None = None) -> ChartLabels:
        """Labels from a site's i18n mapping: ``months``, ``kinds``, ``kind_one`` and an optional ``chart`` table.

        ``chart`` may hold any scalar field of this class by name (``bar_title``,
        ``edge_title``, ``rtl`` …) and ``articles``/``mentions`` as tables of plural forms.
        Whatever is absent keeps the value from ``base`` (Arabic by default).
        """
        labels = base or cls.arabic()
        changes: dict[str, object] = {}
        if "months" in strings:
            changes["months"] = changes["months_short"] = tuple(strings["months"])  # type: ignore[arg-type]
        if isinstance(strings.get("kinds"), Mapping):
            changes["groups"] = tuple(sorted(strings["kinds"].items()))  # type: ignore[union-attr]
        if isinstance(strings.get("kind_one"), Mapping):
            changes["group_one"] = tuple(sorted(strings["kind_one"].items()))  # type: ignore[union-attr]
        chart = strings.get("chart")
        for key, value in (chart.items() if isinstance(chart, Mapping) else ()):
            if key in ("articles", "mentions") and isinstance(value, Mapping):
                changes[key] = Plural(**value)
            elif key in ("months", "months_short"):
                changes[key] = tuple(value)
            elif key in cls.__dataclass_fields__:
                changes[key] = value
        return replace(labels, **changes)

    def group_name(self, group: str) -> str:
        """The legend name of a group (the group id itself if the labels do not know it)."""
        return dict(self.groups).get(group, group)

    def group_member(self, group: str) -> str:
        """What one member of a group is called (``شخص``), for tooltips."""
        return dict(self.group_one).get(group, self.group_name(group))

    def month_label(self, year: int, month: int) -> str:
        """``مارس 2017``."""
        return self.month_year.format(month=self.months[month - 1], year=year)


def _default_labels(labels: ChartLabels | None) -> ChartLabels:
    return labels if labels is not None else ChartLabels.arabic()


# --- shared helpers ----------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0`` or a negative zero."""
    text = f"{round(value, 1) + 0.0:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _e(text: str) -> str:
    """Escape text or an attribute value."""
    return html.escape(text, quote=True)


def _chart_id(kind: str, *parts: object) -> str:
    """A short id derived from the chart's content, so several charts on one page do not clash."""
    digest = hashlib.sha1(repr((kind, parts)).encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{digest}"


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the rendered width of ``text`` in Noto Naskh Arabic.

    Measured in Chromium, Arabic letters average 0.33–0.42 em and digits 0.57 em;
    short words run wider per letter, hence the constant. Marks take no width.
    """
    ems = 0.4
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        if ch.isspace():
            ems += 0.3
        elif "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
            ems += 0.45
        elif ch.isupper() or ch in "mwMW@%&":
            ems += 0.75
        else:
            ems += 0.62
    return ems * font_size


def _svg_open(chart_id: str, width: float, height: float, css_class: str, interactive: bool, rtl: bool) -> str:
    role = "group" if interactive else "img"
    chart_id = _e(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' width="{_n(width)}" height="{_n(height)}" role="{role}"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f' font-family="{FONT_FAMILY}" direction="{"rtl" if rtl else "ltr"}"'
        ' style="max-width:100%;height:auto">'
    )


def _title_desc(chart_id: str, title: str, desc: str) -> str:
    chart_id = _e(chart_id)
    return f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>'


# --- months ------------------------------------------------------------------------------


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
            count_text=labels.articles.format(c.count),
            href=link(c.year, c.month) if link and c.count else None,
        )
        for c in fill_months(counts)
        if include_empty or c.count
    )


def timeline_summary(months: Sequence[MonthCount], labels: ChartLabels) -> str:
    """The ``<desc>`` text: total, range and peak month (the earliest, if several tie)."""
    total = sum(c.count for c in months)
    first, last = months[0], months[-1]
    if first.index == last.index:
        return labels.timeline_desc_one.format(
            total=labels.articles.format(total), first=labels.month_label(first.year, first.month)
        )
    peak = max(months, key=lambda c: (c.count, -c.index))
    return labels.timeline_desc.format(
        total=labels.articles.format(total),
        first=labels.month_label(first.year, first.month),
        last=labels.month_label(last.year, last.month),
        peak=labels.month_label(peak.year, peak.month),
        peak_count=labels.articles.format(peak.count),
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
    months: int
    rtl: bool

    @property
    def pitch(self) -> float:
        return (self.right - self.left) / self.months

    @property
    def bar_gap(self) -> float:
        """Space between bars: a fifth of a month (none when bars are hairlines), more when bars would be too wide."""
        return max(self.pitch * 0.2 if self.pitch >= 3 else 0.0, self.pitch - MAX_BAR)

    def slot(self, i: int) -> tuple[float, float]:
        """Left and right x of month ``i``'s column."""
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
        tip = f"<title>{_e(labels.bar_title.format(when=when, count=labels.articles.format(c.count)))}</title>"
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
    """All bars as one path (the peak month as a second one): light enough for a page of sparklines."""
    height = frame.bottom - frame.top
    peak = max(months, key=lambda c: (c.count, -c.index))
    gap = frame.bar_gap
    paths: dict[bool, list[str]] = {False: [], True: []}
    for i, c in enumerate(months):
        if c.count:
            x0, x1 = frame.slot(i)
            h = max(height * c.count / top, 1.0)
            paths[c is peak].append(f"M{_n(x0 + gap / 2)} {_n(frame.bottom)}v{_n(-h)}h{_n(x1 - x0 - gap)}v{_n(h)}z")
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


def _text(x: float, y: float, text: str, size: float, fill: str = INK, extra: str = "") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}" text-anchor="middle"'
            f' dominant-baseline="central"{extra}>{_e(text)}</text>')  # fmt: skip


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
    if len(months) > SHORT_RANGE:
        months = whole_years(months)
    ticks = nice_ticks(max(c.count for c in months))
    axis_room = text_width(str(ticks[-1]), 11) + 14
    plot_width = min(max(len(months) * (42 if len(months) <= 16 else 28), 240), 680)
    width = plot_width + axis_room + 14
    left, right = (14, 14 + plot_width) if labels.rtl else (axis_room, axis_room + plot_width)
    frame = _Frame(left=left, right=right, top=14, bottom=196, months=len(months), rtl=labels.rtl)
    height = frame.bottom + 44
    cid = chart_id or _chart_id("timeline", title, months, link is not None)
    parts = [
        _svg_open(cid, width, height, "chart-timeline", link is not None, labels.rtl),
        _title_desc(cid, title, summary),
        '<g class="y-axis">',
        *_y_axis(frame, ticks),
        '</g><g class="bars">',
        *_bars(months, frame, ticks[-1], labels, link, colour),
        '</g><g class="x-axis">',
        *_x_axis(months, frame, labels, width),
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
    frame = _Frame(left=2, right=width - 2, top=3, bottom=height - 18, months=len(months), rtl=labels.rtl)
    top = max(c.count for c in months)
    cid = chart_id or _chart_id("sparkline", title, months)
    first, last = str(months[0].year), str(months[-1].year)
    ends = [_AxisLabel(frame.centre(0, 0), first)]
    if last != first:
        ends.append(_AxisLabel(frame.centre(len(months) - 1, len(months) - 1), last))
    ends = [_clamp_label(label, 10, 1, width - 1) for label in ends]
    parts = [
        _svg_open(cid, width, height, "chart-sparkline", False, labels.rtl),
        _title_desc(cid, title, timeline_summary(months, labels)),
        f'<line x1="{_n(frame.left)}" y1="{_n(frame.bottom)}" x2="{_n(frame.right)}" y2="{_n(frame.bottom)}"'
        f' stroke="{GRID}"/>',
        *_bar_paths(months, frame, top, colour, peak_colour),
        *(_text(label.x, height - 8, label.text, 10, MUTED) for label in _place_row(ends, 10, 0, width, 4)),
        "</svg>",
    ]
    return "".join(parts)


def _clamp_label(label: _AxisLabel, font_size: float, lo: float, hi: float) -> _AxisLabel:
    """Slide a label inwards so that it stays within ``lo``..``hi``."""
    half = text_width(label.text, font_size) / 2
    return _AxisLabel(min(max(label.x, lo + half), hi - half), label.text)


# --- network -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NetNode:
    """An actor: ``weight`` = mentions, ``group`` = kind (person/organisation/country/armed_group)."""

    id: str
    label: str
    weight: int
    href: str
    group: str


@dataclass(frozen=True, slots=True)
class NetEdge:
    """Two actors named together; ``weight`` = articles naming both. Undirected."""

    a: str
    b: str
    weight: int


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle: top-left corner and size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """True if the boxes intersect or come closer than ``pad``."""
        return (
            self.x < other.right + pad
            and other.x < self.right + pad
            and self.y < other.bottom + pad
            and other.y < self.bottom + pad
        )

    def within(self, other: Box) -> bool:
        return self.x >= other.x and self.y >= other.y and self.right <= other.right and self.bottom <= other.bottom


@dataclass(frozen=True, slots=True)
class PlacedNode:
    """A drawn node: centre, size (radius of the equal-area circle) and shape."""

    id: str
    x: float
    y: float
    r: float
    shape: str
    colour: str

    @property
    def reach(self) -> float:
        """The radius of the circle around the drawn shape."""
        return _reach(self.shape, self.r)

    @property
    def box(self) -> Box:
        """The bounding box of the drawn shape (outline included)."""
        hx, up, down = _shape_extent(self.shape, self.r)
        return Box(self.x - hx - 1, self.y - up - 1, 2 * hx + 2, up + down + 2)


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """A drawn node label: the text's estimated box and font size."""

    id: str
    text: str
    box: Box
    font_size: float


@dataclass(frozen=True, slots=True)
class NetworkChart:
    """The network drawing and what was left out of it (for the page to say so)."""

    svg: str
    shown: tuple[str, ...]  # node ids drawn, heaviest first
    omitted_nodes: int  # input nodes not drawn
    omitted_edges: int  # distinct input pairs not drawn
    edges_shown: int
    nodes: tuple[PlacedNode, ...]
    labels: tuple[PlacedLabel, ...]  # labels drawn
    hidden_labels: tuple[str, ...]  # node ids drawn without a visible label (no room)


EMPTY_NETWORK = NetworkChart("", (), 0, 0, 0, (), (), ())


def _shape_of(group: str) -> str:
    return GROUP_SHAPES.get(group, OTHER_SHAPE)


def _colour_of(group: str) -> str:
    return GROUP_COLOURS.get(group, OTHER_COLOUR)


def _by_weight(node: NetNode) -> tuple[int, str]:
    return (-node.weight, node.id)


def _index_nodes(nodes: Iterable[NetNode]) -> dict[str, NetNode]:
    index: dict[str, NetNode] = {}
    for node in nodes:
        if node.id in index:
            raise ValueError(f"duplicate node id {node.id!r}")
        index[node.id] = node
    return index


def _merge_edges(edges: Iterable[NetEdge]) -> dict[tuple[str, str], int]:
    """Distinct undirected pairs (no self-loops), each with the largest weight given for it."""
    pairs: dict[tuple[str, str], int] = {}
    for e in edges:
        if e.a != e.b:
            key = (e.a, e.b) if e.a < e.b else (e.b, e.a)
            pairs[key] = max(pairs.get(key, 0), e.weight)
    return pairs


def _select_nodes(index: Mapping[str, NetNode], max_nodes: int, highlight: str | None) -> list[NetNode]:
    """The ``max_nodes`` heaviest nodes (ties by id); the highlighted node always among them."""
    ranked = sorted(index.values(), key=_by_weight)
    chosen = ranked[: max(max_nodes, 1)]
    if highlight is not None and index[highlight] not in chosen:
        chosen = [*chosen[:-1], index[highlight]]
    return sorted(chosen, key=_by_weight)


def _select_edges(
    pairs: Mapping[tuple[str, str], int], shown: set[str], per_node: int, budget: int, highlight: str | None
) -> list[tuple[str, str, int]]:
    """Edges worth drawing: each node's ``per_node`` strongest, every edge of the highlighted node,
    then the strongest of the rest until ``budget`` edges are drawn. Strongest first."""
    ranked = sorted(
        ((a, b, w) for (a, b), w in pairs.items() if a in shown and b in shown and w > 0),
        key=lambda e: (-e[2], e[0], e[1]),
    )
    keep: dict[tuple[str, str], int] = {}
    taken: dict[str, int] = defaultdict(int)
    for a, b, w in ranked:
        if taken[a] < per_node or taken[b] < per_node or highlight in (a, b):
            keep[(a, b)] = w
            taken[a] += 1
            taken[b] += 1
    for a, b, w in ranked:
        if len(keep) >= budget:
            break
        keep.setdefault((a, b), w)
    return sorted(((a, b, w) for (a, b), w in keep.items()), key=lambda e: (-e[2], e[0], e[1]))


def _layout(ids: Sequence[str], edges: Sequence[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions in about [-1, 1]², seeded and with fixed iterations.

    Nodes and edges enter the graph sorted, so the result does not depend on input order.
    Edge weights are compressed (square root) so that one dominant pair does not collapse.
    networkx is imported here, on first use: most rebuilds draw no force layout, and it takes a
    tenth of a second to import.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(ids))
    top = max((w for _, _, w in edges), default=1)
    graph.add_weighted_edges_from(sorted((a, b, math.sqrt(w / top)) for a, b, w in edges))
    if len(graph) == 1:
        return {ids[0]: (0.0, 0.0)}
    pos = nx.spring_layout(
        graph, k=1.6 / math.sqrt(len(graph)), seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS, method="force"
    )
    return {node: (round(float(p[0]), 4), round(float(p[1]), 4)) for node, p in sorted(pos.items())}


def _radial_layout(centre: str, ring: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The centre at the origin, the others on the unit circle in the order given (strongest first)."""
    pos = {centre: (0.0, 0.0)}
    for k, node in enumerate(ring):
        angle = 2 * math.pi * k / max(1, len(ring)) - math.pi / 2
        pos[node] = (round(math.cos(angle), 4), round(math.sin(angle), 4))
    return pos


def _shape_extent(shape: str, r: float) -> tuple[float, float, float]:
    """Half-width, extent above and extent below the centre of a shape with the area of a circle of radius r."""
    if shape == "square":
        half = r * math.sqrt(math.pi) / 2
        return half, half, half
    if shape == "diamond":
        half = r * math.sqrt(math.pi / 2)
        return half, half, half
    if shape == "triangle":
        side = r * math.sqrt(4 * math.pi / math.sqrt(3))
        return side / 2, side / math.sqrt(3), side / (2 * math.sqrt(3))
    return r, r, r


def _radii(shown: Sequence[NetNode], highlight: str | None, largest: float, smallest: float) -> dict[str, float]:
    """Radius ∝ √weight (with a floor, so that light nodes stay clickable); the highlighted node is largest."""
    top = max(max(n.weight for n in shown), 1)
    radii = {n.id: max(largest * math.sqrt(max(n.weight, 0) / top), smallest) for n in shown}
    if highlight is not None:
        radii[highlight] = largest * 1.15
    return radii


def _fit(
    pos: Mapping[str, tuple[float, float]], area: Box, highlight: str | None
) -> dict[str, tuple[float, float]]:
    """Scale unit positions to fill ``area``; with a highlighted node, centre the picture on it."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    if highlight is not None:
        cx, cy = pos[highlight]
        span_x = max(max(abs(x - cx) for x in xs), 1e-9) * 2
        span_y = max(max(abs(y - cy) for y in ys), 1e-9) * 2
        x0, y0 = cx - span_x / 2, cy - span_y / 2
    else:
        x0, y0 = min(xs), min(ys)
        span_x, span_y = max(max(xs) - x0, 1e-9), max(max(ys) - y0, 1e-9)
    fitted = {}
    for node, (x, y) in pos.items():
        fx = area.x + area.width / 2 if len(pos) == 1 else area.x + (x - x0) / span_x * area.width
        fy = area.y + area.height / 2 if len(pos) == 1 else area.y + (y - y0) / span_y * area.height
        fitted[node] = (fx, fy)
    return fitted


@dataclass(frozen=True, slots=True)
class _Room:
    """How close other nodes may come to a node: ``base`` for all, ``clear`` for lighter nodes
    when the node is one of the heavy ones whose name must find room."""

    base: float
    clear: float
    heavy: bool


def _reach(shape: str, r: float) -> float:
    """How far the shape reaches from its centre (the radius of its circumscribed circle)."""
    half, up, _down = _shape_extent(shape, r)
    return {"square": half * math.sqrt(2), "diamond": half, "triangle": up}.get(shape, r)


def _rooms(shown: Sequence[NetNode], radii: Mapping[str, float], highlight: str | None) -> dict[str, _Room]:
    """Heavy = the top quarter (and the highlighted node): light nodes keep a label's width away from them."""
    top = max(n.weight for n in shown)
    heavy = {n.id for n in shown[: max(len(shown) // 4, 1)]} | ({highlight} if highlight else set())
    rooms = {}
    for node in shown:
        reach = _reach(_shape_of(node.group), radii[node.id]) + (RING_GAP if node.id == highlight else 0)
        base = reach * 1.1 + 3
        label = text_width(node.label, _label_font(node.weight, top, node.id == highlight))
        clear = max(base, reach + LABEL_ROOM * label) if node.id in heavy else base
        rooms[node.id] = _Room(base, clear, node.id in heavy)
    return rooms


def _push(ra: _Room, rb: _Room, a_pinned: bool, b_pinned: bool, names: bool) -> tuple[float, float, float]:
    """Distance needed between two nodes, and the share of the move each one takes.

    With ``names``, a light node keeps clear of a heavy one's name and makes all the
    move itself, and two heavy nodes keep room for one name between them.
    """
    if names and ra.heavy != rb.heavy:
        return (ra.clear + rb.base, 0.0, 2.0) if ra.heavy else (ra.base + rb.clear, 2.0, 0.0)
    need = max(ra.clear + rb.base, ra.base + rb.clear) if names else ra.base + rb.base
    if a_pinned or b_pinned:
        return (need, 0.0, 2.0) if a_pinned else (need, 2.0, 0.0)
    return need, 1.0, 1.0


def _relax(xy: list[list[float]], pairs: Sequence[tuple[int, int, float, float, float]], radii: Sequence[float],
           area: Box) -> None:  # fmt: skip
    """Move points in place until every pair is ``need`` apart or the rounds run out; clamp into ``area``."""
    for _ in range(SEPARATION_ROUNDS):
        moved = False
        for i, j, need, wa, wb in pairs:
            a, b = xy[i], xy[j]
            dx, dy = b[0] - a[0], b[1] - a[1]
            dist = math.hypot(dx, dy)
            if dist >= need:
                continue
            if dist < 1e-6:  # identical positions: split along a fixed direction
                angle = (i * 7 + j * 13) % 360 * math.pi / 180
                dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
            push = (need - dist) / 2 / dist
            a[0] -= dx * push * wa
            a[1] -= dy * push * wa
            b[0] += dx * push * wb
            b[1] += dy * push * wb
            moved = True
        for p, r in zip(xy, radii):
            p[0] = min(max(p[0], area.x + r), area.right - r)
            p[1] = min(max(p[1], area.y + r), area.bottom - r)
        if not moved:
            return


def _separate(
    pos: Mapping[str, tuple[float, float]], rooms: Mapping[str, _Room], radii: Mapping[str, float], area: Box,
    pinned: str | None,
) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Push nodes apart in two passes: first clearing room for the heavy nodes' names (as far as
    the canvas allows), then only so that no two shapes touch, which must hold in the end."""
    ids = sorted(pos)
    xy = [list(pos[node]) for node in ids]
    for names in (True, False):
        pairs = [
            (i, j, *_push(rooms[ids[i]], rooms[ids[j]], ids[i] == pinned, ids[j] == pinned, names))
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
        ]
        _relax(xy, pairs, [radii[node] for node in ids], area)
    return {node: (round(p[0], 1), round(p[1], 1)) for node, p in zip(ids, xy)}


def _label_font(weight: int, top: int, is_highlight: bool) -> float:
    if is_highlight:
        return 17.0
    return round((12.5 + 4.5 * math.sqrt(max(weight, 0) / max(top, 1))) * 2) / 2


def _label_candidates(around: Box, width: float, height: float, rtl: bool) -> list[Box]:
    """Boxes of ``width`` × ``height`` just outside ``around`` (a node's box), best first.

    First beside the node on the side the text runs towards (left in RTL, so the name
    begins next to its mark), then the other side, above, below, the four corners, and
    finally the sides and top/bottom slid by half a label, for crowded neighbourhoods.
    """
    gap = 2.0
    cx, cy = around.x + around.width / 2, around.y + around.height / 2
    left, right = around.x - gap - width, around.right + gap
    top, bottom = around.y - gap - height, around.bottom + gap
    inset_x, inset_y = around.width * 0.15, around.height * 0.15
    first, second = (left, right) if rtl else (right, left)
    return [
        Box(first, cy - height / 2, width, height),
        Box(second, cy - height / 2, width, height),
        Box(cx - width / 2, top, width, height),
        Box(cx - width / 2, bottom, width, height),
        Box(first + (inset_x if rtl else -inset_x), top + inset_y, width, height),
        Box(second + (-inset_x if rtl else inset_x), top + inset_y, width, height),
        Box(first + (inset_x if rtl else -inset_x), bottom - inset_y, width, height),
        Box(second + (-inset_x if rtl else inset_x), bottom - inset_y, width, height),
        Box(first, cy - height * 1.1, width, height),
        Box(first, cy + height * 0.1, width, height),
        Box(second, cy - height * 1.1, width, height),
        Box(second, cy + height * 0.1, width, height),
        Box(cx - width * 0.9, top, width, height),
        Box(cx - width * 0.1, top, width, height),
        Box(cx - width * 0.9, bottom, width, height),
        Box(cx - width * 0.1, bottom, width, height),
    ]


def _place_labels(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], bounds: Box, highlight: str | None, rtl: bool
) -> tuple[list[PlacedLabel], list[str]]:
    """Greedy, heaviest first: the first free candidate box wins; no free box → the label is hidden.

    A box is free if it lies inside ``bounds`` and clears every other node's shape and
    every label already placed. Widths are estimated generously by :func:`text_width`.
    """
    top = max(n.weight for n in shown)
    order = sorted(shown, key=lambda n: (n.id != highlight, -n.weight, n.id))
    node_boxes = {node_id: p.box for node_id, p in placed.items()}
    if highlight is not None:
        h = placed[highlight]
        ring = h.reach + RING_GAP + 1
        node_boxes[highlight] = Box(h.x - ring, h.y - ring, 2 * ring, 2 * ring)
    labels: list[PlacedLabel] = []
    hidden: list[str] = []
    for node in order:
        size = _label_font(node.weight, top, node.id == highlight)
        width, height = text_width(node.label, size) + 4, size * LABEL_LINE
        free = next(
            (
                box
                for box in _label_candidates(node_boxes[node.id], width, height, rtl)
                if box.within(bounds)
                and not any(box.overlaps(other.box, 2) for other in labels)
                and not any(box.overlaps(b) for other_id, b in node_boxes.items() if other_id != node.id)
            ),
            None,
        )
        if free is None:
            hidden.append(node.id)
        else:
            labels.append(PlacedLabel(node.id, node.label, _round_box(free), size))
    return labels, sorted(hidden)


def _round_box(box: Box) -> Box:
    """Round outwards to one decimal so that the reported box still covers the text."""
    x, y = math.floor(box.x * 10) / 10, math.floor(box.y * 10) / 10
    return Box(x, y, math.ceil((box.right - x) * 10) / 10, math.ceil((box.bottom - y) * 10) / 10)


def _shape_svg(node: PlacedNode) -> str:
    """The node's mark: circle (person), square (organisation), diamond (country), triangle (armed group)."""
    paint = f'fill="{node.colour}" stroke="{PAPER}" stroke-width="1.5"'
    x, y, r = node.x, node.y, node.r
    if node.shape == "square":
        half = _shape_extent("square", r)[0]
        return f'<rect x="{_n(x - half)}" y="{_n(y - half)}" width="{_n(2 * half)}" height="{_n(2 * half)}" {paint}/>'
    if node.shape == "diamond":
        h = _shape_extent("diamond", r)[0]
        points = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    elif node.shape == "triangle":
        half, up, down = _shape_extent("triangle", r)
        points = [(x, y - up), (x + half, y + down), (x - half, y + down)]
    else:
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {paint}/>'
    return f'<polygon points="{" ".join(f"{_n(px)},{_n(py)}" for px, py in points)}" {paint}/>'


def _edges_svg(
    edges: Sequence[tuple[str, str, int]], placed: Mapping[str, PlacedNode], index: Mapping[str, NetNode],
    labels: ChartLabels,
) -> list[str]:  # fmt: skip
    """Lines, weakest first (strong ones on top); width scales linearly from 0.8 to 6 with weight."""
    if not edges:
        return []
    lo, hi = min(e[2] for e in edges), max(e[2] for e in edges)
    out = [f'<g class="edges" stroke="{EDGE}" stroke-linecap="round" stroke-opacity="0.55">']
    for a, b, w in reversed(edges):
        width = 0.8 + 5.2 * ((w - lo) / (hi - lo) if hi > lo else 0.5)
        pa, pb = placed[a], placed[b]
        tip = labels.edge_title.format(a=index[a].label, b=index[b].label, count=labels.articles.format(w))
        out.append(f'<line x1="{_n(pa.x)}" y1="{_n(pa.y)}" x2="{_n(pb.x)}" y2="{_n(pb.y)}"'
                   f' stroke-width="{_n(width)}"><title>{_e(tip)}</title></line>')  # fmt: skip
    out.append("</g>")
    return out


def _nodes_svg(
    shown: Sequence[NetNode], placed: Mapping[str, PlacedNode], labels: ChartLabels, highlight: str | None
) -> list[str]:
    """Each node a link with a tooltip; heavy nodes first so that light ones stay on top and clickable."""
    out = ['<g class="nodes">']
    for node in shown:
        p = placed[node.id]
        tip = labels.node_title.format(
            label=node.label, group=labels.group_member(node.group), count=labels.mentions.format(node.weight)
        )
        ring = ""
        if node.id == highlight:
            ring = (f'<circle cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(p.reach + RING_GAP)}" fill="none" stroke="{INK}"'
                    ' stroke-width="2"/>')  # fmt: skip
        out.append(f'<a href="{_e(node.href)}"><title>{_e(tip)}</title>{ring}{_shape_svg(p)}</a>')
    out.append("</g>")
    return out


def _labels_svg(placed_labels: Sequence[PlacedLabel], index: Mapping[str, NetNode], highlight: str | None) -> list[str]:
    """Label texts on top of everything, with a paper-coloured halo; links too, but out of the tab order."""
    out = [f'<g class="labels" fill="{INK}" stroke="{PAPER}" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">']
    for label in placed_labels:
        box = label.box
        weight = ' font-weight="bold"' if label.id == highlight else ""
        text = (f'<text x="{_n(box.x + box.width / 2)}" y="{_n(box.y + box.height / 2)}"'
                f' font-size="{_n(label.font_size)}" text-anchor="middle" dominant-baseline="central"{weight}>'
                f"{_e(label.text)}</text>")  # fmt: skip
        out.append(f'<a href="{_e(index[label.id].href)}" tabindex="-1" aria-hidden="true">{text}</a>')
    out.append("</g>")
    return out


def _legend_items(groups: Iterable[str], labels: ChartLabels) -> list[tuple[str, str]]:
    present = set(groups)
    ordered = [g for g in GROUP_ORDER if g in present] + sorted(present - set(GROUP_ORDER))
    return [(g, labels.group_name(g)) for g in ordered]


def _legend_svg(items: Sequence[tuple[str, str]], labels: ChartLabels, width: float, y: float) -> tuple[list[str], float]:
    """Rows of (mark, name) from the reading-start side, wrapping when full, then the encoding note.

    Returns the markup and the height used below ``y``.
    """
    size, mark, gap, margin = 14.0, 7.0, 24.0, 12.0
    sign = -1 if labels.rtl else 1  # the direction in which the row grows
    start = width - margin if labels.rtl else margin
    out = ['<g class="legend">']
    x, row_y = start, y + 12
    for group, name in items:
        name_width = text_width(name, size)
        item_width = 2 * mark + 6 + name_width
        if x != start and not margin <= x + sign * item_width <= width - margin:
            x, row_y = start, row_y + 24
        node = PlacedNode(group, x + sign * mark, row_y, mark, _shape_of(group), _colour_of(group))
        out.append(_shape_svg(node) + _text(x + sign * (2 * mark + 6 + name_width / 2), row_y, name, size))
        x += sign * (item_width + gap)
    note_y = row_y + 24
    note_size = min(12.5, 12.5 * (width - 2 * margin) / text_width(labels.encoding_note, 12.5))
    out.append(_text(width / 2, note_y, labels.encoding_note, note_size, MUTED))
    out.append("</g>")
    return out, note_y + 14 - y


def network_svg(
    nodes: Sequence[NetNode],
    edges: Sequence[NetEdge],
    *,
    title: str,
    desc: str,
    max_nodes: int = 60,
    highlight: str | None = None,
    labels: ChartLabels | None = None,
    per_node_edges: int = 2,
    max_edges: int | None = None,
    width: int = 960,
    height: int = 600,
    chart_id: str | None = None,
    layout: str = "force",
) -> NetworkChart:
    """Draw the strongest part of a co-mention network.

    ``layout="radial"`` (for a neighbourhood drawn around ``highlight``) puts the highlighted
    node in the middle and the others on a ring, strongest first: no force simulation.

    Keeps the ``max_nodes`` heaviest nodes (the ``highlight``ed one always), then among
    them each node's ``per_node_edges`` strongest edges and the strongest others up to
    ``max_edges`` (default: twice the nodes). Layout: Fruchterman–Reingold with a fixed
    seed and iterations, then overlapping nodes are pushed apart. Size ∝ √mentions,
    line width ∝ shared articles; colour *and* shape tell the group, with a legend.
    Labels are placed greedily, heaviest first, beside/above/below their node, never
    over another label or node and never outside the picture; a label with no room is
    hidden (the node keeps its ``<title>`` tooltip). ``highlight`` (e.g. the actor of
    the page, with :func:`ego_network`) is drawn larger, ringed and at the centre.
    Empty input gives :data:`EMPTY_NETWORK`.
    """
    labels = _default_labels(labels)
    index = _index_nodes(nodes)
    if highlight is not None and highlight not in index:
        raise ValueError(f"highlight {highlight!r} is not one of the nodes")
    pairs = _merge_edges(edges)
    if not index:
        return replace(EMPTY_NETWORK, omitted_edges=len(pairs))
    shown = _select_nodes(index, max_nodes, highlight)
    kept = _select_edges(pairs, {n.id for n in shown}, per_node_edges, max_edges or 2 * len(shown), highlight)
    legend_items = _legend_items((n.group for n in shown), labels)
    plot = Box(0, 0, width, height)
    largest = max(8.0, min(30.0, 0.2 * math.sqrt(width * height / len(shown))))
    radii = _radii(shown, highlight, largest, 4.0)
    inset = max(radii.values()) * 1.2 + 6
    area = Box(plot.x + inset, plot.y + inset, plot.width - 2 * inset, plot.height - 2 * inset)
    rooms = _rooms(shown, radii, highlight)
    if layout == "radial" and highlight is not None:
        start = _radial_layout(highlight, [n.id for n in shown if n.id != highlight])
    else:
        start = _layout([n.id for n in shown], kept)
    pos = _separate(_fit(start, area, highlight), rooms, radii, area, highlight)
    placed = {
        n.id: PlacedNode(n.id, *pos[n.id], round(radii[n.id], 1), _shape_of(n.group), _colour_of(n.group))
        for n in shown
    }
    placed_labels, hidden = _place_labels(
        shown, placed, Box(plot.x + 2, plot.y + 2, plot.width - 4, plot.height - 4), highlight, labels.rtl
    )
    legend, legend_height = _legend_svg(legend_items, labels, width, height)
    total_height = height + legend_height
    cid = chart_id or _chart_id("network", title, desc, sorted(index), sorted(pairs.items()), max_nodes, highlight)
    svg = "".join(
        [
            _svg_open(cid, width, total_height, "chart-network", True, labels.rtl),
            _title_desc(cid, title, desc),
            *_edges_svg(kept, placed, index, labels),
            *_nodes_svg(shown, placed, labels, highlight),
            *_labels_svg(placed_labels, index, highlight),
            *legend,
            "</svg>",
        ]
    )
    return NetworkChart(
        svg=svg,
        shown=tuple(n.id for n in shown),
        omitted_nodes=len(index) - len(shown),
        omitted_edges=len(pairs) - len(kept),
        edges_shown=len(kept),
        nodes=tuple(placed[n.id] for n in shown),
        labels=tuple(placed_labels),
        hidden_labels=tuple(hidden),
    )


def ego_network(
    nodes: Sequence[NetNode], edges: Sequence[NetEdge], centre: str, *, size: int = 16
) -> tuple[tuple[NetNode, ...], tuple[NetEdge, ...]]:
    """``centre`` and its ``size - 1`` strongest neighbours (by shared articles, then mentions, then id),
    with every edge among them — the input for an actor page's :func:`network_svg` with ``highlight=centre``."""
    index = _index_nodes(nodes)
    if centre not in index:
        raise ValueError(f"{centre!r} is not one of the nodes")
    pairs = _merge_edges(edges)
    neighbours = sorted(
        ((w, index[b if a == centre else a]) for (a, b), w in pairs.items() if centre in (a, b) and w > 0
         and (b if a == centre else a) in index),
        key=lambda item: (-item[0], -item[1].weight, item[1].id),
    )  # fmt: skip
    chosen = {centre} | {node.id for _, node in neighbours[: max(size - 1, 0)]}
    picked_nodes = tuple(sorted((index[i] for i in chosen), key=_by_weight))
    picked_edges = tuple(
        NetEdge(a, b, w) for (a, b), w in sorted(pairs.items()) if a in chosen and b in chosen and w > 0
    )
    return picked_nodes, picked_edges
