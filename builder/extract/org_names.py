"""Which organisation names discovery offers, and which two are one.

Arabic grammar tells a name from a description after a head noun. After an indefinite head the next
word is its complement, the name's own (تنظيم الدولة، حزب الله، جبهة النصرة); after a definite head
(التنظيم، التحالف، الجماعة) definite words are adjectives, and a group's definite head with adjectives
only is a description that points back at a name given elsewhere (التنظيم الإرهابي، التنظيم المتطرف،
التحالف العسكري) — unless an adjective ties it to a country, a region or a people (الجيش الإسرائيلي،
التحالف العربي، الاتحاد الأوروبي، الحزب الديمقراطي الكردستاني), which makes it that one's (an institution's
head with adjectives is a name: المحكمة الإدارية العليا، الحرس الثوري). A describing head before
another head names the other (ميليشيات حزب الله is حزب الله). An
indefinite head with an indefinite adjective is a description too (تنظيم إرهابي، منظمة إرهابية). A front
(جبهة، محور) followed by a place is a battle front, not an organisation: it is a mention of that place
(جبهة الساحل الغربي → الساحل الغربي، جبهة صرواح → صرواح); جبهة النصرة and جبهة البوليساريو stay.

An organisation written with and without the adjective of its country is one organisation (حزب الله
/ حزب الله اللبناني), unless the shorter name goes on with the adjectives of several countries
(وزارة الخارجية الأمريكية / الروسية: the shorter is no one's name).

The adjectives of countries are the gazetteer's (:mod:`builder.extract.gazetteer`, nisba forms by
rule from CLDR names); those of regions and peoples are listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from builder.extract.arabic import core_forms, normalize, strip_article

# Adjectives of a region, a people or the world that make an organisation's name (normalised).
_REGIONAL = {normalize(w): normalize(stem) for stem in (
    "العربي الأوروبي الأفريقي الإفريقي الخليجي الكردي الكردستاني الإسلامي الدولي الأممي العالمي الآسيوي "
    "الفلسطيني الأطلسي المغاربي اللاتيني"
).split() for w in (stem, stem + "ة", stem + "ون", stem + "ين")}
# Direction adjectives: a front's complement ending in one is a stretch of land (الساحل الغربي).
_DIRECTIONS = frozenset(normalize(w) for stem in "الغربي الشرقي الشمالي الجنوبي".split() for w in (stem, stem + "ة"))
_FRONTS = frozenset(normalize(w) for w in "جبهة محور".split())
# Heads of a group of people (not of an institution: المحكمة الإدارية العليا، الحرس الثوري، المجلس
# السياسي الأعلى are names), which the press uses with an adjective to refer back to a group.
_GROUPS = frozenset(normalize(w) for w in (
    "تنظيم تحالف جماعة حركة حزب جبهة منظمة ميليشيا ميليشيات مليشيا مليشيات قوات").split())
# Heads that describe rather than name: their name needs a word of its own, without ال (قوات سوريا
# الديمقراطية is a name, القوات الأمريكية and قوات الأمن are not), and one before another head names
# that one (ميليشيات حزب الله is حزب الله).
DESCRIBING = frozenset(normalize(w) for w in "قوات ميليشيا ميليشيات مليشيا مليشيات".split())


@cache
def place_adjectives() -> dict[str, str]:
    """Every adjective form (normalised, with ال) of a country of the gazetteer, a region or a people →
    whose it is (the country's slug; a region's masculine form)."""
    from builder.extract.gazetteer import entries

    owners = {w: w for w in _REGIONAL}
    for entry in entries():
        if entry.kind == "country":
            owners.update((normalize(a), entry.slug) for a in entry.adjectives if a.startswith("ال"))
    return owners


def _definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3


def is_description(words: tuple[str, ...], heads: frozenset[str], places: frozenset[tuple[str, ...]],
                   counts: Mapping[str, int]) -> bool:
    """An organisation's name (normalised words, its head first) that only describes: a definite head
    of a group with adjectives of no country, region or people; a describing head before another
    organisation's head (``heads``); an indefinite head with indefinite adjectives that the corpus
    (``counts``: normalised words) also writes with ال (تنظيم إرهابي, but not جبهة قانية); a front followed by a place (``places``: names of places with and without ال) or by
    a stretch of land (الساحل الغربي)."""
    head, rest = words[0], words[1:]
    if not rest:
        return False
    if _definite(head) and strip_article(head) in _GROUPS and all(_definite(w) for w in rest):
        return not any(w in place_adjectives() for w in rest)
    if strip_article(head) in DESCRIBING and any(f in heads for f in core_forms(rest[0])):
        return True
    if not _definite(head) and all(not _definite(w) and w.endswith(("ي", "يه")) and counts.get("ال" + w, 0)
                                   for w in rest):
        return True  # تنظيم إرهابي، منظمة إرهابية، جيش قوي: an indefinite head and its adjective
    return front_place(words, places) is not None


def front_place(words: tuple[str, ...], places: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The place a battle front is named after (جبهة صرواح → صرواح، جبهة الساحل الغربي → الساحل الغربي):
    the words after جبهة or محور when they are a place's name or end in a direction adjective."""
    head, rest = words[0], words[1:]
    if head not in _FRONTS or not rest:
        return None
    if rest in places or tuple(strip_article(w) for w in rest) in places or rest[-1] in _DIRECTIONS:
        return rest
    return None


def with_own_adjective(names: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(shorter, longer) pairs of organisation names where the longer is the shorter and a country's
    (region's, people's) adjective, and the shorter goes on with no other such adjective."""
    known, owners = set(names), place_adjectives()
    longer: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for name in names:
        if len(name) >= 3 and name[-1] in owners and name[:-1] in known:
            longer.setdefault(name[:-1], []).append(name)
    return [(short, long) for short, longs in longer.items() if len({owners[w[-1]] for w in longs}) == 1
            for long in longs]
