"""builder.ingestion.recordinput: a record cleaned like a file, its fields read, its original kept as JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builder.ingestion.rawinput import Refused
from builder.ingestion.recordfields import find_fields
from builder.ingestion.recordinput import prepare_record

BODY = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة.\nوأضاف أن الوفدين اتفقا على جدول الأعمال."


def prepare(record: dict, mapping: dict | None = None):
    fields = find_fields(tuple(record), mapping or {})
    assert not isinstance(fields, str), fields
    return prepare_record(record, fields, "utf-8", 5 * 1024 * 1024)


def test_the_fields_become_the_article_and_the_record_its_original():
    record = {"id": 7, "headline": "استئناف المحادثات", "published": "Sun, 18 Feb 2018 21:35:43 +0400",
              "outlet": "سكاي نيوز عربية", "link": "https://example.com/a", "byline": "القاهرة - أحمد", "body": BODY}
    got = prepare(record)
    assert (got.title, got.cleaned.title_from, got.date, got.date_from, got.source, got.source_from) == (
        "استئناف المحادثات", "record", dt.date(2018, 2, 18), "record", "سكاي نيوز عربية", "record")
    assert (got.source_url, got.author, got.kind, got.suffix, got.notes) == (
        "https://example.com/a", "القاهرة - أحمد", "record", ".json", ())
    assert json.loads(got.data) == record and got.data.decode().startswith('{\n  "id": 7,')
    assert [b.text for b in got.cleaned.blocks] == BODY.split("\n")


def test_entities_are_decoded_everywhere_and_bidi_marks_and_odd_spaces_normalised():
    record = {"title": "&quot;الخبر&quot;\u00a0&#8220;العاجل&#8221; \u200f", "text": "قال&nbsp;الوزير &quot;نعم&quot;\u202b.\n" + BODY,
              "author": "أحمد\u200e\u202fعلي"}
    got = prepare(record)
    assert got.title == '"الخبر" “العاجل”'
    assert got.cleaned.blocks[0].text == 'قال الوزير "نعم".'
    assert got.author == "أحمد علي"
    assert {r.rule for r in got.cleaned.removed} == {"markup"}  # recorded like any file's markup


def test_a_text_holding_html_goes_through_the_page_extraction():
    html = "".join(f"<p>{line}</p>" for line in BODY.split("\n")) + "<script>track()</script>"
    got = prepare({"title": "عنوان الخبر هنا", "content": html})
    assert [b.text for b in got.cleaned.blocks] == BODY.split("\n")
    assert got.html["extractor"].startswith("trafilatura")


@pytest.mark.parametrize("text", ["", "   \n ", None])
def test_a_record_without_text_is_refused(text):
    with pytest.raises(Refused, match="^no text$"):
        prepare({"title": "عنوان", "text": text})


def test_a_date_that_cannot_be_read_is_left_out_not_guessed_from_the_text():
    got = prepare({"date": "02/18/2018", "text": "في 5 مارس 2023 قال الوزير كلاما.\n" + BODY})
    assert got.date is None and got.notes == (
        "date '02/18/2018' cannot be read ('02/18/2018' puts the month first; write it dd/mm/yyyy or yyyy-mm-dd); left out",)


def test_without_a_date_field_the_text_gives_the_date_as_in_a_file():
    got = prepare({"text": "القاهرة في 5 مارس 2023 – قال الوزير كلاما.\n" + BODY})
    assert (got.date, got.date_from) == (dt.date(2023, 3, 5), "dateline")


def test_a_url_that_is_no_web_address_is_not_a_source_url_but_still_identifies_the_record():
    got = prepare({"url": "/ar/news/1", "text": BODY})
    assert got.source_url == "" and got.key and got.notes == (
        "url '/ar/news/1' is not a web address (http:// or https://); left out of source_url",)


def test_a_text_that_is_not_arabic_is_refused_like_a_file():
    with pytest.raises(Refused, match="no Arabic text"):
        prepare({"text": "Only English here."})
