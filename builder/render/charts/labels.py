"""Every language-specific word the charts print, and the Arabic plural rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace


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
            edge_title="{a} و{b} في فقرة واحدة: {count}",
            encoding_note="حجم الشكل: عدد الإشارات · سُمك الخط: المقالات التي تجمعهما في فقرة واحدة",
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
