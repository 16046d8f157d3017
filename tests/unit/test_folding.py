"""builder/render/charts/folding.py: which years at the ends of a month chart are folded into one column."""

from builder.render.charts.folding import fold_sparse_years
from builder.render.charts.timeline import MonthCount, fill_months, timeline_svg


def test_a_few_old_pieces_years_before_the_bulk_are_folded():
    months = fill_months([MonthCount(2012, 3, 10), MonthCount(2014, 1, 65)]
                         + [MonthCount(2018, m, 3000) for m in range(2, 11)])  # fmt: skip
    before, drawn, after = fold_sparse_years(months)
    assert (before.first, before.last, before.count, before.label) == (2012, 2017, 75, "2012–2017")
    assert (before.month.year, before.month.month) == (2012, 3)  # where its column links
    assert after is None and (drawn[0].year, drawn[0].month, drawn[-1].month, len(drawn)) == (2018, 2, 10, 9)


def test_even_years_and_a_busy_first_year_are_not_folded():
    even = fill_months([MonthCount(y, 6, 100) for y in range(2000, 2025)])
    assert fold_sparse_years(even) == (None, even, None)  # one year is 4 %, but only 1/25 of the width
    busy = fill_months([MonthCount(2017, 12, 40), MonthCount(2018, 6, 100)])
    assert fold_sparse_years(busy)[0] is None  # 2017 holds 29 % of the articles


def test_trailing_sparse_years_are_folded_too_and_the_chart_names_the_busy_months():
    counts = [MonthCount(2018, m, 500) for m in range(1, 13)] + [MonthCount(2023, 4, 2)]
    before, drawn, after = fold_sparse_years(fill_months(counts))
    assert before is None and after.label == "2019–2023" and len(drawn) == 12
    svg = timeline_svg(counts, title="t")
    assert '<g class="fold">' in svg and '<a class="fold"' not in svg  # no link: the chart has none
    assert ">2019–2023<" in svg and ">يونيو<" in svg and 'class="axis-break"' in svg
