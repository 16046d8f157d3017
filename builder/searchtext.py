"""Search keys: what the index holds for a word, and what a query asks for.

Both sides go through the same steps, built on :mod:`builder.arabic`:

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

from . import arabic

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
    """The tables search.js needs to make the same keys, taken from builder/arabic.py itself."""
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
    }
