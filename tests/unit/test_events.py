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


def test_copies_are_every_pair_sharing_a_band_above_the_threshold():
    """The banded search against all pairs, on 300 signatures with planted near-copies."""
    from types import SimpleNamespace

    import numpy as np

    from builder.events import _NUM_PERM, _copies

    rng = np.random.default_rng(11)
    signatures = rng.integers(0, 2**63, size=(300, _NUM_PERM), dtype=np.uint64)
    for _ in range(60):  # copies with 0-40 of the 64 values changed: some share a band, some do not
        a, b = rng.integers(0, 300, 2)
        signatures[b] = signatures[a]
        changed = rng.integers(0, _NUM_PERM, rng.integers(0, 41))
        signatures[b, changed] = rng.integers(0, 2**63, len(changed), dtype=np.uint64)
    slugs = [f"s{i:03d}" for i in range(300)]
    features = {slug: SimpleNamespace(minhash=signatures[i].tobytes()) for i, slug in enumerate(slugs)}
    settings = EventSettings()
    found = _copies([SimpleNamespace(slug=s) for s in reversed(slugs)], features, settings)
    rows = _NUM_PERM // 16
    expected = {}
    for i in range(300):
        for j in range(i + 1, 300):
            share = any((signatures[i, k * rows : (k + 1) * rows] == signatures[j, k * rows : (k + 1) * rows]).all()
                        for k in range(16))
            score = round(float(np.mean(signatures[i] == signatures[j])), 3)
            if share and score >= settings.copy_threshold:
                expected.setdefault(slugs[i], []).append((slugs[j], score))
                expected.setdefault(slugs[j], []).append((slugs[i], score))
    assert expected, "the planted copies must give some"
    assert {k: [(l.article, l.score) for l in v] for k, v in found.items()} == {
        k: sorted(v, key=lambda x: (-x[1], x[0])) for k, v in expected.items()
    }
