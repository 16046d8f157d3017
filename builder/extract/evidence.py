"""What a mention quotes as evidence, and how many mentions one reference makes.

The sentence around a mention (cut to a window of words when it runs on), one window for every
mention of an entry in one sentence, and one mention for the names of one entry standing side by
side (an apposition). Applied by :func:`builder.extract.matching.article_mentions` once the article-level
rules have found the mentions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from builder.extract.arabic import normalize, strip_article
from builder.site.records import Mention

_SENTENCE_END = re.compile(r"[.!?؟\n]+")


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end)
    return left, (right_match.end() if right_match else len(text))


def sentence_around(text: str, start: int, end: int, context_words: int = 18) -> str:
    """The sentence holding text[start:end]; a run-on sentence is cut to a window of words, marked with …"""
    left, right = _sentence_span(text, start, end)
    before = text[left:start].split(" ")
    after = text[end:right].split(" ")
    head = "…" + " ".join(before[-context_words:]) if len(before) > context_words + 1 else text[left:start]
    tail = " ".join(after[:context_words]) + "…" if len(after) > context_words + 1 else text[end:right]
    return (head + text[start:end] + tail).strip()


def one_window_a_sentence(mentions: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """Mentions of one entry in one sentence quote it alike: a long sentence is cut to a window around
    each mention, and two windows of one sentence would show it twice as two sentences. The window
    then spans all of them (:meth:`Tag.sentences` groups by it)."""
    spans: dict[tuple[str, str, int], list[int]] = {}
    for i, mention in enumerate(mentions):
        left, _ = _sentence_span(texts[mention.block], mention.start, mention.end)
        spans.setdefault((mention.entity, mention.block, left), []).append(i)
    mentions = list(mentions)
    for (_, block, _), members in spans.items():
        if len(members) > 1 and len({mentions[i].sentence for i in members}) > 1:
            start = min(mentions[i].start for i in members)
            end = max(mentions[i].end for i in members)
            sentence = sentence_around(texts[block], start, end)
            for i in members:
                mentions[i] = replace(mentions[i], sentence=sentence)
    return mentions


# How a mention was found, most direct first: of the names of one reference, the mention kept.
_HOW_RANK = {"alias": 0, "keyword": 0, "adjective": 1, "context": 2, "family": 3, "role": 4}
_GAP_PUNCTUATION = re.compile(r"[\s()\[\]،,:\-–—«»\"'/]+")


def one_per_apposition(
    mentions: list[Mention], texts: dict[str, str], trie: dict, titles: frozenset[str]
) -> list[Mention]:
    """One reference to one entry counts once, however many of its names stand side by side.

    «اللواء عباس كامل رئيس المخابرات العامة المصرية» (name and role), «محمد حمدان دقلو (حميدتي)»
    (name and nickname): two mentions of the same entry in one paragraph with nothing between
    them but white space, punctuation and titles are one apposition; the most direct mention is
    kept (an alias before a role). A second name joined by و or ف («السيسي والسيسي») is another
    reference, not an apposition."""
    if len(mentions) < 2:
        return mentions
    ordered = sorted(mentions, key=lambda m: (m.block, m.entity, m.start, m.end))
    dropped: set[int] = set()
    run = [ordered[0]]
    for mention in ordered[1:]:
        last = run[-1]
        if (
            mention.block == last.block
            and mention.entity == last.entity
            and _apposed(texts[mention.block], last, mention, trie, titles)
        ):
            run.append(mention)
            continue
        dropped.update(_all_but_best(run))
        run = [mention]
    dropped.update(_all_but_best(run))
    return [m for m in mentions if id(m) not in dropped] if dropped else mentions


def _all_but_best(run: list[Mention]) -> list[int]:
    if len(run) < 2:
        return []
    best = min(run, key=lambda m: (_HOW_RANK.get(m.how, 9), m.start))
    return [id(m) for m in run if m is not best]


def _apposed(text: str, first: Mention, second: Mention, trie: dict, titles: frozenset[str]) -> bool:
    """Nothing but white space, punctuation and titles between the two, and no conjunction before the second."""
    if second.start < first.end:
        return True  # overlapping: the same words
    words = _GAP_PUNCTUATION.sub(" ", text[first.end : second.start]).split()
    if any(strip_article(normalize(word)) not in titles for word in words):
        return False
    head = normalize(second.surface.split(" ", 1)[0])
    return not (head[:1] in ("و", "ف") and not any(k in trie for k in (head, strip_article(head))))
