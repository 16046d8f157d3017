"""Arabic normalisation and tokens: the one place that decides when two spellings are the same.

Used by ingest (repeat detection), extraction (matching the knowledge base) and slugs.

``normalize`` folds the variation that readers and writers do not mean:

>>> normalize("الإرهابُ")          # diacritics removed, إ → ا
'الارهاب'
>>> normalize("اقــرأ أيضاً")      # tatweel removed, أ → ا
'اقرا ايضا'
>>> normalize("مصطفى العامة")      # ى → ي, ة → ه
'مصطفي العامه'
>>> normalize("٢٠٢٤ ۱۵")          # Arabic-Indic and Persian digits → ASCII
'2024 15'

``core_forms`` lists what a word can be once its clitic prefixes are taken off
(و ف, then ب ل ك, then the article ال; ``لل`` is ل + ال):

>>> core_forms("وبالقاهره")
('وبالقاهره', 'بالقاهره', 'القاهره', 'قاهره')
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate, repeat
from typing import NamedTuple

# Harakat, Quranic marks, superscript alef: removed.
_DIACRITICS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])
_TATWEEL = "\u0640"
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه", "ک": "ك",
    "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\u061c": "",
}
_TABLE = str.maketrans(
    {
        **{ch: None for ch in _DIACRITICS + _TATWEEL},
        **{k: (v or None) for k, v in _FOLD.items()},
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian
    }
)
# The one-for-one foldings, applied by str.replace: on Arabic text a few C scans are many
# times faster than str.translate, which looks every character up in a dict.
_PAIRS = tuple((chr(code), new) for code, new in _TABLE.items() if new is not None)
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")

# A token is a run of letters and digits; diacritics and tatweel inside a word
# belong to it (so offsets point at the original text, marks included).
_MARKS = _DIACRITICS + _TATWEEL + "\u200c\u200d"
TOKEN = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_MIN_CORE = 2

# Function words, normalised: they carry no event (events.py leaves them out of term vectors) and
# narrow no search (searchtext.py leaves them out of a query of several words).
FUNCTION_WORDS = frozenset(
    "في من علي الي عن مع ان الذي التي الذين هذا هذه ذلك تلك كما قد لقد كان كانت خلال بعد قبل منذ حول بين عند "
    "لدي حيث او ثم بل لم لن لا ما وقد وكان هو هي هم اليوم امس ايضا كل بعض غير اكثر اقل حتي اذا اذ".split()
)


def normalize(text: str) -> str:
    """Fold diacritics, tatweel, hamza/alef forms, ى/ي, ة/ه and digits; lower-case Latin."""
    text = unicodedata.normalize("NFC", text)
    if _REMOVED.search(text) is not None:
        text = _REMOVED.sub("", text)
    return _fold(text).lower()


def _fold(text: str) -> str:
    """The one-for-one part of ``normalize`` (same length out as in)."""
    for old, new in _PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def has_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


class Token(NamedTuple):
    start: int  # offsets in the original text
    end: int
    norm: str  # normalised form
    joined: bool  # only white space separates it from the previous token


_REMOVED = re.compile(rf"[{_MARKS}\u200e\u200f\u061c]")
_SPLIT = re.compile(r"([^\W_]+)")


def tokenize(text: str) -> list[Token]:
    """Tokens with their offsets; punctuation (، ؛ ؟ . " …) separates words and breaks ``joined``.

    Fast path: text without diacritics, tatweel or invisible marks normalises character
    for character, so the whole text is folded once and its word offsets are the original's;
    words, the gaps between them and their offsets then come from C loops (one regex split,
    accumulate), with no Python call per token.
    """
    folded = _folded_in_place(text)
    if folded is not None:
        parts = _SPLIT.split(folded)  # gap, word, gap, word, …, gap (no gap empty but the ends)
        if len(parts) == 1:
            return []
        offsets = list(accumulate(map(len, parts)))  # start, end, start, end, … of the words
        joined = [False, *map(str.isspace, parts[2:-1:2])]
        return list(map(tuple.__new__, repeat(Token), zip(offsets[0::2], offsets[1::2], parts[1::2], joined)))
    return _tokens(text, ((m.start(), m.end(), normalize(m.group())) for m in TOKEN.finditer(text)))


def words(text: str) -> list[str]:
    """The normalised words of ``text``: the ``norm`` of each of its :func:`tokenize` tokens, without
    their offsets (the search keys need only the words; no tuple is made per word)."""
    folded = _folded_in_place(text)
    if folded is not None:
        return _SPLIT.split(folded)[1::2]
    return [token.norm for token in tokenize(text)]


def _folded_in_place(text: str) -> str | None:
    """The text normalised character for character (so its words keep the original's offsets), or
    None when it holds diacritics, tatweel, invisible marks or decomposed letters (the slow path).

    Also None for a capital sigma, the one letter whose lower case depends on what is around it
    (Σ → ς at a word's end): the whole text's lower case would read past the word ("ΑΣ.Β" gives σ,
    the word alone ς), so a word's norm would hang on the text it is in."""
    if _REMOVED.search(text) is None and "Σ" not in text and unicodedata.is_normalized("NFC", text):
        folded = _fold(text).lower()
        if len(folded) == len(text):
            return folded
    return None


def _tokens(text: str, spans) -> list[Token]:
    tokens: list[Token] = []
    append, make = tokens.append, tuple.__new__  # the hot loop of tagging: no per-token Python call
    previous_end = -1
    for start, end, norm in spans:
        if not norm:
            continue
        if previous_end < 0:
            joined = False
        else:
            gap = text[previous_end:start]
            joined = gap == " " or not gap or gap.isspace()
        append(make(Token, (start, end, norm, joined)))
        previous_end = end
    return tokens


def strip_article(word: str) -> str:
    """``الهلال`` → ``هلال``; leaves short words alone."""
    if word.startswith("ال") and len(word) - 2 >= _MIN_CORE:
        return word[2:]
    return word


def core_forms(word: str) -> tuple[str, ...]:
    """Every reading of ``word`` with clitic prefixes removed, least stripped first."""
    forms = [word]
    rests = [word]
    for prefixes in (_CONJ, _PREP):
        rests += [w[1:] for w in rests if w[:1] in prefixes and len(w) - 1 >= _MIN_CORE]
    for rest in rests:
        if rest not in forms:
            forms.append(rest)
        if rest.startswith("ال") and len(rest) - 2 >= _MIN_CORE:
            bare = rest[2:]
            if bare not in forms:
                forms.append(bare)
    # ل + ال is written لل: "للجيش" is "ل" + "الجيش".
    for rest in list(forms):
        if rest.startswith("لل") and len(rest) - 2 >= _MIN_CORE and rest[2:] not in forms:
            forms.append(rest[2:])
    return tuple(forms)


# Slugs -------------------------------------------------------------------------

_TRANSLIT = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "", "پ": "p", "چ": "ch", "ژ": "zh",
    "گ": "g", "ڤ": "v",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_words: int = 6, max_length: int = 60) -> str:
    """An ASCII slug: Arabic transliterated, Latin kept, everything else a separator.

    >>> slugify("حفتر يلتقي مدير المخابرات المصرية في بنغازي")
    'hftr-yltqy-mdyr-almkhabrat-almsryh-fy'
    >>> slugify("Khalifa Haftar!")
    'khalifa-haftar'
    """
    folded = unicodedata.normalize("NFKD", normalize(text)).lower()  # after NFKD: ™ decomposes to "TM"
    out = []
    for ch in folded:
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        elif unicodedata.category(ch).startswith("M"):
            continue
        else:
            out.append(" ")
    words = "".join(out).split()[:max_words]
    slug = "-".join(words)[:max_length].strip("-")
    return slug


def is_slug(text: str) -> bool:
    return bool(SLUG.match(text)) and len(text) <= 80
