from pathlib import Path

import pytest

from builder.site.content import new_markdown, render_body
from builder.errors import SiteError
from builder.extract.matching import compile_matcher, extract_article, find_mentions
from builder.site.records import Article, Entity


def entity(slug, *terms, etype="actor", kind="person", adjectives=()):
    return Entity(
        slug=slug, type=etype, kind=kind, path=Path(f"content/{slug}.yaml"), name=terms[0], name_en="",
        description="", terms=tuple(terms), adjectives=tuple(adjectives), wikidata="",
    )


KB = (
    entity("khalifa-haftar", "خليفة حفتر", "المشير حفتر", "حفتر"),
    entity("saddam-haftar", "صدام حفتر"),
    entity("sisi", "عبد الفتاح السيسي", "السيسي"),
    entity("egypt", "مصر", kind="country", adjectives=("المصري", "المصرية")),
    entity("oil-crescent", "الهلال النفطي", etype="place", kind="region"),
    entity("cairo", "القاهرة", etype="place", kind="city"),
    entity("terrorism", "الإرهاب", "الإرهابية", etype="topic", kind="topic"),
)


@pytest.fixture(scope="module")
def matcher():
    return compile_matcher(KB)


def found(matcher, text):
    return [(m.entity, m.surface) for m in find_mentions(matcher, "p-1", text)]


def test_longest_match_wins(matcher):
    assert found(matcher, "التقى صدام حفتر وفدا") == [("saddam-haftar", "صدام حفتر")]
    assert found(matcher, "قال خليفة حفتر") == [("khalifa-haftar", "خليفة حفتر")]
    assert found(matcher, "قال حفتر") == [("khalifa-haftar", "حفتر")]


@pytest.mark.parametrize(
    "text, surface",
    [
        ("وحفتر", "وحفتر"),
        ("لحفتر", "لحفتر"),
        ("بالقاهرة", "بالقاهرة"),
        ("وبالقاهرة", "وبالقاهرة"),
        ("القاهره", "القاهره"),  # ه for ة
        ("قاهرة", "قاهرة"),  # without the article
        ("حفـــتر", "حفـــتر"),  # tatweel
        ("حَفْتَر", "حَفْتَر"),  # diacritics
        ("والإرهاب", "والإرهاب"),
        ("والارهاب", "والارهاب"),  # hamza dropped
        ("عبدالفتاح السيسي", "عبدالفتاح السيسي"),  # compound written joined
        ("للهلال النفطي", "للهلال النفطي"),
    ],
)
def test_arabic_variants_match(matcher, text, surface):
    assert [m[1] for m in found(matcher, text)] == [surface]


def test_a_phrase_does_not_match_across_punctuation(matcher):
    assert found(matcher, "صدام، حفتر") == [("khalifa-haftar", "حفتر")]


def test_no_match_inside_a_longer_word(matcher):
    assert found(matcher, "الحفترية مصرف") == []


def test_adjectives_count_where_listed(matcher):
    assert found(matcher, "الجانب المصري") == [("egypt", "المصري")]


def test_evidence_is_the_sentence_as_written(matcher):
    text = "جملة أولى. ثم قال حفـتر إن الوضع صعب. جملة ثالثة."
    (mention,) = find_mentions(matcher, "p-4", text)
    assert mention.sentence == "ثم قال حفـتر إن الوضع صعب."
    assert mention.block == "p-4"
    assert text[mention.start : mention.end] == "حفـتر"


def test_a_run_on_sentence_is_cut_around_the_mention(matcher):
    text = " ".join(["كلمة"] * 60) + " حفتر " + " ".join(["نص"] * 60)
    (mention,) = find_mentions(matcher, "p-1", text)
    assert mention.sentence.startswith("…") and mention.sentence.endswith("…")
    assert "حفتر" in mention.sentence and len(mention.sentence.split()) < 45


def article(body, pins=(), vetoes=()):
    html, blocks, words = render_body(new_markdown(), body, 5)
    return Article(
        slug="a", path=Path("a.md"), title="t", date=__import__("datetime").date(2024, 1, 1), source="s",
        source_url="", set_by_hand=(), pins=tuple(pins), vetoes=tuple(vetoes), original="", body_html=html,
        blocks=blocks, word_count=words,
    )


def test_pins_add_and_vetoes_remove(matcher):
    tags = extract_article(matcher, article("قال حفتر في القاهرة.", pins=["terrorism"], vetoes=["cairo"]))
    by_slug = {t.entity: t for t in tags}
    assert set(by_slug) == {"khalifa-haftar", "terrorism"}
    assert by_slug["terrorism"].pinned and not by_slug["terrorism"].mentions
    assert not by_slug["khalifa-haftar"].pinned


def test_mentions_point_at_their_paragraph(matcher):
    tags = extract_article(matcher, article("فقرة أولى.\n\nفقرة عن حفتر.\n\n## عنوان عن مصر\n"))
    blocks = {t.entity: [m.block for m in t.mentions] for t in tags}
    assert blocks == {"khalifa-haftar": ["p-2"], "egypt": ["p-3"]}


def test_a_new_alias_retags():
    before = compile_matcher(KB)
    assert found(before, "أبو صدام") == []
    after = compile_matcher(KB + (entity("abu-saddam", "أبو صدام"),))
    assert found(after, "وأبو صدام") == [("abu-saddam", "وأبو صدام")]


def test_an_alias_claimed_twice_is_an_error():
    with pytest.raises(SiteError) as info:
        compile_matcher(KB + (entity("other", "الحفتري", "حفتر"),))
    assert "also claimed by" in info.value.render()


# Article-level rules ------------------------------------------------------------

import datetime as dt  # noqa: E402

from builder.site.records import Role  # noqa: E402


def person(slug, *terms, **extra):
    base = entity(slug, *terms)
    from dataclasses import replace

    return replace(base, **extra)


FAMILY_KB = (
    person("khalifa-haftar", "خليفة حفتر", family="حفتر", family_default=True,
           roles=(Role("القائد العام للجيش الليبي", dt.date(2015, 3, 2), None),)),
    person("saddam-haftar", "صدام حفتر", family="حفتر"),
    person("ghassan-salame", "غسان سلامة", needs_context=("سلامة",)),
    person("abbas-kamel", "عباس كامل", needs_context=("كامل",),
           roles=(Role("رئيس المخابرات العامة المصرية", dt.date(2018, 6, 28), dt.date(2024, 10, 16)),)),
    person("hassan-rashad", "حسن رشاد", roles=(Role("رئيس المخابرات العامة المصرية", dt.date(2024, 10, 16), None),)),
    entity("gis", "المخابرات العامة المصرية", kind="organisation"),
)


def tags_of(text, date=dt.date(2024, 1, 1), kb=FAMILY_KB):
    matcher = compile_matcher(kb)
    art = article(text)
    from dataclasses import replace

    return {t.entity: [(m.how, m.surface) for m in t.mentions] for t in extract_article(matcher, replace(art, date=date))}


def test_a_bare_family_name_counts_for_the_default_member():
    assert tags_of("قال حفتر إن الوضع صعب.") == {"khalifa-haftar": [("family", "حفتر")]}
    assert tags_of("وأكد المشير حفتر ذلك.") == {"khalifa-haftar": [("family", "حفتر")]}


def test_a_bare_family_name_counts_for_nobody_when_another_member_is_named():
    assert tags_of("التقى صدام حفتر وفدا. وقال حفتر إن الوضع صعب.") == {"saddam-haftar": [("alias", "صدام حفتر")]}


def test_the_family_name_and_the_full_name_together():
    assert tags_of("قال خليفة حفتر كذا. ثم أضاف حفتر كذا.") == {
        "khalifa-haftar": [("alias", "خليفة حفتر"), ("family", "حفتر")]
    }


def test_an_ordinary_word_alias_needs_a_title_or_the_full_name_first():
    assert tags_of("هذه مسألة سلامة عامة.") == {}
    assert tags_of("وصل السيد سلامة إلى طرابلس.") == {"ghassan-salame": [("context", "سلامة")]}
    assert tags_of("قال غسان سلامة كذا. ثم أكد سلامة ذلك.") == {
        "ghassan-salame": [("alias", "غسان سلامة"), ("context", "سلامة")]
    }
    assert tags_of("الدعم الكامل للجهود.") == {}


def test_two_word_titles_count_as_context():
    assert tags_of("وقال مدير المخابرات كامل إن…") == {"abbas-kamel": [("context", "كامل")]}


def test_a_role_counts_for_whoever_held_it_on_the_article_date():
    text = "استقبل رئيس المخابرات العامة المصرية الوفد."
    assert tags_of(text, date=dt.date(2020, 12, 19)) == {
        "abbas-kamel": [("role", "رئيس المخابرات العامة المصرية")],
        "gis": [("alias", "المخابرات العامة المصرية")],
    }
    assert tags_of(text, date=dt.date(2025, 1, 11))["hassan-rashad"] == [("role", "رئيس المخابرات العامة المصرية")]
    assert "abbas-kamel" not in tags_of(text, date=dt.date(2017, 1, 1))


def test_a_role_needs_a_dated_article():
    from dataclasses import replace

    matcher = compile_matcher(FAMILY_KB)
    undated = replace(article("استقبل رئيس المخابرات العامة المصرية الوفد."), date=None)
    assert {t.entity for t in extract_article(matcher, undated)} == {"gis"}


def test_the_title_is_matched_and_anchored():
    from dataclasses import replace

    matcher = compile_matcher(KB)
    art = replace(article("نص بلا أسماء."), title="حفتر في القاهرة")
    tags = {t.entity: t.mentions[0].block for t in extract_article(matcher, art)}
    assert tags == {"khalifa-haftar": "title", "cairo": "title"}


def test_a_family_name_cannot_also_be_an_alias():
    with pytest.raises(SiteError) as info:
        compile_matcher(FAMILY_KB + (entity("other", "حفتر"),))
    assert "is the family name of" in info.value.render()


def test_an_alias_with_punctuation_inside_is_reported():
    with pytest.raises(SiteError) as info:
        compile_matcher((entity("jmc", "اللجنة العسكرية", "اللجنة (5+5)"),))
    assert "can never match" in info.value.render()


def test_joined_and_split_compounds_both_match():
    matcher = compile_matcher((entity("sisi", "عبدالفتاح السيسي"),))
    assert found(matcher, "قال عبد الفتاح السيسي") == [("sisi", "عبد الفتاح السيسي")]
    assert found(matcher, "قال عبدالفتاح السيسي") == [("sisi", "عبدالفتاح السيسي")]


def test_a_not_alias_blocks_only_its_own_entry():
    kb = (
        person("cairo", "القاهرة", not_aliases=("القوة القاهرة",)),
        entity("force", "القوة", etype="topic", kind="topic"),
    )
    matcher = compile_matcher(kb)
    assert found(matcher, "أعلنت المؤسسة القوة القاهرة في الحقل") == [("force", "القوة")]
    assert found(matcher, "وصل إلى القاهرة") == [("cairo", "القاهرة")]


# One reference, one mention (issue 24, item 3) -------------------------------------

APPOSITION_KB = FAMILY_KB + (
    person("hemedti", "محمد حمدان دقلو", "حميدتي"),
    entity("sisi", "عبد الفتاح السيسي", "السيسي"),
)


def test_a_name_and_its_role_side_by_side_are_one_mention():
    text = "التقى حفتر في بنغازي اللواء عباس كامل رئيس المخابرات العامة المصرية، حسب مصادر."
    tags = tags_of(text, date=dt.date(2020, 12, 19), kb=APPOSITION_KB)
    assert tags["abbas-kamel"] == [("alias", "عباس كامل")]
    assert tags["gis"] == [("alias", "المخابرات العامة المصرية")]  # the organisation the role names still counts
    # the role first, then a title and the name, with a comma between
    tags = tags_of("وصل رئيس المخابرات العامة المصرية، اللواء عباس كامل، إلى بنغازي.", date=dt.date(2020, 12, 19),
                   kb=APPOSITION_KB)
    assert tags["abbas-kamel"] == [("alias", "عباس كامل")]


def test_a_name_and_its_nickname_in_brackets_are_one_mention():
    assert tags_of("قال محمد حمدان دقلو (حميدتي) إن قواته انسحبت.", kb=APPOSITION_KB) == {
        "hemedti": [("alias", "محمد حمدان دقلو")]
    }


def test_two_references_still_count_twice():
    # the same entry named again later in the sentence, or joined by a conjunction, is another reference
    assert tags_of("قال حميدتي إن قواته انسحبت، وأكد حميدتي ذلك.", kb=APPOSITION_KB) == {
        "hemedti": [("alias", "حميدتي"), ("alias", "حميدتي")]
    }
    assert tags_of("هاجم السيسي والسيسي نفسه.", kb=APPOSITION_KB)["sisi"] == [("alias", "السيسي"), ("alias", "والسيسي")]
    # the role in another paragraph is another reference
    tags = tags_of("التقى اللواء عباس كامل الوفد.\n\nوقال رئيس المخابرات العامة المصرية إن…", date=dt.date(2020, 12, 19),
                   kb=APPOSITION_KB)
    assert tags["abbas-kamel"] == [("alias", "عباس كامل"), ("role", "رئيس المخابرات العامة المصرية")]


def test_a_nisba_that_is_a_given_name_is_not_the_country():
    kb = (entity("turkey", "تركيا", kind="country", adjectives=("التركي", "التركية")),)
    matcher = compile_matcher(kb)
    for text in ("بحضور تركي آل الشيخ رئيس الهيئة.", "قال العقيد تركي المالكي إن…", "استقبل الأمير فيصل بن تركي الوفد.",
                 "والفريق تركي بن بندر حاضر.", "بحضور #تركي_آل_الشيخ أمس."):
        assert found(matcher, text) == [], text
    assert found(matcher, "قال مسؤول تركي إن الوفد وصل.") == [("turkey", "تركي")]
    assert found(matcher, "وقال الرئيس التركي إن…") == [("turkey", "التركي")]


# A family name after another given name; terms that need context (issue 28) ---------------------


@pytest.mark.parametrize("text", [
    "قال صدام حفتر إن الوضع صعب.",  # a member with an entry: his alias
    "التقى خالد حفتر وفدا عسكريا.",  # no entry: another person, never the default member
    "وصل الصديق حفتر إلى القاهرة.",
    "وقال عبد الرحمن حفتر كذا.",
    "وقال عبدالله حفتر كذا.",
    "زار ونجله بلقاسم حفتر المدينة.",
])
def test_a_family_name_after_another_given_name_is_never_the_default_member(text):
    assert "khalifa-haftar" not in tags_of(text)


@pytest.mark.parametrize("text", ["قال حفتر إن الوضع صعب.", "وأكد المشير حفتر ذلك.", "هاجمت قوات حفتر المدينة.",
                                  "قال القائد العام حفتر كذا.", "وصرح اللواء أحمد المسماري المتحدث باسم حفتر."])
def test_a_bare_family_name_still_falls_back_to_the_default_member(text):
    assert tags_of(text)["khalifa-haftar"][-1] == ("family", "حفتر")


def test_a_members_own_given_name_before_the_family_name_is_that_member():
    kb = (*FAMILY_KB[1:], person("khalifa-haftar", "خليفة بلقاسم حفتر", family="حفتر", family_default=True))
    assert tags_of("قال خليفة حفتر كذا.", kb=kb) == {"khalifa-haftar": [("family", "حفتر")]}


def context_kb():
    from dataclasses import replace

    return (
        entity("libya", "ليبيا", kind="country"),
        replace(entity("mali", "جمهورية مالي", kind="country"), needs_context=("مالي",)),
        replace(entity("elections", "الانتخابات الليبية", etype="topic", kind="topic"),
                needs_context=("الانتخابات", "الانتخابية"), context=("libya",)),
        replace(entity("pavel", "بيتر بافل"), needs_context=("بافل",)),
    )


def test_a_topic_keyword_with_a_companion_counts_only_beside_it():
    kb = context_kb()
    assert tags_of("جرت الانتخابات في تركيا.", kb=kb) == {}
    assert tags_of("جرت الانتخابات في ليبيا.", kb=kb) == {
        "elections": [("context", "الانتخابات")], "libya": [("alias", "ليبيا")]}
    # clitics before a form written with ال: «للانتخابات», «والانتخابية»
    assert tags_of("دعا للانتخابات في ليبيا والعملية الانتخابية.", kb=kb)["elections"] == [
        ("context", "للانتخابات"), ("context", "الانتخابية")]
    # Libya in another paragraph is no companion; the topic named elsewhere in the article is context
    assert "elections" not in tags_of("زار وفد ليبيا.\n\nثم جرت الانتخابات في تركيا.", kb=kb)
    assert tags_of("بدأت الانتخابات الليبية.\n\nثم جرت الانتخابات في موعدها.", kb=kb)["elections"] == [
        ("keyword", "الانتخابات الليبية"), ("context", "الانتخابات")]


def test_an_ordinary_word_counts_where_the_entry_is_named_anywhere_in_the_article():
    kb = context_kb()
    assert tags_of("ارتفع العجز المالي. وقال خبير مالي كذا.", kb=kb) == {}
    assert tags_of("وقال الرئيس مالي كذا.", kb=kb) == {}  # a title makes a person's name count, no other
    assert tags_of("وصل وفد إلى مالي.\n\nوقالت جمهورية مالي في بيان كذا.", kb=kb)["mali"] == [
        ("context", "مالي"), ("alias", "جمهورية مالي")]  # named after the ambiguous word: still context
    assert tags_of("قال بافل دوروف مؤسس تلغرام كذا.", kb=kb) == {}
    assert tags_of("قال الرئيس التشيكي بافل كذا.", kb=kb) == {"pavel": [("context", "بافل")]}


def test_a_needs_context_term_that_is_also_a_plain_term_of_its_entry_is_an_error():
    from dataclasses import replace

    with pytest.raises(SiteError) as info:
        compile_matcher((replace(entity("mali", "جمهورية مالي", "مالي", kind="country"), needs_context=("المالي",)),))
    assert "'المالي' is under needs_context, but an alias or adjective of this entry matches it anyway" in info.value.render()


def test_a_context_entry_must_exist():
    from dataclasses import replace

    with pytest.raises(SiteError) as info:
        compile_matcher((*context_kb()[:2], replace(context_kb()[2], context=("lybia",))))
    assert "context names 'lybia', which is not in the knowledge base" in info.value.render()
    assert "did you mean 'libya' «ليبيا»?" in info.value.render()
