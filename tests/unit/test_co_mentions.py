"""The model's co-mentions, checked against their definition: for two entries, the number of
articles whose tags name both."""

from __future__ import annotations

from collections import Counter
from itertools import permutations

from builder.config import load_config
from builder.model import CO_MENTIONS_SHOWN

from conftest import model_of


def _together(site) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for tags in site.tags.values():
        for a, b in permutations({tag.entity for tag in tags}, 2):
            counts.setdefault(a, Counter())[b] += 1
    return counts


def test_co_mentions_and_neighbours_count_the_articles_naming_both(fixture_site):
    site = model_of(load_config(fixture_site / "site.toml"))
    together = _together(site)
    assert max(n for counts in together.values() for n in counts.values()) > 1  # the corpus tests counting
    assert [(a, list(b.items())) for a, b in site.neighbours.items()] == [
        (a, sorted(together[a].items())) for a in site.entities if a in together
    ]
    for slug in site.entities:
        strongest = sorted(together.get(slug, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
        assert list(site.co_mentions[slug]) == strongest[:CO_MENTIONS_SHOWN]


def test_links_among_members_are_each_pair_once_in_order(fixture_site):
    site = model_of(load_config(fixture_site / "site.toml"))
    together = _together(site)
    everyone = sorted(together)
    for members in (everyone, everyone[: len(everyone) // 2], list(reversed(everyone))[:3]):
        inside = set(members)
        expected = tuple((a, b, together[a][b]) for a in members for b in sorted(together[a]) if a < b and b in inside)
        assert site.links_among(members) == expected
