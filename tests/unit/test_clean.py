from builder.clean import clean_text, escape_markdown, to_markdown
from builder.content import new_markdown, render_body


def rules(cleaned):
    return [(r.rule, r.text) for r in cleaned.removed]


RAW = """abc123xyz
الجيش يعلن السيطرة على الميناء
شاركها عبر واتساب

وكالة الصحراء – خاص

أعلن الجيش اليوم السيطرة الكاملة على الميناء بعد معارك استمرت ثلاثة أيام.
طالع أيضًا
- عنوان خبر آخر عن الميناء
وقال المتحدث إن القوات ستواصل عملياتها.
أعلن الجيش اليوم السيطرة الكاملة على الميناء بعد معارك استمرت ثلاثة أيام.
موقع الصحراء نيوز
"""


def test_junk_is_removed_by_general_rules_and_recorded():
    cleaned = clean_text(RAW)
    assert cleaned.title == "الجيش يعلن السيطرة على الميناء"
    assert cleaned.title_from == "first line"
    assert [b.text for b in cleaned.blocks] == [
        "أعلن الجيش اليوم السيطرة الكاملة على الميناء بعد معارك استمرت ثلاثة أيام.",
        "وقال المتحدث إن القوات ستواصل عملياتها.",
    ]
    assert rules(cleaned) == [
        ("no-arabic", "abc123xyz"),
        ("share", "شاركها عبر واتساب"),
        ("byline", "وكالة الصحراء – خاص"),
        ("read-also", "طالع أيضًا"),
        ("related-headline", "- عنوان خبر آخر عن الميناء"),
        ("repeat", "أعلن الجيش اليوم السيطرة الكاملة على الميناء بعد معارك استمرت ثلاثة أيام."),
        ("tagline", "موقع الصحراء نيوز"),
    ]
    assert cleaned.outlet == "وكالة الصحراء"


def test_disclaimer_names_the_outlet():
    cleaned = clean_text(
        "نص الخبر الأول هنا في فقرة كاملة.\nفقرة ثانية من الخبر.\n"
        "تنويه: هذا الخبر منقول ولا يعبر عن وجهة نظر جريدة الغد وانما نقل كما هو.\n"
    )
    assert rules(cleaned)[0][0] == "disclaimer"
    assert cleaned.outlet == "جريدة الغد"


def test_without_a_headline_the_title_comes_from_the_lead():
    cleaned = clean_text("القاهرة – " + "كلمة " * 30 + "نهاية.\nفقرة ثانية طويلة بما يكفي.")
    assert cleaned.title_from == "lead"
    assert cleaned.title.endswith("…") and not cleaned.title.startswith("القاهرة")


def test_markup_in_text_stays_text():
    text = '<script>alert(1)</script> *نجمة* [رابط](javascript:x) &amp; # عنوان'
    html, blocks, _ = render_body(new_markdown(), escape_markdown(text), 1)
    assert blocks[0].text == text
    assert "<script>" not in html and "&lt;script&gt;" in html and "<a href" not in html.split("pilcrow")[0]


def test_line_start_markdown_is_escaped():
    for line in ("- ليس قائمة", "1. ليس رقمًا", "# ليس عنوانًا", "> ليس اقتباسًا"):
        _, blocks, _ = render_body(new_markdown(), escape_markdown(line), 1)
        assert blocks[0].text == line


def test_subheadings_become_markdown_headings():
    cleaned = clean_text("عنوان الخبر\n" + "فقرة أولى طويلة. " * 3 + "\nتفاصيل اللقاء\n" + "فقرة ثانية طويلة. " * 3)
    assert "## تفاصيل اللقاء" in to_markdown(cleaned)
