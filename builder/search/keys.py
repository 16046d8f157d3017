"""Search keys: what the index holds for a word, and what a query asks for.

Both sides go through the same steps, built on :mod:`builder.extract.arabic`:

1. ``tokenize`` splits the text into words (punctuation, Arabic or Latin, separates
   them, so "حفتر،" and "الليبي،يأتي" give clean words) and ``normalize`` folds
   diacritics, tatweel, hamza forms, ى/ي, ة/ه and digits;
2. the clitics ``core_forms`` knows (و ف, ب ل ك, the article ال, لل) are taken off
   until none is left: the key is the shortest reading, re-read until it is stable,
   so "والمرتزقة", "المرتزقة" and "مرتزقة" all become ``مرتزقه``, and "الوزير" and
   "وزير" agree (a word keeps at least two letters);
3. a compound name head written joined to the next word is split off, so
   "عبدالفتاح" and "عبد الفتاح" both give ``عبد فتاح`` ("أبوظبي" / "أبو ظبي" alike).

The index gets one key per word (two for a joined compound), in text order, so
Pagefind's word positions point back at the words as written; the browser, which
runs the same steps from :func:`browser_rules`, turns positions into highlighted
excerpts of the original text.

>>> keys("والإرهاب، لحفتر وعبدالفتاح")
['ارهاب', 'حفتر', 'عبد', 'تاح']
>>> query_keys("الارهاب حفتر عبد الفتاح")
['ارهاب', 'حفتر', 'عبد', 'تاح']

A query of several words leaves out the function words (في، من، عن …, ``stop_keys``)
unless it is quoted or has nothing else: they are in nearly every article, so they
narrow almost nothing, and their positions are the largest part of the index a query
would download (those of في alone are 10–19 KB gzip in a piece of 2,000 articles).
They stay in the index, so a quoted phrase and a query of only such words still work.

>>> query_keys("النفط في بنغازي")
['نفط', 'نغازي']
>>> query_keys('"النفط في بنغازي"')
['نفط', 'في', 'نغازي']
>>> query_keys("في")
['في']
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from builder.extract import arabic

# Heads of compound names that writers join to the next word or not
# (عبدالله / عبد الله, أبوظبي / أبو ظبي); split off when at least this many letters follow.
COMPOUND_HEADS = ("عبد", "ابو")
_COMPOUND_REST = 3

# على and the name علي (Ali) fold to one key: a query for a person keeps it.
_NAME_KEYS = frozenset({"علي"})
# Relative pronouns: their keys (ذي, تي, ذين) are no function word, and no content word's either.
_RELATIVES = ("الذي", "التي", "الذين")


class Key(NamedTuple):
    start: int  # offsets of the word as written
    end: int
    key: str


def word_key(norm: str) -> str:
    """A normalised word without its clitics: the shortest ``core_forms`` reading, to a fixed point."""
    while True:
        shortest = min(arabic.core_forms(norm), key=len)
        if shortest == norm:
            return norm
        norm = shortest


@lru_cache(maxsize=1 << 18)
def word_keys(norm: str) -> tuple[str, ...]:
    """One key, or two for a joined compound name (``عبدالفتاح`` → ``عبد``, ``فتاح``)."""
    key = word_key(norm)
    for head in COMPOUND_HEADS:
        if key.startswith(head) and len(key) - len(head) >= _COMPOUND_REST:
            return (head, word_key(key[len(head) :]))
    return (key,)


def keys(text: str) -> list[str]:
    return list(chain.from_iterable(map(word_keys, arabic.words(text))))


# What Pagefind stores for a key: the key written in lowercase ASCII, a code for each character.
# Pagefind spends a quarter of its CPU on words that are not ASCII (measured on pieces of 494
# generated articles: 1.36 → 1.03 s a piece, the same records found for the same words); the
# browser writes its query keys the same way (search.js: indexForm). Each character of the Arabic
# block (U+0600–U+06FF) is two letters a–j + a–z; an ASCII digit "k" and the digit; a Latin letter
# "l" and the letter; any other character "m" and six hex digits. No code begins another, so a key
# begins another exactly when its form begins the other's form: Pagefind's prefix search and the
# word order within a letter are kept.
_ARABIC_BLOCK = 0x0600
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _IndexCode(dict):
    """ord(character) → its code, for str.translate; made on first sight of a character."""

    def __missing__(self, code: int) -> str:
        offset = code - _ARABIC_BLOCK
        if 0 <= offset < 0x100:
            form = _LETTERS[offset // 26] + _LETTERS[offset % 26]
        elif 0x30 <= code <= 0x39:
            form = "k" + chr(code)
        elif 0x61 <= code <= 0x7A:
            form = "l" + chr(code)
        else:
            form = f"m{code:06x}"
        self[code] = form
        return form


_INDEX_CODE = _IndexCode()

# Every indexed word ends with END, a letter no code begins with. A query word without it asks for
# the words it begins (``btcnbqbx`` finds ``btcnbqbxz`` and ``btcnbqbxbqz``), with it for that word
# alone. And it stops Pagefind's fallback: where no indexed word begins a query word, Pagefind takes
# the longest indexed word that the query word begins *with* (القصيبي → قصي, بنغازي → a piece's
# نغاز…), so a piece without the word answered with parts of other words. No indexed word can now
# begin a query word: it would have to be followed there by END, which is no code's first letter.
END = "z"


def index_form(key: str) -> str:
    """A key as Pagefind stores it, ASCII.

    >>> index_form("حفتر"), index_form("g7"), index_form("é")
    ('btcnbqbx', 'lgk7', 'm0000e9')
    """
    return key.translate(_INDEX_CODE)


def letter_ends(form: str) -> list[int]:
    """Where each character's code ends in an :func:`index_form` (or an indexed word, ending with
    :data:`END`, which is no letter): its prefixes that are keys' forms."""
    ends, at = [], 0
    size = len(form) - 1 if form.endswith(END) and _ends_at_code(form) else len(form)
    while at < size:
        at += 7 if form[at] == "m" else 2
        ends.append(at)
    if at != size:
        raise ValueError(f"not an index form: {form!r}")
    return ends


def _ends_at_code(form: str) -> bool:
    """Whether the last character of ``form`` stands where a code would begin (so it is END)."""
    at = 0
    while at < len(form) - 1:
        at += 7 if form[at] == "m" else 2
    return at == len(form) - 1


@lru_cache(maxsize=1 << 18)
def _word_forms(norm: str) -> tuple[str, ...]:
    return tuple(index_form(key) + END for key in word_keys(norm))


def index_keys(text: str) -> list[str]:
    """:func:`keys` as indexed words: each key's :func:`index_form` and :data:`END` (a record's
    content: :class:`IndexForms`)."""
    return list(chain.from_iterable(map(_word_forms, arabic.words(text))))


class IndexForms(dict):
    """A run of text between white space, as written → its keys' :func:`index_form`, joined by
    spaces ("" when it holds no word: a dash, a quotation mark). A record's content is made of
    these (:func:`text`): splitting at white space is four times as fast as the word regex, and a
    run is worked out once, however often it recurs. One per search piece; emptied when it grows
    past ``limit`` runs."""

    def __init__(self, limit: int = 1 << 18) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, run: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        form = self[run] = " ".join(index_keys(run))
        return form

    def text(self, text: str) -> str:
        """``" ".join(index_keys(text))``: no word (nor a mark or digit in one) crosses white space,
        and no step of the normalisation looks past it, so a text's keys are those of its runs."""
        forms = list(map(self.__getitem__, text.split()))
        if "" in forms:
            forms = [form for form in forms if form]
        return " ".join(forms)


@lru_cache(maxsize=1)
def stop_keys() -> frozenset[str]:
    """The keys of arabic.FUNCTION_WORDS that are function words themselves (كان → ان, لقد → قد),
    not the clipped keys content words reach too (بعد → عد, as وعد; بين → ين; اليوم → يوم),
    and those of the relative pronouns."""
    words = arabic.FUNCTION_WORDS
    found = {k for word in words for k in word_keys(word) if k in words}
    return frozenset(found.union(*(word_keys(arabic.normalize(w)) for w in _RELATIVES)) - _NAME_KEYS)


def query_keys(query: str) -> list[str]:
    """The keys a query asks for (the browser does the same in search.js): a quoted phrase
    keeps every word; otherwise the function words go when anything else is left."""
    found = keys(query)
    stripped = query.strip()
    if len(stripped) > 2 and stripped[0] == stripped[-1] == '"':
        return found
    stop = stop_keys()
    content = [k for k in found if k not in stop]
    return content or found


def browser_rules() -> dict:
    """The tables search.js needs to make the same keys, taken from builder/extract/arabic.py itself."""
    fold = {chr(code): (value or "") for code, value in sorted(arabic._TABLE.items())}
    return {
        "fold": fold,
        "marks": arabic._MARKS,
        "conj": list(arabic._CONJ),
        "prep": list(arabic._PREP),
        "article": "ال",
        "minCore": arabic._MIN_CORE,
        "heads": list(COMPOUND_HEADS),
        "compoundRest": _COMPOUND_REST,
        "stop": sorted(stop_keys()),
        "end": END,
    }
