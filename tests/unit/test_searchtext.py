"""A record's content, made a run of text (between white space) at a time, equals the keys of
the whole text: the fast way and the word-by-word way give Pagefind the same words."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.site.content import load_article, new_markdown
from builder.search.keys import IndexForms, index_keys

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
    "ΑΣ.Β بَ",  # a capital sigma, lower-cased by what follows it: word by word in either path
    "Α'Σ e\u0301 ΟΔΥΣΣΕΑΣ’Σ İ",
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


# Arabic letters and hamza forms, diacritics, tatweel, the invisible marks, spaces of every kind,
# Latin and Greek letters whose lower case is unusual, digits, and the punctuation between words.
ALPHABET = (
    "ابتحسعلمنهويءأإآؤئىةـ" + "".join(map(chr, range(0x064B, 0x0660))) + "\u200b\u200c\u200d\u200e\u200f\u061c"
    + " \t\n\xa0\u2003\u3000\x1f\x85\u2028" + "aZÉßẞΣΑσİΩKk" + "05٣۵²½" + "،؛«»-_.:'’\u00ad\u0301\u0307"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_any_text_gives_the_keys_of_its_words(text):
    assert IndexForms().text(text) == " ".join(index_keys(text))
    assert IndexForms(limit=2).text(text) == " ".join(index_keys(text))


def test_no_indexed_word_begins_a_query_word_and_end_marks_the_whole_word():
    """Pagefind answers a query word that begins no indexed word with the longest indexed word it
    begins with (القصيبي → قصي): with END after every indexed word there is none. A query word finds
    the words it begins; with END, itself alone. س's code ends with the letter END is (bz)."""
    from builder.search.keys import END, index_form, keys, letter_ends

    words = ["قصي", "القصيبي", "مصر", "مصرف", "الكرم", "الكرملين", "رئيس", "رئيسي", "g7", "é1"]
    indexed = index_keys(" ".join(words))
    assert all(word.endswith(END) for word in indexed)
    for key in keys(" ".join(words)):
        query = index_form(key)
        assert not any(query.startswith(word) for word in indexed), key
        assert {w for w in indexed if w.startswith(query + END)} == {query + END}
        assert {w for w in indexed if w.startswith(query)} == {index_form(k) + END for k in keys(" ".join(words)) if k.startswith(key)}
        assert letter_ends(query + END) == letter_ends(query)
    assert index_form("رئيس").endswith("bz") and letter_ends(index_form("رئيس") + END)[-1] == len(index_form("رئيس"))
