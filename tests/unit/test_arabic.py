import pytest

from builder.extract.arabic import core_forms, is_slug, normalize, slugify, tokenize, words


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("الإرهاب", "الارهاب"),
        ("أحمد", "احمد"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("حفـــتر", "حفتر"),  # tatweel
        ("الرئيسُ عبدُالفتاحِ", "الرييس عبدالفتاح"),  # diacritics, ئ → ي
        ("مصطفى", "مصطفي"),
        ("العامة", "العامه"),
        ("مسؤول", "مسوول"),
        ("٢٠٢٤/١٢/٢٩", "2024/12/29"),
        ("۱۵", "15"),
        ("NATO", "nato"),
    ],
)
def test_normalize_folds_what_readers_do_not_mean(raw, folded):
    assert normalize(raw) == folded


def test_tokens_keep_offsets_into_the_original_text():
    text = "قال حفـتر، ثم السيسيُّ"
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == ["قال", "حفتر", "ثم", "السيسي"]
    assert [text[t.start : t.end] for t in tokens] == ["قال", "حفـتر", "ثم", "السيسيُّ"]


@pytest.mark.parametrize(
    "text",
    [
        "", "  ", "وصل صدام حفتر إلى القاهرة اليوم في زيارة رسمية.",  # the fast path
        "عَبْدُ الفتّاح السيسي", "ـــالقاهرة", "\u200fمرحبا\u200e بكم", "e\u0301cole",  # marks, tatweel: the slow one
        "الـرئيس، قال: «نعم»… A.B-c 12٫5 ٣٤ و2024", "أإآٱ ى ة Ünïcödé",
    ],
)
def test_words_are_the_tokens_words(text):
    assert words(text) == [token.norm for token in tokenize(text)]


def test_arabic_punctuation_breaks_a_phrase():
    tokens = tokenize("حفتر،السيسي حفتر السيسي")
    assert [t.joined for t in tokens] == [False, False, True, True]


@pytest.mark.parametrize(
    "word, expected",
    [
        ("وحفتر", "حفتر"),
        ("بالقاهره", "قاهره"),
        ("وبالقاهره", "قاهره"),
        ("للجيش", "جيش"),
        ("لليبيا", "ليبيا"),
        ("كالسيسي", "سيسي"),
        ("فالانتخابات", "انتخابات"),
    ],
)
def test_core_forms_take_off_clitics(word, expected):
    assert expected in core_forms(word)


def test_core_forms_keep_the_word_itself_first():
    assert core_forms("بنغازي")[0] == "بنغازي"


def test_core_forms_never_strip_to_a_single_letter():
    assert all(len(f) >= 2 for f in core_forms("بل"))


def test_slugs_are_ascii_and_stable():
    assert slugify("حفتر يلتقي مدير المخابرات") == "hftr-yltqy-mdyr-almkhabrat"
    assert slugify("Khalifa Haftar (2024)") == "khalifa-haftar-2024"
    assert slugify("…،؛") == ""
    for slug in ("khalifa-haftar", "a1", "x-2"):
        assert is_slug(slug)
    for bad in ("../etc", "Khalifa", "a_b", "a--b", "-a", "حفتر", "a/b", ""):
        assert not is_slug(bad)


def test_slugs_stay_lower_case_after_compatibility_decomposition():
    # Found by the ingest property test: "™" is its own lower case, and NFKD makes it "TM".
    assert slugify("™ Ⅻ ﬁ") == "tm-xii-fi"
    assert is_slug(slugify("\x99\xc0™"))
