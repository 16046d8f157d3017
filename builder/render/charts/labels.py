"""Every language-specific word the charts print (plural categories and month names are CLDR's: builder.render.numerals)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from builder.render.numerals import month_names, plural_category


@dataclass(frozen=True, slots=True)
class Plural:
    """Count phrases by CLDR plural category; ``{n}`` is the number. Missing forms fall back to ``other``."""

    other: str
    zero: str | None = None
    one: str | None = None
    two: str | None = None
    few: str | None = None
    many: str | None = None

    def format(self, n: int, language: str = "ar") -> str:
        """The phrase for ``n`` under the language's plural rules (``3 مقالات``, ``مقالان``, ``11 مقالًا``)."""
        form = getattr(self, plural_category(n, language)) or self.other
        return form.format(n=n)


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
    language: str = "ar"  # whose plural rules choose among the forms of ``articles`` and ``mentions``

    @classmethod
    def arabic(cls) -> ChartLabels:
        """Modern Standard Arabic defaults, with Western digits as on the rest of the site."""
        return cls(
            months=tuple(month_names("ar")),
            months_short=tuple(month_names("ar")),
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
    def from_strings(cls, strings: Mapping[str, object], base: ChartLabels | None = None,
                     language: str | None = None) -> ChartLabels:
        """Labels from a site's i18n mapping: ``months``, ``kinds``, ``kind_one`` and an optional ``chart`` table.

        ``chart`` may hold any scalar field of this class by name (``bar_title``,
        ``edge_title``, ``rtl`` …) and ``articles``/``mentions`` as tables of plural forms.
        Whatever is absent keeps the value from ``base`` (Arabic by default); ``language`` (the
        site's) chooses the plural rules, and the month names when ``strings`` has none.
        """
        labels = base or cls.arabic()
        changes: dict[str, object] = {} if language is None else {"language": language}
        if "months" in strings:
            changes["months"] = changes["months_short"] = tuple(strings["months"])  # type: ignore[arg-type]
        elif language is not None:
            changes["months"] = changes["months_short"] = tuple(month_names(language))
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

    def count(self, forms: Plural, n: int) -> str:
        """``n`` with its noun from ``forms`` (``articles`` or ``mentions``) in the labels' language."""
        return forms.format(n, self.language)

    def month_label(self, year: int, month: int) -> str:
        """``مارس 2017``."""
        return self.month_year.format(month=self.months[month - 1], year=year)


def _default_labels(labels: ChartLabels | None) -> ChartLabels:
    return labels if labels is not None else ChartLabels.arabic()


# --- shared helpers ----------------------------------------------------------------------
