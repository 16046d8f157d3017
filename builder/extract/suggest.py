""""Did you mean": the known names nearest a misspelled one.

Names are compared on their normalised form (:func:`builder.extract.arabic.normalize`: diacritics, hamza
and alef forms, ة/ه, ى/ي folded; Latin lower-cased), by edit distance, a swap of two neighbouring
letters counting as one edit. So «حفطر» finds «حفتر» (one letter), ``egpyt`` finds ``egypt`` (one
swap) and «خليفه حفتر» is «خليفة حفتر» itself.

A knowledge-base entry is found by its slug, its names and aliases, or by one word of them (a
family name): :func:`entry_hint` is what every place that asks for an entry says when the one
given is not there (pins and vetoes, and ``explain``'s and ``add-actor``'s names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping

from builder.extract.arabic import normalize

if TYPE_CHECKING:
    from builder.site.records import Entity

_MIN_WORD = 3  # words of a name shorter than this are not compared alone (ال، بن، al)


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) that turn ``a`` into ``b``."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def reach(word: str) -> int:
    """How many edits still count as a misspelling of a word this long: 1 up to 4 letters, 2 up to
    8, then a quarter of its length."""
    n = len(word)
    return 1 if n <= 4 else 2 if n <= 8 else n // 4


def closest(word: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The known names nearest ``word`` within :func:`reach`, nearest first (ties by name)."""
    key = normalize(word.strip())
    if not key:
        return []
    scored = sorted((distance(key, normalize(name)), name) for name in set(known))
    return [name for d, name in scored if d <= reach(key)][:limit]


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``did you mean 'x'?`` (or ``'x' or 'y'``) for the nearest known names; "" when none is near."""
    names = closest(word, known)
    return f"did you mean {_either(repr(n) for n in names)}?" if names else ""


def closest_entries(word: str, entities: Iterable[Entity], limit: int = 3, whole: bool = False) -> list[Entity]:
    """The entries ``word`` most likely means: those nearest by slug, name, English name, alias or
    family name as a whole, else by one word of them (``haftar``: every Haftar); within
    :func:`reach`; by slug. ``whole``: by whole names only."""
    key = normalize(word.strip())
    if not key:
        return []
    best: dict[str, tuple[int, int, Entity]] = {}
    for entity in entities:
        for part, form in _forms(entity):
            if part and whole:
                continue
            d = distance(key, form)
            if d <= reach(key) and (entity.slug not in best or (d, part) < best[entity.slug][:2]):
                best[entity.slug] = (d, part, entity)
    ranked = sorted(best.values(), key=lambda item: (item[0], item[1], item[2].slug))
    return [entity for d, part, entity in ranked if (d, part) == ranked[0][:2]][:limit]


def entry_hint(word: str, entities: Iterable[Entity] | Mapping[str, Entity]) -> str:
    """``did you mean 'khalifa-haftar' «خليفة حفتر»?`` for the entries nearest ``word``; "" when none."""
    if isinstance(entities, Mapping):
        entities = entities.values()
    found = closest_entries(word, entities)
    return f"did you mean {entries(found)}?" if found else ""


def entries(found: Iterable[Entity]) -> str:
    """``'khalifa-haftar' «خليفة حفتر» or 'saddam-haftar' «صدام حفتر»``"""
    return _either(f"{e.slug!r} «{e.name}»" for e in found)


def _forms(entity: Entity) -> Iterable[tuple[int, str]]:
    """(0, a whole name) and (1, a word of one), normalised."""
    names = {entity.slug, entity.slug.replace("-", " "), entity.name, entity.name_en, *entity.terms, entity.family}
    for name in filter(None, names):
        form = normalize(name)
        yield 0, form
        words = form.replace("-", " ").split()
        if len(words) > 1:
            yield from ((1, w) for w in words if len(w) >= _MIN_WORD)


def _either(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
