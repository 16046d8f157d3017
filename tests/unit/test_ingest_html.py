"""Markup → text (builder.ingestion.htmltext): saved pages through trafilatura, leftover markup in text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder.ingestion.htmltext import NoArticle, extract_page, looks_like_html, plain, strip_markup

PAGE = (Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "raw" / "page.html").read_text(encoding="utf-8")


def test_a_saved_page_gives_its_article_body_and_metadata():
    page = extract_page(PAGE)
    assert page.title == "افتتاح الطريق الساحلي بين مصراتة وسرت"
    assert page.date == dt.date(2021, 7, 30)
    assert page.site_name == "بوابة الساحل"
    assert page.text.splitlines() == [
        "افتتاح الطريق الساحلي بين مصراتة وسرت",
        "أعيد صباح اليوم افتتاح الطريق الساحلي الرابط بين مدينتي مصراتة وسرت أمام حركة المدنيين، بعد إغلاق دام أكثر "
        "من عامين بسبب المواجهات المسلحة.",
        "وقالت اللجنة العسكرية المشتركة إن فرق الهندسة أزالت الألغام من جانبي الطريق، وإن بوابات التفتيش ستعمل على "
        "مدار الساعة.",
        "ورحب سكان المنطقة بالخطوة التي تختصر ساعات من السفر عبر الطرق الصحراوية، وتعيد الحركة التجارية بين الشرق "
        "والغرب.",
    ]
    for junk in ("dataLayer", "googletag", "الرئيسية", "فيسبوك", "اقرأ أيضا", "محفوظة", "ملفات تعريف"):
        assert junk not in page.text


def test_a_date_written_only_in_the_text_is_not_taken_as_the_page_date():
    without_meta = PAGE.replace('<meta property="article:published_time" content="2021-07-30T09:15:00+02:00">', "")
    body = without_meta.replace("<p>ورحب", "<p>وفي 3 يناير 2020 قال السكان إنهم ينتظرون. ورحب")
    assert extract_page(body).date is None


def test_a_page_without_text_is_refused():
    with pytest.raises(NoArticle, match="no article text found in the page"):
        extract_page("<html><head><title>عنوان</title></head><body><img src=x></body></html>")


def test_markup_is_taken_out_line_by_line_and_every_piece_listed():
    lines = strip_markup(["<p>نص &amp; كلام&nbsp;هنا</p>", "<script>", "var x = 1;", "</script>", "قبل <!-- ملاحظة --> بعد"])
    assert [(" ".join(line.text.split()), line.removed, line.in_block) for line in lines] == [
        ("نص & كلام هنا", ("<p>", "</p>", "&amp;", "&nbsp;"), False),
        ("", ("<script>",), True),
        ("", ("var x = 1;",), True),
        ("", ("</script>",), True),
        ("قبل بعد", ("<!-- ملاحظة -->",), True),
    ]


def test_text_that_only_looks_like_markup_stays():
    line = strip_markup(["العدد < 5 و 3 > 2 و a&b"])[0]
    assert (line.text, line.removed) == ("العدد < 5 و 3 > 2 و a&b", ())


def test_an_unclosed_script_tag_removes_only_the_tag():
    line = strip_markup(["نص <script> بقية النص"])[0]
    assert (" ".join(line.text.split()), line.removed) == ("نص بقية النص", ("<script>",))


def test_plain_and_sniffing():
    assert plain("<b>بوابة</b> &amp; <i>الساحل</i>") == "بوابة & الساحل"
    assert looks_like_html("\ufeff  <!DOCTYPE html><html>") and looks_like_html("<meta charset=utf-8>")
    assert not looks_like_html("عنوان الخبر\n<p>فقرة</p>")
