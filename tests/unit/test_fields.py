"""Every front-matter and knowledge-base field, fed wrong types, unknown names, impossible dates and
empty values: each time a SiteError at ``file:line``, never another exception (builder/site/fields.py)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.site.content import load_article, load_entity, new_markdown
from builder.errors import ProblemsFound, SiteError
from builder.extract.matching import check_tags
from builder.site.fields import parse_yaml, read_date

KB = {
    "egypt": "name: مصر\nkind: country\naliases: [جمهورية مصر العربية]\n",
    "khalifa-haftar": "name: خليفة حفتر\nname_en: Khalifa Haftar\nkind: person\nfamily: حفتر\nfamily_default: true\n",
}
ARTICLE = {"title": "عنوان", "date": "2024-12-29", "source": "مصدر"}
BODY = "\nفقرة عن مصر.\n"
ENTITY = {"actor": {"name": "اسم", "kind": "person"}, "place": {"name": "مكان", "kind": "city"}, "topic": {"name": "موضوع"}}


def kb(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    entities = {}
    for slug, text in KB.items():
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
        entities[slug] = load_entity(folder / f"{slug}.yaml", "actor")
    return entities


ENTITIES = kb(Path(tempfile.mkdtemp()) / "actors")


def front_matter(fields: dict, key: str, raw: str) -> str:
    """The fields as YAML with ``key`` written last, as ``raw`` YAML text (one line or a block)."""
    head = yaml.safe_dump({k: v for k, v in fields.items() if k != key}, allow_unicode=True, sort_keys=False)
    return head + f"{key}:{raw}\n"


def as_yaml(value) -> str:
    """A value as it follows ``key:``: in flow style on the line, or quoted text."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return " " + text.removesuffix("\n...").removesuffix("...").strip()


def failure(load) -> SiteError:
    with pytest.raises(SiteError) as info:
        load()
    return info.value


def located(error: SiteError, path: Path) -> None:
    """Every problem the error carries names ``path`` and a line inside the file."""
    problems = error.problems if isinstance(error, ProblemsFound) else (error,)
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    for problem in problems:
        assert problem.location is not None and problem.location.path == path, problem.render()
        assert problem.location.line is not None and 1 <= problem.location.line <= lines, problem.render()
        assert problem.render().startswith(f"{path}:{problem.location.line}: ")


def load_article_text(folder: Path, front: str):
    path = folder / "a-b.md"
    path.write_text(f"---\n{front}---\n{BODY}", encoding="utf-8")
    return path, lambda: check_tags(load_article(path, new_markdown()), ENTITIES)


def load_entity_text(folder: Path, etype: str, text: str):
    path = folder / "x-y.yaml"
    path.write_text(text, encoding="utf-8")
    return path, lambda: load_entity(path, etype)


# What is wrong, by kind of mistake -----------------------------------------------------------------

words = st.text(st.sampled_from("ابتحدرسعفلمنهويةىءأ abcxyz-019"), min_size=1, max_size=12).filter(lambda s: s.strip())
not_text = st.sampled_from([True, False, ["نص"], {"مفتاح": "قيمة"}, dt.date(2024, 1, 2), [["نص"]]])
not_a_list = st.sampled_from([True, {"مفتاح": "قيمة"}, [["نص"]], [{"a": 1}], [True], [dt.date(2024, 1, 2)], [1.5, {}]])
empty_items = st.sampled_from([[""], [None], [" "], ["نص", ""], ["egypt", None], [""] * 3])
empty_text = st.sampled_from(['""', "", " ''", " ~", " null", ' "   "'])


@st.composite
def impossible_dates(draw) -> str:
    year = draw(st.integers(0, 9999))
    month = draw(st.integers(0, 99))
    day = draw(st.integers(0, 99))
    try:
        dt.date(year, month, day)
        day = 45  # it exists: make one that does not
    except ValueError:
        pass
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return draw(st.sampled_from([f" {text}", f" '{text}'", f' "{text}"']))


def raw(values) -> st.SearchStrategy[str]:
    return values.map(as_yaml)


ARTICLE_MISTAKES = {
    "title": raw(not_text) | empty_text,
    "date": raw(st.sampled_from([True, ["2024-01-01"], {"a": 1}, "29/12/2024", "أمس", 5])) | impossible_dates(),
    "source": raw(not_text),
    "source_url": raw(not_text) | raw(words),
    "set_by_hand": raw(not_a_list) | raw(empty_items) | raw(words.filter(lambda w: w not in ARTICLE)).map(lambda s: f" [{s.strip()}]"),
    "pin": raw(not_a_list) | raw(empty_items) | raw(st.lists(words.filter(lambda w: w.strip() not in KB), min_size=1)),
    "veto": raw(not_a_list) | raw(empty_items) | raw(st.lists(words.filter(lambda w: w.strip() not in KB), min_size=1)),
    "ingest": raw(st.sampled_from([True, "نص", ["a"], 5])),
}
unknown_keys = st.sampled_from(["titel", "dates", "pins", "vetos", "Source", "tags", "kind", "اسم"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(ARTICLE_MISTAKES)).flatmap(lambda key: st.tuples(st.just(key), ARTICLE_MISTAKES[key])))
def test_every_front_matter_field_fed_a_mistake_is_an_error_at_its_line(case):
    key, value = case
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_article_text(Path(folder), front_matter(ARTICLE, key, value))
        located(failure(load), path)


@settings(max_examples=60, deadline=None)
@given(unknown_keys, raw(words | not_text))
def test_an_unknown_front_matter_field_is_an_error_at_its_line(key, value):
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_article_text(Path(folder), front_matter(ARTICLE, key, value))
        error = failure(load)
        located(error, path)
        assert f"unknown front-matter field {key!r}" in error.render()


roles = st.sampled_from([
    [{"title": "رئيس", "from": "2024-02-30"}], [{"title": "رئيس", "to": "2020-13-45"}], [{"title": ""}],
    [{"from": "2020-01-01"}], [{"title": "رئيس", "form": "2020-01-01"}], [{"title": ["رئيس"]}],
    [{"title": "رئيس", "from": "قديما"}], [{"title": "رئيس", "from": "2021-01-01", "to": "2020-01-01"}], ["رئيس"], "رئيس",
])
LISTS = {"aliases", "adjectives", "needs_context", "not_aliases", "keywords"}
ENTITY_MISTAKES = {
    **{key: raw(not_text) for key in ("name_en", "description", "family")},
    "name": raw(not_text) | empty_text,
    "kind": raw(not_text) | empty_text | raw(words),
    "wikidata": raw(not_text) | raw(words),
    "family_default": raw(st.sampled_from(["نعم", "yes please", 1, ["true"], {"a": True}])),
    "roles": raw(roles) | impossible_dates().map(lambda d: f" [{{title: رئيس, from: {d.strip()}}}]"),
    **{key: raw(not_a_list) | raw(empty_items) for key in LISTS},
}
FIELDS = {
    "actor": sorted(set(ENTITY_MISTAKES) - {"keywords"}),
    "place": ["name", "name_en", "kind", "description", "aliases", "wikidata", "not_aliases"],
    "topic": ["name", "name_en", "description", "keywords", "wikidata"],
}


@st.composite
def entity_mistakes(draw):
    etype = draw(st.sampled_from(sorted(FIELDS)))
    key = draw(st.sampled_from(FIELDS[etype]))
    if etype == "topic" and key == "kind":
        key = "name"
    value = draw(ENTITY_MISTAKES[key])
    if key == "kind" and value.strip() in ("person", "city"):
        value = " king"
    return etype, key, value


@settings(max_examples=200, deadline=None)
@given(entity_mistakes())
def test_every_knowledge_base_field_fed_a_mistake_is_an_error_at_its_line(case):
    etype, key, value = case
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_entity_text(Path(folder), etype, front_matter(ENTITY[etype], key, value))
        located(failure(load), path)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.sampled_from(["aliase", "keyword", "names", "kinds", "roles_", "اسم"]),
       raw(words | not_text))
def test_an_unknown_knowledge_base_field_is_an_error_at_its_line(etype, key, value):
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_entity_text(Path(folder), etype, front_matter(ENTITY[etype], key, value))
        error = failure(load)
        located(error, path)
        assert f"unknown {etype} field {key!r}" in error.render()


# Anything at all: loaded, or a located SiteError -------------------------------------------------

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates() | st.datetimes()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=8)
RAW = [' "open', " 'open", " [a, b", " {a: 1", " !!int x", " !!float x", " !!binary ###", " &a x", " *b", " |", " >",
       " 2020-13-45", " 2024-02-30 10:00", " 2024-02-29 25:61", " [2020-13-45]", " {title: 2021-02-29}", " !!python/name:os.system",
       " - a", ": b", " a: b", " @x", " `x`", " %x", " !!timestamp 2024-99-99", " 0x", " .nan", " 1e999", "\n  - [", "\n - a\n-b"]
anything = raw(values) | st.sampled_from(RAW)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from([*ARTICLE, "set_by_hand", "pin", "veto", "ingest", "source_url", "x"]), anything)
def test_any_front_matter_value_loads_or_is_a_located_error(key, value):
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_article_text(Path(folder), front_matter(ARTICLE, key, value))
        try:
            load()
        except SiteError as error:
            located(error, path)


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.sampled_from([*ENTITY_MISTAKES, "x"]), anything)
def test_any_knowledge_base_value_loads_or_is_a_located_error(etype, key, value):
    with tempfile.TemporaryDirectory() as folder:
        path, load = load_entity_text(Path(folder), etype, front_matter(ENTITY[etype], key, value))
        try:
            load()
        except SiteError as error:
            located(error, path)


# The messages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    ("2024-02-30", "2024-02-30 does not exist: February 2024 has 29 days"),
    ("2023-02-29", "2023-02-29 does not exist: February 2023 has 28 days"),
    ("2020-13-45", "2020-13-45 does not exist: there is no month 13"),
    ("2024-04-31", "2024-04-31 does not exist: April 2024 has 30 days"),
    ("0000-01-01", "0000-01-01 does not exist: there is no year 0"),
    ("29/12/2024", "'29/12/2024' is not a date"),
])
def test_a_date_that_does_not_exist_is_told_why(value, problem):
    assert read_date(value)[:2] == (None, problem)


def test_dates_yaml_reads_as_dates_still_are_dates():
    data = parse_yaml("a: 2024-02-29\nb: '2024-02-29'\nc: 2024-02-29 10:00:00\nd: 2024-02-30\n", Path("x.yaml"), 0)
    assert data == {"a": dt.date(2024, 2, 29), "b": "2024-02-29", "c": dt.datetime(2024, 2, 29, 10), "d": "2024-02-30"}
    assert [read_date(data[k])[0] for k in "abc"] == [dt.date(2024, 2, 29)] * 3


@pytest.mark.parametrize("text, line, message", [
    ('title: "عنوان\ndate: 2024-01-01\nsource: x\n', 2, "a quote opened here is never closed"),
    ("title: x\npin: [egypt,\n  libya\nsource: x\n", 3, "a '[' opened here is never closed"),
    ("title: x\nsource: a\nsource: b\n", 4, "'source' is given twice (first on line 3)"),
    ("title: x\ndate: !!int x\n", 3, "cannot read 'x' (invalid literal for int() with base 10: 'x')"),
])
def test_yaml_problems_are_reported_where_they_are(text, line, message):
    error = failure(lambda: parse_yaml(text, Path("a.md"), line_offset=1))
    assert error.location.line == line and error.message == f"invalid YAML: {message}"


def test_ingest_reads_past_a_date_that_does_not_exist():
    """Every YAML file goes through the one loader: a raw Markdown file with `date: 2020-13-45` was
    refused by ingest as an internal error (ValueError); its date is now just not taken."""
    from builder.ingestion.rawinput import prepare_bytes

    text = "---\ntitle: خبر عن ليبيا\ndate: 2020-13-45\n---\n\nقال المتحدث إن الاجتماع تناول الأوضاع في ليبيا.\n"
    prepared = prepare_bytes(text.encode(), ".md")
    assert (prepared.title, prepared.date) == ("خبر عن ليبيا", None)
