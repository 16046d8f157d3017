"""The knowledge base compiled once into a token trie, then matched in one pass per paragraph.

Matching is Arabic-aware through :mod:`builder.arabic`: both the aliases and the
text are normalised, the article ال is taken off every word, and the first word
of a match may carry clitic prefixes (و ف ب ل ك). The longest match wins, so
"صدام حفتر" is never read as the shorter alias "حفتر".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .arabic import core_forms, strip_article, tokenize
from .errors import Location, Problems
from .records import Article, Corpus, Entity, Mention, Tag

_END = ""  # trie key holding the entries that end at a node
_JOINABLE = ("عبد", "ابو", "ابي")  # written both apart and joined: عبد الفتاح / عبدالفتاح
_SENTENCE_END = re.compile(r"[.!?؟\n]+")


@dataclass(frozen=True, slots=True)
class Matcher:
    trie: dict
    entities: dict[str, Entity]
    # Per-word memo: normalised word → the trie nodes it can start a match from (clitics taken off).
    # Words repeat heavily in news text, so each distinct word is analysed once per matcher.
    starts: dict[str, tuple[dict, ...]] = field(default_factory=dict)
    nexts: dict[str, str] = field(default_factory=dict)

    def start_nodes(self, word: str) -> tuple[dict, ...]:
        nodes = self.starts.get(word)
        if nodes is None:
            keys = dict.fromkeys(strip_article(form) for form in core_forms(word))
            nodes = tuple(self.trie[k] for k in keys if k in self.trie)
            self.starts[word] = nodes
        return nodes

    def next_key(self, word: str) -> str:
        key = self.nexts.get(word)
        if key is None:
            key = self.nexts[word] = strip_article(word)
        return key


def term_keys(term: str) -> list[tuple[str, ...]]:
    """The trie keys of one alias: its words, normalised, without ال; plus the joined spelling."""
    words = tuple(strip_article(t.norm) for t in tokenize(term))
    if not words:
        return []
    keys = [words]
    for i, word in enumerate(words[:-1]):
        if word in _JOINABLE:
            raw_next = tokenize(term)[i + 1].norm
            keys.append((*words[:i], word + raw_next, *words[i + 2 :]))
    return keys


def compile_matcher(entities: tuple[Entity, ...]) -> Matcher:
    """Build the trie; two entries claiming the same alias is an error naming both files."""
    trie: dict = {}
    owners: dict[tuple[str, ...], tuple[Entity, str]] = {}
    problems = Problems("knowledge base")
    for entity in entities:
        how = "keyword" if entity.type == "topic" else "alias"
        for terms, kind in ((entity.terms, how), (entity.adjectives, "adjective")):
            for term in terms:
                keys = term_keys(term)
                if not keys:
                    problems.add(
                        f"{term!r} has no letters once normalised",
                        Location(entity.path, _line_of(entity, term)),
                        "remove it",
                    )
                for key in keys:
                    if key in owners and owners[key][0].slug != entity.slug:
                        other, other_term = owners[key]
                        problems.add(
                            f"{term!r} is also claimed by {other.path} ({other_term!r})",
                            Location(entity.path, _line_of(entity, term)),
                            "an alias can name only one entry: remove it from one file",
                        )
                        continue
                    if key in owners:
                        continue
                    owners[key] = (entity, term)
                    node = trie
                    for word in key:
                        node = node.setdefault(word, {})
                    node[_END] = (entity.slug, kind)
    problems.raise_if_any()
    return Matcher(trie=trie, entities={e.slug: e for e in entities})


def _line_of(entity: Entity, term: str) -> int | None:
    try:
        for number, line in enumerate(entity.path.read_text(encoding="utf-8").split("\n"), 1):
            if term in line:
                return number
    except OSError:
        pass
    return None


def find_mentions(matcher: Matcher, anchor: str, text: str) -> list[Mention]:
    """One left-to-right pass: at each word, follow the trie as far as the words allow; longest wins."""
    tokens = tokenize(text)
    mentions: list[Mention] = []
    start_nodes, next_key = matcher.start_nodes, matcher.next_key
    i = 0
    n = len(tokens)
    while i < n:
        best_end = -1
        best_value = None
        for node in start_nodes(tokens[i].norm):
            j = i
            while node is not None:
                if _END in node and j > best_end:
                    best_end, best_value = j, node[_END]
                j += 1
                if j >= n or not tokens[j].joined:
                    break
                node = node.get(next_key(tokens[j].norm))
        if best_value is None:
            i += 1
            continue
        start, end = tokens[i].start, tokens[best_end].end
        slug, how = best_value
        mentions.append(
            Mention(
                entity=slug,
                block=anchor,
                start=start,
                end=end,
                surface=text[start:end],
                sentence=sentence_around(text, start, end),
                how=how,
            )
        )
        i = best_end + 1
    return mentions


def sentence_around(text: str, start: int, end: int, context_words: int = 18) -> str:
    """The sentence holding text[start:end]; a run-on sentence is cut to a window of words, marked with …"""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    before = text[left:start].split(" ")
    after = text[end:right].split(" ")
    head = "…" + " ".join(before[-context_words:]) if len(before) > context_words + 1 else text[left:start]
    tail = " ".join(after[:context_words]) + "…" if len(after) > context_words + 1 else text[end:right]
    return (head + text[start:end] + tail).strip()


def extract_article(matcher: Matcher, article: Article) -> tuple[Tag, ...]:
    """Tags of one article: found mentions, minus vetoes, plus pins; ordered by first mention."""
    by_entity: dict[str, list[Mention]] = {}
    for block in article.blocks:
        for mention in find_mentions(matcher, block.anchor, block.text):
            by_entity.setdefault(mention.entity, []).append(mention)
    vetoed = set(article.vetoes)
    tags = [Tag(slug, tuple(ms), slug in article.pins) for slug, ms in by_entity.items() if slug not in vetoed]
    for slug in article.pins:
        if slug not in by_entity and slug not in vetoed:
            tags.append(Tag(slug, (), True))
    return tuple(tags)


def check_pins(corpus: Corpus, matcher: Matcher) -> None:
    """A pin or veto naming no entry is an error with the article's file and line."""
    problems = Problems("tags")
    for article in corpus.articles:
        for field, slugs in (("pin", article.pins), ("veto", article.vetoes)):
            for slug in slugs:
                if slug not in matcher.entities:
                    problems.add(
                        f"{field} names {slug!r}, which is not in the knowledge base",
                        Location(article.path, _front_matter_line(article, field)),
                        _closest(slug, matcher.entities),
                    )
    problems.raise_if_any()


def extract_all(corpus: Corpus, matcher: Matcher) -> dict[str, tuple[Tag, ...]]:
    check_pins(corpus, matcher)
    return {article.slug: extract_article(matcher, article) for article in corpus.articles}


def _front_matter_line(article: Article, field: str) -> int | None:
    try:
        for number, line in enumerate(article.path.read_text(encoding="utf-8").split("\n"), 1):
            if line.startswith(f"{field}:"):
                return number
    except OSError:
        pass
    return None


def _closest(slug: str, known: dict[str, Entity]) -> str:
    close = difflib.get_close_matches(slug, known, n=1)
    return f"did you mean {close[0]!r}?" if close else "check the file names under content/actors, places, topics"

