"""A record's content, made a run of text (between white space) at a time, equals the keys of
the whole text: the fast way and the word-by-word way give Pagefind the same words."""

from pathlib import Path

import pytest

from builder.content import load_article, new_markdown
from builder.searchtext import IndexForms, index_keys

ARTICLES = Path(__file__).resolve().parents[2] / "content" / "articles"

TRICKY = [
    "والإرهاب، لحفتر وعبدالفتاح",  # clitics, punctuation joined to a word, a compound head
    "الرَّئِيسُ عبد الفتاح السيسي",  # diacritics: the word-by-word path
    "اقــرأ أيضاً «حفتر» — في بنغازى",  # tatweel, quotation marks and a dash that are no word
    "زيارة‌ رسمية\u200f؛ الليبي،يأتي",  # a zero-width non-joiner, a right-to-left mark
    "COVID-19\t5+5\xa0٢٠٢٣\u2003۱۵\nNATO Ärger",  # tabs, no-break and em spaces, digits, Latin
    "ـــ ـَ ،،  ",  # runs of marks and tatweel alone: no word at all
    "",
    "ΑΣ ΣΑ Σ",
    "كتب مراسلنا\u200bمن طرابلس",  # a zero-width space inside a run
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_text_gives_the_keys_of_its_words(text):
    assert IndexForms().text(text) == " ".join(index_keys(text))


def test_every_paragraph_of_the_default_corpus_gives_the_same_keys():
    forms = IndexForms(limit=50)  # emptied again and again on the way: nothing depends on what it holds
    md = new_markdown()
    paragraphs = [block.text for path in sorted(ARTICLES.glob("*.md")) for block in load_article(path, md).blocks]
    assert len(paragraphs) > 20
    for text in paragraphs + [p.upper() for p in paragraphs]:
        assert forms.text(text) == " ".join(index_keys(text))
    assert len(forms) <= 50
