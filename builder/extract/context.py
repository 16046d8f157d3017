"""Whether a word the knowledge base holds counts where it stands, from the words around it: a title
before a name, a nisba that is a given name, a family name after another given name, a term that
is an ordinary word written as listed. The article-level rules (named elsewhere, a companion in
the paragraph) are in :func:`builder.extract.matching.article_mentions`."""

from __future__ import annotations

from builder.extract.arabic import core_forms, normalize, strip_article

_JOINABLE = ("عبد", "ابو", "ابي")  # written both apart and joined: عبد الفتاح / عبدالفتاح

# Titles that may stand before a name: they make a one-word alias that is also an
# ordinary word (سلامة، كامل) count, and are otherwise optional (the tag covers the name).
TITLES = frozenset(
    strip_article(normalize(t))
    for t in (
        "الرئيس الرئيسة المشير الفريق اللواء العميد العقيد السفير السفيرة الدكتور الدكتورة الشيخ السيد "
        "السيدة الأستاذ الأستاذة المستشار المستشارة الوزير الوزيرة المبعوث المبعوثة القائد الأمير الملك "
        "النائب النائبة الجنرال الأدميرال الرائد النقيب المهندس الحاج"
    ).split()
)
# Two-word titles: the noun and the first word of its complement (وزير الخارجية، رئيس الوزراء…).
TITLE_HEADS = frozenset(
    strip_article(normalize(t))
    for t in "وزير وزيرة رئيس رئيسة نائب نائبة مدير مديرة قائد قائدة امين امينة مبعوث مبعوثة سفير سفيرة متحدث متحدثة".split()
)


def titled(tokens, i: int) -> bool:
    """A title stands right before token i: الرئيس X, or a two-word title such as وزير الخارجية X
    (the second word definite: "رئيس حكومة كامل الصلاحيات" is no title)."""
    if i >= 1 and tokens[i].joined:
        if any(strip_article(f) in TITLES for f in core_forms(tokens[i - 1].norm)):
            return True
        if (
            i >= 2
            and tokens[i - 1].joined
            and tokens[i - 1].norm.startswith("ال")
            and any(strip_article(f) in TITLE_HEADS for f in core_forms(tokens[i - 2].norm))
        ):
            return True
    return False


_NAME_BEFORE = frozenset(("بن", "ابن", "بنت"))  # ... بن تركي: a father's name
_FAMILY_AFTER = "ال"  # آل (normalised): تركي آل الشيخ, a family


def a_given_name(tokens, i: int, end: int) -> bool:
    """An adjective written without ال that is a person's given name: after a title («العقيد تركي»)
    or «بن», or before «آل» or «بن» («تركي آل الشيخ», «تركي بن بندر»). «مسؤول تركي» stays the adjective."""
    if any(form.startswith("ال") for form in core_forms(tokens[i].norm)):
        return False
    if i >= 1 and tokens[i].joined and tokens[i - 1].norm in _NAME_BEFORE:
        return True
    if end + 1 < len(tokens) and (tokens[end + 1].norm == _FAMILY_AFTER or tokens[end + 1].norm in _NAME_BEFORE):
        return True  # (a hashtag's underscore, #تركي_آل_الشيخ, is no break here)
    return titled(tokens, i)


def as_written(forms: frozenset[tuple[str, ...]], norms: list[str]) -> bool:
    """The words are a needs_context term as written: exactly, or a form written with ال behind
    the clitics و ف ب ل ك («والانتخابات», «للانتخابات» for «الانتخابات»). A form without ال takes
    no clitic: «لسلامة» is not «سلامة»."""
    if tuple(norms) in forms:
        return True
    first, rest = norms[0], tuple(norms[1:])
    word = first[1:] if first[:1] in ("و", "ف") else first
    candidates = [word, word[1:]] if word[:1] in ("ب", "ك", "ل") else [word]
    if word.startswith("لل"):
        candidates.append("ال" + word[2:])
    return any(c != first and c.startswith("ال") and (c, *rest) in forms for c in candidates)


def after_another_name(given: frozenset[str], own: frozenset[str], tokens, i: int) -> bool:
    """A family name right after a given name that is none of its members' (a word of the given
    names, «عبدالله» joined, or «عبد X» / «أبو X»): «صدام حفتر», «خالد حفتر» name another person."""
    if i < 1 or not tokens[i].joined:
        return False
    before = tokens[i - 1].norm
    # و or ف may stand before the name, not ب ل ك: «لصالح حفتر» is "in favour of Haftar"
    bare = before[1:] if before[:1] in ("و", "ف") and len(before) > 3 else before
    names = {strip_article(before), strip_article(bare)}
    if names & own:
        return False
    if names & given:
        return True
    if i >= 2 and tokens[i - 1].joined and tokens[i - 2].norm in _JOINABLE[:2]:
        return (tokens[i - 2].norm + before) not in own  # عبد الرحمن حفتر
    return any(before.startswith(head) and len(before) - len(head) >= 3 for head in ("عبد",))
