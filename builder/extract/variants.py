"""One candidate per name: the spellings of one name grouped, and names the knowledge base knows.

Two names are one when

- they are the same once compound heads are split (عبدالله الثاني = عبد الله الثاني), or
- their letter skeletons (the words without ال and without the long vowels ا و ي after the first
  letter: نتنياهو and نتانياهو are both ن ت ن ه) are equal, or one letter apart in a name of at least
  eight skeleton letters, and they share a context: a title or role before them (رئيس الوزراء
  الإسرائيلي), so that محمد عباس is not folded into محمود عباس unless the articles call both the same, or
- one is an organisation's name and the other the same with its country's adjective (حزب الله / حزب
  الله اللبناني; :func:`builder.extract.org_names.with_own_adjective`).

A group whose skeleton matches an alias of a knowledge-base entry is marked ``known_as`` that entry:
it is offered as a new alias of it, not as a new entry.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from builder.extract.arabic import core_forms, normalize, strip_article
from builder.extract.candidates import Candidate, Example, Occurrence
from builder.extract.matching import Matcher
from builder.extract.org_names import with_own_adjective

_VOWELS = str.maketrans("", "", "اوي")
_PLACES = ("city", "region", "site")


def split_compounds(words: tuple[str, ...]) -> tuple[str, ...]:
    """عبدالله → عبد الله, ابوبكر stays (only a joined head before ال is split surely)."""
    out: list[str] = []
    for word in words:
        for head in ("عبد", "ابو", "ابي"):
            if word.startswith(head + "ال") and len(word) > len(head) + 3:
                out += [head, word[len(head):]]
                break
        else:
            out.append(word)
    return tuple(out)


def skeleton(words: tuple[str, ...]) -> str:
    letters = []
    for word in split_compounds(words):
        word = strip_article(word)
        letters.append(word[:1] + word[1:].translate(_VOWELS))
    return "".join(letters)


def _deletions(text: str) -> set[str]:
    return {text} | {text[:i] + text[i + 1:] for i in range(len(text))}


def _near(a: str, b: str) -> bool:
    """Equal, or one substitution, insertion or deletion apart (for skeletons of 8 letters and more)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 8 or abs(len(a) - len(b)) > 1:
        return False
    return bool(_deletions(a) & _deletions(b)) and (len(a) != len(b) or sum(x != y for x, y in zip(a, b)) <= 1)


def _letters(words: tuple[str, ...]) -> str:
    return "".join(strip_article(w) for w in split_compounds(words))


def _vowels_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name is the other with long vowels added (نتنياهو / نتانياهو، بوتن / بوتين, not مقاومة / مقيمة)."""
    short, long = sorted((_letters(a), _letters(b)), key=len)
    rest = iter(long)
    return all(ch in rest for ch in short) and all(ch in "اوي" for ch in _extra(short, long))


def _extra(short: str, long: str) -> str:
    out, i = [], 0
    for ch in long:
        if i < len(short) and short[i] == ch:
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def _parts(words: tuple[str, ...]) -> int:
    return sum(w not in ("بن", "ابن", "بنت", "عبد", "ابو", "ال") for w in words)


def _cue_key(cue: str) -> str:
    return " ".join(strip_article(core_forms(w)[-1]) for w in normalize(cue).split())


def _family(kind: str) -> str:
    return "place" if kind in _PLACES else kind


class _Union:
    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a, b) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _known(matcher: Matcher) -> dict[str, list[tuple[str, str]]]:
    """Deletion variants of the skeleton of every actor's and place's alias → (skeleton, slug)."""
    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in matcher.entities.values():
        if entity.type == "topic":
            continue
        for term in entity.terms:
            words = tuple(normalize(w) for w in term.split())
            if len(words) < 2:
                continue
            sk = skeleton(words)
            for variant in _deletions(sk) if len(sk) >= 8 else {sk}:
                index[variant].append((sk, entity.slug))
    return index


def group(named: dict[tuple[str, tuple[str, ...]], list[Occurrence]], matcher: Matcher, limit: int = 50,
          examples: int = 3) -> list[Candidate]:
    names = sorted(named, key=lambda k: (-len(named[k]), k))
    union = _Union(names)
    cues = {name: {_cue_key(o.cue) for o in named[name]} for name in names}
    by_split: dict[tuple, tuple] = {}
    by_variant: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for name in names:
        kind, words = name
        split = (_family(kind), split_compounds(words))
        if split in by_split:
            union.join(by_split[split], name)
        else:
            by_split[split] = name
        sk = skeleton(words)
        if len(sk) < 5:
            continue
        for variant in _deletions(sk) if len(sk) >= 8 else {sk}:
            for other in by_variant[_family(kind), variant]:
                if kind == "person" and not cues[other] & cues[name]:
                    continue
                if _vowels_apart(other[1], words) or (_parts(words) >= 3 and _near(skeleton(other[1]), sk)):
                    union.join(other, name)
            by_variant[_family(kind), variant].append(name)
    for short, long in with_own_adjective([words for kind, words in names if kind == "organisation"]):
        union.join(("organisation", short), ("organisation", long))  # حزب الله / حزب الله اللبناني
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for name in names:
        groups[union.find(name)].append(name)
    ranked = sorted(groups.values(), key=lambda g: (
        -sum(len(named[n]) for n in g), -len({o.article for n in g for o in named[n]}), g[0][0] != "person", g[0]))
    known = _known(matcher)
    return [_candidate(members, named, known, examples) for members in ranked[:limit]]


def _candidate(members: list[tuple], named, known, examples: int) -> Candidate:
    occurrences = [o for name in members for o in named[name]]
    spellings: Counter[str] = Counter()
    for name in members:
        for o in named[name]:
            spellings[" ".join(o.surfaces)] += 1
    by_norm: dict[str, str] = {}
    for spelling, _ in spellings.most_common():
        by_norm.setdefault(normalize(spelling), spelling)
    whole = Counter(" ".join(o.surfaces) for o in named[members[0]] if len(o.words) == len(members[0][1]))
    name = whole.most_common(1)[0][0] if whole else next(iter(by_norm.values()))
    aliases = tuple(dict.fromkeys([name, *(a for a in by_norm.values() if normalize(a) != normalize(name))]))
    kinds = Counter(o.kind for o in occurrences)
    dates = sorted(o.date for o in occurrences if o.date)
    shown: list[Example] = []
    seen_articles: set[str] = set()
    for o in occurrences:
        if len(shown) < examples and o.article not in seen_articles:
            seen_articles.add(o.article)
            shown.append(Example(o.article, o.block, o.sentence, o.date))
    sk = skeleton(members[0][1])
    matches = {slug for v in (_deletions(sk) if len(sk) >= 8 else {sk}) for other, slug in known.get(v, ())
               if _near(other, sk)}
    return Candidate(
        name=name,
        aliases=aliases,
        kind=kinds.most_common(1)[0][0],
        count=len(occurrences),
        articles=len({o.article for o in occurrences}),
        cue=Counter(o.cue for o in occurrences).most_common(1)[0][0],
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        examples=tuple(shown),
        known_as=min(matches) if matches else "",
    )
