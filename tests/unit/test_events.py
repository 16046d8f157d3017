"""Same-event coverage and copies (builder/events.py) on real articles: the default corpus and copies of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builder.content import load_corpus
from builder.events import EventSettings, find_coverage, text_features
from builder.extract import compile_matcher, extract_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def default():
    corpus = load_corpus(ROOT / "content")
    tags = extract_all(corpus, compile_matcher(corpus.entities))
    types = {entity.slug: entity.type for entity in corpus.entities}
    return corpus, tags, types


def coverage(articles, tags, types, settings=EventSettings()):
    features = {article.slug: text_features(article) for article in articles}
    return find_coverage(tuple(articles), features, tags, types, settings)


def pairs(links: dict) -> set[frozenset]:
    return {frozenset((a, link.article)) for a, found in links.items() for link in found}


def test_the_rewritten_report_of_one_meeting_is_linked_both_ways_and_nothing_else(default):
    corpus, tags, types = default
    found = coverage(corpus.articles, tags, types)
    same_day = sorted(a.slug for a in corpus.articles if str(a.date) == "2025-01-11")
    assert len(same_day) == 2  # seeds 002 and 004: one meeting, two outlets, text rewritten
    assert pairs(found.same_event) == {frozenset(same_day)}
    a, b = same_day
    assert [l.article for l in found.same_event[a]] == [b] and [l.article for l in found.same_event[b]] == [a]
    assert found.copies == {}  # a rewrite is no copy: MinHash alone would not link them


def test_the_thresholds_are_settings(default):
    corpus, tags, types = default
    assert coverage(corpus.articles, tags, types, EventSettings(min_cosine=0.5)).same_event == {}
    a, b = (set(t.entity for t in tags[a.slug]) for a in corpus.articles if str(a.date) == "2025-01-11")
    shared = sum(types[slug] in ("actor", "place") for slug in a & b)
    assert coverage(corpus.articles, tags, types, EventSettings(min_shared=shared + 1)).same_event == {}
    # both reports carry the same date: a window of 0 days still holds them
    assert coverage(corpus.articles, tags, types, EventSettings(window_days=0, min_shared=shared)).same_event


def test_a_near_copy_is_flagged_and_the_original_left_alone_by_others(default):
    corpus, tags, types = default
    original = max(corpus.articles, key=lambda a: sum(len(b.text) for b in a.blocks))
    blocks = list(original.blocks)
    blocks[-1] = replace(blocks[-1], text=blocks[-1].text + " وأضاف المصدر أن الاجتماع استمر ساعتين.")
    copy = replace(original, slug="copy-of-it", blocks=tuple(blocks))
    found = coverage([*corpus.articles, copy], {**tags, "copy-of-it": tags[original.slug]}, types)
    assert pairs(found.copies) == {frozenset((original.slug, "copy-of-it"))}
    assert found.copies["copy-of-it"][0].score >= EventSettings().copy_threshold
    # an unrelated text of the same length shares no band
    assert all(link.article in (original.slug, "copy-of-it") for links in found.copies.values() for link in links)


def test_no_words_no_signature_collisions():
    from builder.events import _minhash, _shingles
    import numpy as np

    empty = _minhash(_shingles(np.zeros(0, dtype=np.uint64)))
    short = _minhash(_shingles(np.array([1, 2], dtype=np.uint64)))
    assert len(empty) == len(short) and not np.array_equal(empty, short)
    # the same words give the same signature on every run (fixed permutations)
    again = _minhash(_shingles(np.array([1, 2], dtype=np.uint64)))
    assert np.array_equal(short, again)
