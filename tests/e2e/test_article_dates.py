"""The article page's "dates mentioned in the text": placed in time from the article's date, as
<time datetime>, once each, in date order, each linked to the paragraph that writes it."""

from __future__ import annotations

import re

from builder.pipeline.orchestrator import build
from builder.config import load_config

DATED = """---
title: حفتر يلتقي مدير المخابرات المصرية في بنغازي
date: 2020-12-19
source: وكالة الاختبار
---

التقى المشير خليفة حفتر السبت، بمقر قيادة قواته في بنغازي، اللواء عباس كامل.

وأعلنت البعثة الأممية الخميس،عن تشكيل لجنة مكلفة بوضع قانون لانتخابات 2021.

وتوصل المشاركون في تونس في نوفمبر الماضي، إلى تنظيم انتخابات في 17 ديسمبر من العام المقبل.

كما وافق مجلس الأمن الثلاثاء، على تعيين مبعوث جديد، وعاد حفتر إلى بنغازي السبت.

ويأتي ذلك بعد استقالة المبعوث في مارس من العام نفسه.
"""

UNDATED = """---
title: مقال بلا تاريخ
source: وكالة الاختبار
---

قال المتحدث السبت إن الاتفاق الموقع في 3 مارس 2019 ما زال قائما.

وكان الطرفان قد التقيا في نوفمبر الماضي، ثم في مايو 2017.
"""

_ITEM = re.compile(r'<li><a class="chip chip-date" href="#([^"]+)" title="([^"]*)"><time datetime="([^"]+)">([^<]+)</time></a></li>')


def dates_block(page: str) -> str:
    start = page.index('<section class="dates-seen"')
    return page[start : page.index("</section>", start)]


def test_dates_in_the_text_are_placed_in_time_once_each_in_date_order(fixture_site):
    articles = fixture_site / "content" / "articles"
    (articles / "haftar-benghazi.md").write_text(DATED, encoding="utf-8")
    (articles / "undated.md").write_text(UNDATED, encoding="utf-8")
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)

    page = (config.output_dir / "articles" / "haftar-benghazi" / "index.html").read_text(encoding="utf-8")
    block = dates_block(page)
    items = _ITEM.findall(block)
    assert [(when, text, anchor) for anchor, _, when, text in items] == [
        ("2020-11", "نوفمبر 2020", "p-3"),
        ("2020-12-15", "15 ديسمبر 2020", "p-4"),
        ("2020-12-17", "17 ديسمبر 2020", "p-2"),
        ("2020-12-19", "19 ديسمبر 2020", "p-1"),  # «السبت» twice: once, where first written
        ("2021", "2021", "p-2"),
        ("2021-12-17", "17 ديسمبر 2021", "p-3"),
    ]
    assert block.count("<li>") == len(items)  # «مارس من العام نفسه» cannot be placed: not shown
    assert [title for _, title, _, _ in items][0] == "كما ورد في النص: نوفمبر الماضي"
    for anchor, *_ in items:
        assert f'id="{anchor}"' in page
    assert not re.search(r">(السبت|الخميس|الثلاثاء|نوفمبر)<", block)  # no bare weekday or month
    assert "محسوبة من تاريخ المقال" in block

    undated = (config.output_dir / "articles" / "undated" / "index.html").read_text(encoding="utf-8")
    block = dates_block(undated)
    assert [(when, text) for _, _, when, text in _ITEM.findall(block)] == [
        ("2017-05", "مايو 2017"),
        ("2019-03-03", "3 مارس 2019"),
    ]
    assert block.count("<li>") == 2 and "محسوبة من تاريخ المقال" not in block
    # The publication date read from the text is the latest full date it writes.
    assert '<time datetime="2019-03-03">' in undated[: undated.index('<div class="article-body">')]
