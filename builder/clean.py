"""Raw scraped article text → clean paragraphs, a title, and a record of everything removed.

Pure functions on text: no files here. Every rule is general (it describes a
kind of junk, never a particular site's string) and every removal is recorded
with the rule's name and the line it came from, so a researcher can audit and
undo it. The rules and their risks are documented in docs/ingest.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import has_arabic, normalize

# Words that make up share/social-button lines (normalised spelling).
_SHARE_WORDS = {
    "شارك", "شاركوا", "شاركها", "مشاركه", "انشر", "نشر", "طباعه", "اطبع", "ارسل", "ارسال",
    "تويتر", "فيسبوك", "فيس", "بوك", "واتساب", "واتس", "تيليجرام", "تلغرام", "لينكدان", "انستغرام",
    "انستجرام", "يوتيوب", "بريد", "نسخ", "حفظ", "تغريد", "غرد",
}
_SHARE_FILLER = {"الخبر", "المقال", "الموضوع", "الرابط", "هذا", "هذه", "عبر", "علي", "مع", "اصدقائك", "الالكتروني", "او", "و", "الصفحه"}
_READ_ALSO = re.compile(
    r"^(?:اقرا|طالع|شاهد|تابع)\s+(?:ايضا|المزيد|كذلك)"
    r"|^(?:اخبار|مواضيع|موضوعات|مقالات|قصص)\s+(?:ذات\s+صله|متعلقه|مشابهه|مرتبطه|اخري)"
    r"|^(?:الاكثر\s+(?:قراءه|مشاهده)|قد\s+يهمك|لا\s+تفوتك|ذات\s+صله|اقرا\s+ايضا)"
)
_DISCLAIMER = re.compile(
    r"لا\s+(?:يعبر|تعبر)\s+عن\s+(?:وجهه|راي|رأي)|غير\s+(?:مسيولين|مسوولين|مسئولين)\s+عن|العهده\s+علي"
    r"|جميع\s+الحقوق\s+محفوظه|يحظر\s+(?:نسخ|نقل|اعاده\s+نشر)|تم\s+(?:نقله|نشره)\s+(?:بمحتواه|من)"
)
_DISCLAIMER_OUTLET = re.compile(r"عن\s+وجه[هة]\s+نظر\s+(?P<outlet>[^\s.،,]+(?:\s+[^\s.،,]+){0,3}?)\s+(?:و|وانما|بل|,|،|\.)")
_BYLINE_TAIL = {"متابعات", "خاص", "وكالات", "مراسلون", "مراسلنا", "تقرير"}
_BYLINE_WORDS = {"بقلم", "كتب", "كتبت", "اعداد", "تحرير"}
_DASHES = "–—-−"
_BULLET = re.compile(r"^\s*(?:[-•*▪►◄]|\d+[.)])\s+")
_SENTENCE_END = ("." ,"!", "؟", "?", ":", "…", '"', "»", ")")
_MAX_HEADLINE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Removed:
    rule: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p" or "h"
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Cleaned:
    title: str
    title_from: str  # "first line" or "lead"
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...]
    outlet: str  # outlet named by a byline or disclaimer, "" if none


def _words(line: str) -> list[str]:
    return normalize(line).split()


def _bare_words(line: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", normalize(line))


def _is_headline(line: str) -> bool:
    text = line.strip()
    return 0 < len(text.split()) <= _MAX_HEADLINE_WORDS and not text.endswith(_SENTENCE_END[:5])


def _is_share(line: str) -> bool:
    words = _bare_words(line)
    if not words or len(words) > 6:
        return False
    return any(w in _SHARE_WORDS for w in words) and all(w in _SHARE_WORDS or w in _SHARE_FILLER for w in words)


def _is_read_also(line: str) -> bool:
    words = _bare_words(line)
    return 0 < len(words) <= 5 and _READ_ALSO.search(" ".join(words)) is not None


def _byline_outlet(line: str) -> str | None:
    """'يافع نيوز – متابعات' → 'يافع نيوز'; 'بقلم فلان' → ''; anything else → None."""
    words = line.split()
    if not words or len(words) > 7:
        return None
    parts = [p.strip() for p in re.split(rf"\s+[{_DASHES}]\s+|\s*[|/]\s*", line.strip()) if p.strip()]
    if len(parts) == 2:
        left, right = parts
        if normalize(right) in _BYLINE_TAIL:
            return left
        if normalize(left) in _BYLINE_TAIL:
            return right
    if normalize(words[0]) in _BYLINE_WORDS:
        return ""
    return None


def clean_text(text: str) -> Cleaned:
    """Apply the rules line by line; a blank line or a line break both end a paragraph."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[Removed] = []
    kept: list[tuple[int, str]] = []
    outlet = ""
    seen: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = " ".join(raw.split())
        if not line:
            continue
        rule = None
        if not has_arabic(line):
            rule = "no-arabic"
        elif _is_share(line):
            rule = "share"
        elif _is_read_also(line):
            rule = "read-also"
        elif _DISCLAIMER.search(normalize(line)):
            rule = "disclaimer"
            match = _DISCLAIMER_OUTLET.search(line)
            if match and not outlet:
                outlet = match.group("outlet").strip()
        elif (by := _byline_outlet(line)) is not None and len(kept) <= 2:
            rule = "byline"
            outlet = outlet or by
        elif _BULLET.match(line) and _is_headline(_BULLET.sub("", line)):
            rule = "related-headline"
        else:
            key = " ".join(_words(line))
            if key in seen:
                rule = "repeat"
            seen.add(key)
        if rule:
            removed.append(Removed(rule, number, line))
        else:
            kept.append((number, line))

    # A short unpunctuated last line after the text is a site tagline or signature.
    if len(kept) >= 2:
        number, last = kept[-1]
        if len(last.split()) <= 4 and not re.search(r"[.،,:؛!؟?]", last):
            removed.append(Removed("tagline", number, last))
            kept.pop()

    title, title_from = "", "lead"
    if kept and _is_headline(kept[0][1]) and len(kept) > 1:
        title, title_from = kept[0][1], "first line"
        kept = kept[1:]
    elif kept:
        title = _title_from_lead(kept[0][1])

    blocks = []
    for i, (number, line) in enumerate(kept):
        followed_by_text = i + 1 < len(kept) and not _is_headline(kept[i + 1][1])
        kind = "h" if _is_headline(line) and len(line.split()) <= 12 and followed_by_text and i > 0 else "p"
        blocks.append(Block(kind, line, number))
    removed.sort(key=lambda r: r.line)
    return Cleaned(title=title, title_from=title_from, blocks=tuple(blocks), removed=tuple(removed), outlet=outlet)


def _title_from_lead(paragraph: str, max_words: int = 12) -> str:
    """The lead's first sentence, cut at a word boundary."""
    sentence = re.split(r"(?<=[.!؟?])\s", paragraph, maxsplit=1)[0]
    sentence = re.sub(r"^[^\s]+\s+[" + _DASHES + r"]\s+", "", sentence)  # a dateline "القاهرة –"
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".،, ")
    return " ".join(words[:max_words]).rstrip(".،, ") + "…"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Make text render as itself: no Markdown syntax, no HTML, no entities."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def to_markdown(cleaned: Cleaned) -> str:
    parts = []
    for block in cleaned.blocks:
        body = escape_markdown(block.text)
        parts.append(f"## {body}" if block.kind == "h" else body)
    return "\n\n".join(parts) + "\n"
