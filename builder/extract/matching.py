"""The knowledge base compiled once into a token trie, then matched in one pass per paragraph.

Matching is Arabic-aware through :mod:`builder.extract.arabic`: both the aliases and the
text are normalised, the article ال is taken off every word, and the first word
of a match may carry clitic prefixes (و ف ب ل ك). The longest match wins, so
"صدام حفتر" is never read as the shorter alias "حفتر".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from builder.extract.arabic import Token, core_forms, is_slug, normalize, strip_article, tokenize
from builder.extract.context import _JOINABLE, TITLE_HEADS, TITLES, a_given_name, after_another_name, as_written, titled
from builder.errors import Location, Problems, SiteError
from builder.extract.evidence import one_per_apposition, one_window_a_sentence, sentence_around
from builder.extract.given_names import GIVEN_NAMES
from builder.site.records import TITLE_ANCHOR, Article, ArticleSummary, Block, Catalogue, Corpus, Entity, Mention, Role, Tag
from builder.extract.suggest import entry_hint

_END = ""  # trie key holding the entry that ends at a node
_ROLE = "\x00role"  # trie key holding a role phrase that ends at a node


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
    companions: dict[str, tuple[str, ...]]  # slug → the entries whose mention in a paragraph is its context
    given: frozenset[str]  # given names (normalised, no ال): a family name after one is another person
    member_given: dict[str, frozenset[str]]  # family key → its members' own given names
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

    known = {entity.slug: entity for entity in entities}
    given = set(GIVEN_NAMES)
    for entity in entities:
        how = "keyword" if entity.type == "topic" else "alias"
        _check_context(entity, known, problems)
        if entity.kind == "person":
            given.update(_given_names(entity))
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
    member_given: dict[str, set[str]] = {}
    for entity in entities:
        if entity.family:
            member_given.setdefault(strip_article(normalize(entity.family)), set()).update(_given_names(entity))
    return Matcher(
        trie=trie,
        entities={e.slug: e for e in entities},
        families={k: tuple(v) for k, v in families.items()},
        family_default=family_default,
        roles={k: tuple(v) for k, v in roles.items()},
        context_forms=frozenset(
            tuple(t.norm for t in tokenize(term)) for entity in entities for term in entity.needs_context
        ),
        companions={entity.slug: entity.context for entity in entities if entity.context},
        given=frozenset(given - TITLES - TITLE_HEADS),
        member_given={k: frozenset(v) for k, v in member_given.items()},
    )


_NOT_GIVEN = frozenset(("عبد", "ابو", "ابي", "بن", "ابن", "بنت", "ال"))


def _given_names(entity: Entity) -> set[str]:
    """The first word of each of a person's aliases of two words or more (خليفة of «خليفة حفتر»)."""
    names = set()
    for term in entity.terms:
        words = [strip_article(t.norm) for t in tokenize(term)]
        if len(words) >= 2 and words[0] not in _NOT_GIVEN and words[0] not in TITLES and words[0] not in TITLE_HEADS:
            names.add(words[0])
    return names


def _check_context(entity: Entity, known: dict[str, Entity], problems: Problems) -> None:
    """A context entry must exist; a needs_context term must not also be a plain term of its entry
    once ال is ignored (the plain term would match it anywhere, so the context would never be asked)."""
    for slug in entity.context:
        if slug not in known:
            problems.add(f"context names {slug!r}, which is not in the knowledge base",
                         Location(entity.path, _line_of(entity, slug)),
                         entry_hint(slug, known) or "the file names under content/actors, places and topics are the slugs")
    plain = {key for term in (*entity.terms, *entity.adjectives) for key in term_keys(term)}
    for term in entity.needs_context:
        if any(key in plain for key in term_keys(term)):
            problems.add(
                f"{term!r} is under needs_context, but an alias or adjective of this entry matches it anyway "
                "(ال and clitics are ignored for those)",
                Location(entity.path, _line_of(entity, term)),
                "move every form of that word under needs_context",
            )


def term_claims(trie: dict) -> dict[tuple[str, ...], tuple[str, str]]:
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
    was, now = term_claims(old.trie), term_claims(new.trie)
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
    for slug in old.companions.keys() | new.companions.keys():
        if old.companions.get(slug) != new.companions.get(slug):  # its needs_context terms' words
            for matcher in (old, new):
                if slug in matcher.entities:
                    for term in matcher.entities[slug].needs_context:
                        words.update(word for key in term_keys(term) for word in key)
    # The given names a knowledge base adds are first words of aliases, and a family's members are
    # in ``families``: a change to either is already in the words above.
    return frozenset(words)


def _line_of(entity: Entity, term: str) -> int | None:
    try:
        for number, line in enumerate(entity.path.read_text(encoding="utf-8").split("\n"), 1):
            if term in line:
                return number
    except OSError:
        pass
    return None


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
        if kind == "context" and matcher.entities[key].type != "topic" and not as_written(
            matcher.context_forms, norms[i : best_end + 1]
        ):
            continue  # a name that is an ordinary word counts only as written: «بالسلامة», «المالي» are none
        if kind == "adjective" and a_given_name(tokens, i, best_end):
            continue
        if kind == "family" and after_another_name(matcher.given, matcher.member_given.get(key, frozenset()), tokens, i):
            continue  # «صدام حفتر»: another member of the family, not the default one
        after_title = kind in ("context", "family") and titled(tokens, i)
        hits.append(Hit(tokens[i].start, tokens[best_end].end, kind, key, after_title))
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

    - a term that is also an ordinary word (``needs_context``) counts after a title, where the
      entry is named by another term anywhere in the article, or in a paragraph that names one of
      the entry's ``context`` entries;
    - a bare family name counts for the family's default member, and only when no other member
      is named in the article;
    - a role phrase counts for whoever held the role on the article's date.
    """
    mentions: list[Mention] = []
    named: set[str] = set()
    family_hits: list[tuple[Hit, str, str]] = []
    context_hits: list[tuple[Hit, str, str, set[str]]] = []
    title = Block(anchor=TITLE_ANCHOR, text=article.title, line=0)
    for block in (title, *article.blocks):
        here: set[str] = set()  # the entries this paragraph names: the context of its ambiguous terms
        for hit in scan(matcher, block.text, tokens.get(block.anchor) if tokens else None):
            if hit.kind in ("alias", "keyword", "adjective"):
                mentions.append(_mention(hit, hit.key, block.anchor, block.text, hit.kind))
                named.add(hit.key)
                here.add(hit.key)
            elif hit.kind == "context":
                context_hits.append((hit, block.anchor, block.text, here))
            elif hit.kind == "family":
                family_hits.append((hit, block.anchor, block.text))
            elif hit.kind == "role" and article.date:
                for role, holder in matcher.roles.get(hit.key, ()):
                    if role.held_on(article.date):
                        mentions.append(_mention(hit, holder, block.anchor, block.text, "role"))
                        here.add(holder)
    for hit, anchor, text, here in context_hits:
        person = matcher.entities[hit.key].kind == "person"  # a title stands before a person's name only
        if (hit.titled and person) or hit.key in named or here.intersection(matcher.companions.get(hit.key, ())):
            mentions.append(_mention(hit, hit.key, anchor, text, "context"))
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


def check_pins(corpus: Corpus | Catalogue, matcher: Matcher) -> None:
    """A pin or veto naming no entry is an error with the article's file and line; all reported together."""
    problems = Problems("tags")
    for article in corpus.articles:
        try:
            check_tags(article, matcher.entities)
        except SiteError as exc:
            problems.add_error(exc)
    problems.raise_if_any()


def check_tags(article: Article | ArticleSummary, entities: dict[str, Entity]) -> None:
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


def _front_matter_line(article: Article | ArticleSummary, field: str) -> int | None:
    try:
        for number, line in enumerate(article.path.read_text(encoding="utf-8").split("\n"), 1):
            if line.startswith(f"{field}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None
