"""The knowledge base compiled once into a token trie, then matched in one pass per paragraph.

Matching is Arabic-aware through :mod:`builder.arabic`: both the aliases and the
text are normalised, the article ال is taken off every word, and the first word
of a match may carry clitic prefixes (و ف ب ل ك). The longest match wins, so
"صدام حفتر" is never read as the shorter alias "حفتر".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from .arabic import Token, core_forms, is_slug, normalize, strip_article, tokenize
from .errors import Location, Problems, SiteError
from .evidence import one_per_apposition, one_window_a_sentence, sentence_around
from .records import TITLE_ANCHOR, Article, Block, Corpus, Entity, Mention, Role, Tag
from .suggest import entry_hint

_END = ""  # trie key holding the entry that ends at a node
_ROLE = "\x00role"  # trie key holding a role phrase that ends at a node
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


@dataclass(frozen=True, slots=True)
class Hit:
    """A raw trie match in one paragraph, before the article-level rules decide what it counts for."""

    start: int  # character offsets in the paragraph
    end: int
    kind: str  # "alias", "keyword", "adjective", "family", "context", "role"
    key: str  # entity slug; the family name for "family"; the role phrase key for "role"
    titled: bool  # a title stands right before it


@dataclass(frozen=True, slots=True)
class Matcher:
    trie: dict
    entities: dict[str, Entity]
    families: dict[str, tuple[str, ...]]  # family key → member slugs
    family_default: dict[str, str]  # family key → the default member's slug
    roles: dict[str, tuple[tuple[Role, str], ...]]  # role phrase key → (term, holder slug)
    context_forms: frozenset[tuple[str, ...]]  # ordinary-word aliases exactly as written (normalised)
    # Per-word memo: normalised word → the trie nodes it can start a match from (clitics taken off).
    # Words repeat heavily in news text, so each distinct word is analysed once per matcher.
    starts: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    nexts: dict[str, str] = field(default_factory=dict)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def start_nodes(self, word: str) -> tuple[dict, ...]:
        nodes = self.starts.get(word)
        if nodes is None:
            nodes = self.starts[word] = tuple(self.trie[k] for k in self.readings(word) if k in self.trie)
        return nodes

    def next_key(self, word: str) -> str:
        key = self.nexts.get(word)
        if key is None:
            key = self.nexts[word] = strip_article(word)
        return key

    def readings(self, word: str) -> tuple[str, ...]:
        """Every trie key the word can stand for: at the start of a match (clitics and article taken
        off) or further in (article taken off). A word none of whose readings is in a trie path
        cannot take part in any match along it."""
        keys = self.forms.get(word)
        if keys is None:
            keys = self.forms[word] = tuple(dict.fromkeys(strip_article(form) for form in core_forms(word)))
        return keys


def term_keys(term: str) -> list[tuple[str, ...]]:
    """The trie keys of one alias: its words, normalised, without ال; plus the joined/split spelling.

    An alias with punctuation between its words can never match (punctuation ends a phrase): no keys.
    """
    tokens = tokenize(term)
    if not tokens or any(not t.joined for t in tokens[1:]):
        return []
    words = tuple(strip_article(t.norm) for t in tokens)
    keys = [words]
    for i, word in enumerate(words[:-1]):
        if word in _JOINABLE:  # عبد الفتاح → also عبدالفتاح
            keys.append((*words[:i], word + tokens[i + 1].norm, *words[i + 2 :]))
    for i, word in enumerate(words):
        for head in _JOINABLE:  # عبدالفتاح → also عبد الفتاح
            if word.startswith(head) and len(word) - len(head) >= 3:
                keys.append((*words[:i], head, strip_article(word[len(head) :]), *words[i + 1 :]))
    return list(dict.fromkeys(keys))


def compile_matcher(entities: tuple[Entity, ...]) -> Matcher:
    """Build the trie; two entries claiming the same alias is an error naming both files."""
    trie: dict = {}
    owners: dict[tuple[str, ...], tuple[Entity, str]] = {}
    problems = Problems("knowledge base")
    families: dict[str, list[str]] = {}
    family_default: dict[str, str] = {}
    roles: dict[str, list[tuple[Role, str]]] = {}

    def claim(key: tuple[str, ...], value: tuple[str, str], entity: Entity, term: str) -> None:
        node = trie
        for word in key:
            node = node.setdefault(word, {})
        node[_END] = value
        owners[key] = (entity, term)

    for entity in entities:
        how = "keyword" if entity.type == "topic" else "alias"
        groups = (
            (entity.terms, how),
            (entity.adjectives, "adjective"),
            (entity.needs_context, "context"),
            (entity.not_aliases, "not"),
        )
        for terms, kind in groups:
            for term in terms:
                keys = term_keys(term)
                if not keys:
                    if term != entity.name:  # the display name is only added when it can match
                        problems.add(
                            f"{term!r} can never match: it has no letters once normalised, or punctuation inside",
                            Location(entity.path, _line_of(entity, term)),
                            "remove it, or write it without punctuation",
                        )
                    continue
                for key in keys:
                    if key in owners and owners[key][0].slug != entity.slug:
                        other, other_term = owners[key]
                        problems.add(
                            f"{term!r} is also claimed by {other.path} ({other_term!r})",
                            Location(entity.path, _line_of(entity, term)),
                            "an alias names one entry; for a shared family name use 'family' and 'family_default'",
                        )
                    elif key not in owners:
                        claim(key, (kind, entity.slug), entity, term)
        if entity.family:
            family_key = tuple(strip_article(t.norm) for t in tokenize(entity.family))
            if len(family_key) != 1:
                problems.add("family must be one word", Location(entity.path, _line_of(entity, entity.family)))
                continue
            families.setdefault(family_key[0], []).append(entity.slug)
            if entity.family_default:
                if family_key[0] in family_default:
                    problems.add(
                        f"two defaults for the family name {entity.family!r}: also {family_default[family_key[0]]!r}",
                        Location(entity.path, _line_of(entity, "family_default")),
                        "set family_default on one member only",
                    )
                family_default[family_key[0]] = entity.slug
        for role in entity.roles:
            keys = term_keys(role.phrase)
            if not keys:
                problems.add(f"role {role.phrase!r} can never match", Location(entity.path, _line_of(entity, role.phrase)))
            for key in keys:
                roles.setdefault(" ".join(key), []).append((role, entity.slug))
                node = trie
                for word in key:
                    node = node.setdefault(word, {})
                node[_ROLE] = " ".join(key)
    for family, members in families.items():
        key = (family,)
        if key in owners:
            entity, term = owners[key]
            problems.add(
                f"{term!r} is the family name of {', '.join(sorted(members))}: it cannot also be an alias",
                Location(entity.path, _line_of(entity, term)),
                "remove the alias; the bare family name counts for the member marked family_default",
            )
            continue
        node = trie.setdefault(family, {})
        node[_END] = ("family", family)
    problems.raise_if_any()
    return Matcher(
        trie=trie,
        entities={e.slug: e for e in entities},
        families={k: tuple(v) for k, v in families.items()},
        family_default=family_default,
        roles={k: tuple(v) for k, v in roles.items()},
        context_forms=frozenset(
            tuple(t.norm for t in tokenize(term)) for entity in entities for term in entity.needs_context
        ),
    )


def _claims(trie: dict) -> dict[tuple[str, ...], tuple[str, str]]:
    """Every key path of the trie that ends an entry, with what it stands for."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    stack: list[tuple[tuple[str, ...], dict]] = [((), trie)]
    while stack:
        path, node = stack.pop()
        for word, child in node.items():
            if word == _END:
                found[path] = child
            elif word != _ROLE:
                stack.append(((*path, word), child))
    return found


def change_words(old: Matcher, new: Matcher) -> frozenset[str] | None:
    """The words a text must hold for ``old`` and ``new`` to tag it differently, or None when any
    text may be tagged differently (an entry changed type, so its tags' rows change everywhere).

    Matching only ever reads the trie along the text's words: an entry that now ends elsewhere or
    means something else, a role with other holders or dates, a family with other members or
    another default, an ordinary-word alias added or dropped, each needs all of its words in the
    text to make a difference there. A text holding none of the words in any of them (as
    :meth:`Matcher.readings` reads its words) is tagged the same by both matchers."""
    for slug, entity in new.entities.items():
        before = old.entities.get(slug)
        if before is not None and before.type != entity.type:
            return None
    words: set[str] = set()
    was, now = _claims(old.trie), _claims(new.trie)
    for key in was.keys() | now.keys():
        if was.get(key) != now.get(key):
            words.update(key)
    for phrase in old.roles.keys() | new.roles.keys():
        if old.roles.get(phrase) != new.roles.get(phrase):
            words.update(phrase.split(" "))
    for family in old.families.keys() | new.families.keys():
        if (old.families.get(family), old.family_default.get(family)) != (
            new.families.get(family), new.family_default.get(family)
        ):
            words.add(family)
    for form in old.context_forms ^ new.context_forms:
        words.update(strip_article(word) for word in form)
    return frozenset(words)


def _line_of(entity: Entity, term: str) -> int | None:
    try:
        for number, line in enumerate(entity.path.read_text(encoding="utf-8").split("\n"), 1):
            if term in line:
                return number
    except OSError:
        pass
    return None


def _titled(matcher: Matcher, tokens, i: int) -> bool:
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


def _a_given_name(matcher: Matcher, tokens, i: int, end: int) -> bool:
    """An adjective written without ال that is a person's given name: after a title («العقيد تركي»)
    or «بن», or before «آل» or «بن» («تركي آل الشيخ», «تركي بن بندر»). «مسؤول تركي» stays the adjective."""
    if any(form.startswith("ال") for form in core_forms(tokens[i].norm)):
        return False
    if i >= 1 and tokens[i].joined and tokens[i - 1].norm in _NAME_BEFORE:
        return True
    if end + 1 < len(tokens) and (tokens[end + 1].norm == _FAMILY_AFTER or tokens[end + 1].norm in _NAME_BEFORE):
        return True  # (a hashtag's underscore, #تركي_آل_الشيخ, is no break here)
    return _titled(matcher, tokens, i)


def scan(matcher: Matcher, text: str, tokens: list[Token] | None = None) -> list[Hit]:
    """One left-to-right pass: at each word follow the trie as far as the words allow; the longest wins.

    Role phrases are recorded as well as the longest alias they overlap, so "رئيس المخابرات
    العامة المصرية" counts both for the role's holder and for the organisation it names.
    """
    if tokens is None:
        tokens = tokenize(text)
    hits: list[Hit] = []
    blocked: list[tuple[int, str]] = []  # (last token, entity) of phrases that are not that entity
    next_key = matcher.next_key
    n = len(tokens)
    # The trie nodes each word can start from, looked up in the matcher's memo by C loops; only the
    # words it has not seen yet are analysed. Most words start nothing: the loop visits the others.
    norms = list(map(itemgetter(2), tokens))
    memo = matcher.starts
    for word in set(norms).difference(memo):
        matcher.start_nodes(word)
    starts = list(map(memo.__getitem__, norms))
    resume = 0  # the first token after the last match
    for i in compress(range(n), starts):
        if i < resume:
            continue
        best_end = -1
        best_value = None
        for node in starts[i]:
            j = i
            while node is not None:
                if _END in node:
                    if node[_END][0] == "not":
                        # A phrase that never means one entry (القوة القاهرة for Cairo): that entry
                        # cannot match inside it; every other entry still can (المصري, القوة…).
                        blocked.append((j, node[_END][1]))
                    elif j > best_end:
                        best_end, best_value = j, node[_END]
                if _ROLE in node:
                    hits.append(Hit(tokens[i].start, tokens[j].end, "role", node[_ROLE], False))
                j += 1
                if j >= n or not tokens[j].joined:
                    break
                node = node.get(next_key(tokens[j].norm))
        if best_value is None:
            continue
        resume = best_end + 1
        kind, key = best_value
        if blocked and any(key == slug and i <= last for last, slug in blocked):
            continue
        if kind == "context" and tuple(norms[i : best_end + 1]) not in matcher.context_forms:
            continue  # an ordinary-word alias counts only as written: "بالسلامة" is no name
        if kind == "adjective" and _a_given_name(matcher, tokens, i, best_end):
            continue
        titled = kind in ("context", "family") and _titled(matcher, tokens, i)
        hits.append(Hit(tokens[i].start, tokens[best_end].end, kind, key, titled))
    return hits


def find_mentions(matcher: Matcher, anchor: str, text: str) -> list[Mention]:
    """The plain alias/keyword/adjective mentions of one paragraph (no article-level rules)."""
    return [
        _mention(hit, hit.key, anchor, text, hit.kind)
        for hit in scan(matcher, text)
        if hit.kind in ("alias", "keyword", "adjective")
    ]


def _mention(hit: Hit, slug: str, anchor: str, text: str, how: str) -> Mention:
    return Mention(
        entity=slug,
        block=anchor,
        start=hit.start,
        end=hit.end,
        surface=text[hit.start : hit.end],
        sentence=sentence_around(text, hit.start, hit.end),
        how=how,
    )


def article_mentions(
    matcher: Matcher, article: Article, tokens: dict[str, list[Token]] | None = None
) -> list[Mention]:
    """Every mention in the article once the article-level rules are applied:

    - a one-word alias that is also an ordinary word counts after a title, or once the entry
      was named in full earlier in the article;
    - a bare family name counts for the family's default member, and only when no other member
      is named in the article;
    - a role phrase counts for whoever held the role on the article's date.
    """
    mentions: list[Mention] = []
    named: set[str] = set()
    family_hits: list[tuple[Hit, str, str]] = []
    title = Block(anchor=TITLE_ANCHOR, text=article.title, line=0)
    for block in (title, *article.blocks):
        for hit in scan(matcher, block.text, tokens.get(block.anchor) if tokens else None):
            if hit.kind in ("alias", "keyword", "adjective"):
                mentions.append(_mention(hit, hit.key, block.anchor, block.text, hit.kind))
                named.add(hit.key)
            elif hit.kind == "context":
                if hit.titled or hit.key in named:
                    mentions.append(_mention(hit, hit.key, block.anchor, block.text, "context"))
            elif hit.kind == "family":
                family_hits.append((hit, block.anchor, block.text))
            elif hit.kind == "role" and article.date:
                for role, holder in matcher.roles.get(hit.key, ()):
                    if role.held_on(article.date):
                        mentions.append(_mention(hit, holder, block.anchor, block.text, "role"))
    for hit, anchor, text in family_hits:
        members = matcher.families.get(hit.key, ())
        default = matcher.family_default.get(hit.key)
        if default and not any(m in named for m in members if m != default):
            mentions.append(_mention(hit, default, anchor, text, "family"))
    texts = {block.anchor: block.text for block in (title, *article.blocks)}
    return one_window_a_sentence(one_per_apposition(mentions, texts, matcher.trie, TITLES), texts)


def extract_article(
    matcher: Matcher, article: Article, tokens: dict[str, list[Token]] | None = None
) -> tuple[Tag, ...]:
    """Tags of one article: found mentions, minus vetoes, plus pins; ordered by first mention. A pin
    or veto naming no entry is a SiteError (:func:`check_tags`)."""
    check_tags(article, matcher.entities)
    by_entity: dict[str, list[Mention]] = {}
    for mention in sorted(article_mentions(matcher, article, tokens), key=_reading_order(article)):
        by_entity.setdefault(mention.entity, []).append(mention)
    vetoed = set(article.vetoes)
    tags = [Tag(slug, tuple(ms), slug in article.pins) for slug, ms in by_entity.items() if slug not in vetoed]
    for slug in article.pins:
        if slug not in by_entity and slug not in vetoed:
            tags.append(Tag(slug, (), True))
    return tuple(tags)


def _reading_order(article: Article):
    position = {block.anchor: i for i, block in enumerate(article.blocks, 1)}
    position[TITLE_ANCHOR] = 0
    return lambda m: (position[m.block], m.start, m.end, m.entity)


def check_pins(corpus: Corpus, matcher: Matcher) -> None:
    """A pin or veto naming no entry is an error with the article's file and line; all reported together."""
    problems = Problems("tags")
    for article in corpus.articles:
        try:
            check_tags(article, matcher.entities)
        except SiteError as exc:
            problems.add_error(exc)
    problems.raise_if_any()


def check_tags(article: Article, entities: dict[str, Entity]) -> None:
    """Every pin and veto of the article names an entry of the knowledge base, by its slug; else a
    SiteError at the line, with the entries the name most likely means ("did you mean")."""
    problems = Problems(str(article.path))
    for key, names in (("pin", article.pins), ("veto", article.vetoes)):
        for name in names:
            if name not in entities:
                how = "the file names under content/actors, places and topics are the slugs"
                if not is_slug(name):
                    how = "name an entry by its slug, the file name without .yaml, e.g. khalifa-haftar"
                problems.add(f"{key} names {name!r}, which is not in the knowledge base",
                             Location(article.path, _front_matter_line(article, key)), entry_hint(name, entities) or how)
    problems.raise_if_any()


def extract_all(corpus: Corpus, matcher: Matcher) -> dict[str, tuple[Tag, ...]]:
    check_pins(corpus, matcher)
    return {article.slug: extract_article(matcher, article) for article in corpus.articles}


def _front_matter_line(article: Article, field: str) -> int | None:
    try:
        for number, line in enumerate(article.path.read_text(encoding="utf-8").split("\n"), 1):
            if line.startswith(f"{field}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None
