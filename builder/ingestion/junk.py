"""What a junk line looks like: the line rules of ingest, as pure functions on one line.

:func:`classify` names the rule a line falls under, judged on its own (share rows,
follow-us prompts, read-also markers, cookie and app prompts, interface labels,
disclaimers, date lines, tracking tokens, punctuation and Latin junk). The rules that
need the line's place in the article — bylines near the top, related headlines after
a marker, repeats, the tagline at the end — are applied by builder.ingestion.clean with the
helpers here. Word lists hold words as :func:`normalize` writes them. Each rule and
its risk is documented in docs/ingest.md.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import unicodedata

from builder.extract.arabic import _TABLE as _FOLD_TABLE
from builder.extract.arabic import has_arabic
from builder.extract.dates import find_dates

# Social and share ------------------------------------------------------------------
# Words of share-button rows (normalised spelling); a share line is made only of these and fillers.
_SHARE_WORDS = {
    "شارك", "شاركوا", "شاركها", "مشاركه", "انشر", "نشر", "طباعه", "اطبع", "ارسل", "ارسال",
    "تويتر", "فيسبوك", "فيس", "بوك", "واتساب", "واتس", "تيليجرام", "تلغرام", "لينكدان", "انستغرام",
    "انستجرام", "يوتيوب", "بريد", "نسخ", "حفظ", "تغريد", "غرد", "share", "tweet", "email", "print",
    "facebook", "twitter", "whatsapp", "telegram", "linkedin", "pinterest", "reddit", "messenger", "copy", "link",
}
_SHARE_FILLER = {"الخبر", "المقال", "الموضوع", "الرابط", "هذا", "هذه", "عبر", "علي", "مع", "اصدقايك", "الالكتروني",
                 "او", "و", "الصفحه", "on", "via", "this", "article", "the", "to"}
_FOLLOW_VERBS = {"تابعونا", "تابعنا", "تابعوا", "تابع", "اشترك", "اشتركوا", "انضم", "انضموا", "للاشتراك", "لمتابعه",
                 "لمتابعتنا", "تواصلوا", "follow", "subscribe", "join"}
_CHANNELS = {"فيسبوك", "تويتر", "تلغرام", "تيليجرام", "تليجرام", "واتساب", "انستغرام", "انستجرام", "يوتيوب", "تيك",
             "توك", "قناتنا", "صفحتنا", "حسابنا", "حساباتنا", "قناه", "صفحه", "حساب", "منصات", "نيوز", "facebook",
             "twitter", "telegram", "whatsapp", "instagram", "youtube", "tiktok", "x"}
# Interface labels: a short line made only of these is a menu, a button or an ad label.
_INTERFACE_WORDS = {"الرييسيه", "المزيد", "التالي", "السابق", "اغلاق", "قبول", "رفض", "موافق", "تسجيل", "الدخول",
                    "دخول", "بحث", "القايمه", "عوده", "اعلان", "اعلانات", "اقرا", "الاكثر", "قراءه", "تعليقات",
                    "التعليقات", "اضف", "تعليق", "تعليقك", "اخر", "الاخبار", "عاجل", "مباشر", "فيديو", "صور",
                    "ممول", "محتوي", "advertisement", "sponsored", "ad", "menu", "home", "next", "previous",
                    "close", "more", "login"}

# Read also, related --------------------------------------------------------------------
_READ_ALSO = re.compile(
    r"^(?:اقرا|طالع|شاهد|تابع|اقريي|انظر)\s+(?:ايضا|المزيد|كذلك|اكثر)"
    r"|^(?:اخبار|مواضيع|موضوعات|مقالات|قصص|روابط)\s+(?:ذات\s+صله|متعلقه|مشابهه|مرتبطه|اخري|ذات\s+علاقه)"
    r"|^(?:الاكثر\s+(?:قراءه|مشاهده|تداولا)|قد\s+يهمك|قد\s+يعجبك|لا\s+تفوتك|ذات\s+صله|المزيد\s+من\s+الاخبار)"
    r"|^(?:read\s+(?:also|more)|related(?:\s+(?:news|articles|stories))?|see\s+also|more\s+from)\b"
)
_MAX_MARKER_WORDS = 5  # "اقرأ أيضاً" alone; a marker followed by ':' may carry its headline
_MAX_RELATED_WORDS = 16

# Disclaimers, prompts ------------------------------------------------------------------
# Each cue is (a word it always contains, the pattern): the pattern runs only on lines holding the word.
_DISCLAIMER = (
    ("يعبر", r"لا\s+يعبر\s+(?:بالضروره\s+)?عن\s+(?:وجهه|راي|سياسه)"),
    ("تعبر", r"لا\s+تعبر\s+(?:بالضروره\s+)?عن\s+(?:وجهه|راي|سياسه)"),
    ("مسيول", r"غير\s+(?:مسيولين|مسيوله)\s+عن"),
    ("مسوول", r"غير\s+(?:مسوولين|مسووله)\s+عن"),
    ("العهده", r"العهده\s+علي"),
    ("محفوظه", r"(?:جميع\s+)?الحقوق\s+محفوظه"),
    ("حقوق", r"حقوق\s+(?:النشر|الطبع)"),
    ("يحظر", r"يحظر\s+(?:نسخ|نقل|اعاده\s+نشر)"),
    ("يمنع", r"يمنع\s+(?:نسخ|نقل|اعاده\s+نشر)"),
    ("نقله", r"تم\s+نقله\s+(?:بمحتواه|من)"),
    ("نشره", r"تم\s+نشره\s+(?:بمحتواه|من)"),
    ("منقول", r"(?:هذا|الخبر|المحتوي)\s+منقول"),
    ("rights", r"all\s+rights\s+reserved"),
    ("©", r"©"),
    ("(c)", r"\(c\)\s*\d{4}"),
)
DISCLAIMER_OUTLET = re.compile(
    r"عن\s+وجه[هة]\s+نظر\s+(?P<outlet>[^\s.،,]+(?:\s+[^\s.،,]+){0,3}?)\s+(?:و|وانما|بل|,|،|\.)"
)
_PROMPT = (
    ("تعريف", r"ملفات\s+تعريف\s+(?:الارتباط|الاتباع)"),
    ("الكوكيز", r"الكوكيز"),
    ("cookie", r"\bcookies?\b"),
    ("الخصوصيه", r"سياسه\s+الخصوصيه"),
    ("privacy", r"privacy\s+policy"),
    ("النشره", r"النشره\s+(?:البريديه|الاخباريه)"),
    ("بريدك", r"بريدك\s+الالكتروني"),
    ("newsletter", r"newsletter"),
    ("subscribe", r"\bsubscribe\b"),
    ("تطبيق", r"(?:حمل|حملوا|تحميل|نزل|تنزيل)\s+(?:ال)?تطبيق|تطبيقنا"),
    ("store", r"app\s*store"),
    ("play", r"google\s*play"),
    ("بلاي", r"جوجل\s+بلاي"),
    ("ستور", r"اب\s+ستور"),
    ("app", r"download\s+(?:our|the)\s+app"),
    ("دخول", r"(?:سجل|تسجيل)\s+(?:الدخول|دخولك)"),
    ("حساب", r"انشاء\s+حساب"),
    ("الاشعارات", r"(?:فعل|تفعيل)\s+الاشعارات"),
    ("notifications", r"enable\s+notifications"),
    ("sign", r"sign\s+(?:in|up)\b"),
)
_DISCLAIMERS = tuple((word, re.compile(pattern)) for word, pattern in _DISCLAIMER)
_PROMPTS = tuple((word, re.compile(pattern)) for word, pattern in _PROMPT)
MAX_SHORT_WORDS = 30  # share, social, read-also, prompt, interface, byline, dateline: lines up to this long
MAX_DISCLAIMER_WORDS = 80

# Bylines, taglines, datelines ------------------------------------------------------------
_BYLINE_TAIL = {"متابعات", "خاص", "وكالات", "مراسلون", "مراسلنا", "تقرير", "خاص بالموقع", "رصد"}
_BYLINE_WORDS = {"بقلم", "كتب", "كتبت", "اعداد", "تحرير", "تقرير", "متابعه", "مراسل", "by"}
_SOURCE_WORDS = {"المصدر", "مصدر الخبر", "نقلا عن", "source"}
_OUTLET_WORDS = {"موقع", "جريده", "صحيفه", "وكاله", "قناه", "شبكه", "بوابه", "مجله", "نيوز", "الاخباريه", "تلفزيون",
                 "اذاعه", "راديو", "برس", "news", "press", "tv", "online"}
_DATE_LABELS = {"نشر", "نشرت", "في", "بتاريخ", "تاريخ", "النشر", "اخر", "تحديث", "التحديث", "محدث", "الساعه", "ص",
                "م", "صباحا", "مساء", "ظهرا", "بتوقيت", "غرينتش", "مكه", "القاهره", "gmt", "utc", "am", "pm",
                "published", "updated", "on", "at", "منذ", "يوم", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
                "الخميس", "الجمعه", "السبت"}
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b")
DASHES = "–—-−"
DASH = "[" + re.escape(DASHES) + "]"  # one dash; the hyphen escaped (unescaped, "—-−" is a range of 500 characters)
BULLET = re.compile(r"^\s*(?:[-•*▪►◄■●○◆]|\d+[.)])\s+")
SENTENCE_END = (".", "!", "؟", "?", "…")
_MAX_HEADLINE_WORDS = 20

# Tracking ------------------------------------------------------------------------------
_BASE64 = re.compile(r"^[A-Za-z0-9+/]{12,}={0,2}$|^[A-Za-z0-9_-]{16,}={0,2}$")
_HEX_ID = re.compile(r"^(?:[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$")  # ids, UUIDs
_TRACKING_PARAM = re.compile(
    r"[?&#](?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_[ce]id|_ga|yclid|igshid|ref_src)=", re.I
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»()]+", re.I)
_TRACKING_NAME = re.compile(r"(?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_[ce]id|_ga|yclid|igshid|ref_src)=", re.I)
_ANY_WORD = re.compile(r"[^\W_]")
_LETTERS = re.compile(r"[^\W\d_]+")
_ONE_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")  # one class: the engine scans for it fast
_FOUR_DIGITS = re.compile(r"\d\d\d\d")


# builder.extract.arabic.normalize, computed with one str.replace per character that occurs
# instead of a per-character table lookup: the same result (tests/unit/test_clean.py
# checks it on arbitrary text), four times faster on paragraph-length Arabic.
_FOLDS = tuple((chr(code), folded or "") for code, folded in _FOLD_TABLE.items())


def normalize(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for char, folded in _FOLDS:
        if char in text:
            text = text.replace(char, folded)
    return text.lower()


def has_year(text: str) -> bool:
    """Where a full date could be: four digits in a row (dates.py reads four-digit years only)."""
    return _ONE_DIGIT.search(text) is not None and _FOUR_DIGITS.search(text) is not None


def _bare_words(line: str) -> list[str]:
    return _LETTERS.findall(normalize(line))


def is_headline(line: str) -> bool:
    text = line.strip()
    return 0 < len(text.split()) <= _MAX_HEADLINE_WORDS and not text.endswith(SENTENCE_END)


def looks_like_related(line: str) -> bool:
    """Short and without sentence punctuation at its end: a headline, not a paragraph."""
    text = line.strip()
    return 0 < len(text.split()) <= _MAX_RELATED_WORDS and not text.endswith((*SENTENCE_END, ":", "؛", "،", ","))


def _is_share(words: list[str]) -> bool:
    if not words or len(words) > 6:
        return False
    return any(w in _SHARE_WORDS for w in words) and all(w in _SHARE_WORDS or w in _SHARE_FILLER for w in words)


def _is_social(words: list[str]) -> bool:
    return 0 < len(words) <= 12 and any(w in _FOLLOW_VERBS for w in words) and any(
        w in _CHANNELS or w.removeprefix("ب").removeprefix("و") in _CHANNELS for w in words
    )


def _is_interface(words: list[str], line: str) -> bool:
    short = 0 < len(words) <= 4 and not line.rstrip().endswith(SENTENCE_END)
    return short and all(w in _INTERFACE_WORDS for w in words)


def _is_read_also(line: str, words: list[str]) -> bool:
    if not words or _READ_ALSO.search(" ".join(words)) is None:
        return False
    if len(words) <= _MAX_MARKER_WORDS:
        return True
    # "اقرأ أيضا: عنوان خبر آخر" — the marker and its headline on one line
    return bool(re.search(r"[:|»>]", line[:40])) and looks_like_related(line)


def _tracking(line: str) -> str | None:
    """A note saying what the token is, if the line (without Arabic) is a tracking or analytics token."""
    tokens = line.split()
    if len(tokens) != 1:
        return "tracking link" if all(_is_tracking_url(t) for t in tokens) else None
    token = tokens[0]
    if _is_tracking_url(token):
        return "tracking link"
    if _HEX_ID.match(token):
        return "hexadecimal identifier"
    if _BASE64.match(token):
        decoded = _base64_text(token)
        if decoded is not None:
            return f"base64 of {decoded!r}"
    return None


def _is_tracking_url(token: str) -> bool:
    return _URL.match(token) is not None and _TRACKING_PARAM.search(token) is not None


def _base64_text(token: str) -> str | None:
    """What a base64 token decodes to, when that is printable ASCII (an IP, a key: value, an id)."""
    padded = token + "=" * (-len(token) % 4)
    for decoder in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decoder(padded)
        except (binascii.Error, ValueError):
            continue
        if len(raw) >= 6 and all(32 <= b < 127 for b in raw):
            return raw.decode("ascii").strip()
    return None


def byline_outlet(line: str) -> str | None:
    """'يافع نيوز – متابعات' → 'يافع نيوز'; 'بقلم فلان' → ''; anything else → None."""
    words = line.split()
    if not words or len(words) > 7:
        return None
    parts = [p.strip() for p in re.split(rf"\s+{DASH}\s+|\s*[|/]\s*", line.strip()) if p.strip()]
    if len(parts) == 2:
        left, right = parts
        if normalize(right) in _BYLINE_TAIL:
            return left
        if normalize(left) in _BYLINE_TAIL:
            return right
    byline_word = normalize(words[0]).rstrip(":：") in _BYLINE_WORDS
    if byline_word and len(words) <= 5 and not line.rstrip().endswith(SENTENCE_END):
        return ""
    return None


def source_line(line: str) -> str | None:
    """'المصدر: وكالة الأنباء الليبية' → the outlet it names."""
    match = re.match(r"^\s*([^:：]{2,15})\s*[:：]\s*(.+)$", line)
    if not match or len(line.split()) > 8 or line.rstrip().endswith(SENTENCE_END):
        return None
    if " ".join(_bare_words(match.group(1))) not in _SOURCE_WORDS:
        return None
    return match.group(2).strip(" .،")


# «دبي، الإمارات العربية المتحدة (CNN) --», «(CNN)--», «أتلانتا (CNN) –», «دبي - (CNN)»: the place the story
# was filed from (five words at most) and the agency, opening the text. Without a place the closing
# bracket is sometimes lost («(CNN--»); with one it must be there («طراز (F-16)» is no dateline).
_LETTER = r"(?:[^\W\d_]|[\u0640\u064b-\u065f\u0670])"  # a letter, or tatweel or a diacritic on it
_WORD = rf"{_LETTER}(?:{_LETTER}|['’])*"
_WORDS_OF_PLACE = rf"{_WORD}(?:[ ،,]+{_WORD}){{0,4}}"
_AGENCY = rf"{_WORD}(?:[ .]+{_WORD}){{0,3}}\.?"
_OPENING = r"^[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*"  # white space, bidi and zero-width marks
_DASHES = rf"(?:{DASH}\s*)+"
_AGENCY_DATELINE = re.compile(
    rf"{_OPENING}(?:(?P<place>{_WORDS_OF_PLACE})[\s،,]*)?\(\s*(?P<agency>{_AGENCY})\s*\)\.?\s*{_DASHES}"
    rf"|{_OPENING}\(\s*(?P<agency3>{_AGENCY})\s*\(?\s*{_DASHES}"  # no place: the bracket may be lost, «(CNN--»
    rf"|{_OPENING}(?P<place2>{_WORDS_OF_PLACE})\s*{_DASHES}\(\s*(?P<agency2>{_AGENCY})\s*\)\s*"
    # no dash: only after «PLACE، COUNTRY», «أتلانتا، الولايات المتحدة الأمريكية (CNN) نفى»
    rf"|{_OPENING}(?P<place4>{_WORD}،\s*{_WORD}(?:\s+{_WORD}){{0,3}})\s*\(\s*(?P<agency4>{_AGENCY})\s*\)\s+"
)
_PLACE_OUTLET = re.compile(rf"^(?P<place>{_WORDS_OF_PLACE})(?:\s+{DASH}+\s*|\s*{DASH}+\s+)(?P<by>{_AGENCY})$")
MAX_DATELINE_PART_WORDS = 4


def agency_dateline(text: str) -> tuple[str, str, str, str] | None:
    """(the dateline as written, its place, its agency, the rest) when ``text`` opens with «PLACE، COUNTRY
    (AGENCY) --» or «(AGENCY) --»; None otherwise. The rest of the text is the article's own words."""
    match = _AGENCY_DATELINE.match(text)
    if match is None:
        return None
    place = next((match.group(g) for g in ("place", "place2", "place4") if match.group(g)), "").strip(" ،,")
    agency = next(match.group(g) for g in ("agency", "agency2", "agency3", "agency4") if match.group(g)).strip()
    return match.group().strip(), place, agency, text[match.end() :].strip()


def place_outlet_line(line: str) -> tuple[str, str] | None:
    """(place, outlet) of a line that is only «PLACE – OUTLET» (الخرطوم – السودان اليوم), each side
    at most four words, no digits, no sentence punctuation; None otherwise."""
    text = line.strip()
    match = _PLACE_OUTLET.match(text)
    if match is None:
        return None
    place, by = match.group("place").strip(" ،,"), match.group("by").strip()
    if max(len(place.split()), len(by.split())) > MAX_DATELINE_PART_WORDS:
        return None
    return place, by


# «*نقلاً عن الأهرام المصرية», «* نقلا عن "الخليج" الإماراتية»: a column reprinted from another paper, said
# after the text (normalised: «نقلاً» → «نقلا»).
_REPRINTED = re.compile(r"^[\W_]*نقلا\s+عن\s+(?P<from>.*\w.*)$")
MAX_REPRINTED_WORDS = 7


def reprinted_from(line: str) -> str | None:
    """The paper a last line «*نقلاً عن X» names, or None."""
    if len(line.split()) > MAX_REPRINTED_WORDS:
        return None
    match = _REPRINTED.match(normalize(line.strip()))
    if match is None:
        return None
    return re.sub(r"^\W*(?:نقلاً|نقلا)\s+عن\s+", "", line.strip()).strip(" .")


def tagline_outlet(line: str) -> str:
    words = _bare_words(line)
    return line.strip() if any(w in _OUTLET_WORDS for w in words) else ""


def _date_only(line: str) -> dt.date | None:
    """The date of a line that holds nothing but a date (a weekday, a time, 'نشر في', 'آخر تحديث')."""
    if len(line) > 120:
        return None
    mentions = find_dates(line)
    full = [m for m in mentions if m.year and m.month and m.day]
    if not full:
        return None
    rest = line
    for m in reversed(mentions):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = _TIME.sub(" ", rest)
    words = _bare_words(rest)
    if any(w not in _DATE_LABELS for w in words) or re.search(r"\d", rest):
        return None
    return dt.date(full[0].year, full[0].month, full[0].day)


# The rules -----------------------------------------------------------------------------


def _cue(cues: tuple[tuple[str, re.Pattern], ...], norm: str) -> bool:
    for word, pattern in cues:
        if word in norm and pattern.search(norm):
            return True
    return False


def classify(text: str, norm: str, arabic_text: bool) -> tuple[str, str]:
    """(rule, note) for a line judged on its own; ("", "") keeps it. ``norm`` is normalize(text).

    Most rules are about short lines; a paragraph-length line is only checked for
    being a disclaimer (and for having no Arabic), which keeps ingest fast.
    """
    if not _ANY_WORD.search(text):
        return "punctuation", ""
    arabic = has_arabic(text)
    if not arabic and (note := _tracking(text)):
        return "tracking", note
    rule, note = _kind(text, norm)
    if not rule and not arabic and arabic_text:
        return "no-arabic", ""
    return rule, note


def _kind(text: str, norm: str) -> tuple[str, str]:
    count = text.count(" ") + 1
    if count > MAX_DISCLAIMER_WORDS:
        return "", ""
    if count > MAX_SHORT_WORDS:
        return ("disclaimer", "") if _cue(_DISCLAIMERS, norm) else ("", "")
    words = _LETTERS.findall(norm)
    if _is_share(words):
        return "share", ""
    if _is_social(words):
        return "social", ""
    if _is_read_also(text, words):
        return "read-also", ""
    if _cue(_PROMPTS, norm):
        return "prompt", ""
    if _is_interface(words, text):
        return "interface", ""
    if _cue(_DISCLAIMERS, norm):
        return "disclaimer", ""
    date = _date_only(text) if has_year(text) else None
    if date:
        return "dateline", date.isoformat()
    return "", ""




def strip_tracking_params(text: str) -> tuple[str, list[str]]:
    """A link inside a paragraph stays; only its tracking parameters (utm_*, fbclid…) are taken off."""
    if "://" not in text and "www." not in text:
        return text, []
    taken: list[str] = []

    def clean(match: re.Match) -> str:
        url = match.group()
        if not _TRACKING_PARAM.search(url):
            return url
        base, _, rest = url.partition("?")
        query, hash_mark, fragment = rest.partition("#")
        keep = []
        for pair in query.split("&"):
            (taken if _TRACKING_NAME.match(pair) else keep).append(pair)
        if hash_mark and _TRACKING_NAME.match(fragment):
            taken.append("#" + fragment)
            hash_mark = fragment = ""
        return base + ("?" + "&".join(keep) if keep else "") + hash_mark + fragment

    return _URL.sub(clean, text), taken
