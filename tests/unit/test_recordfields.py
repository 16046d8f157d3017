"""builder.ingestion.recordfields: a record's fields found by their common names, or named with --map."""

from __future__ import annotations

import pytest

from builder.errors import SiteError
from builder.ingestion.recordfields import Fields, field_text, find_fields, parse_map


def keys(found: Fields | str) -> dict[str, str]:
    assert isinstance(found, Fields), found
    return dict(found.keys)


def test_common_names_are_found_whatever_their_case():
    names = ["ID", "Headline", "PubDate", "Body", "Link", "Newspaper", "Byline", "category"]
    assert keys(find_fields(names, {})) == {"title": "Headline", "date": "PubDate", "text": "Body", "url": "Link",
                                            "source": "Newspaper", "author": "Byline"}


def test_the_first_common_name_wins_and_a_field_serves_once():
    assert keys(find_fields(["content", "text", "source_url", "url"], {})) == {"text": "text", "url": "url"}


def test_map_names_the_others_and_overrides_the_common_names():
    mapping = parse_map(["date=date_extracted,text=body", "title = Heading"])
    assert mapping == {"date": "date_extracted", "text": "body", "title": "Heading"}
    found = find_fields(["heading", "Date_Extracted", "body", "text", "date"], mapping)
    assert keys(found) == {"title": "heading", "date": "Date_Extracted", "text": "body"}


def test_a_file_without_a_text_field_is_refused_naming_its_fields():
    assert find_fields(["id", "headline", "summary"], {}) == (
        "no text field (text, content, body, article); its fields are id, headline, summary: "
        "name the one that holds the text with --map text=NAME")


def test_a_mapped_name_the_file_lacks_is_refused():
    assert find_fields(["title", "text"], {"date": "when"}) == "--map date=when: no field 'when' here; its fields are title, text"


@pytest.mark.parametrize("value, message", [
    ("txt=body", "--map names an unknown field 'txt'"),
    ("text", "--map 'text' is not FIELD=NAME"),
    ("text=", "--map 'text=' is not FIELD=NAME"),
])
def test_a_wrong_map_is_a_command_line_error(value, message):
    with pytest.raises(SiteError) as caught:
        parse_map([value])
    assert caught.value.message == message


def test_values_become_text():
    assert [field_text(v) for v in (None, "أ", 12, ["فقرة", "ثانية"], {"a": 1})] == [
        "", "أ", "12", "فقرة\nثانية", '{"a": 1}']
