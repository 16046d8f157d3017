"""Same-event coverage and copies, without comparing all pairs.

Two kinds of link between articles:

- **copies** (and near-copies): the same text published twice. MinHash over word
  5-shingles, candidate pairs from locality-sensitive hashing (banded signatures), kept
  when the estimated Jaccard similarity reaches ``copy_threshold``.
- **same event**: different texts reporting one event (a rewrite shares few
  shingles: seeds 002 and 004 score 0.01). Candidate pairs come from blocking: two
  articles that name the same rare actor within ``window_days`` of each other. A
  candidate is kept when the articles share at least ``min_shared`` actors and places
  and their TF-IDF cosine (hashed terms, article ال removed) reaches ``min_cosine``.

Thresholds are measured, not guessed: see docs/events.md.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .arabic import Token, strip_article, tokenize
from .records import Article, Tag, compact_pickle

_NUM_PERM = 64
_SHINGLE = 5
# Function words carry no event: left out of the term vectors.
_STOP = frozenset(
    "في من علي الي عن مع ان الذي التي الذين هذا هذه ذلك تلك كما قد لقد كان كانت خلال بعد قبل منذ حول بين عند "
    "لدي حيث او ثم بل لم لن لا ما وقد وكان هو هي هم اليوم امس ايضا كل بعض غير اكثر اقل الي حتي اذا اذ".split()
)


@dataclass(frozen=True, slots=True)
class EventSettings:
    window_days: int = 3
    min_shared: int = 2
    min_cosine: float = 0.10
    copy_threshold: float = 0.8
    max_block: int = 200  # an actor named in more articles than this inside one window does not block


@compact_pickle
@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What one article contributes to the search for copies and same-event pairs."""

    terms: bytes  # uint32 pairs (hashed term, count), sorted by term
    minhash: bytes  # _NUM_PERM uint64 values


@dataclass(frozen=True, slots=True)
class Link:
    article: str
    score: float


@dataclass(frozen=True, slots=True)
class Coverage:
    copies: dict[str, tuple[Link, ...]]  # article → its copies and near-copies (Jaccard estimate)
    same_event: dict[str, tuple[Link, ...]]  # article → other reports of the same event (cosine)


def text_features(article: Article, tokens: dict[str, list[Token]] | None = None) -> TextFeatures:
    """Term counts and a MinHash signature; ``tokens`` (block anchor → tokens) if the caller has them."""
    words = [
        strip_article(t.norm)
        for block in article.blocks
        for t in (tokens[block.anchor] if tokens and block.anchor in tokens else tokenize(block.text))
    ]
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    keep = np.fromiter((len(w) > 2 and w not in _STOP and not w.isdigit() for w in words), dtype=bool, count=len(words))
    terms, counts = np.unique(hashes[keep], return_counts=True)
    pairs = np.stack([terms, counts]).T.astype(np.uint32)
    return TextFeatures(terms=pairs.tobytes(), minhash=_minhash(_shingles(hashes)).tobytes())


def _terms(features: TextFeatures) -> np.ndarray:
    return np.frombuffer(features.terms, dtype=np.uint32).reshape(-1, 2)


# A shingle's hash mixes its words' hashes (a polynomial in a fixed odd multiplier, mod 2**64).
_MIX = np.uint64(0x100000001B3)


def _shingles(word_hashes: np.ndarray) -> np.ndarray:
    """The distinct hashes of the text's word 5-shingles (one shingle when the text is shorter)."""
    if len(word_hashes) == 0:
        return word_hashes
    width = min(_SHINGLE, len(word_hashes))
    count = len(word_hashes) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        mixed = mixed * _MIX + word_hashes[k : k + count]
    return np.unique(mixed)


# MinHash with fixed multiply-shift permutations ((a*h + b) mod 2**64, top 32 bits): the
# constants are fixed, so signatures are the same on every run and machine.
_PERMUTATIONS = np.random.default_rng(20240101).integers(1, 2**63, size=(2, _NUM_PERM), dtype=np.uint64)


def _minhash(hashes: np.ndarray) -> np.ndarray:
    if len(hashes) == 0:
        return np.full(_NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    a, b = _PERMUTATIONS[0] | np.uint64(1), _PERMUTATIONS[1]
    return ((hashes[:, None] * a + b) >> np.uint64(32)).min(axis=0)


def find_coverage(
    articles: tuple[Article, ...],
    features: dict[str, TextFeatures],
    tags: dict[str, tuple[Tag, ...]],
    entity_types: dict[str, str],
    settings: EventSettings = EventSettings(),
) -> Coverage:
    copies = _copies(articles, features, settings)
    same = _same_event(articles, features, tags, entity_types, settings)
    return Coverage(copies=copies, same_event=same)


def _copies(articles, features, settings: EventSettings) -> dict[str, tuple[Link, ...]]:
    """LSH banding over the signatures: candidates share a whole band; kept above the threshold."""
    bands, rows = 16, _NUM_PERM // 16
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    signatures = {a.slug: np.frombuffer(features[a.slug].minhash, dtype=np.uint64) for a in articles}
    for slug in sorted(signatures):
        sig = signatures[slug]
        for band in range(bands):
            buckets[(band, sig[band * rows : (band + 1) * rows].tobytes())].append(slug)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        if 1 < len(members) <= 1000:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pairs.add((a, b))
    found: dict[str, list[Link]] = defaultdict(list)
    for a, b in sorted(pairs):
        similarity = float(np.mean(signatures[a] == signatures[b]))
        if similarity >= settings.copy_threshold:
            found[a].append(Link(b, round(similarity, 3)))
            found[b].append(Link(a, round(similarity, 3)))
    return {slug: tuple(sorted(links, key=lambda l: (-l.score, l.article))) for slug, links in found.items()}


_PAIR_BATCH = 4096  # pairs scored at once (bounds the memory of the gathered rows)


def _cosines(pairs: list[tuple[str, str]], features: dict[str, TextFeatures], n: int) -> np.ndarray:
    """TF-IDF cosine of each pair: (1 + log tf) · log((n + 1) / (df + 0.5)), rows L2-normalised.

    Document frequencies count every article; the vectors are built only for articles in a pair.
    """
    all_terms = np.concatenate([_terms(f)[:, 0] for f in features.values()] or [np.zeros(0, np.uint32)])
    ids, counts = np.unique(all_terms, return_counts=True)
    in_pairs = sorted({slug for pair in pairs for slug in pair})
    row_of = {slug: i for i, slug in enumerate(in_pairs)}
    rows = [_terms(features[slug]) for slug in in_pairs]
    stacked = np.concatenate(rows) if rows else np.zeros((0, 2), np.uint32)
    columns = np.searchsorted(ids, stacked[:, 0])
    weights = (1 + np.log(stacked[:, 1].astype(np.float64))) * np.log((n + 1) / (counts[columns] + 0.5))
    row_ids = np.repeat(np.arange(len(in_pairs)), [len(r) for r in rows])
    matrix = sparse.csr_matrix((weights, (row_ids, columns)), shape=(len(in_pairs), len(ids)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.where(norms > 0, norms, 1.0)) @ matrix
    left = np.array([row_of[a] for a, _ in pairs], dtype=np.int64)
    right = np.array([row_of[b] for _, b in pairs], dtype=np.int64)
    out = np.zeros(len(pairs))
    for start in range(0, len(pairs), _PAIR_BATCH):
        stop = start + _PAIR_BATCH
        out[start:stop] = np.asarray(
            matrix[left[start:stop]].multiply(matrix[right[start:stop]]).sum(axis=1)
        ).ravel()
    return out


def _same_event(articles, features, tags, entity_types, settings: EventSettings) -> dict[str, tuple[Link, ...]]:
    dated = [a for a in articles if a.date]
    n = len(articles)
    # Blocking: articles naming the same actor or place, close in time.
    by_entity: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for article in dated:
        for tag in tags[article.slug]:
            if entity_types.get(tag.entity) in ("actor", "place"):
                by_entity[tag.entity].append((article.date.toordinal(), article.slug))
    candidates: Counter[tuple[str, str]] = Counter()
    for entity, items in by_entity.items():
        items.sort()
        start = 0
        for end in range(len(items)):
            while items[end][0] - items[start][0] > settings.window_days:
                start += 1
            if end - start > settings.max_block:  # too common in this window to mean anything
                continue
            b = items[end][1]
            for _, a in items[start:end]:
                candidates[(a, b) if a < b else (b, a)] += 1
    pairs = [pair for pair, shared in candidates.items() if shared >= settings.min_shared]
    if not pairs:
        return {}
    pairs.sort()
    cosines = _cosines(pairs, features, n)
    found: dict[str, list[Link]] = defaultdict(list)
    for (a, b), cosine in zip(pairs, cosines.tolist()):
        if cosine >= settings.min_cosine:
            found[a].append(Link(b, round(cosine, 3)))
            found[b].append(Link(a, round(cosine, 3)))
    return {slug: tuple(sorted(links, key=lambda l: (-l.score, l.article))) for slug, links in found.items()}
