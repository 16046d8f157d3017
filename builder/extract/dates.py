"""Dates mentioned in Arabic news text, by hand-written rules: never a part the text does not give.

Month names of every regional tradition are read, with or without hamza, diacritics
or tatweel, in Arabic-Indic or Persian digits; a pair such as "ديسمبر/كانون الأول"
is one mention. Offsets point into the original text, marks included:

>>> [(m.surface, m.year, m.month, m.day) for m in find_dates("في 29 ديسمبر/كانون الأول 2024")]
[('29 ديسمبر/كانون الأول 2024', 2024, 12, 29)]
>>> [(m.surface, m.year, m.month, m.day) for m in find_dates("بتاريخ ١٥ فبرايـر")]
[('١٥ فبرايـر', None, 2, 15)]
>>> [(m.surface, m.year, m.month, m.day, m.weekday) for m in find_dates("الثلاثاء، 17/12/2024")]
[('الثلاثاء، 17/12/2024', 2024, 12, 17, 1)]
>>> [(m.surface, m.year, m.weekday) for m in find_dates("أعلن الخميس أنه منذ 2013 يقاتل")]
[('الخميس', None, 3), ('2013', 2013, None)]
>>> find_dates("قتل 21 من المسيحيين في اجتماع (5+5) بنسبة 2/3")
[]

The choices, so that nothing is guessed:

* Parts the text leaves out stay ``None``: "15 فبراير" has no year even in a 2017
  article, "مايو 2017" has no day. A weekday name alone ("الخميس") is a mention with
  only ``weekday`` set. Weekday and date are both reported as written, never checked
  against each other.
* A month name alone, with neither day nor year, is reported only when it cannot be
  another word: after "شهر" (any name), or when the name is distinctive ("نوفمبر
  الماضي", "حزيران"). The names that are also ordinary words or names (مارس "he
  practised", آب "father", ماي, أوت, نيسان, تموز, شباط, جوان, غشت) need a day, a year
  or "شهر".
* Numbers: slashed, dashed or dotted dates are day/month/year (as Arabic news writes
  them) or year-month-day when the year comes first; the month must be 1–12 and the
  day must exist in that month (and year). "2/3", scores, phone numbers, "(5+5)" and
  a number before any word that is not a month ("21 من المسيحيين") are not dates. A
  number before a month that cannot be a day ("45 يناير") is dropped, the month kept.
* A year alone is a four-digit 1900–2099 after a word that introduces a year (عام,
  العام, سنة, في, منذ, حتى, خلال, قبل, بعد, مطلع, أواخر, صيف, انتخابات, …) and not
  followed by a counted noun ("منذ 2000 عام", "في 2000 من الحالات"). A bare number is
  never a year: "القرار 1973" is a resolution.
* Words that place a date from the day it was written are read with it, never
  resolved here (``builder.extract.mentioned_dates`` does, from the article's date): after a
  month or weekday «الماضي»، «المنصرم»، «الفائت» (``relation`` "past"), «المقبل»،
  «القادم» ("next"), «الجاري»، «الحالي» ("this"), feminine or plural too; after a month
  «من العام الماضي / المقبل / الجاري»، «من هذا العام» (``year_offset`` −1, +1, 0) and
  «من العام نفسه»، «من ذلك العام» (``relation`` "other": another date's year); «أمس»
  (``days_ago`` 1), «أمس الأول» and «أول أمس» (2), but not «بأمس الحاجة» or «لامس».
  «اليوم» and «غدا» are not read: both are often something else (a newspaper's name,
  "nowadays"; the verb "became").
* Names that are dates but designate something else are skipped: "مدينة 6 أكتوبر",
  "شارع 26 يوليو", "قوى 14 آذار".
* Not read: Hijri dates, ordinals in words ("الأول من يناير"), two-digit years, ranges
  beyond their last day ("15-16 فبراير" gives 16 فبراير), the second year of "عامي
  2011 و2012".

Matching runs one compiled regex over the text folded by ``builder.extract.arabic.normalize``
character by character; folded offsets are mapped back to the original only for the
paragraphs that hold a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from builder.extract.arabic import normalize


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written: the parts the text gives, ``None`` for the others."""

    start: int  # offsets into the original text
    end: int
    surface: str  # text[start:end]
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday … 6 = Sunday, when a day name is written
    relation: str = ""  # "past", "next", "this" («نوفمبر الماضي»، «السبت المقبل»، «فبراير الجاري»);
    # "other": the year of another date («من العام نفسه»)
    year_offset: int | None = None  # «من العام المقبل» +1, «الماضي» −1, «الجاري» 0
    days_ago: int | None = None  # «أمس» 1, «أمس الأول» / «أول أمس» 2


# Folding ---------------------------------------------------------------------------

# normalize() one character at a time, as a translate table, so that every original
# character gives at most one folded character and offsets can be mapped back. The few
# characters that lower-case to two (İ) are left as they are. Unchanged characters are
# listed too: a miss in a translate table is slow.
_FOLD = MappingProxyType(
    {
        code: folded if len(folded := normalize(chr(code))) <= 1 else chr(code)
        for code in (*range(0x0800), *range(0x2000, 0x2070), 0xFEFF)
    }
)
_DROPPED = re.compile("[" + "".join(re.escape(chr(c)) for c, f in _FOLD.items() if not f) + "]")
_TATWEEL = "\u0640"


# Arabic prose needs few of the table's changes: hamza/alef, ى, ة and digit folds. Text with
# no other changing character folds by a str.replace per pair, many times faster than
# translate (which looks every character up); any other text goes through the table.
_COMMON = tuple(
    (chr(code), folded) for code, folded in _FOLD.items() if folded != chr(code) and len(folded) == 1 and code >= 0x0600
)
_RARE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, f in _FOLD.items() if f != chr(c) and (len(f) != 1 or c < 0x0600)) + "]"
)


def _fold(text: str) -> str:
    if _RARE.search(text) is not None:
        return text.translate(_FOLD)
    for old, new in _COMMON:
        if old in text:
            text = text.replace(old, new)
    return text


class _Offsets:
    """Maps folded offsets back to the original text (only characters are ever dropped)."""

    __slots__ = ("_text", "_sits")

    def __init__(self, text: str) -> None:
        self._text = text
        # Each dropped character sits before the folded character at index (its index − k).
        self._sits = [m.start() - k for k, m in enumerate(_DROPPED.finditer(text))]

    def start(self, folded: int) -> int:
        return folded + bisect_right(self._sits, folded)

    def end(self, folded: int) -> int:
        end = self.start(folded - 1) + 1
        text = self._text
        # Marks and tatweel written on the last letter belong to the word.
        while end < len(text) and (text[end] == _TATWEEL or unicodedata.category(text[end]) == "Mn"):
            end += 1
        return end


# Names (folded) ------------------------------------------------------------------------

_MONTHS = MappingProxyType({
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1, "كانون ثاني": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "يوليوز": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "غشت": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "ايلول": 9,
    "اكتوبر": 10, "اوكتوبر": 10, "تشرين الاول": 10, "تشرين اول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11, "تشرين ثاني": 11,
    "ديسمبر": 12, "دجنبر": 12, "كانون الاول": 12, "كانون اول": 12,
})
# Also an ordinary word or a name: a day, a year or "شهر" must come with it.
_AMBIGUOUS = frozenset({"مارس", "ماي", "اب", "اوت", "نيسان", "تموز", "شباط", "جوان", "غشت"})
# So short that a clitic before them makes another word (باب, لاب): whole words only.
_STRICT = frozenset({"اب", "ماي", "اوت"})
_WEEKDAYS = MappingProxyType(
    {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
)
# A word after a month or weekday that places it from the article's date (masculine, or
# feminine with ه: «الجمعة المقبلة»).
_RELATIONS = MappingProxyType({
    "الماضي": "past", "المنصرم": "past", "الفايت": "past",
    "المقبل": "next", "القادم": "next",
    "الجاري": "this", "الحالي": "this",
})
_YEAR_OFFSETS = MappingProxyType({"past": -1, "next": 1, "this": 0})
# Words that introduce a year written alone.
_YEAR_CUES = (
    "عام", "العام", "للعام", "سنه", "السنه", "للسنه", "عامي", "سنتي",
    "في", "منذ", "حتي", "خلال", "قبل", "بعد", "مطلع", "مستهل", "اوايل", "اواخر", "اواسط",
    "منتصف", "بدايه", "نهايه", "صيف", "ربيع", "خريف",
    "شتاء", "انتخابات", "موازنه", "ميزانيه", "دستور", "احداث", "ثوره", "مونديال", "رويه",
)
# After a number, these make it a count, not a year.
_COUNTED = (
    "من", "الف", "مليون", "مليار", "عام", "سنه", "سنوات", "اعوام", "يوم", "ايام", "شهر",
    "اشهر", "ساعه", "دقيقه", "شخص", "اشخاص", "قتيل", "جريح", "مقاتل", "عنصر", "جندي",
    "مدني", "طفل", "لاجي", "مهاجر", "اسره", "عايله", "منزل", "صوت", "حاله", "طن", "برميل",
    "دولار", "يورو", "جنيه", "دينار", "درهم", "ريال", "كيلومتر", "كلم", "كم", "متر", "ميل",
)
# A date that names a place or a group ("مدينة 6 أكتوبر"): not a date mention.
_NAMED = ("مدينه", "جامعه", "ميدان", "شارع", "كوبري", "جسر", "محور", "حي", "قوي", "تيار")


_S = r"[^\S\n\r]"  # a space within a line: a date does not run across lines


def _trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a prefix tree, so the regex tries each letter once."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alternatives = [
            (_S + "+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _alternation(words: Iterable[str]) -> str:
    words = list(words)
    strict = [w for w in words if w in _STRICT]
    tree = _trie(w for w in words if w not in _STRICT)
    return f"(?:{tree}|(?<!\\w)(?:{'|'.join(strict)}))" if strict else f"(?:{tree})"


_MONTH = _alternation(_MONTHS)
_WEEKDAY = _alternation(_WEEKDAYS)
# Every word a mention can begin with.
_FIRST = _trie({*_WEEKDAYS, *_NAMED, "شهر", "امس", "اول", *(name.split()[0] for name in _MONTHS), *_YEAR_CUES})


def _relation_word(name: str) -> str:
    """A relation word (its base in group ``name``), also feminine («المقبلة») or dual, plural («المقبلين»)."""
    return rf"(?P<{name}>{_trie(_RELATIONS)})(?:ه|ين|ان)?(?!\w)"

_NUM_LEFT = r"(?<![\d+])(?<!\d[.,:/\-\u066b\u066c])"
_DAY_LEFT = r"(?<![\d+])(?<!\d[.,:/\u066b\u066c])"  # "15-16 فبراير": a range ends on a day
_NUM_RIGHT = r"(?!\d|[.,:/\-+\u066b\u066c]\d)"
_YEAR = r"(?:19|20)\d\d"

_DATE = re.compile(
    rf"""
    (?<!\w)(?:[وف]?[بلك]?|[وفب]?ال(?=\d))          # clitics, and "الـ" before a day
    (?=\d|{_FIRST}(?!\w))                          # fail fast on the other words
    (?:
        (?:(?P<wd>{_WEEKDAY})(?!\w)(?!{_S}+عشر)(?:{_S}*[،,]{_S}*|{_S}+)(?:الموافق{_S}+)?)?
        (?:
            {_NUM_LEFT}(?:
                (?P<nd>\d{{1,2}})(?P<s1>[/.\-])(?P<nm>\d{{1,2}})(?P=s1)(?P<ny>{_YEAR})
              | (?P<iy>{_YEAR})(?P<s2>[/\-])(?P<im>\d{{1,2}})(?P=s2)(?P<id>\d{{1,2}})
            ){_NUM_RIGHT}
          |
            (?P<named>{_trie(_NAMED)}{_S}+)?
            (?:{_DAY_LEFT}(?P<d>\d{{1,2}}){_S}*(?:من{_S}+)?)?
            (?:(?P<shahr>شهر){_S}+)?
            (?P<m>{_MONTH})(?!\w)
            (?:{_S}*(?:/|\(){_S}*(?P<m2>{_MONTH})(?!\w)(?:{_S}*\))?)?
            (?:{_S}*(?:[،,]{_S}*)?(?:من{_S}+)?(?:(?:لل|ل|ال)?(?:عام|سنه){_S}+)?
               (?P<y>1[89]\d\d|20\d\d)(?:م)?(?!\w){_NUM_RIGHT}
             |{_S}*(?:[،,]{_S}*)?(?:من{_S}+)?(?:ال)?(?:عام|سنه){_S}+{_relation_word("yrel")}
             |{_S}+(?:من{_S}+)?هذا{_S}+(?P<ythis>العام|السنه)(?!\w)
             |{_S}+(?:من{_S}+)?(?P<yother>(?:ال)?(?:عام|سنه){_S}+(?:نفسه|ذاته)|(?:ذلك|تلك){_S}+(?:العام|السنه))(?!\w)
             |{_S}+{_relation_word("rel")}
            )?
        )
      |
        {_trie(_YEAR_CUES)}{_S}+{_NUM_LEFT}(?P<ya>{_YEAR})(?:م)?(?!\w){_NUM_RIGHT}
        (?!{_S}+{_trie(_COUNTED)}ا?(?!\w))
      |
        (?<![بلك])(?:(?P<before>اول){_S}+)?(?P<ams>امس)(?!\w)(?!{_S}+(?:الحاجه|القريب))
        (?:{_S}+(?P<after>الاول)(?!\w))?(?:{_S}+{_WEEKDAY}(?!\w)(?!{_S}+عشر))?
      |
        (?P<wda>{_WEEKDAY})(?!\w)(?!{_S}+عشر)(?:{_S}+{_relation_word("wrel")})?
    )
    """,
    re.VERBOSE,
)
_SPACES = re.compile(r"\s+")


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in ``text``, left to right, the longest reading of each place."""
    folded = _fold(text)
    mentions: list[DateMention] = []
    offsets: _Offsets | None = None
    for match in _DATE.finditer(folded):
        found = _read(match)
        if found is None:
            continue
        (start, end), parts = found
        if offsets is None:
            offsets = _Offsets(text)
        start, end = offsets.start(start), offsets.end(end)
        mentions.append(DateMention(start, end, text[start:end], *parts))
    return mentions


def _read(match: re.Match[str]) -> tuple[tuple[int, int], tuple[int | None, ...]] | None:
    """The folded span and (year, month, day, weekday) of a match, or None if it is no date."""
    group = match.group
    if group("wda") is not None:
        return (match.start("wda"), match.end()), (None, None, None, _WEEKDAYS[group("wda")], _relation(group("wrel")))
    if group("ams") is not None:
        first = "before" if group("before") is not None else "ams"
        days = 2 if group("before") is not None or group("after") is not None else 1
        return (match.start(first), match.end()), (None, None, None, None, "", None, days)
    if group("ya") is not None:
        return (match.start("ya"), match.end()), (int(group("ya")), None, None, None)
    weekday = _WEEKDAYS[group("wd")] if group("wd") is not None else None
    year = month = day = None
    first = "wd" if weekday is not None else None
    if group("ny") is not None:
        year, month, day = int(group("ny")), int(group("nm")), int(group("nd"))
        first = first or "nd"
    elif group("iy") is not None:
        year, month, day = int(group("iy")), int(group("im")), int(group("id"))
        first = first or "iy"
    if year is not None:
        if not _valid(year, month, day):
            return _weekday_only(match, weekday)
        return (match.start(first), match.end()), (year, month, day, weekday)

    if group("named") is not None:
        return _weekday_only(match, weekday)
    month = _MONTHS[_SPACES.sub(" ", group("m"))]
    if group("m2") is not None and _MONTHS[_SPACES.sub(" ", group("m2"))] != month:
        return _weekday_only(match, weekday)  # a pair that disagrees: which one is meant?
    year = int(group("y")) if group("y") is not None else None
    day = int(group("d")) if group("d") is not None else None
    if day is not None and not _valid(year or 2000, month, day):  # no year: 29 February may be
        day = None  # a number before the month, not its day
    if first is None:
        first = "d" if day is not None else "m"
    relation = "other" if group("yother") is not None else _relation(group("rel"))
    offset = 0 if group("ythis") is not None else _YEAR_OFFSETS.get(_relation(group("yrel")))
    if day is None and year is None and group("shahr") is None and not relation and offset is None:
        if _SPACES.sub(" ", group("m")) in _AMBIGUOUS:
            return _weekday_only(match, weekday)
    return (match.start(first), match.end()), (year, month, day, weekday, relation, offset)


def _relation(word: str | None) -> str:
    return _RELATIONS[word] if word else ""


def _weekday_only(
    match: re.Match[str], weekday: int | None
) -> tuple[tuple[int, int], tuple[int | None, ...]] | None:
    """What is left of a match whose date is not one: its weekday name, if it has one."""
    if weekday is None:
        return None
    return match.span("wd"), (None, None, None, weekday)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def infer_publication_date(mentions: Iterable[DateMention]) -> dt.date | None:
    """The latest full date (year, month and day all written) among ``mentions``, else None.

    >>> infer_publication_date(find_dates("في 29 ديسمبر 2024، بعد زيارة 3/1/2025 و15 فبراير"))
    datetime.date(2025, 1, 3)
    >>> infer_publication_date(find_dates("في مايو 2017 ثم 15 فبراير")) is None
    True
    """
    full = [
        dt.date(m.year, m.month, m.day)
        for m in mentions
        if m.year is not None and m.month is not None and m.day is not None
    ]
    return max(full, default=None)
