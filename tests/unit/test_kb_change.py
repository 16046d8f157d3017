"""What a change to the knowledge base can touch: the words a text must hold to be tagged differently."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from builder.extract.arabic import tokenize
from builder.extract.matching import change_words, compile_matcher, extract_article
from builder.pipeline.process import ReadingHashes, reading_hashes, touched, word_hashes
from builder.site.records import Article, Block, Entity, Role


def entity(slug: str, *terms: str, **fields) -> Entity:
    kind = fields.pop("kind", "person")
    etype = fields.pop("type", "actor")
    return Entity(slug=slug, type=etype, kind=kind, path=Path(f"{slug}.yaml"), name=terms[0], name_en="",
                  description="", terms=terms, adjectives=(), wikidata="", **fields)


HAFTAR = entity("haftar", "خليفة حفتر", "المشير حفتر")
CHIEF = entity("rashad", "حسن رشاد", roles=(Role("رئيس المخابرات العامة", dt.date(2024, 10, 16), None),))
CAIRO = entity("cairo", "القاهرة", type="place", kind="city")
BASE = (HAFTAR, CHIEF, CAIRO)


def words(before, after):
    return change_words(compile_matcher(before), compile_matcher(after))


def test_nothing_a_matcher_reads_changed():
    assert words(BASE, BASE) == frozenset()
    shown_only = (replace(HAFTAR, description="قائد عسكري", name_en="Haftar", wikidata="Q1"), CHIEF, CAIRO)
    assert words(BASE, shown_only) == frozenset()
    twice = (replace(HAFTAR, terms=(*HAFTAR.terms, "خليفة حفتر")), CHIEF, CAIRO)
    assert words(BASE, twice) == frozenset()


def test_an_alias_added_or_removed_is_its_words():
    added = (replace(HAFTAR, terms=(*HAFTAR.terms, "القائد العام")), CHIEF, CAIRO)
    assert words(BASE, added) == {"قايد", "عام"}  # as the trie keys them: normalised, no ال
    assert words(added, BASE) == {"قايد", "عام"}
    joined = (replace(HAFTAR, terms=(*HAFTAR.terms, "عبد الله")), CHIEF, CAIRO)
    assert words(BASE, joined) == {"عبد", "له", "عبدالله"}  # both spellings of a joined name


def test_a_role_held_from_another_day_is_the_role_phrase():
    later = (HAFTAR, replace(CHIEF, roles=(Role("رئيس المخابرات العامة", dt.date(2025, 1, 1), None),)), CAIRO)
    assert words(BASE, later) == {"رييس", "مخابرات", "عامه"}


def test_a_family_is_its_name():
    son = entity("saddam", "صدام حفتر", family="حفتر")
    haftar = replace(HAFTAR, terms=("خليفة حفتر",), family="حفتر", family_default=True)
    assert words((haftar, CHIEF, CAIRO, son), (haftar, CHIEF, CAIRO, replace(son, family=""))) == {"حفتر"}
    assert words((haftar, CHIEF, CAIRO, son), (replace(haftar, family_default=False), CHIEF, CAIRO, son)) == {"حفتر"}


def test_an_entry_of_another_type_touches_every_article():
    assert words(BASE, (HAFTAR, CHIEF, replace(CAIRO, type="actor", kind="organisation"))) is None


def test_only_a_text_holding_the_words_is_tagged_differently():
    before, after = compile_matcher(BASE), compile_matcher((replace(HAFTAR, terms=(*HAFTAR.terms, "القائد العام")), CHIEF, CAIRO))
    changed = word_hashes(change_words(before, after))

    def article(text: str) -> Article:
        return Article(slug="a", path=Path("a.md"), title="خبر", date=dt.date(2025, 1, 1), source="", source_url="",
                       set_by_hand=(), pins=(), vetoes=(), original="", body_html="",
                       blocks=(Block(anchor="p1", text=text, line=1),), word_count=len(text.split()))

    holds, lacks = "وقال للقائد العام في القاهرة", "التقى المشير حفتر في القاهرة"
    for text, expected in ((holds, True), (lacks, False)):
        readings = reading_hashes(ReadingHashes(after), [tokenize(text), tokenize("خبر")])
        assert touched(readings, changed) is expected
        tagged_the_same = extract_article(before, article(text)) == extract_article(after, article(text))
        assert tagged_the_same is not expected
    assert touched(None, changed)  # no readings recorded: it may hold anything


LIBYA = entity("libya", "ليبيا", kind="country")
VOTE = entity("vote", "الانتخابات الليبية", type="topic", kind="topic", needs_context=("الانتخابات",))


def test_a_changed_context_rule_is_its_terms_words():
    """A topic keyword that needs a companion: giving it one, or taking it away, touches the texts
    holding the keyword and only them; they are tagged differently, the others the same."""
    before, after = (LIBYA, VOTE, CAIRO), (LIBYA, replace(VOTE, context=("libya",)), CAIRO)
    assert words(before, after) == {"انتخابات"}
    assert words(after, before) == {"انتخابات"}
    old, new = compile_matcher(before), compile_matcher(after)
    changed = word_hashes(change_words(old, new))

    def article(text: str) -> Article:
        return Article(slug="a", path=Path("a.md"), title="خبر", date=dt.date(2025, 1, 1), source="", source_url="",
                       set_by_hand=(), pins=(), vetoes=(), original="", body_html="",
                       blocks=(Block(anchor="p1", text=text, line=1),), word_count=len(text.split()))

    for text, expected in (("وجرت الانتخابات في ليبيا", True), ("وصل الوفد إلى ليبيا والقاهرة", False)):
        readings = reading_hashes(ReadingHashes(new), [tokenize(text), tokenize("خبر")])
        assert touched(readings, changed) is expected
        assert (extract_article(old, article(text)) == extract_article(new, article(text))) is not expected

