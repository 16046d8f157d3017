"""Growing the knowledge base: whole names the articles give that it does not know yet.

Three cues start a name:

- a person's title or role (الرئيس، المشير، ولي العهد، وزير الخارجية السعودي، المتحدث باسم الوزارة…),
  after which a person's name runs on: given names, compound heads (عبد، أبو، آل) with their
  second word, chains with بن/ابن/بنت, up to five words;
- an organisation's head noun (وزارة، حزب، هيئة، مجلس، حركة…), which is part of its name;
- a place's head noun (مدينة، محافظة، بلدة…), after which comes the place's name.

A name stops at punctuation, a function word, a title or role word, a word that is a clitic
(بالديوان is ب + الديوان) or one that the corpus mostly uses elsewhere (قال، يلتقي). How far a name
runs is decided by the whole corpus (:func:`_cut`): one more word belongs to the name when most
occurrences of the shorter name go on with it (رجب طيب → أردوغان), so a name is whole and the
words that happen to follow it once are not taken. The occurrences of one name under several
spellings are then grouped (:mod:`builder.extract.variants`). ``actor_file`` writes one name as a
knowledge-base file; :mod:`builder.extract.kb_review` writes and accepts many at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import yaml

from builder.extract.arabic import FUNCTION_WORDS, core_forms, has_arabic, normalize, slugify, strip_article, tokenize
from builder.errors import Location, SiteError
from builder.extract.candidates import Candidate, Occurrence
from builder.extract.matching import TITLE_HEADS, TITLES, Matcher, scan
from builder.extract.org_names import DESCRIBING, front_place, is_description
from builder.site.records import Corpus


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Words that are never part of a name (normalised; also their forms without ال).
_STOP = FUNCTION_WORDS | _norm_set(
    "إن أنه انه بأن التي الذي وهو وهي ولا إلا الا عبر ضد دون نحو لدى وفق بحسب حسب أمام خلف تحت فوق "
    "يوم السابق الجديد الحالي الأسبق المكلف بالإنابة المنتهية ولايته الراحل المخلوع المقبل "
    "قال وقال أكد وأكد أعلن وأعلن أشار أوضح أضاف وأضاف قالت وقالت أكدت أعلنت ذكر ذكرت دعا شدد اعتبر رأى "
    "يقول تقول يرى زار يزور التقى يلتقي استقبل يستقبل بحث يبحث تلقى أجرى بعث هنأ وصل يصل غادر أمر يأمر "
    "اليوم أمس غدا السبت الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة "
    "عام العام أيضا جدا الذين اللذين هنا هناك وذلك كذلك خاصة بقيادة برئاسة بزعامة"
)
# Rank words that continue a title (الفريق أول ركن، اللواء الطيار) and words that are titles or roles
# beyond extract's (a name stops before them: محمد بن سلمان ولي العهد).
_RANKS = _norm_set("أول ركن بحري طيار الركن الطيار البحري متقاعد")
_MORE_TITLES = _norm_set(
    "العاهل ولي خادم زعيم الزعيم المرشد المتحدث الناطق المتحدثة الناطقة القيادي النائب الإمام البابا "
    "الكاتب الصحفي الصحافي المحلل الناشط الباحث المدير الأمين رئيس وزير الجنرال المدعي القاضي المفتي "
    "الملكة الأميرة الشيخة السلطان المستشار العضو عضو نجل ابن شقيق زوجة زوج والد والدة"
)
_PERSON_CUES = _MORE_TITLES - _norm_set("نجل ابن شقيق زوجة زوج والد والدة عضو العضو")
# Nouns that continue a role's complement (رئيس حكومة الوحدة الوطنية، المتحدث باسم وزارة الخارجية).
_COMPLEMENT = _norm_set(
    "حكومة مجلس هيئة لجنة بعثة جهاز وزارة دولة جمهورية مكتب مؤسسة حزب اتحاد قوات أركان العهد باسم الحرمين "
    "الشريفين منظمة حركة جيش تحالف المرصد مرصد"
)
_JOINERS = _norm_set("بن ابن بنت")
_COMPOUND = _norm_set("عبد أبو أبي آل أم")  # آل normalises to ال, a word of its own
_ORG_HEADS = _norm_set(
    "وزارة حزب هيئة مجلس حركة جبهة منظمة جمعية جامعة لجنة مؤسسة شركة وكالة اتحاد تحالف جيش ميليشيا "
    "ميليشيات مليشيا مليشيات مرصد بنك مصرف صندوق محكمة برلمان قوات جماعة تنظيم حرس مفوضية"
)
# A place's head noun and the kind of place it names (the head itself is not part of the name).
_PLACE_HEADS = {
    **{w: "city" for w in _norm_set("مدينة بلدة قرية")},
    **{w: "region" for w in _norm_set("محافظة ولاية إقليم منطقة ناحية قضاء قطاع")},
    **{w: "site" for w in _norm_set("مخيم حي")},
}
MAX_WORDS = 5
_MIN_SHARE = 0.01  # a name's word must be used in the name at least this often (of all its uses)


def _forms(norm: str) -> tuple[str, ...]:
    return tuple(strip_article(f) for f in core_forms(norm)) + core_forms(norm)


def _in(norm: str, words: frozenset[str]) -> bool:
    return any(f in words for f in _forms(norm))


def _is_cue(norm: str) -> bool:
    return any(f in TITLES or f in TITLE_HEADS or f in _PERSON_CUES for f in _forms(norm))


def _is_title_word(norm: str) -> bool:
    forms = _forms(norm)
    return any(f in TITLES or f in TITLE_HEADS or f in _MORE_TITLES or f in _RANKS for f in forms)


class _Words:
    """How often the corpus uses each word: a name's word is one the corpus does not mostly use elsewhere."""

    def __init__(self, counts: Counter[str]):
        self.counts = counts

    def clitic(self, norm: str) -> bool:
        """بالديوان، والرئيس، للإغاثة: a prefix on a word the corpus uses more often without it."""
        if norm[:2] in ("لل", "بال", "وال", "فال", "كال") or norm.startswith(("بال", "وال", "فال", "كال")):
            return True
        return norm[:1] in "وفبلك" and len(norm) > 3 and self.counts[norm[1:]] > 2 * self.counts[norm]


def _name_word(token, words: _Words, first: bool) -> bool:
    norm = token.norm
    return (
        has_arabic(norm)
        and len(norm) >= 2
        and not norm[0].isdigit()
        and norm not in _STOP
        and strip_article(norm) not in _STOP
        and not _is_title_word(norm)
        and not words.clitic(norm)
        and not (first and norm.startswith("ال") and norm != "ال")
        and not (first and any(f in _ORG_HEADS or f in _PLACE_HEADS for f in core_forms(norm)))
    )


def _person_span(tokens, j: int, words: _Words) -> int:
    """End (exclusive) of the longest run at j that can be a person's name; j if none."""
    k, n = j, len(tokens)
    while k < n and k - j < MAX_WORDS:
        token = tokens[k]
        if k > j and not token.joined:
            break
        if token.norm in _JOINERS and k > j:
            k += 1
            continue
        if not _name_word(token, words, first=k == j):
            break
        k += 1
    while k > j and tokens[k - 1].norm in _JOINERS | _COMPOUND:
        k -= 1  # a name never ends on بن or عبد
    return k


def _ends(words: tuple[str, ...], kind: str) -> list[int]:
    """Where a name of these words may end: after each part (a compound head takes the next word with it;
    a joiner binds to the part after it). The first end is the shortest name: two parts for a person,
    the head and one word for an organisation, one part for a place."""
    ends, k, parts = [], 0, 0
    minimum = 2 if kind in ("person", "organisation") else 1
    while k < len(words):
        k += 2 if words[k] in _COMPOUND and k + 1 < len(words) and kind != "organisation" else 1
        parts += 1
        if parts >= minimum:
            ends.append(k)
        if k < len(words) and words[k] in _JOINERS:
            k += 1
    return ends


def _complement_end(tokens, i: int) -> int:
    """End of a role's complement after its head at i (رئيس مجلس النواب الليبي، المتحدث باسم الجيش)."""
    k = i + 1
    while k < len(tokens) and tokens[k].joined:
        norm = tokens[k].norm
        if norm in _STOP or not (norm.startswith(("ال", "لل", "لشوون", "لحقوق")) or _in(norm, _COMPLEMENT | _RANKS)):
            break
        k += 1
    return k


def find_occurrences(corpus: Corpus, matcher: Matcher) -> tuple[list[Occurrence], _Words]:
    counts: Counter[str] = Counter()
    tokenised = []
    for article in corpus.articles:
        blocks = []
        for block in article.blocks:
            tokens = tokenize(block.text)
            counts.update(t.norm for t in tokens)
            blocks.append((block, tokens))
        tokenised.append((article, blocks))
    words = _Words(counts)
    found: list[Occurrence] = []
    for article, blocks in tokenised:
        for block, tokens in blocks:
            covered = [False] * len(tokens)
            starts = {t.start: k for k, t in enumerate(tokens)}
            for hit in scan(matcher, block.text, tokens):
                k = starts.get(hit.start)
                while k is not None and k < len(tokens) and tokens[k].start < hit.end:
                    covered[k] = True
                    k += 1
            started: set[tuple[str, int]] = set()  # العاهل الأردني الملك عبد الله: one name, two cues
            for i, token in enumerate(tokens):
                for kind, cue_end, j in _starts(tokens, i):
                    if (kind, j) in started:
                        continue
                    started.add((kind, j))
                    end = _person_span(tokens, j, words) if kind == "person" else _thing_span(tokens, j, words, kind)
                    if kind == "organisation":  # its name may hold a known word: مجلس النواب الليبي
                        if covered[j]:
                            continue
                    else:  # a person's or place's name stops where a known name starts
                        end = next((k for k in range(j, end) if covered[k]), end)
                    if end <= j:
                        continue
                    text = block.text
                    norms = [tokens[k].norm for k in range(j, end)]
                    surfaces = [text[tokens[k].start:tokens[k].end] for k in range(j, end)]
                    if kind == "organisation":  # بوزارة → وزارة, والجيش → الجيش
                        head = next(f for f in core_forms(norms[0]) if strip_article(f) in _ORG_HEADS)
                        surfaces[0] = surfaces[0][len(norms[0]) - len(head):]
                        if norms[0].startswith("لل") and norms[0][2:] == head:  # للجيش is ل + الجيش
                            surfaces[0], head = "ال" + surfaces[0], "ال" + head
                        norms[0] = head
                    found.append(Occurrence(
                        words=tuple(norms),
                        surfaces=tuple(surfaces),
                        kind=kind,
                        cue=text[tokens[i].start:tokens[cue_end - 1].end],
                        article=article.slug,
                        date=article.date,
                        block=block.anchor,
                        text=text,
                        start=tokens[j].start,
                        end=tokens[end - 1].end,
                    ))
    return found, words


def _starts(tokens, i: int):
    """(kind, end of the cue, where the name starts) for each name a cue at token i announces."""
    norm = tokens[i].norm
    if _is_cue(norm):
        end = _complement_end(tokens, i)
        while end < len(tokens) and tokens[end].joined and _in(tokens[end].norm, _RANKS):
            end += 1
        if end < len(tokens) and tokens[end].joined:
            yield "person", end, end
    forms = core_forms(norm)
    if any(strip_article(f) in _ORG_HEADS for f in forms) and i + 1 < len(tokens) and tokens[i + 1].joined:
        yield "organisation", i + 1, i
    place = next((_PLACE_HEADS[f] for f in forms if f in _PLACE_HEADS and not norm[: len(norm) - len(f)].endswith(("ال", "لل"))), None)
    if place and i + 1 < len(tokens) and tokens[i + 1].joined:
        yield place, i + 1, i + 1


def _thing_span(tokens, j: int, words: _Words, kind: str) -> int:
    """End of the longest run at j that can be an organisation's name (its head at j) or a place's."""
    k, n = j + (1 if kind == "organisation" else 0), len(tokens)
    while k < n and k - j < MAX_WORDS and tokens[k].joined:
        norm = tokens[k].norm
        # a complement with ل inside an organisation's name: المرصد السوري لحقوق الإنسان
        inner = kind == "organisation" and k > j + 1 and norm not in _STOP and (
            norm[:1] == "ل" or norm.startswith("وال")  # حزب العدالة والتنمية
        )
        if not inner and not _name_word(tokens[k], words, first=False):
            break
        if k > j + 1 and tokens[k - 1].norm.startswith("ال") and not norm.startswith(("ال", "ل", "وال")):
            break  # after a definite word an indefinite one starts another phrase: …الأمريكية هيذر ناورت
        k += 1
    return k


def _cut(occurrences: list[Occurrence], words: _Words, places: frozenset[tuple[str, ...]] = frozenset()
         ) -> dict[tuple[str, tuple[str, ...]], list[Occurrence]]:
    """Each occurrence under the whole name it gives.

    Names are read off a trie of every occurrence's parts. An occurrence goes on from the shortest name
    along its own words while the next part is the usual one (at least half the occurrences of the
    shorter name go on with it) or a frequent one of its own (three occurrences and a tenth of them:
    وزارة الخارجية → السعودية); a part's words must be used in the name at least _MIN_SHARE of their
    uses in the corpus, so that a common word after a name (قال، يلتقي) is not taken for its end. A
    shorter name that usually goes on is the longer one written short (رجب طيب → رجب طيب أردوغان); an
    organisation's or place's name that goes on in several frequent ways is a description, not a name
    (وزارة الخارجية → الأمريكية، السعودية، الروسية…), and is not offered alone; nor is a description
    (:func:`builder.extract.org_names.is_description`: التنظيم الإرهابي), and a battle front is a mention
    of its place (جبهة صرواح → صرواح), ``places`` being the names of places known or found, with and
    without ال."""
    prefix: Counter[tuple[str, tuple[str, ...]]] = Counter()
    children: dict[tuple[str, tuple[str, ...]], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for occ in occurrences:
        ends = _ends(occ.words, occ.kind)
        for e, previous in zip(ends, [0, *ends]):
            prefix[occ.kind, occ.words[:e]] += 1
            if previous:
                children[occ.kind, occ.words[:previous]][occ.words[:e]] += 1

    def rare(n: int, part: tuple[str, ...]) -> bool:
        return all(n >= _MIN_SHARE * words.counts[w] for w in part if w not in _JOINERS | _COMPOUND)

    def goes_on(kind: str, key: tuple[str, ...], child: tuple[str, ...], alone: bool) -> bool:
        n, whole, part = children[kind, key][child], prefix[kind, key], child[len(key):]
        if kind != "person" and n == whole and all(w.startswith("ال") for w in part):
            return True  # every occurrence goes on with a definite word: one phrase (وزارة الخارجية الأمريكية)
        return n >= 2 and rare(n, part) and (2 * n >= whole or (alone and n >= 3 and 10 * n >= whole))

    def described(kind: str, key: tuple[str, ...], child: tuple[str, ...]) -> bool:
        n = children[kind, key][child]
        return n >= 3 and 30 * n >= prefix[kind, key] and rare(n, child[len(key):])

    found_places = frozenset(o.words[:e] for o in occurrences if o.kind in ("city", "region", "site")
                             for e in _ends(o.words, o.kind))
    named: dict[tuple[str, tuple[str, ...]], list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        ends = _ends(occ.words, occ.kind)
        if not ends or not rare(prefix[occ.kind, occ.words[: ends[0]]], occ.words[ends[0] - 1 : ends[0]]):
            continue  # none, or a common word (كبيرة، الحالية) where a name should end
        key, own = occ.words[: ends[0]], True
        for e in ends[1:]:
            if not goes_on(occ.kind, key, occ.words[:e], alone=True):
                # it goes on with words of its own that recur: it is not the longer name written short
                own = children[occ.kind, key][occ.words[:e]] < 2
                break
            key = occ.words[:e]
        spelled = replace(occ, words=key, surfaces=occ.surfaces[: len(key)])
        while own and children[occ.kind, key]:
            child = children[occ.kind, key].most_common(1)[0][0]
            if not goes_on(occ.kind, key, child, alone=False):
                break
            key = child
        if occ.kind == "organisation" and strip_article(key[0]) in DESCRIBING and all(
            w.startswith("ال") or w[:1] == "ل" for w in key[1:]
        ):
            continue
        if occ.kind == "organisation" and sum(described(occ.kind, key, c) for c in children[occ.kind, key]) >= 2:
            continue
        if occ.kind == "organisation" and is_description(key, _ORG_HEADS, places | found_places, words.counts):
            place = front_place(key, places | found_places)
            if place:  # جبهة صرواح: a mention of صرواح
                named["region", place].append(replace(spelled, words=place, surfaces=spelled.surfaces[1:], kind="region"))
            continue
        named[occ.kind, key].append(spelled)
    return named


def find_candidates(corpus: Corpus, matcher: Matcher, limit: int = 50, examples: int = 3) -> list[Candidate]:
    from builder.extract.variants import group

    occurrences, words = find_occurrences(corpus, matcher)
    return group(_cut(occurrences, words, _known_places(matcher)), matcher, limit=limit, examples=examples)


def _known_places(matcher: Matcher) -> frozenset[tuple[str, ...]]:
    """The knowledge base's places and countries, normalised, with and without ال on each word."""
    names = set()
    for entity in matcher.entities.values():
        if entity.type == "place" or entity.kind == "country":
            for term in entity.terms:
                words = tuple(normalize(w) for w in term.split())
                names |= {words, tuple(strip_article(w) for w in words)}
    return frozenset(names)


def actor_file(content: Path, name: str, *, slug: str = "", kind: str = "person", name_en: str = "",
               description: str = "", aliases: tuple[str, ...] = ()) -> Path:
    """Write content/actors/<slug>.yaml (or places/ for a place's kind) for a new entry; refuse to overwrite."""
    from builder.extract.arabic import is_slug
    from builder.site.records import ENTITY_FOLDERS, ENTITY_KINDS

    name = " ".join(name.split())
    if not has_arabic(name):
        raise SiteError(f"{name!r} is not an Arabic name", None, "give the name as the articles write it")
    etype = next((t for t in ("actor", "place") if kind in ENTITY_KINDS[t]), None)
    if etype is None:
        kinds = ", ".join(ENTITY_KINDS["actor"] + ENTITY_KINDS["place"])
        raise SiteError(f"kind {kind!r} is not one of {kinds}")
    slug = slug or slugify(name_en or name, max_words=4)
    if not is_slug(slug):
        raise SiteError(f"{slug!r} is not a valid slug", None, "use lower-case ASCII letters, digits and hyphens")
    path = content / ENTITY_FOLDERS[etype] / f"{slug}.yaml"
    for folder in ("actors", "places", "topics"):
        if (content / folder / f"{slug}.yaml").exists():
            raise SiteError("an entry with this slug exists already", Location(content / folder / f"{slug}.yaml"),
                            "choose another with --slug")
    names = [name, *(" ".join(a.split()) for a in aliases)]
    words = name.split()
    if len(words) >= 2 and normalize(words[0]) in {"عبد", "ابو"}:
        names.append(words[0] + words[1] + (" " + " ".join(words[2:]) if len(words) > 2 else ""))
    unique = list(dict.fromkeys(names))
    data = {"name": name, "name_en": name_en, "kind": kind, "description": description, "aliases": unique}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    text += (
        "# Review before committing:\n"
        "# - add other spellings the articles use to aliases;\n"
        "# - a family name alone: add it to aliases only if it is not an ordinary word, else to\n"
        "#   needs_context: [...]; if relatives share it, use family: and family_default: instead;\n"
        "# - roles with dates: roles: [{title: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}]\n"
    ) if etype == "actor" else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
