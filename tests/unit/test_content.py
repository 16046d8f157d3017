import datetime as dt
from pathlib import Path

import pytest

from builder.site.content import load_article, load_corpus, load_entity, new_markdown
from builder.errors import SiteError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path, text, name="a-b.md"):
    return load_article(write(tmp_path / name, text), new_markdown())


def failure(fn, *args) -> str:
    with pytest.raises(SiteError) as info:
        fn(*args)
    return info.value.render()


GOOD = "---\ntitle: عنوان\ndate: 2024-12-29\nsource: مصدر\n---\n\nفقرة أولى.\n\n## عنوان فرعي\n\nفقرة <b>ثانية</b>.\n"


def test_article_fields_blocks_and_anchors(tmp_path):
    article = load(tmp_path, GOOD)
    assert (article.slug, article.title, article.date, article.source) == ("a-b", "عنوان", dt.date(2024, 12, 29), "مصدر")
    assert [(b.anchor, b.text, b.line) for b in article.blocks] == [
        ("p-1", "فقرة أولى.", 7),
        ("p-2", "عنوان فرعي", 9),
        ("p-3", "فقرة <b>ثانية</b>.", 11),
    ]
    assert '<p id="p-1">' in article.body_html and '<h2 id="p-2">' in article.body_html
    assert "&lt;b&gt;ثانية&lt;/b&gt;" in article.body_html and "<b>" not in article.body_html


def test_bad_date_names_the_line(tmp_path):
    message = failure(load, tmp_path, GOOD.replace("2024-12-29", "29/12/2024"))
    assert message == f"{tmp_path / 'a-b.md'}:3: date '29/12/2024' is not a date (write it as YYYY-MM-DD, e.g. 2024-12-29)"


def test_unknown_field_and_missing_title(tmp_path):
    message = failure(load, tmp_path, "---\ntitel: x\ndate: 2024-01-01\nsource: s\n---\n\nنص.\n")
    assert "unknown front-matter field 'titel'" in message and "did you mean 'title'?" in message
    assert "missing 'title'" in message


def test_missing_front_matter_says_how_to_start(tmp_path):
    assert "start the file with a line '---'" in failure(load, tmp_path, "نص فقط\n")


def test_yaml_error_gives_the_file_line(tmp_path):
    message = failure(load, tmp_path, "---\ntitle: x\ndate: [2024\nsource: s\n---\n\nنص.\n")
    assert message.startswith(f"{tmp_path / 'a-b.md'}:") and "invalid YAML" in message


def test_a_file_name_that_is_not_a_slug_is_refused(tmp_path):
    assert "is not a valid slug" in failure(load, tmp_path, GOOD, "../x.md".replace("../", "Bad Name"))


def test_entity_fields_and_kind_check(tmp_path):
    path = write(tmp_path / "actors" / "x.yaml", "name: س\nkind: person\naliases: [ص]\n")
    entity = load_entity(path, "actor")
    assert entity.terms == ("س", "ص")
    bad = write(tmp_path / "actors" / "y.yaml", "name: س\nkind: king\n")
    assert failure(load_entity, bad, "actor") == f"{bad}:2: kind 'king' is not one of: person, organisation, country, armed_group, medium"


def test_duplicate_slugs_across_folders(tmp_path):
    write(tmp_path / "c" / "actors" / "same.yaml", "name: س\nkind: person\n")
    write(tmp_path / "c" / "places" / "same.yaml", "name: ص\nkind: city\n")
    assert "slug 'same' is also used by" in failure(load_corpus, tmp_path / "c")


# The fast path for plain paragraphs (content._plain_paragraphs) must give what Markdown gives.

def _markdown_only(body: str, first_line: int):
    """render_body with the fast path refused: markdown-it parses every body."""
    import builder.site.content as content

    saved = content._plain_paragraphs
    content._plain_paragraphs = lambda body, line: None
    try:
        return content.render_body(new_markdown(), body, first_line)
    finally:
        content._plain_paragraphs = saved


_LETTERS = list("ابتجحدرسعفقلمنهوي") * 4
_MARKS = list(' \n"\'().,:;%/!?0123456789،؛؟«»#>+=~|-*_`[]<>&\\\t\xa0\u2003\u200f') + [
    "\n\n", "  ", "1.", "12)", "- ", "# ", "---", "***", "```", "==", "&amp;", "<b>", "[a](b)", "٣.", " \n",
]


def test_plain_paragraphs_render_as_markdown_does():
    """Random bodies mixing Arabic words, line breaks and every character Markdown reads as markup:
    each one the fast path takes gives the same HTML, blocks and word count as markdown-it."""
    import random

    from builder.site.content import _plain_paragraphs

    rng = random.Random(7)
    taken = 0
    for _ in range(6000):
        body = "".join(rng.choice(_LETTERS if rng.random() < 0.7 else _MARKS) for _ in range(rng.randint(1, 60)))
        fast = _plain_paragraphs(body, 9)
        if fast is not None:
            taken += 1
            assert fast == _markdown_only(body, 9), repr(body)
    assert taken > 500  # the generator reaches the fast path often, and markup often sends it away


@pytest.mark.parametrize("body, fast", [
    ("فقرة أولى \"مقتبسة\" (2024) ١٠٪: نعم - لا!\n\nفقرة ثانية\nعلى سطرين.\n", True),
    ("فقرة *مائلة*.\n", False), ("## عنوان\n\nفقرة.\n", False), ("- بند\n", False), ("1. بند\n", False),
    ("    شيفرة\n", False), ("فقرة  \nبسطر مكسور\n", False), ("أ &amp; ب\n", False), ("رابط [أ](ب)\n", False),
    ("فقرة\n===\n", False), ("فقرة\u00a0بمسافة\n", False), ("> اقتباس\n", False),
])
def test_only_plain_paragraphs_take_the_fast_path(body, fast):
    from builder.site.content import _plain_paragraphs

    got = _plain_paragraphs(body, 3)
    assert (got is not None) == fast
    assert (got or _markdown_only(body, 3)) == _markdown_only(body, 3)


def test_the_default_articles_render_as_markdown_does():
    from builder.site.content import _plain_paragraphs, split_front_matter

    root = Path(__file__).resolve().parents[2] / "content" / "articles"
    taken = 0
    for path in sorted(root.glob("*.md")):
        _front, body, line = split_front_matter(path.read_text(encoding="utf-8"), path)
        fast = _plain_paragraphs(body, line)
        taken += fast is not None
        assert (fast or _markdown_only(body, line)) == _markdown_only(body, line), path.name
    assert taken >= 4  # ingest writes plain paragraphs: all but the one with a heading
