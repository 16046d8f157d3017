"""Same-event coverage and copies (builder/site/events.py) on real articles: the default corpus and copies of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builder.site.content import load_corpus
from builder.site.events import EventSettings, find_coverage, text_features
from builder.extract.matching import compile_matcher, extract_all

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


def test_copies_are_every_pair_sharing_a_band_above_the_threshold():
    """The banded search against all pairs, on 300 signatures with planted near-copies."""
    from types import SimpleNamespace

    import numpy as np

    from builder.extract.minhash import NUM_PERM as _NUM_PERM
    from builder.site.events import copy_links, copy_pairs

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
    found = copy_links(copy_pairs([SimpleNamespace(slug=s) for s in reversed(slugs)], features, settings))
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


def _seed(corpus, date: str, index: int):
    return sorted((a for a in corpus.articles if str(a.date) == date), key=lambda a: a.slug)[index]


def test_another_story_s_opening_at_the_end_of_an_article_does_not_make_it_the_same_event(default):
    """Real pages end with the opening of another story (CNN Arabic: 835 of 3,327 articles). The
    decision compares the openings, so a teaser of seed 002 at the end of another report of that
    day (Haftar meeting Egypt's intelligence chief in Benghazi) does not link the two; on the whole
    texts it did (TF-IDF cosine 0.10 or more, and the two share Haftar, Egypt and Libya)."""

    corpus, tags, types = default
    meeting = _seed(corpus, "2025-01-11", 0)
    other = next(a for a in corpus.articles if a.slug.startswith("hftr-"))
    teaser = meeting.blocks[0]
    carrying = replace(other, date=meeting.date, blocks=(other.blocks[0], replace(teaser, anchor="p-2")))  # short, and a teaser
    articles = [carrying if a.slug == other.slug else a for a in corpus.articles]
    found = coverage(articles, tags, types)
    assert other.slug not in found.same_event and other.slug not in found.copies
    assert pairs(found.same_event) == {frozenset(a.slug for a in corpus.articles if str(a.date) == "2025-01-11")}


def test_two_articles_of_one_outlet_need_more_in_common_than_two_outlets(default):
    """An outlet's own follow-ups share its background and phrasing: the same pair as seeds 002
    and 004 is not linked when both come from one outlet, unless their openings reach
    ``same_source_cosine``."""
    corpus, tags, types = default
    a, b = _seed(corpus, "2025-01-11", 0), _seed(corpus, "2025-01-11", 1)
    same_outlet = [replace(x, source=a.source) if x.slug == b.slug else x for x in corpus.articles]
    assert coverage(same_outlet, tags, types).same_event == {}
    found = coverage(same_outlet, tags, types, EventSettings(same_source_cosine=0.3))
    assert pairs(found.same_event) == {frozenset((a.slug, b.slug))}


def test_a_report_of_the_next_day_needs_more_in_common_and_one_outlet_s_never_reports_the_same_event(default):
    """On the real corpus the wrong links were next-day follow-ups (a preview and the match, a statement
    and the next day's development): half the pairs of different days, none of one day, in a hand-read
    sample (docs/events.md). The seed pair (opening cosine 0.38) moved a day apart is not linked under
    ``later_day_cosine`` (0.45), and is when it is lowered; of one outlet on two days, never."""
    import datetime as dt

    corpus, tags, types = default
    a, b = _seed(corpus, "2025-01-11", 0), _seed(corpus, "2025-01-11", 1)
    next_day = [replace(x, date=x.date + dt.timedelta(days=1)) if x.slug == b.slug else x for x in corpus.articles]
    assert coverage(next_day, tags, types).same_event == {}
    found = coverage(next_day, tags, types, EventSettings(later_day_cosine=0.3))
    assert pairs(found.same_event) == {frozenset((a.slug, b.slug))}
    one_outlet = [replace(x, source=a.source) if x.slug == b.slug else x for x in next_day]
    loose = EventSettings(later_day_cosine=0.3, same_source_cosine=0.3)
    assert coverage(one_outlet, tags, types, loose).same_event == {}
    same_day_one_outlet = [replace(x, source=a.source) if x.slug == b.slug else x for x in corpus.articles]
    assert pairs(coverage(same_day_one_outlet, tags, types, loose).same_event) == {frozenset((a.slug, b.slug))}


def test_a_wire_report_reprinted_shorter_under_another_headline_is_a_copy_not_another_report(default):
    """An outlet reprints a wire report with its own headline and without the last paragraphs: the
    two texts' Jaccard similarity falls under 0.8, but the shorter lies whole within the longer.
    It is shown as a copy, and only as a copy; an exact copy is not listed as the same event either."""
    import numpy as np

    corpus, tags, types = default
    original = _seed(corpus, "2025-01-11", 0)
    reprint = replace(original, slug="reprint", source="وكالة", title="مصر وليبيا: لقاء في القاهرة",
                      blocks=original.blocks[:4])
    exact = replace(original, slug="exact", source="وكالة أخرى")
    articles = [*corpus.articles, reprint, exact]
    features = {article.slug: text_features(article) for article in articles}
    jaccard = np.mean(np.frombuffer(features["reprint"].minhash, np.uint64)
                      == np.frombuffer(features[original.slug].minhash, np.uint64))
    assert jaccard < EventSettings().copy_threshold  # MinHash alone would not call it a copy
    found = find_coverage(tuple(articles), features, {**tags, "reprint": tags[original.slug], "exact": tags[original.slug]},
                          types)
    assert {frozenset((original.slug, "reprint")), frozenset((original.slug, "exact")),
            frozenset(("reprint", "exact"))} <= pairs(found.copies)
    assert not pairs(found.same_event) & pairs(found.copies)
    # the rewritten report (seed 004) is still another report of the same event, of all three
    rewrite = _seed(corpus, "2025-01-11", 1).slug
    assert {link.article for link in found.same_event[rewrite]} == {original.slug, "reprint", "exact"}


def test_copies_patched_for_the_changed_articles_are_the_copies_found_afresh():
    """The last build's copy pairs patched for edited, added and removed articles (only their
    candidates scored) equal the pairs of all the signatures as they are now."""
    from types import SimpleNamespace

    import numpy as np

    from builder.extract.minhash import NUM_PERM as _NUM_PERM
    from builder.site.events import copy_pairs, patch_copy_pairs

    rng = np.random.default_rng(5)
    signatures = rng.integers(0, 2**63, size=(200, _NUM_PERM), dtype=np.uint64)
    for _ in range(60):  # near-copies: some share a band, some do not
        a, b = rng.integers(0, 200, 2)
        signatures[b] = signatures[a]
        changed = rng.integers(0, _NUM_PERM, rng.integers(0, 30))
        signatures[b, changed] = rng.integers(0, 2**63, len(changed), dtype=np.uint64)
    slugs = [f"s{i:03d}" for i in range(200)]

    def features_of(rows):
        return {slug: SimpleNamespace(minhash=row.tobytes()) for slug, row in rows.items()}

    settings = EventSettings()
    before = features_of({slug: signatures[i] for i, slug in enumerate(slugs)})
    previous = copy_pairs([SimpleNamespace(slug=s) for s in slugs], before, settings)
    assert previous, "the planted copies must give some"
    copied = next(iter(previous))  # an article that had a copy: edited into a text of its own
    now = {slug: signatures[i].copy() for i, slug in enumerate(slugs)}
    now[copied[0]] = rng.integers(0, 2**63, _NUM_PERM, dtype=np.uint64)
    now["s010"] = now["s020"].copy()  # edited into a copy of another
    now["s010"][:5] = 7
    now["new-copy"] = now["s030"].copy()  # added: a copy
    del now["s040"]  # removed
    changed = {copied[0], "s010", "new-copy", "s040"}
    after = features_of(now)
    patched = patch_copy_pairs(previous, after, changed, {s: before[s] for s in changed if s in before}, settings)
    fresh = copy_pairs([SimpleNamespace(slug=s) for s in now], after, settings)
    assert patched == fresh and list(patched) == list(fresh)
    assert patched != previous and ("s030", "new-copy") not in patched and ("new-copy", "s030") in patched
