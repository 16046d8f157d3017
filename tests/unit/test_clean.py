from builder.ingestion.clean import clean_text, escape_markdown, to_markdown
from builder.site.content import new_markdown, render_body


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


# The rules, one by one ----------------------------------------------------------------

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from builder.extract import arabic  # noqa: E402
from builder.ingestion.clean import normalize, split_lines, unaccounted  # noqa: E402

RAW_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "raw"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
LEAD = "أعلنت الحكومة اليوم خطة جديدة لإصلاح الطرق في المدن الكبرى خلال العام المقبل."
SECOND = "وقال الوزير إن العمل يبدأ في الربيع ويستمر ثمانية أشهر على الأقل."


def kept(cleaned):
    return [b.text for b in cleaned.blocks]


def test_tracking_tokens_are_named_for_what_they_are():
    cleaned = clean_text(f"عنوان الخبر\n{LEAD}\naXA6IDEuMi4zLjQg\nhttps://x.org/?utm_source=a\n0123456789abcdef0123\n{SECOND}")
    assert [(r.rule, r.note) for r in cleaned.removed] == [
        ("tracking", "base64 of 'ip: 1.2.3.4'"),
        ("tracking", "tracking link"),
        ("tracking", "hexadecimal identifier"),
    ]
    assert kept(cleaned) == [LEAD, SECOND]


def test_a_link_in_a_paragraph_loses_only_its_tracking_parameters():
    cleaned = clean_text(f"عنوان الخبر\nالتفاصيل في https://x.org/a?id=5&utm_source=fb#utm_medium=m هنا.\n{SECOND}")
    assert kept(cleaned)[0] == "التفاصيل في https://x.org/a?id=5 هنا."
    assert rules(cleaned) == [("tracking", "utm_source=fb #utm_medium=m")]


def test_lines_of_punctuation_or_latin_junk_go_but_latin_inside_arabic_stays():
    cleaned = clean_text(f"عنوان الخبر\n* * *\n{LEAD}\nClick here\nقال المتحدث باسم Reuters إن الوضع هادئ.\n— — —")
    assert rules(cleaned) == [("punctuation", "* * *"), ("no-arabic", "Click here"), ("punctuation", "— — —")]
    assert kept(cleaned) == [LEAD, "قال المتحدث باسم Reuters إن الوضع هادئ."]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("شارك الخبر", "share"),
        ("Share on Facebook", "share"),
        ("تابعونا على تلغرام", "social"),
        ("انضموا إلى قناتنا على واتساب", "social"),
        ("نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك", "prompt"),
        ("اشترك في النشرة البريدية", "prompt"),
        ("حمّل تطبيقنا الآن", "prompt"),
        ("سجل الدخول للتعليق", "prompt"),
        ("المزيد", "interface"),
        ("إعلان", "interface"),
        ("جميع الحقوق محفوظة لموقع الأخبار 2024", "disclaimer"),
        ("المقال لا يعبر بالضرورة عن رأي الموقع", "disclaimer"),
        ("يمنع نسخ أو إعادة نشر المحتوى دون إذن", "disclaimer"),
    ],
)
def test_junk_kinds(line, rule):
    cleaned = clean_text(f"عنوان الخبر\n{LEAD}\n{line}\n{SECOND}")
    assert rules(cleaned) == [(rule, line)]
    assert kept(cleaned) == [LEAD, SECOND]


@pytest.mark.parametrize(
    "line",
    [
        "وقال إن الحكومة ستشارك في المؤتمر الدولي للطاقة الذي يعقد في تونس الشهر المقبل.",  # "شارك" in prose
        "وأكد الوزير أن تطبيق القانون على الجميع واجب وطني لا يقبل التأجيل.",  # "تطبيق" of a law
        "وأضاف أن الحقوق المدنية للمواطنين مصونة بحكم الدستور.",  # "الحقوق" without "محفوظة"
        "وتابع الوزير حديثه عن المشروعات المتوقفة في الجنوب منذ سنوات.",  # "تابع" as a verb of speech
    ],
)
def test_prose_that_shares_words_with_junk_stays(line):
    cleaned = clean_text(f"عنوان الخبر\n{LEAD}\n{line}\n{SECOND}")
    assert kept(cleaned) == [LEAD, line, SECOND] and not cleaned.removed


def test_related_headlines_after_a_read_also_marker_go_with_it():
    cleaned = clean_text(f"عنوان الخبر\n{LEAD}\nاقرأ أيضاً\nالحكومة تعلن موعد الانتخابات\nوزير يستقيل من منصبه\n{SECOND}")
    assert [(r.rule, r.line) for r in cleaned.removed] == [("read-also", 3), ("read-also", 4), ("read-also", 5)]
    assert cleaned.removed[1].note == "headline after the marker on line 3"
    assert kept(cleaned) == [LEAD, SECOND]


def test_a_real_paragraph_after_the_marker_stays():
    cleaned = clean_text(f"عنوان الخبر\n{LEAD}\nاقــرأ أيضاً\n{SECOND}\nوأضاف أن التمويل متوفر.")
    assert rules(cleaned) == [("read-also", "اقــرأ أيضاً")]
    assert kept(cleaned) == [LEAD, SECOND, "وأضاف أن التمويل متوفر."]


def test_headlines_that_never_end_are_not_a_related_block():
    lines = [f"عنوان فرعي رقم {n} بلا نقطة" for n in range(1, 8)]
    cleaned = clean_text("\n".join(["عنوان الخبر", LEAD, "طالع أيضا", *lines, SECOND]))
    assert rules(cleaned) == [("read-also", "طالع أيضا")]


def test_a_list_the_text_introduces_is_not_taken_for_related_headlines():
    cleaned = clean_text(f"عنوان الخبر\nوطالب المحتجون بما يلي:\n- وقف إطلاق النار\n- فتح المعابر\n{SECOND}")
    assert not cleaned.removed and len(cleaned.blocks) == 4


def test_bylines_and_source_lines_name_the_outlet():
    cleaned = clean_text(f"عنوان الخبر\nبقلم: سالم علي\n{LEAD}\n{SECOND}\nالمصدر: وكالة الأنباء الليبية")
    assert rules(cleaned) == [("byline", "بقلم: سالم علي"), ("byline", "المصدر: وكالة الأنباء الليبية")]
    assert (cleaned.outlet, cleaned.outlet_from) == ("وكالة الأنباء الليبية", "byline")


def test_a_byline_word_starting_a_sentence_is_not_a_byline():
    cleaned = clean_text(f"عنوان الخبر\nكتب الرئيس رسالة إلى البرلمان.\n{LEAD}")
    assert not cleaned.removed


def test_a_tagline_names_the_outlet_only_when_it_says_it_is_one():
    assert clean_text(f"عنوان\n{LEAD}\n{SECOND}\nبوابة الجنوب الإخبارية").outlet == "بوابة الجنوب الإخبارية"
    signature = clean_text(f"عنوان\n{LEAD}\n{SECOND}\nجزيرة ام اند امز")
    assert rules(signature) == [("tagline", "جزيرة ام اند امز")] and signature.outlet == ""


def test_a_dateline_line_gives_the_date_and_goes():
    cleaned = clean_text(f"عنوان الخبر\nآخر تحديث: الثلاثاء 17/12/2024 - 14:05 بتوقيت القاهرة\n{LEAD}")
    assert rules(cleaned) == [("dateline", "آخر تحديث: الثلاثاء 17/12/2024 - 14:05 بتوقيت القاهرة")]
    assert (cleaned.date.isoformat(), cleaned.date_from) == ("2024-12-17", "dateline")


def test_a_date_opening_the_lead_is_its_dateline_and_stays():
    lead = "طرابلس في 5 مارس 2023 – أعلنت الحكومة خطة جديدة، بعد اجتماع عقد في 1 مارس 2023."
    cleaned = clean_text(f"عنوان الخبر\n{lead}\nوفي 9 مارس 2023 يبدأ التنفيذ.")
    assert kept(cleaned)[0] == lead
    assert (cleaned.date.isoformat(), cleaned.date_from) == ("2023-03-05", "dateline")


def test_otherwise_the_latest_full_date_is_inferred_and_partial_dates_do_not_count():
    cleaned = clean_text(f"عنوان الخبر\n{LEAD} وكان ذلك في 29 ديسمبر 2024.\nوسيعقد اجتماع في 15 فبراير، بعد لقاء مايو 2025.")
    assert (cleaned.date.isoformat(), cleaned.date_from) == ("2024-12-29", "inferred")
    assert clean_text(f"عنوان\n{LEAD}\n{SECOND}").date is None


def test_repeats_verbatim_after_normalisation_and_near_verbatim():
    first = "أعلنت إدارة الموانئ أن ميناء مصراتة استقبل أكبر سفينة حاويات في تاريخه صباح اليوم."
    cleaned = clean_text("\n".join([
        "عنوان الخبر",
        first,
        SECOND,
        first,
        "أعلنت إدارةُ الموانئ، أن ميناء مصراته استقبل أكبر سفينة حاويات في تاريخه صباح اليوم",
        "وأعلنت إدارة الموانئ أن ميناء مصراتة استقبل أكبر سفينة حاويات في تاريخه صباح اليوم أيضا.",
    ]))
    assert [(r.rule, r.line, r.note) for r in cleaned.removed] == [
        ("repeat", 4, "same as line 2"),
        ("repeat", 5, "same as line 2"),
        ("near-repeat", 6, "93% like line 2"),
    ]
    assert kept(cleaned) == [first, SECOND]


def test_a_near_copy_with_other_numbers_is_kept():
    one = "قالت الوزارة إن عدد المصابين بلغ 120 شخصا في المدينة حتى مساء الأمس حسب آخر إحصاء رسمي."
    cleaned = clean_text(f"عنوان الخبر\n{one}\n{one.replace('120', '135')}")
    assert not cleaned.removed


def test_a_paragraph_repeating_the_title_goes():
    cleaned = clean_text(f"عنوان الخبر الرئيسي\n{LEAD}\nعنوان الخبر الرئيسي\n{SECOND}")
    assert [(r.rule, r.note) for r in cleaned.removed] == [("repeat", "same as the title")]


def test_near_repeats_in_a_very_long_text_are_found_by_min_hashes():
    tail = "تتحدث عن موضوع مختلف تماما عن غيره من الفقرات في هذا النص الطويل جدا، ولها تفاصيلها وشواهدها الخاصة بها."
    paragraphs = [f"الفقرة رقم {n} {tail}" for n in range(500)]
    copy = paragraphs[10].replace("جدا،", "جدا جدا،")
    cleaned = clean_text("\n".join(["عنوان", *paragraphs, copy]))
    # the numbers differ between paragraphs, so only the copy of paragraph 10 is a near-repeat
    assert [(r.rule, r.line, r.note) for r in cleaned.removed] == [("near-repeat", 502, "95% like line 12")]


def test_markup_left_in_text_is_taken_out_and_recorded():
    text = "عنوان\n<p>نص &amp; كلام</p>\n<script>\nvar a = 1;\n</script>\n<div></div>\nفقرة <b>ثانية</b>."
    cleaned = clean_text(text)
    assert kept(cleaned) == ["نص & كلام", "فقرة ثانية ."]
    assert rules(cleaned) == [
        ("markup", "<p> </p> &amp;"),
        ("script", "<script>"),
        ("script", "var a = 1;"),
        ("script", "</script>"),
        ("markup", "<div></div>"),
        ("markup", "<b> </b>"),
    ]
    assert not unaccounted(text, cleaned)


def test_markdown_syntax_in_md_files():
    cleaned = clean_text("# عنوان الخبر\n\nنص **مهم** مع [رابط](https://x.org) هنا.\n\nفقرة ثانية.", markdown=True)
    assert cleaned.title == "عنوان الخبر" and kept(cleaned) == ["نص مهم مع رابط هنا.", "فقرة ثانية."]
    assert rules(cleaned) == [("markup", "#"), ("markup", "(https://x.org) **…**")]


def test_front_matter_lines_are_recorded_and_the_title_hint_used():
    text = "---\ntitle: عنوان من الترويسة\n---\nنص الخبر الأول هنا.\nنص ثان."
    cleaned = clean_text(text, markdown=True, title_hint="عنوان من الترويسة", header_lines=3, hint_from="front-matter")
    assert (cleaned.title, cleaned.title_from, cleaned.title_line) == ("عنوان من الترويسة", "front-matter", 0)
    assert [r.rule for r in cleaned.removed] == ["front-matter"] * 3
    assert kept(cleaned) == ["نص الخبر الأول هنا.", "نص ثان."]


def test_control_characters_are_taken_out_and_recorded():
    cleaned = clean_text(f"عنوان\x07 الخبر\n{LEAD}\x1b\n{SECOND}")
    assert cleaned.title == "عنوان الخبر"
    assert [(r.rule, r.line) for r in cleaned.removed] == [("control", 1), ("control", 2)]


@pytest.mark.parametrize("path", sorted(RAW_DIR.iterdir()) + sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_every_word_of_every_input_is_kept_or_recorded(path):
    from builder.ingestion.decoding import decode

    text = decode(path.read_bytes()).text
    if path.suffix == ".html":
        from builder.ingestion.htmltext import extract_page

        text = extract_page(text).text
    cleaned = clean_text(text, markdown=path.suffix == ".md")
    assert unaccounted(text, cleaned) == []
    lines = {b.line for b in cleaned.blocks} | {r.line for r in cleaned.removed} | {cleaned.title_line}
    assert all(n in lines for n, line in enumerate(split_lines(text), 1) if line.strip())


def test_unaccounted_finds_a_lost_word():
    cleaned = clean_text(f"عنوان\n{LEAD}\n{SECOND}")
    broken = cleaned.__class__(**{**{f: getattr(cleaned, f) for f in cleaned.__slots__}, "blocks": cleaned.blocks[:1]})
    assert unaccounted(f"عنوان\n{LEAD}\n{SECOND}", broken) == [3]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_fast_normalize_is_arabic_normalize(text):
    assert normalize(text) == arabic.normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([LEAD, SECOND, "اقرأ أيضا", "شارك", "* * *", "<p>", "&amp;", "fbpx", "", " ",
                                 "عنوان قصير", "- بند", "2024", "<script>", "</script>", "نشر في 1 يناير 2024"]),
                max_size=12))
def test_no_word_is_ever_lost(lines):
    text = "\n".join(lines)
    assert unaccounted(text, clean_text(text)) == []


@pytest.mark.parametrize(
    ("text", "markdown", "kept_text"),
    [
        ("0<SCRIPT></SCRIPT>ء", False, "0 ء"),  # found by the property test: words glued by a removed block
        ("نص<b>مهم</b>هنا", False, "نص مهم هنا"),
        ("0__0__", True, "0__0__"),  # underscores inside a word are not emphasis
        ("كلمة[رابط](https://x.org)أخرى", True, "كلمة رابط أخرى"),
        ("حسب [بيان الوزارة](https://x.org).", True, "حسب بيان الوزارة."),
    ],
)
def test_taking_markup_out_never_glues_two_words(text, markdown, kept_text):
    cleaned = clean_text(text, markdown=markdown)
    assert kept(cleaned) == [kept_text] and unaccounted(text, cleaned) == []


# Datelines with a place and an outlet or agency (issue 24 item 15, issue 27) -------------------


def test_a_place_outlet_line_at_the_top_is_the_dateline_with_the_source():
    cleaned = clean_text(f"حفتر يلتقي مدير المخابرات المصرية\nشارك الخبر\n\nالخرطوم – السودان اليوم\n\n{LEAD}\n{SECOND}")
    assert rules(cleaned) == [("share", "شارك الخبر"), ("dateline", "الخرطوم – السودان اليوم")]
    assert cleaned.removed[1].note == "place: الخرطوم; by: السودان اليوم"
    assert kept(cleaned) == [LEAD, SECOND]
    assert (cleaned.outlet, cleaned.outlet_from, cleaned.place) == ("السودان اليوم", "dateline", "الخرطوم")
    # the byline form keeps its meaning: «يافع نيوز – متابعات» names the outlet, no place
    seed = clean_text(f"عنوان الخبر\nيافع نيوز – متابعات\n{LEAD}")
    assert rules(seed) == [("byline", "يافع نيوز – متابعات")] and (seed.outlet, seed.place) == ("يافع نيوز", "")


CNN_LEAD = "سيحصل عشاق السينما في المملكة العربية السعودية قريباً على فرصة ذهبية للاستمتاع بالمقاعد المريحة."


@pytest.mark.parametrize(
    "opening, place",
    [
        ("دبي، الإمارات العربية المتحدة (CNN) --", "دبي، الإمارات العربية المتحدة"),
        ("دبي، الإمارات العربية المتحدة (CNN)—", "دبي، الإمارات العربية المتحدة"),
        ("\u200bعمّان، الأردن (CNN)- -", "عمّان، الأردن"),
        ("لندن، المملكة المتحدة، (CNN)--", "لندن، المملكة المتحدة"),
        ("دبي، الإمارات العربية المتحدة - (CNN)", "دبي، الإمارات العربية المتحدة"),
        ("أتلانتا، الولايات المتحدة الأمريكية (CNN)", "أتلانتا، الولايات المتحدة الأمريكية"),
        ("(CNN)--", ""),
        ("(CNN--", ""),
    ],
)
def test_an_agency_dateline_opening_the_lead_is_taken_off_it_and_kept(opening, place):
    cleaned = clean_text(f"{opening} {CNN_LEAD}\nوأعلنت الشركة الاثنين أنها ستفتح دورا جديدة.", title_hint="عنوان")
    assert kept(cleaned)[0] == CNN_LEAD
    assert rules(cleaned) == [("dateline", opening)]
    assert (cleaned.place, cleaned.outlet, cleaned.outlet_from) == (place, "CNN", "dateline")
    assert not unaccounted(f"{opening} {CNN_LEAD}\nوأعلنت الشركة الاثنين أنها ستفتح دورا جديدة.", cleaned)


def test_a_dateline_alone_on_its_line_goes_whole():
    cleaned = clean_text(f"دبي، الإمارات العربية المتحدة (CNN) --\n{CNN_LEAD}\n{SECOND}", title_hint="عنوان")
    assert kept(cleaned) == [CNN_LEAD, SECOND] and cleaned.place == "دبي، الإمارات العربية المتحدة"


@pytest.mark.parametrize(
    "lead",
    [
        "وحلق سرب طائرات تركية من طراز (F-16) على ارتفاع منخفض فوق جزر بحر إيجه.",  # brackets in the text
        "أثارت نهاية مباراة اليابان مع بولندا (صفر-1) في الجولة الثالثة انتقادات واسعة.",
        "في ازقة البازار القديم المعروف (بغراند بازار - او السوق المغطى)، في قلب اسطنبول.",
        "فجرت كوريا الشمالية - كما يبدو - أنفاقا في موقع التجارب النووية لديها.",
        "فاز ليغانيس على ضيفه ريال بيتيس 3 - 2 ليرفع رصيده إلى 43 نقطة.",
    ],
)
def test_a_lead_with_brackets_or_dashes_is_no_dateline(lead):
    cleaned = clean_text(f"{lead}\n{SECOND}", title_hint="عنوان")
    assert kept(cleaned)[0] == lead and not cleaned.removed and cleaned.place == ""


def test_a_dateline_further_down_is_the_text():
    text = f"عنوان\n{LEAD}\n{SECOND}\nدبي، الإمارات العربية المتحدة (CNN) -- {CNN_LEAD}"
    assert kept(clean_text(text))[-1].startswith("دبي، الإمارات العربية المتحدة (CNN) --")


def test_corpus_hints_remove_footers_and_the_teaser_run_at_the_end_never_the_lead_or_a_quote():
    from builder.ingestion.boilerplate import Hints, line_hash

    lead = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة بعد توقف دام شهرين كاملين."
    quote = "أعلنت وزارة الصحة تسجيل انخفاض كبير في عدد الإصابات بالإنفلونزا الموسمية خلال شهر فبراير."
    own = "وأضاف أن الوفدين اتفقا على جدول أعمال يشمل الملفات العالقة بين البلدين منذ سنوات."
    tail = "افتتح رئيس الوزراء معرضا دوليا للكتاب بمشاركة أكثر من سبعمئة دار نشر من أربعين بلدا."
    footer = "// انتهى //"
    other = "the opening paragraph of another article of this source"
    hints = Hints(footers=((line_hash(footer), "word for word in 12 of 40 articles of واس"),
                           (line_hash(lead), "word for word in 12 of 40 articles of واس")),
                  teasers=((line_hash(quote), other), (line_hash(tail), other)))
    text = "\n".join([lead, quote, own, tail, footer])
    cleaned = clean_text(text, title_hint="المحادثات تستأنف", hints=hints)
    assert [b.text for b in cleaned.blocks] == [lead, quote, own]
    assert [(r.rule, r.line) for r in cleaned.removed] == [("teaser", 4), ("footer", 5)]
    assert unaccounted(text, cleaned) == []


def test_a_last_line_saying_the_column_is_reprinted_from_another_paper_is_a_byline():
    lead = "يتساءل كثيرون عن مستقبل الدوري بعد القرارات الأخيرة للاتحاد، والجواب ليس سهلا كما يظن البعض."
    middle = "نقلا عن مصادر في الاتحاد"  # a short line in the middle: the column's own words
    text = "\n".join([lead, middle, "وهذا ما ستكشفه الأسابيع المقبلة.", '*نقلاً عن "اليوم السابع" المصرية'])
    cleaned = clean_text(text, title_hint="مستقبل الدوري")
    assert [b.text for b in cleaned.blocks][-1] == "وهذا ما ستكشفه الأسابيع المقبلة."
    assert middle in [b.text for b in cleaned.blocks]
    assert [(r.rule, r.line, r.note) for r in cleaned.removed] == [("byline", 4, 'reprinted from "اليوم السابع" المصرية')]
