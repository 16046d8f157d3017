"""Same-event coverage and copies, without comparing all pairs.

Two kinds of link between articles:

- **copies** (and near-copies): the same text published twice. MinHash over word
  5-shingles, candidate pairs from locality-sensitive hashing (banded signatures), kept
  when the estimated Jaccard similarity reaches ``copy_threshold``.
- **same event**: different texts reporting one event (a rewrite shares few
  shingles: seeds 002 and 004 score 0.01). Candidate pairs come from blocking: two
  articles that name the same rare actor within ``window_days`` of each other. A
  candidate is kept when the articles share at least ``min_shared`` actors and places
  and the TF-IDF cosine of their openings (hashed terms, article ال removed) reaches
  ``min_cosine``; ``same_source_cosine`` for two of one outlet (and the same day only),
  ``later_day_cosine`` for two of different days.

Thresholds are measured, not guessed: see docs/events.md.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import numpy as np
from scipy import sparse

from builder.extract.arabic import FUNCTION_WORDS, Token, strip_article, tokenize
from builder.extract.arrays import distinct
from builder.config import EventSettings
from builder.extract.matching import TITLE_ANCHOR
from builder.extract.minhash import agreement, signature, similar_pairs, word_shingles
from builder.site.records import Article, ArticleSummary, Tag, compact_pickle


# The opening that the same-event decision compares: the title and the first words of the body.
LEAD_WORDS = 60


@compact_pickle
@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What one article contributes to the search for copies and same-event pairs."""

    terms: bytes  # uint32 pairs (hashed term, count) of the title and the first LEAD_WORDS words, sorted by term
    minhash: bytes  # NUM_PERM uint64 values over the whole body
    shingles: int = 0  # how many distinct shingles the body has (the containment of one text in another)


@dataclass(frozen=True, slots=True)
class Link:
    article: str
    score: float


@dataclass(frozen=True, slots=True)
class Coverage:
    copies: dict[str, tuple[Link, ...]]  # article → its copies and near-copies (Jaccard estimate)
    same_event: dict[str, tuple[Link, ...]]  # article → other reports of the same event (cosine)


class TermMemo(dict):
    """word → (the hash of its term, whether it counts as one): ال taken off, then kept unless it is a
    function word, a number or two letters long. Each distinct word is worked out once for all the
    articles one memo serves (a worker's chunk of articles)."""

    def __missing__(self, word: str) -> tuple[int, bool]:
        term = strip_article(word)
        value = self[word] = (zlib.crc32(term.encode("utf-8")), len(term) > 2 and term not in FUNCTION_WORDS and not term.isdigit())
        return value


def text_features(article: Article, tokens: dict[str, list[Token]] | None = None, memo: TermMemo | None = None) -> TextFeatures:
    """The opening's term counts and the body's MinHash signature; ``tokens`` (block anchor →
    tokens, the title under TITLE_ANCHOR) if the caller has them.

    The opening is the title and the first LEAD_WORDS words of the body (all of the first
    paragraph, never the last of several): where a news report says
    what happened, who, where and when. What comes after it, background, reactions and, on real
    pages, the opening of another story or the outlet's footer, is left out of the comparison."""
    def words(anchor: str, text: str) -> list[str]:
        return list(map(itemgetter(2), tokens[anchor] if tokens and anchor in tokens else tokenize(text)))

    paragraphs = [words(block.anchor, block.text) for block in article.blocks]
    norms = list(chain.from_iterable(paragraphs))
    title = words(TITLE_ANCHOR, article.title)
    # The opening never takes the last paragraph of a longer text: on real pages that is where
    # another story's teaser sits, and a short report would otherwise open with it.
    own = len(norms) - (len(paragraphs[-1]) if len(paragraphs) > 1 else 0)
    lead = len(title) + min(own, max(LEAD_WORDS, len(paragraphs[0]) if paragraphs else 0))
    norms = title + norms
    index = {word: n for n, word in enumerate(dict.fromkeys(norms))}  # each distinct word looked up once
    at = np.fromiter(map(index.__getitem__, norms), dtype=np.intp, count=len(norms))
    terms = list(map((TermMemo() if memo is None else memo).__getitem__, index))
    word_hashes = np.fromiter(map(itemgetter(0), terms), dtype=np.uint64, count=len(terms))
    word_kept = np.fromiter(map(itemgetter(1), terms), dtype=bool, count=len(terms))
    hashes, keep = word_hashes[at], word_kept[at]
    terms, counts = np.unique(hashes[:lead][keep[:lead]], return_counts=True)
    pairs = np.stack([terms, counts]).T.astype(np.uint32)
    shingles = word_shingles(hashes[len(title):])
    return TextFeatures(terms=pairs.tobytes(), minhash=signature(shingles).tobytes(), shingles=len(shingles))


def _terms(features: TextFeatures) -> np.ndarray:
    return np.frombuffer(features.terms, dtype=np.uint32).reshape(-1, 2)


def find_coverage(
    articles: tuple[ArticleSummary, ...],
    features: dict[str, TextFeatures],
    tags: dict[str, tuple[Tag, ...]],
    entity_types: dict[str, str],
    settings: EventSettings = EventSettings(),
    pairs: dict[tuple[str, str], float] | None = None,
) -> Coverage:
    """Copies and same-event links, both ways. A pair is one or the other: a same-event candidate
    whose shorter text lies (nearly) whole within the longer one (a report cut short, or one a
    paragraph longer) is a copy too, scored by that containment. ``pairs``: the articles'
    :func:`copy_pairs` when the caller has them (patched from the last build's)."""
    copies = copy_links(copy_pairs(articles, features, settings) if pairs is None else pairs)
    same = _same_event(articles, features, tags, entity_types, settings)
    found_copies: dict[str, list[Link]] = {slug: list(links) for slug, links in copies.items()}
    found_same: dict[str, list[Link]] = defaultdict(list)
    for a, b, cosine, reported in same:
        if b in {link.article for link in found_copies.get(a, ())}:
            continue  # the same text: a copy, not another report
        contained = _containment(features[a], features[b])
        if contained >= settings.copy_threshold:  # a copy whatever the day or the outlet
            found_copies.setdefault(a, []).append(Link(b, round(contained, 3)))
            found_copies.setdefault(b, []).append(Link(a, round(contained, 3)))
        elif reported:
            found_same[a].append(Link(b, round(cosine, 3)))
            found_same[b].append(Link(a, round(cosine, 3)))
    return Coverage(copies=_ordered(found_copies), same_event=_ordered(found_same))


def _ordered(found: dict[str, list[Link]]) -> dict[str, tuple[Link, ...]]:
    return {slug: tuple(sorted(links, key=lambda l: (-l.score, l.article))) for slug, links in found.items()}


def _containment(a: TextFeatures, b: TextFeatures) -> float:
    """The estimated share of the shorter text's shingles found in the longer: from the Jaccard
    estimate J and the sizes, |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    jaccard = agreement(np.frombuffer(a.minhash, dtype=np.uint64), np.frombuffer(b.minhash, dtype=np.uint64))
    shorter = min(a.shingles, b.shingles)
    if shorter == 0:
        return 0.0
    return min(1.0, jaccard * (a.shingles + b.shingles) / (1 + jaccard) / shorter)


_BANDS = 16  # bands of the MinHash signature (builder.extract.minhash.similar_pairs)


def copy_pairs(articles, features, settings: EventSettings) -> dict[tuple[str, str], float]:
    """(first slug, second slug) → agreement of the pairs whose signatures share a whole band (LSH)
    and agree on at least ``copy_threshold`` of their positions, in slug order: the copies of
    :func:`find_coverage` before the same-event candidates add theirs."""
    slugs = sorted(a.slug for a in articles)
    if not slugs:
        return {}
    signatures = np.stack([np.frombuffer(features[slug].minhash, dtype=np.uint64) for slug in slugs])
    found = similar_pairs(signatures, _BANDS, settings.copy_threshold, _MAX_BUCKET)
    return {(slugs[a], slugs[b]): value for (a, b), value in sorted(found.items())}


_MAX_BUCKET = 1000  # a band's bucket of more rows than this (a boilerplate text) gives no pairs


def patch_copy_pairs(previous: dict[tuple[str, str], float], features, changed: set[str],
                     earlier: dict[str, TextFeatures], settings: EventSettings) -> dict[tuple[str, str], float] | None:
    """:func:`copy_pairs` of the articles of ``features`` made from the last build's (``previous``)
    for the ``changed`` articles (edited, added or gone; ``earlier``: the features of those that were
    there before): a pair's agreement is the two signatures' alone, so only the pairs of a changed
    article are looked for again, among the articles sharing a band with it. None when a change moves
    a band's bucket across the size above which it gives no pairs: the unchanged articles' pairs in
    it come or go, and everything is paired afresh."""
    slugs = sorted(features)
    index = {slug: i for i, slug in enumerate(slugs)}
    signatures = np.stack([np.frombuffer(features[slug].minhash, dtype=np.uint64) for slug in slugs]) if slugs else None
    now = [slug for slug in sorted(changed) if slug in index]
    before = {slug: np.frombuffer(earlier[slug].minhash, dtype=np.uint64) for slug in sorted(changed) if slug in earlier}
    width = (signatures.shape[1] if signatures is not None else 0) // _BANDS
    candidates: set[tuple[str, str]] = set()
    for band in range(_BANDS if signatures is not None else 0):
        block = signatures[:, band * width : (band + 1) * width]
        values = {tuple(block[index[slug]].tolist()) for slug in now}
        values |= {tuple(sig[band * width : (band + 1) * width].tolist()) for sig in before.values()}
        for value in sorted(values):
            members = np.flatnonzero((block == np.array(value, dtype=np.uint64)).all(axis=1))
            moved_in = sum(1 for slug in now if tuple(block[index[slug]].tolist()) == value)
            moved_out = sum(1 for sig in before.values() if tuple(sig[band * width : (band + 1) * width].tolist()) == value)
            was = len(members) - moved_in + moved_out
            if len(members) - moved_in >= 2 and (was <= _MAX_BUCKET) != (len(members) <= _MAX_BUCKET):
                return None
            if 1 < len(members) <= _MAX_BUCKET:
                inside = [slugs[k] for k in members.tolist()]
                for slug in now:
                    if slug in inside:
                        candidates.update((min(slug, other), max(slug, other)) for other in inside if other != slug)
    kept = {pair: value for pair, value in previous.items() if pair[0] not in changed and pair[1] not in changed}
    pairs = sorted(candidates)
    if pairs:
        left = np.array([index[a] for a, _ in pairs])
        right = np.array([index[b] for _, b in pairs])
        similarity = (signatures[left] == signatures[right]).mean(axis=1)
        for k in np.flatnonzero(similarity >= settings.copy_threshold).tolist():
            kept[pairs[k]] = float(similarity[k])
    return dict(sorted(kept.items()))


def copy_links(pairs: dict[tuple[str, str], float]) -> dict[str, tuple[Link, ...]]:
    """Each article's copies, both ways, strongest first."""
    found: dict[str, list[Link]] = defaultdict(list)
    for (a, b), value in pairs.items():
        found[a].append(Link(b, round(value, 3)))
        found[b].append(Link(a, round(value, 3)))
    return {slug: tuple(sorted(links, key=lambda l: (-l.score, l.article))) for slug, links in found.items()}


_PAIR_BATCH = 4096  # pairs scored at once (bounds the memory of the gathered rows)
# Document frequencies are counted as if the corpus held this many more articles, none using the
# term: on a site of five articles a name that two of them share is not taken for a common word
# (seeds 002 and 004: cosine 0.16 without, 0.38 with); on 30,000 articles it changes nothing.
_BACKGROUND = 1000


def _cosines(slugs: list[str], left: np.ndarray, right: np.ndarray, features: dict[str, TextFeatures],
             n: int) -> np.ndarray:  # fmt: skip
    """TF-IDF cosine of each pair (``slugs[left[k]]``, ``slugs[right[k]]``) over their openings:
    (1 + log tf) · log((n + _BACKGROUND + 1) / (df + 0.5)), rows L2-normalised.

    Document frequencies count every article; the vectors are built only for articles in a pair.
    """
    all_terms = np.concatenate([_terms(f)[:, 0] for f in features.values()] or [np.zeros(0, np.uint32)])
    ids, counts = np.unique(all_terms, return_counts=True)
    del all_terms
    members = distinct(np.concatenate([left, right]))
    rows = [_terms(features[slugs[i]]) for i in members.tolist()]
    stacked = np.concatenate(rows) if rows else np.zeros((0, 2), np.uint32)
    columns = np.searchsorted(ids, stacked[:, 0])
    weights = (1 + np.log(stacked[:, 1].astype(np.float64))) * np.log((n + _BACKGROUND + 1) / (counts[columns] + 0.5))
    row_ids = np.repeat(np.arange(len(members)), [len(r) for r in rows])
    matrix = sparse.csr_matrix((weights, (row_ids, columns)), shape=(len(members), len(ids)))
    del stacked, columns, weights, row_ids
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.where(norms > 0, norms, 1.0)) @ matrix
    left_rows, right_rows = np.searchsorted(members, left), np.searchsorted(members, right)
    out = np.zeros(len(left))
    for start in range(0, len(left), _PAIR_BATCH):
        stop = start + _PAIR_BATCH
        out[start:stop] = np.asarray(
            matrix[left_rows[start:stop]].multiply(matrix[right_rows[start:stop]]).sum(axis=1)
        ).ravel()
    return out


def _candidates(ordinals: np.ndarray, members: np.ndarray, n: int, settings: EventSettings) -> np.ndarray:
    """Pair codes (lower index · n + higher index) of one entry's articles within the date window.

    ``ordinals``/``members``: the entry's articles sorted by date (then index). Each article pairs
    with the earlier ones at most ``window_days`` before it, unless more than ``max_block`` are.
    """
    starts = np.searchsorted(ordinals, ordinals - settings.window_days, side="left")
    ends = np.arange(len(ordinals))
    widths = np.where(ends - starts > settings.max_block, 0, ends - starts)
    total = int(widths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    later = np.repeat(ends, widths)
    offsets = np.arange(total) - np.repeat(np.cumsum(widths) - widths, widths)
    earlier = np.repeat(starts, widths) + offsets
    a, b = members[earlier], members[later]
    return np.minimum(a, b) * n + np.maximum(a, b)


def _same_event(articles, features, tags, entity_types, settings: EventSettings) -> list[tuple[str, str, float, bool]]:
    """(first slug, second slug, cosine, whether it is another report of the same event) of each
    candidate whose openings reach ``min_cosine`` (``same_source_cosine`` for one outlet), in slug
    order. A pair of two days that is not (the next day's development) may still be a copy."""
    n = len(articles)
    slugs = sorted(a.slug for a in articles)
    index = {slug: i for i, slug in enumerate(slugs)}
    source = {a.slug: a.source for a in articles}
    day = {a.slug: a.date for a in articles}
    # Blocking: articles naming the same actor or place, close in time; a pair's count is the
    # number of entries that propose it. Pairs are int64 codes, not tuples: millions at 50,000 articles.
    by_entity: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article in articles:
        if article.date:
            for tag in tags[article.slug]:
                if entity_types.get(tag.entity) in ("actor", "place"):
                    by_entity[tag.entity].append((article.date.toordinal(), index[article.slug]))
    codes = []
    for items in by_entity.values():
        items.sort()
        block = np.array(items, dtype=np.int64).reshape(-1, 2)
        codes.append(_candidates(block[:, 0], block[:, 1], n, settings))
    if not codes:
        return []
    unique, shared = np.unique(np.concatenate(codes), return_counts=True)
    del codes
    kept = unique[shared >= settings.min_shared]  # sorted: pairs in (first slug, second slug) order
    if len(kept) == 0:
        return []
    left, right = kept // n, kept % n
    cosines = _cosines(slugs, left, right, features, n)
    found = []
    for k in np.flatnonzero(cosines >= settings.min_cosine).tolist():
        a, b, cosine = slugs[left[k]], slugs[right[k]], float(cosines[k])
        same_day, one_outlet = day[a] == day[b], bool(source[a]) and source[a] == source[b]
        # One outlet's follow-ups of a story share its background and its phrasing (and on real pages
        # its teasers): two of its own articles need more of the opening in common than two outlets'
        # reports of one event, or they are not even looked at as copies: what they share is that.
        if one_outlet and cosine < settings.same_source_cosine:
            continue
        # The next day brings follow-ups (the coach after the match, the suspects after the attack)
        # whose openings recall the event: a report of another day needs more in common, and one
        # outlet's of another day is its next development. Either may still be a copy (a wire
        # report another outlet printed the next day, an article filed again).
        found.append((a, b, cosine, same_day or (not one_outlet and cosine >= settings.later_day_cosine)))
    return found
