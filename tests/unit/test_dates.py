import datetime as dt
import doctest
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import builder.extract.dates
import builder.extract.mentioned_dates
from builder.extract.arabic import normalize
from builder.extract.dates import DateMention, find_dates, infer_publication_date
from builder.extract.mentioned_dates import dates_seen, place, with_inferred_date
from builder.site.records import Article, Block, DateSeen

SEEDS = Path("/work/shared/seeds")


def parts(text):
    """(surface, year, month, day, weekday) of every mention, checking the offsets."""
    found = find_dates(text)
    for m in found:
        assert text[m.start : m.end] == m.surface
    return [(m.surface, m.year, m.month, m.day, m.weekday) for m in found]


def one(text):
    found = parts(text)
    assert len(found) == 1, found
    return found[0]


def test_the_module_examples_hold():
    assert doctest.testmod(builder.extract.dates).failed == 0


# Month names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, surface, ymd",
    [
        ("في 29 ديسمبر 2024", "29 ديسمبر 2024", (2024, 12, 29)),
        ("في 1 يناير 2020", "1 يناير 2020", (2020, 1, 1)),
        ("في 3 مارس 2011", "3 مارس 2011", (2011, 3, 3)),
        ("في 4 أبريل 2019", "4 أبريل 2019", (2019, 4, 4)),
        ("في 4 ابريل 2019", "4 ابريل 2019", (2019, 4, 4)),
        ("في 4 إبريل 2019", "4 إبريل 2019", (2019, 4, 4)),
        ("في 5 مايو 2018", "5 مايو 2018", (2018, 5, 5)),
        ("في 30 يونيو 2013", "30 يونيو 2013", (2013, 6, 30)),
        ("في 30 يونية 2013", "30 يونية 2013", (2013, 6, 30)),
        ("في 23 يوليو 1952", "23 يوليو 1952", (1952, 7, 23)),
        ("في 23 يولية 1952", "23 يولية 1952", (1952, 7, 23)),
        ("في 14 أغسطس 2013", "14 أغسطس 2013", (2013, 8, 14)),
        ("في 14 اغسطس 2013", "14 اغسطس 2013", (2013, 8, 14)),
        ("في 11 سبتمبر 2001", "11 سبتمبر 2001", (2001, 9, 11)),
        ("في 6 أكتوبر 1973", "6 أكتوبر 1973", (1973, 10, 6)),
        ("في 20 نوفمبر 2020", "20 نوفمبر 2020", (2020, 11, 20)),
    ],
)
def test_egyptian_month_names(text, surface, ymd):
    assert one(text) == (surface, *ymd, None)


@pytest.mark.parametrize(
    "text, ymd",
    [
        ("14 جانفي 2011", (2011, 1, 14)),
        ("2 فيفري 2020", (2020, 2, 2)),
        ("9 أفريل 2021", (2021, 4, 9)),
        ("1 ماي 2018", (2018, 5, 1)),
        ("5 جوان 2016", (2016, 6, 5)),
        ("25 جويلية 2021", (2021, 7, 25)),
        ("13 أوت 2017", (2017, 8, 13)),
        ("31 دجنبر 2019", (2019, 12, 31)),
    ],
)
def test_maghrebi_month_names(text, ymd):
    assert one(text)[1:4] == ymd


@pytest.mark.parametrize(
    "text, ymd",
    [
        ("1 كانون الثاني 2020", (2020, 1, 1)),
        ("14 شباط 2005", (2005, 2, 14)),
        ("15 آذار 2011", (2011, 3, 15)),
        ("7 نيسان 2003", (2003, 4, 7)),
        ("25 أيار 2000", (2000, 5, 25)),
        ("5 حزيران 1967", (1967, 6, 5)),
        ("14 تموز 1958", (1958, 7, 14)),
        ("4 آب 2020", (2020, 8, 4)),
        ("28 أيلول 1970", (1970, 9, 28)),
        ("17 تشرين الأول 2019", (2019, 10, 17)),
        ("9 تشرين الثاني 1989", (1989, 11, 9)),
        ("9 تشرين ثاني 1989", (1989, 11, 9)),
        ("31 كانون الأول 2024", (2024, 12, 31)),
    ],
)
def test_levantine_month_names(text, ymd):
    assert one(text)[1:4] == ymd


@pytest.mark.parametrize(
    "text, surface, ymd",
    [
        ("في 29 ديسمبر/كانون الأول 2024 أول زيارة", "29 ديسمبر/كانون الأول 2024", (2024, 12, 29)),
        ("في أكتوبر/تشرين الأول 2021 رحلاتها", "أكتوبر/تشرين الأول 2021", (2021, 10, None)),
        ("بتاريخ 15 فبراير/شباط يصور", "15 فبراير/شباط", (None, 2, 15)),
        ("في كانون الأول/ديسمبر 2024", "كانون الأول/ديسمبر 2024", (2024, 12, None)),
        ("في 3 ديسمبر / كانون الأول", "3 ديسمبر / كانون الأول", (None, 12, 3)),
        ("في 3 ديسمبر (كانون الأول) 2024", "3 ديسمبر (كانون الأول) 2024", (2024, 12, 3)),
    ],
)
def test_a_pair_of_names_is_one_mention(text, surface, ymd):
    assert one(text) == (surface, *ymd, None)


def test_a_pair_that_disagrees_is_not_read():
    assert parts("في 3 ديسمبر/كانون الثاني 2024") == []


@pytest.mark.parametrize(
    "text, surface",
    [
        ("في 29 ديسمبر", "29 ديسمبر"),
        ("بتاريخ 15 فبراير", "15 فبراير"),
        ("و15 فبراير", "15 فبراير"),
        ("في الـ15 من فبراير", "15 من فبراير"),
        ("في 15 من شهر فبراير", "15 من شهر فبراير"),
    ],
)
def test_day_and_month_after_clitics_and_prepositions(text, surface):
    assert one(text) == (surface, None, 2 if "فبراير" in text else 12, int(surface[:2]), None)


def test_month_and_year_without_day():
    assert one("منذ مايو 2017") == ("مايو 2017", 2017, 5, None, None)
    assert one("خلال شهر أبريل 2022") == ("أبريل 2022", 2022, 4, None, None)
    assert one("في ديسمبر من عام 2024") == ("ديسمبر من عام 2024", 2024, 12, None, None)
    assert one("في ديسمبر، 2024") == ("ديسمبر، 2024", 2024, 12, None, None)


def test_day_and_month_keep_no_year_even_in_a_dated_text():
    found = parts("نشر التنظيم في 2017 فيديو بتاريخ 15 فبراير")
    assert found == [("2017", 2017, None, None, None), ("15 فبراير", None, 2, 15, None)]


def test_a_following_relative_year_is_an_offset_not_a_year():
    (found,) = find_dates("انتخابات في 17 ديسمبر من العام المقبل")
    assert (found.surface, found.year, found.month, found.day, found.year_offset) == (
        "17 ديسمبر من العام المقبل", None, 12, 17, 1)


def test_weekday_with_a_date():
    assert one("الثلاثاء 17 ديسمبر 2024") == ("الثلاثاء 17 ديسمبر 2024", 2024, 12, 17, 1)
    assert one("الأحد، 29 ديسمبر 2024") == ("الأحد، 29 ديسمبر 2024", 2024, 12, 29, 6)
    assert one("يوم الخميس الموافق 5 يناير") == ("الخميس الموافق 5 يناير", None, 1, 5, 3)
    assert one("الإثنين 29/12/2025") == ("الإثنين 29/12/2025", 2025, 12, 29, 0)


@pytest.mark.parametrize(
    "text, weekday",
    [
        ("اجتمع الاثنين", 0),
        ("اجتمع الإثنين", 0),
        ("وأقيم يوم الثلاثاء عرض", 1),
        ("اجتمع الأربعاء", 2),
        ("أعلن الخميس،عن تشكيل", 3),
        ("صلاة الجمعة", 4),
        ("اجتمع السبت، بمقر", 5),
        ("والأحد", 6),
    ],
)
def test_a_weekday_alone_is_only_a_weekday(text, weekday):
    (surface, year, month, day, found) = one(text)
    assert (year, month, day, found) == (None, None, None, weekday)
    assert normalize(surface).endswith(("ين", "اء", "يس", "عه", "بت", "حد"))


def test_the_eleven_is_not_sunday():
    assert parts("الدول الأحد عشر") == []


# Digits and numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ymd",
    [
        ("29/12/2024", (2024, 12, 29)),
        ("2024-12-29", (2024, 12, 29)),
        ("2024/12/29", (2024, 12, 29)),
        ("29-12-2024", (2024, 12, 29)),
        ("29.12.2024", (2024, 12, 29)),
        ("٢٩/١٢/٢٠٢٤", (2024, 12, 29)),
        ("۲۹/۱۲/۲۰۲۴", (2024, 12, 29)),
        ("3/1/2025", (2025, 1, 3)),
        ("29/2/2024", (2024, 2, 29)),
        ("2024-12-29T10:00", (2024, 12, 29)),
    ],
)
def test_numeric_dates_are_day_month_year(text, ymd):
    (surface, *found, weekday) = one(f"نشر في {text} بيان")
    assert tuple(found) == ymd and weekday is None
    assert surface == text[: len(surface)] and len(surface) >= 8


@pytest.mark.parametrize(
    "text", ["31/2/2024", "29/2/2023", "13/13/2024", "12/29/2024", "0/5/2024", "2024-13-01"]
)
def test_impossible_numeric_dates_are_not_dates(text):
    assert parts(f"في {text}") == []


def test_arabic_indic_and_persian_digits_with_month_names():
    assert one("في ٢٩ ديسمبر ٢٠٢٤") == ("٢٩ ديسمبر ٢٠٢٤", 2024, 12, 29, None)
    assert one("في ۱۵ فبراير ۲۰۲۳") == ("۱۵ فبراير ۲۰۲۳", 2023, 2, 15, None)


@pytest.mark.parametrize(
    "text",
    [
        "اجتماع اللجنة العسكرية المشتركة (5+5) في جنيف",
        "5+5",
        "حصل على 2/3 الأصوات",
        "فاز الفريق 2-1 على منافسه",
        "فاز 3-2-1",
        "اتصل على 0912345678 أو +218-91-2345678",
        "قطع رؤوس 21 من المسيحيين الأقباط",
        "قتل 64 من عناصر الدولة الإسلامية",
        "وفق القرار 1973 الصادر عن مجلس الأمن",
        "قتل نحو 2000 مقاتل",
        "بلغ عدد السكان 2013",
        "منذ 2000 عام",
        "في 2000 من الحالات",
        "خلال 1950 يوما",
        "سعر 1,2024 دينار",
        "بين 2011-2013",
        "العدد 12.5",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert parts(text) == []


def test_a_range_of_days_gives_its_last_day():
    assert one("بين 15-16 فبراير") == ("16 فبراير", None, 2, 16, None)
    assert one("بين 15 و20 فبراير") == ("20 فبراير", None, 2, 20, None)


def test_a_number_that_cannot_be_the_day_is_left_out():
    assert one("قرابة 45 يناير 2020") == ("يناير 2020", 2020, 1, None, None)
    assert one("في 31 فبراير") == ("فبراير", None, 2, None, None)


# Years alone ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year",
    [
        ("وتشن القوات منذ 2013 حملة عسكرية", 2013),
        ("في عام 2011", 2011),
        ("العام 2024 كان", 2024),
        ("سنة 2019", 2019),
        ("في 2019 قررت", 2019),
        ("حتى 2025", 2025),
        ("خلال 2022", 2022),
        ("بعد 2011 انقسمت", 2011),
        ("لانتخابات 2021.", 2021),
        ("وفي ٢٠١٣", 2013),
    ],
)
def test_a_year_alone_after_a_word_that_introduces_it(text, year):
    (surface, *found) = one(text)
    assert found == [year, None, None, None]
    assert normalize(surface) == str(year)


def test_a_year_with_the_gregorian_mark():
    assert one("عام 2013م") == ("2013م", 2013, None, None, None)


def test_a_year_out_of_range_is_not_a_year():
    assert parts("في عام 1850") == [] and parts("في 2150") == []


# Months alone ---------------------------------------------------------------------


def test_a_distinctive_month_alone_is_a_month():
    assert one("التي عقدت في تونس في نوفمبر الماضي") == ("نوفمبر الماضي", None, 11, None, None)
    assert one("في حزيران") == ("حزيران", None, 6, None, None)
    assert one("منذ تشرين الأول") == ("تشرين الأول", None, 10, None, None)


@pytest.mark.parametrize(
    "text",
    ["مارس الضغط", "زار الأب ابنه", "باب العزيزية", "سيارة نيسان", "حميد شباط", "مع جوان"],
)
def test_a_month_name_that_is_also_a_word_needs_more(text):
    assert parts(text) == []


def test_after_shahr_any_month_name_is_a_month():
    assert one("خلال شهر مارس") == ("مارس", None, 3, None, None)
    assert one("في شهر آب") == ("آب", None, 8, None, None)


def test_a_short_month_name_is_never_read_inside_another_word():
    assert parts("باب 15 الجديد") == []
    assert one("في آب 2020") == ("آب 2020", 2020, 8, None, None)


@pytest.mark.parametrize(
    "text", ["في مدينة 6 أكتوبر", "بمدينة أكتوبر", "شارع 26 يوليو", "قوى 14 آذار"]
)
def test_a_date_that_names_a_place_or_group_is_not_a_mention(text):
    assert parts(text) == []


def test_a_revolution_date_is_still_a_date():
    assert one("ثورة 17 فبراير") == ("17 فبراير", None, 2, 17, None)


# Offsets --------------------------------------------------------------------------


def test_offsets_point_into_the_original_text_with_tatweel_and_diacritics():
    text = "أُعلنَ يومَ الخمــيسِ في ٢٩ دِيسَمْبَرَ/كانـون الأوّل ٢٠٢٤ أنّ"
    found = find_dates(text)
    assert [m.surface for m in found] == ["الخمــيسِ", "٢٩ دِيسَمْبَرَ/كانـون الأوّل ٢٠٢٤"]
    assert found[1].start == text.index("٢٩") and found[1].end == text.index(" أنّ")
    assert (found[1].year, found[1].month, found[1].day) == (2024, 12, 29)


def test_invisible_marks_before_a_date_are_not_part_of_it():
    text = "في \u200f29 ديسمبر 2024\u200f."
    (m,) = find_dates(text)
    assert m.surface == "29 ديسمبر 2024" and m.start == 4


def test_mentions_are_in_order_and_do_not_overlap():
    text = "الخميس 1 يناير 2015، ثم في 2016 و3/4/2017 وفي مايو 2018 والسبت"
    found = find_dates(text)
    surfaces = ["الخميس 1 يناير 2015", "2016", "3/4/2017", "مايو 2018", "السبت"]
    assert [m.surface for m in found] == surfaces
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_long_runs_of_space_take_linear_time():
    spaces = " " * 20_000
    start = time.perf_counter()
    texts = [f"ديسمبر{spaces}x", f"15 ديسمبر{spaces}/x", f"الخميس{spaces}،{spaces}x", f"في{spaces}2013"]
    for text in texts:
        find_dates(text)
    assert time.perf_counter() - start < 1.0


def test_a_date_does_not_run_across_lines():
    assert parts("في ديسمبر\n2024 شخص") == [("ديسمبر", None, 12, None, None)]


FRAGMENTS = [
    " ", "،", "/", "-", ".", "(", ")", "\n", "ـ", "\u064e", "\u200f", "في", "منذ", "عام", "و", "ال",
    "29", "١٢", "2024", "٢٠٢٤", "5+5", "ديسمبر", "كانون الأول", "آب", "مارس", "شهر", "الخميس",
    "من", "قتيل", "مدينة", "كلمة",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_any_text_gives_ordered_mentions_with_true_offsets(text):
    found = find_dates(text)
    for m in found:
        assert text[m.start : m.end] == m.surface and m.surface.strip() == m.surface and m.surface
        assert m.month is None or 1 <= m.month <= 12
        if m.year is not None and m.month is not None and m.day is not None:
            dt.date(m.year, m.month, m.day)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


# Publication date -----------------------------------------------------------------


def mention(year, month, day, weekday=None):
    return DateMention(0, 1, "x", year, month, day, weekday)


def test_publication_date_is_the_latest_full_date():
    mentions = [
        mention(2024, 12, 29),
        mention(2025, 1, 3),
        mention(2026, None, None),
        mention(None, 5, 9),
    ]
    assert infer_publication_date(mentions) == dt.date(2025, 1, 3)
    assert infer_publication_date(iter(mentions)) == dt.date(2025, 1, 3)


def test_no_publication_date_from_partial_dates():
    partial = [
        mention(2017, 5, None),
        mention(None, 2, 15),
        mention(2013, None, None),
        mention(None, None, None, 3),
    ]
    assert infer_publication_date(partial) is None
    assert infer_publication_date([]) is None


# The seed articles ----------------------------------------------------------------


def seed(number):
    paths = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    if not paths:
        pytest.skip("seed articles not present")
    return paths[0].read_text(encoding="utf-8")


def test_seed_000_has_no_date():
    assert parts(seed(0)) == []


def test_seed_001():
    assert parts(seed(1)) == [
        ("السبت", None, None, None, 5),
        ("الخميس", None, None, None, 3),
        ("2021", 2021, None, None, None),
        ("نوفمبر الماضي", None, 11, None, None),
        ("17 ديسمبر من العام المقبل", None, 12, 17, None),
        ("الثلاثاء", None, None, None, 1),
    ]
    assert infer_publication_date(find_dates(seed(1))) is None


def test_seed_002():
    assert parts(seed(2)) == [
        ("29 ديسمبر/كانون الأول 2024", 2024, 12, 29, None),
        ("أكتوبر/تشرين الأول 2021", 2021, 10, None, None),
        ("أبريل/نيسان 2022", 2022, 4, None, None),
    ]
    assert infer_publication_date(find_dates(seed(2))) == dt.date(2024, 12, 29)


def test_seed_003():
    assert parts(seed(3)) == [
        ("الخميس", None, None, None, 3),
        ("الثلاثاء", None, None, None, 1),
        ("2013", 2013, None, None, None),
        ("15 فبراير/شباط", None, 2, 15, None),
    ]
    assert infer_publication_date(find_dates(seed(3))) is None


def test_seed_004():
    assert parts(seed(4)) == [("السبت", None, None, None, 5)]


# Words that place a date from the article's date ----------------------------------------


def relative(text):
    """(surface, month, day, weekday, relation, year_offset, days_ago) of the one mention in ``text``."""
    (m,) = find_dates(text)
    assert text[m.start : m.end] == m.surface
    return (m.surface, m.month, m.day, m.weekday, m.relation, m.year_offset, m.days_ago)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("في نوفمبر الماضي، إلى", ("نوفمبر الماضي", 11, None, None, "past", None, None)),
        ("منذ أغسطس المنصرم", ("أغسطس المنصرم", 8, None, None, "past", None, None)),
        ("في نوفمبر أو ديسمبر المقبلين", None),  # two mentions: checked below
        ("حتى نهاية شهر أغسطس الجاري", ("أغسطس الجاري", 8, None, None, "this", None, None)),
        ("يوم 15 فبراير الحالي", ("15 فبراير الحالي", 2, 15, None, "this", None, None)),
        ("الجمعة المقبلة", ("الجمعة المقبلة", None, None, 4, "next", None, None)),
        ("السبت الماضي", ("السبت الماضي", None, None, 5, "past", None, None)),
        ("الأحد القادم", ("الأحد القادم", None, None, 6, "next", None, None)),
        ("في 17 ديسمبر من العام المقبل", ("17 ديسمبر من العام المقبل", 12, 17, None, "", 1, None)),
        ("في مارس من العام الماضي", ("مارس من العام الماضي", 3, None, None, "", -1, None)),
        ("في ديسمبر، العام الماضي، جدلا", ("ديسمبر، العام الماضي", 12, None, None, "", -1, None)),
        ("في مايو من هذا العام", ("مايو من هذا العام", 5, None, None, "", 0, None)),
        ("في 3 يونيو من العام الجاري", ("3 يونيو من العام الجاري", 6, 3, None, "", 0, None)),
        ("في ديسمبر/كانون الأول من العام نفسه", ("ديسمبر/كانون الأول من العام نفسه", 12, None, None, "other", None, None)),
        ("في مارس من ذلك العام", ("مارس من ذلك العام", 3, None, None, "other", None, None)),
        ("أعلن أمس الأحد", ("أمس الأحد", None, None, None, "", None, 1)),
        ("وأمس، قال", ("أمس", None, None, None, "", None, 1)),
        ("أمس الأول", ("أمس الأول", None, None, None, "", None, 2)),
        ("أول أمس", ("أول أمس", None, None, None, "", None, 2)),
    ],
)
def test_words_that_place_a_date_are_part_of_it(text, expected):
    if expected is None:
        assert [(m.surface, m.relation) for m in find_dates(text)] == [("نوفمبر", ""), ("ديسمبر المقبلين", "next")]
    else:
        assert relative(text) == expected


@pytest.mark.parametrize("text", ["في أمس الحاجة إلى", "لامس الواقع", "بأمس", "بالأمس القريب", "الخامس من"])
def test_look_alikes_of_yesterday_are_not_dates(text):
    assert find_dates(text) == []


def test_a_year_after_li_am_is_the_year():
    assert one("في شهر ديسمبر لعام 2015") == ("ديسمبر لعام 2015", 2015, 12, None, None)
    assert one("مارس للعام 2015") == ("مارس للعام 2015", 2015, 3, None, None)


# Placing mentions in time from the article's date --------------------------------------

SATURDAY = dt.date(2020, 12, 19)  # the Haftar article's date: a Saturday


def placed(text, on):
    return [place(m, on) for m in find_dates(text)]


@pytest.mark.parametrize(
    "text, on, expected",
    [
        # A weekday: the latest on or before the article's date; the article's own day included.
        ("التقى السبت", SATURDAY, (2020, 12, 19)),
        ("أعلنت الخميس", SATURDAY, (2020, 12, 17)),
        ("وافق الثلاثاء", SATURDAY, (2020, 12, 15)),
        ("اجتمع الأحد", SATURDAY, (2020, 12, 13)),
        ("السبت الماضي", SATURDAY, (2020, 12, 12)),
        ("الخميس الماضي", SATURDAY, (2020, 12, 17)),
        ("السبت المقبل", SATURDAY, (2020, 12, 26)),
        ("الاثنين القادم", SATURDAY, (2020, 12, 21)),
        ("الجمعة", dt.date(2021, 1, 2), (2021, 1, 1)),  # across a year
        # Yesterday.
        ("أمس", SATURDAY, (2020, 12, 18)),
        ("أمس الأول", dt.date(2021, 1, 1), (2020, 12, 30)),
        # A month without its year.
        ("نوفمبر الماضي", SATURDAY, (2020, 11, None)),
        ("ديسمبر الماضي", SATURDAY, (2019, 12, None)),  # the article's own month: the year before
        ("ديسمبر الماضي", dt.date(2021, 1, 5), (2020, 12, None)),
        ("ديسمبر المقبل", SATURDAY, (2021, 12, None)),
        ("يناير المقبل", SATURDAY, (2021, 1, None)),
        ("أغسطس الجاري", dt.date(2018, 8, 10), (2018, 8, None)),
        ("مارس من العام الماضي", SATURDAY, (2019, 3, None)),
        ("في ديسمبر", SATURDAY, (2020, 12, None)),  # the article's month
        ("في أكتوبر", SATURDAY, (2020, 10, None)),
        ("في فبراير", SATURDAY, (2021, 2, None)),  # two months ahead: coming
        ("في شهر مارس", SATURDAY, (2021, 3, None)),  # three months ahead: coming
        ("في أبريل", SATURDAY, (2020, 4, None)),  # four: past
        ("في سبتمبر", dt.date(2018, 6, 7), (2018, 9, None)),
        ("في نوفمبر", dt.date(2018, 5, 30), (2017, 11, None)),
        # A day and month without the year.
        ("17 ديسمبر من العام المقبل", SATURDAY, (2021, 12, 17)),
        ("في 17 ديسمبر", SATURDAY, (2020, 12, 17)),
        ("في 19 ديسمبر", SATURDAY, (2020, 12, 19)),
        ("في 19 ديسمبر الماضي", SATURDAY, (2019, 12, 19)),
        ("في 25 ديسمبر", SATURDAY, (2020, 12, 25)),  # a week ahead: coming
        ("في 20 مارس", SATURDAY, (2021, 3, 20)),  # 91 days ahead: coming
        ("في 21 مارس", SATURDAY, (2021, 3, 21)),  # 92 days ahead: coming
        ("في 22 مارس", SATURDAY, (2020, 3, 22)),  # 93: past
        ("قمة في 27 أبريل", dt.date(2018, 3, 29), (2018, 4, 27)),
        ("هجمات يوم 25 أغسطس", dt.date(2018, 2, 23), (2017, 8, 25)),
        ("في 15 فبراير الجاري", dt.date(2018, 2, 20), (2018, 2, 15)),
        ("في 5 يناير المقبل", SATURDAY, (2021, 1, 5)),
        # A weekday written with the day chooses the year.
        ("الخميس 5 يناير", dt.date(2022, 12, 1), (2023, 1, 5)),
        ("الخميس 5 يناير", dt.date(2023, 6, 1), (2023, 1, 5)),
        ("الأحد 5 يناير", dt.date(2020, 6, 1), (2020, 1, 5)),
        # 29 February: only in a leap year.
        ("في 29 فبراير", dt.date(2020, 3, 10), (2020, 2, 29)),
        ("في 29 فبراير", dt.date(2021, 3, 10), (2020, 2, 29)),
        ("في 29 فبراير الماضي", dt.date(2019, 3, 10), None),
        # Written in full: as written, to its precision.
        ("في 3 مارس 2019", SATURDAY, (2019, 3, 3)),
        ("في مايو 2017", SATURDAY, (2017, 5, None)),
        ("منذ 2013", SATURDAY, (2013, None, None)),
        ("الاثنين 29/12/2025", SATURDAY, (2025, 12, 29)),
        # The year of another date: dropped.
        ("في ديسمبر من العام نفسه", SATURDAY, None),
    ],
)
def test_a_mention_is_placed_from_the_article_date(text, on, expected):
    assert placed(text, on) == [expected]


def test_without_an_article_date_only_written_years_are_placed():
    text = "السبت، أمس، نوفمبر الماضي، 17 ديسمبر، في مايو 2017، وفي 3 مارس 2019، منذ 2013"
    assert [p for p in placed(text, None) if p] == [(2017, 5, None), (2019, 3, 3), (2013, None, None)]
    assert placed(text, None).count(None) == 4


def test_the_placing_examples_hold():
    assert doctest.testmod(builder.extract.mentioned_dates).failed == 0


def article(date, *paragraphs):
    blocks = tuple(Block(f"p-{i}", text, i) for i, text in enumerate(paragraphs, 1))
    return Article("a", Path("a.md"), "عنوان", date, "", "", (), (), (), "", "", blocks, 10)


def test_dates_seen_are_placed_once_each_in_date_order_where_first_written():
    seen = dates_seen(article(SATURDAY, "التقى السبت في بنغازي", "أعلنت الخميس عن انتخابات 2021",
                              "في نوفمبر الماضي، اتفقوا على 17 ديسمبر من العام المقبل", "وافق الثلاثاء، ثم السبت",
                              "في 19 ديسمبر 2020 أيضا"))
    assert [(d.iso, d.block, d.surface, d.completed) for d in seen] == [
        ("2020-11", "p-3", "نوفمبر الماضي", True),
        ("2020-12-15", "p-4", "الثلاثاء", True),
        ("2020-12-17", "p-2", "الخميس", True),
        ("2020-12-19", "p-1", "السبت", True),
        ("2021", "p-2", "2021", False),
        ("2021-12-17", "p-3", "17 ديسمبر من العام المقبل", True),
    ]


def test_seed_001_placed_on_its_date():
    assert [(d.iso, d.surface) for d in dates_seen(article(SATURDAY, *seed(1).splitlines()))] == [
        ("2020-11", "نوفمبر الماضي"),
        ("2020-12-15", "الثلاثاء"),
        ("2020-12-17", "الخميس"),
        ("2020-12-19", "السبت"),
        ("2021", "2021"),
        ("2021-12-17", "17 ديسمبر من العام المقبل"),
    ]


def test_an_undated_article_shows_written_dates_and_infers_the_latest_full_one():
    undated = article(None, "التقى السبت", "في مايو 2017 ثم في 3 مارس 2019 و15 فبراير", "منذ 2013")
    seen = dates_seen(undated)
    assert [(d.iso, d.completed) for d in seen] == [("2013", False), ("2017-05", False), ("2019-03-03", False)]
    inferred = with_inferred_date(undated, seen)
    assert (inferred.date, inferred.date_inferred) == (dt.date(2019, 3, 3), True)
    dated = article(SATURDAY, "في 3 مارس 2019")
    assert with_inferred_date(dated, dates_seen(dated)) is dated
    assert with_inferred_date(article(None, "السبت"), ()).date is None


def test_a_placed_date_never_becomes_the_inferred_publication_date():
    """Only dates written in full count: a weekday placed from some date is not a publication date."""
    seen = (DateSeen("p-1", "السبت", 2020, 12, 19, True),)
    assert with_inferred_date(article(None, "x"), seen).date is None
