"""Growing the knowledge base: names the articles give that it does not know yet.

``find_candidates`` looks for a person's name right after a title or a role
(الرئيس، المشير، السفير…، رئيس حكومة…، وزير الخارجية…، المبعوث الأممي…، قائد…) that no
entry already covers, and ranks them by how often they occur. ``actor_file`` turns
one into a knowledge-base file ready for review.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .arabic import core_forms, has_arabic, normalize, slugify, strip_article, tokenize
from .errors import Location, SiteError
from .extract import TITLE_HEADS, TITLES, Matcher, scan, sentence_around
from .records import Corpus

# Words that end a title's complement or can never be a name's first word.
_STOP = frozenset(
    normalize(w)
    for w in (
        "في من على إلى الى عن مع أن إن ان الذي التي الذين هذا هذه ذلك تلك كما قد لقد كان كانت "
        "خلال بعد قبل منذ حول بين عند لدى حيث أو او ثم بل لم لن لا ما وقد وكان وهو وهي هو هي "
        "يوم اليوم أمس امس السابق الجديد الحالي الأسبق الاسبق المكلف بالإنابة بالانابة"
    ).split()
)
# Nouns that continue a role's complement (رئيس حكومة الوحدة الوطنية …).
_COMPLEMENT = frozenset(
    normalize(w)
    for w in "حكومة مجلس هيئة لجنة بعثة جهاز وزارة دولة جمهورية مكتب مؤسسة حزب اتحاد قوات أركان اركان".split()
)
_JOINERS = ("عبد", "ابو", "أبو", "بن", "ابن")


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    block: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str  # as most often written, clitics removed
    count: int  # occurrences
    articles: int  # distinct articles
    cue: str  # the title or role most often before it
    examples: tuple[Example, ...]


def _core(word: str) -> str:
    return strip_article(core_forms(word)[-1]) if word else word


def _is_title(norm: str) -> bool:
    return any(strip_article(f) in TITLES for f in core_forms(norm))


def _is_head(norm: str) -> bool:
    return any(strip_article(f) in TITLE_HEADS for f in core_forms(norm))


def _name_at(tokens, j: int) -> tuple[int, int] | None:
    """Token span of a two- or three-word personal name starting at j, or None."""
    n = len(tokens)
    if j >= n or not tokens[j].joined:
        return None
    first = tokens[j].norm
    if first.startswith("ال") or first in _STOP or not has_arabic(first) or len(first) < 2:
        return None
    width = 3 if any(first == normalize(w) for w in _JOINERS) else 2
    end = j + width
    if end > n or any(not tokens[k].joined for k in range(j + 1, end)):
        return None
    if any(tokens[k].norm in _STOP or not has_arabic(tokens[k].norm) for k in range(j, end)):
        return None
    return j, end - 1


def find_candidates(corpus: Corpus, matcher: Matcher, limit: int = 50, examples: int = 3) -> list[Candidate]:
    counts: Counter[str] = Counter()
    seen_in: dict[str, set[str]] = defaultdict(set)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    cues: dict[str, Counter[str]] = defaultdict(Counter)
    found: dict[str, list[Example]] = defaultdict(list)
    for article in corpus.articles:
        for block in article.blocks:
            tokens = tokenize(block.text)
            covered = [False] * len(tokens)
            starts = {t.start: k for k, t in enumerate(tokens)}
            for hit in scan(matcher, block.text):
                k = starts.get(hit.start)
                while k is not None and k < len(tokens) and tokens[k].start < hit.end:
                    covered[k] = True
                    k += 1
            for i, token in enumerate(tokens):
                # A role head takes its complement (رئيس مجلس النواب الليبي، السفير الأمريكي);
                # a title stands alone (الرئيس، المشير).
                cue_end = None
                if _is_head(token.norm) or _is_title(token.norm):
                    cue_end = i
                    k = i + 1
                    while _is_head(token.norm) and k < len(tokens) and tokens[k].joined and (
                        tokens[k].norm.startswith("ال") or _core(tokens[k].norm) in _COMPLEMENT
                    ) and tokens[k].norm not in _STOP:
                        cue_end = k
                        k += 1
                if cue_end is None:
                    continue
                span = _name_at(tokens, cue_end + 1)
                if span is None or any(covered[k] for k in range(span[0], span[1] + 1)):
                    continue
                first, last = span
                key = " ".join(tokens[k].norm for k in range(first, last + 1))
                start, end = tokens[first].start, tokens[last].end
                counts[key] += 1
                seen_in[key].add(article.slug)
                surfaces[key][block.text[start:end]] += 1
                cues[key][block.text[tokens[i].start : tokens[cue_end].end]] += 1
                if len(found[key]) < examples:
                    found[key].append(Example(article.slug, block.anchor, sentence_around(block.text, start, end)))
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(seen_in[k]), k))[:limit]
    return [
        Candidate(
            name=surfaces[key].most_common(1)[0][0],
            count=counts[key],
            articles=len(seen_in[key]),
            cue=cues[key].most_common(1)[0][0],
            examples=tuple(found[key]),
        )
        for key in ranked
    ]


def actor_file(content: Path, name: str, *, slug: str = "", kind: str = "person", name_en: str = "",
               description: str = "") -> Path:
    """Write content/actors/<slug>.yaml for a new actor, aliases filled in; refuse to overwrite."""
    from .records import ENTITY_KINDS

    name = " ".join(name.split())
    if not has_arabic(name):
        raise SiteError(f"{name!r} is not an Arabic name", None, "give the name as the articles write it")
    if kind not in ENTITY_KINDS["actor"]:
        raise SiteError(f"kind {kind!r} is not one of {', '.join(ENTITY_KINDS['actor'])}")
    slug = slug or slugify(name_en or name, max_words=4)
    from .arabic import is_slug

    if not is_slug(slug):
        raise SiteError(f"{slug!r} is not a valid slug", None, "use lower-case ASCII letters, digits and hyphens")
    path = content / "actors" / f"{slug}.yaml"
    for folder in ("actors", "places", "topics"):
        if (content / folder / f"{slug}.yaml").exists():
            raise SiteError("an entry with this slug exists already", Location(content / folder / f"{slug}.yaml"),
                            "choose another with --slug")
    aliases = [name]
    words = name.split()
    if len(words) >= 2 and normalize(words[0]) in {normalize(j) for j in _JOINERS[:3]}:
        aliases.append(words[0] + words[1] + (" " + " ".join(words[2:]) if len(words) > 2 else ""))
    data = {"name": name, "name_en": name_en, "kind": kind, "description": description, "aliases": aliases}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    text += (
        "# Review before committing:\n"
        "# - add other spellings the articles use to aliases;\n"
        "# - a family name alone: add it to aliases only if it is not an ordinary word, else to\n"
        "#   needs_context: [...]; if relatives share it, use family: and family_default: instead;\n"
        "# - roles with dates: roles: [{title: ..., from: YYYY-MM-DD, to: YYYY-MM-DD}]\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
