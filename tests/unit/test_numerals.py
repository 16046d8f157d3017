"""Numerals: site.toml's choice, and every number on a page written through builder/render/numerals.py."""

import datetime as dt
import re
from pathlib import Path

import pytest

from builder.pipeline.orchestrator import build
from builder.config import load_config
from builder.errors import SiteError
from builder.render.numerals import count_phrase, digits, format_date, month_names, number, plural_category

ARTICLES = {"zero": "لا مقالات", "one": "مقال واحد", "two": "مقالان", "few": "{n} مقالات", "many": "{n} مقالًا", "other": "{n} مقال"}


def test_digits_and_numbers_in_either_numerals():
    assert digits("23 نوفمبر 2026", "western") == "23 نوفمبر 2026"
    assert digits("23 نوفمبر 2026", "arabic-indic") == "٢٣ نوفمبر ٢٠٢٦"
    assert number(12400, "western") == "12,400"
    assert number(12400, "arabic-indic") == "١٢٬٤٠٠"
    assert number(7, "arabic-indic") == "٧"


@pytest.mark.parametrize(
    "n, western, arabic_indic",
    [(0, "لا مقالات", "لا مقالات"), (1, "مقال واحد", "مقال واحد"), (2, "مقالان", "مقالان"),
     (3, "3 مقالات", "٣ مقالات"), (10, "10 مقالات", "١٠ مقالات"), (11, "11 مقالًا", "١١ مقالًا"),
     (100, "100 مقال", "١٠٠ مقال"), (103, "103 مقالات", "١٠٣ مقالات"), (1111, "1,111 مقالًا", "١٬١١١ مقالًا")],
)  # fmt: skip
def test_counts_take_the_arabic_plural_forms(n, western, arabic_indic):
    assert count_phrase(n, ARTICLES, "western") == western.replace(" ", "\u00a0", 1 if western[0].isdigit() else 0)
    assert count_phrase(n, ARTICLES, "arabic-indic") == arabic_indic.replace(" ", "\u00a0", 1 if n > 2 else 0)


def _printed(n: int) -> str:
    """The Arabic rules the site wrote by hand before it took CLDR's (Babel's)."""
    if n in (0, 1, 2):
        return ("zero", "one", "two")[n]
    return "few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other"


def test_cldr_s_arabic_plural_categories_are_the_ones_the_site_printed():
    assert [plural_category(n, "ar") for n in range(5000)] == [_printed(n) for n in range(5000)]
    assert [plural_category(n, "ar-EG") for n in range(300)] == [_printed(n) for n in range(300)]


def test_cldr_s_arabic_month_names_are_the_ones_the_site_printed():
    assert month_names("ar") == ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                                 "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
    assert format_date(dt.date(2020, 12, 19), month_names("ar"), "ar") == "19 ديسمبر 2020"


@pytest.mark.parametrize(
    "language, forms, n, phrase",
    [("fr", {"one": "{n} article", "other": "{n} articles"}, 0, "0 article"),  # French: 0 is singular
     ("fr", {"one": "{n} article", "other": "{n} articles"}, 2, "2 articles"),
     ("en", {"one": "{n} article", "other": "{n} articles"}, 0, "0 articles"),
     ("ru", {"one": "{n} статья", "few": "{n} статьи", "many": "{n} статей", "other": "{n} статьи"}, 21, "21 статья"),
     ("ru", {"one": "{n} статья", "few": "{n} статьи", "many": "{n} статей", "other": "{n} статьи"}, 11, "11 статей"),
     ("ru", {"one": "{n} статья", "few": "{n} статьи", "many": "{n} статей", "other": "{n} статьи"}, 22, "22 статьи")],
)  # fmt: skip
def test_another_language_takes_its_own_plural_rules(language, forms, n, phrase):
    """Rules the Arabic ones got wrong: French 0 (singular), Russian 21 (one) and 11 (many)."""
    assert count_phrase(n, forms, "western", language) == phrase.replace(" ", "\u00a0", 1)


def test_numbers_and_dates_in_another_language():
    assert number(1234567, "western", "fr") == "1\u202f234\u202f567"  # French groups with a narrow space
    assert number(1234567, "western", "hi") == "12,34,567"  # Indian grouping
    assert number(1234567, "arabic-indic", "ar-EG") == "١٬٢٣٤٬٥٦٧"
    day = dt.date(2024, 3, 5)
    assert format_date(day, month_names("en"), "en") == "March 5, 2024"
    assert format_date(day, month_names("en-GB"), "en-GB") == "5 March 2024"
    assert format_date(day, month_names("es"), "es") == "5 de marzo de 2024"
    assert format_date(day, month_names("ar-LB"), "ar-LB") == "5 آذار 2024"  # the Levant's month names
    assert format_date(day, [f"m{n}" for n in range(1, 13)], "ar") == "5 m3 2024"  # a site's own names
    assert format_date(day, month_names("xx"), "xx") == "March 5, 2024"  # CLDR does not know it: English


def test_a_missing_form_falls_back_to_other():
    assert count_phrase(1, {"one": "one article", "other": "{n} articles"}, "western") == "one article"
    assert count_phrase(2, {"one": "one article", "other": "{n} articles"}, "western") == "2\u00a0articles"


def test_the_setting_is_checked(tmp_path: Path):
    path = tmp_path / "site.toml"
    path.write_text('title = "x"\nnumerals = "arabic-indic"\n', encoding="utf-8")
    assert load_config(path).numerals == "arabic-indic"
    path.write_text('title = "x"\n', encoding="utf-8")
    assert load_config(path).numerals == "western"
    path.write_text('title = "x"\nnumerals = "eastern"\n', encoding="utf-8")
    with pytest.raises(SiteError) as info:
        load_config(path)
    assert ':2: numerals must be one of "western", "arabic-indic"' in info.value.render()


def test_arabic_indic_numerals_on_the_pages(fixture_site: Path):
    toml = fixture_site / "site.toml"
    toml.write_text('numerals = "arabic-indic"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(toml)
    build(config)
    article = (config.output_dir / "articles" / "cairo-meeting" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-05-01">١ مايو ٢٠٢٤</time>' in article
    listing = (config.output_dir / "articles" / "index.html").read_text(encoding="utf-8")
    assert "٤\u00a0مقالات" in listing  # the archive page's number in the pager too
    assert '<a href="/articles/page/1/"><span class="visually-hidden">صفحة </span>١</a>' in listing
    index = (config.output_dir / "actors" / "index.html").read_text(encoding="utf-8")
    assert '<span class="count" aria-hidden="true">١</span>' in index
    # the charts' text too (axis labels, tooltips, descriptions, the table), not their coordinates
    timeline = (config.output_dir / "timeline" / "index.html").read_text(encoding="utf-8")
    svg = timeline[timeline.index("<svg"): timeline.index("</svg>")]
    texts = re.findall(r">([^<]+)<", svg)
    assert any("٢٠٢٤" in text for text in texts)
    assert not any(re.search(r"[0-9]", text) for text in texts), [t for t in texts if re.search(r"[0-9]", t)]
    assert re.search(r'<rect[^>]* x="[0-9.]+"', svg)
    table = timeline[timeline.index('class="chart-table"'): timeline.index("</table>")]
    cells = re.findall(r">([^<]+)<", table)
    assert "مايو ٢٠٢٤" in cells and not any(re.search(r"[0-9]", cell) for cell in cells)
    actor = next((config.output_dir / "actors").glob("*/index.html")).read_text(encoding="utf-8")
    spark = actor[actor.index('class="chart chart-sparkline"'):]
    spark = spark[: spark.index("</svg>")]
    assert not any(re.search(r"[0-9]", text) for text in re.findall(r">([^<]+)<", spark))
