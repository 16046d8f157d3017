"""builder.ingestion.frontmatter: the front matter ingest writes, exactly as yaml.dump writes it.

An article's signature (``ingest.written_sha256``) covers its front matter, so a byte written
differently would make every article ingest wrote before look edited by hand: each case is compared
with yaml.dump itself, on awkward strings and on the shapes ingest writes.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.ingestion.frontmatter import dump


def by_yaml(meta: dict) -> str:
    return yaml.dump(meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)


AWKWARD = [
    "", " ", "a ", " a", "x: y", "x:", "a:b", "a #b", "#a", "a#b", "-", "- a", "-a", "--- a", "---", "...", ".. إلا الرياضة",
    "?", "? a", "?a", ":a", "yes", "No", "off", "null", "~", "=", "<<", "12", "-3", "+4", "1.5", ".5", "1e3", "0x1F",
    "0o17", "1_000", "12:30", "190:20:30", "2018-02-18", "2018-02-18 21:35:43", "2018-02-18T21:35:43Z", "it's",
    "'quoted'", '"double"', "«قال»", "[a]", "{a}", "a, b", "*a", "&a", "!a", "|a", ">a", "%a", "@a", "`a",
    "a\tb", "a\nb", "a\rb", "a\x85b", "a\u2028b", "\ufeffa", "a\x00b", "a\x7fb", "\x02", "a\u00a0", "\u00a0a",
    "\u200fمرحبا", "قال: نعم", "http://example.com/a?b=c#d", "sources/SLUG-TO-COME.json", "ع" * 1200,
    "كلمة " * 300, "a  b", "a \\ b",
]


def test_awkward_strings_are_written_as_yaml_writes_them():
    for value in AWKWARD:
        meta = {"title": value, "ingest": {"removed": [{"rule": "footer", "line": 3, "text": value, "note": value}],
                                           "notes": [value]}}
        assert dump(meta) == by_yaml(meta), value


def test_the_shapes_ingest_writes():
    meta = {"title": "عنوان", "date": "2018-02-18", "source": "CNN Arabic",
            "ingest": {"original": "sources/x.json", "sha256": "0" * 64, "html": {"extractor": "trafilatura",
                                                                                "page_words": 120, "kept_words": 0},
                       "notes": [], "removed": [], "empty": {}}}
    assert dump(meta) == by_yaml(meta)
    assert dump({"a": [[1]], "b": True}) == by_yaml({"a": [[1]], "b": True})  # any other shape: yaml writes it


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "source", "author", "place", "text"]), TEXT, max_size=5),
       st.lists(st.fixed_dictionaries({"rule": TEXT, "line": st.integers(-5, 10_000), "text": TEXT}), max_size=3),
       st.lists(TEXT, max_size=3))
def test_any_text_is_written_as_yaml_writes_it(fields, removed, notes):
    meta = {**fields, "ingest": {"removed": removed, "notes": notes}}
    assert dump(meta) == by_yaml(meta)
