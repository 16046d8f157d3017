"""The model's co-mentions, checked against their definition: for two entries, the number of
articles in which one paragraph (the headline is one) names both; platforms and media
(``UNLINKED_KINDS``) are never co-mentioned."""

from __future__ import annotations

from collections import Counter
from itertools import permutations

from builder.config import load_config
from builder.site.comentions import CO_MENTIONS_SHOWN
from builder.site.records import UNLINKED_KINDS

from conftest import ROOT, model_of


def _together(site) -> dict[str, Counter]:
    """Counted the slow way, from every mention's paragraph."""
    counts: dict[str, Counter] = {}
    for tags in site.tags.values():
        pairs = set()
        paragraphs: dict[str, set[str]] = {}
        for tag in tags:
            if site.entities[tag.entity].kind not in UNLINKED_KINDS:
                for mention in tag.mentions:
                    paragraphs.setdefault(mention.block, set()).add(tag.entity)
        for named in paragraphs.values():
            pairs |= set(permutations(named, 2))
        for a, b in pairs:
            counts.setdefault(a, Counter())[b] += 1
    return counts


def test_co_mentions_and_neighbours_count_the_articles_where_one_paragraph_names_both(fixture_site):
    most = 0
    for config in (load_config(fixture_site / "site.toml"), load_config(ROOT / "site.toml")):
        site = model_of(config)
        together = _together(site)
        most = max(most, *(n for counts in together.values() for n in counts.values()))
        assert [(a, list(b.items())) for a, b in site.neighbours.items()] == [
            (a, sorted(together[a].items())) for a in site.entities if a in together
        ]
        for slug in site.entities:
            strongest = sorted(together.get(slug, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
            assert list(site.co_mentions[slug]) == strongest[:CO_MENTIONS_SHOWN]
    assert most > 1  # the corpora test counting


def test_two_actors_of_one_article_never_named_in_one_paragraph_are_not_linked():
    """The default site's long article names Abbas Kamel, Ghassan Salamé and Nickolay Mladenov, in
    paragraphs of their own: counted by article, the three were tied."""
    site = model_of(load_config(ROOT / "site.toml"))
    shared = set(site.entity_articles["abbas-kamel"]) & set(site.entity_articles["ghassan-salame"])
    assert shared and set(site.entity_articles["abbas-kamel"]) & set(site.entity_articles["nickolay-mladenov"])
    assert "ghassan-salame" not in site.neighbours["abbas-kamel"]
    assert "nickolay-mladenov" not in site.neighbours["abbas-kamel"]
    assert "khalifa-haftar" in site.neighbours["abbas-kamel"]  # named together in one paragraph


def test_light_tags_keep_the_paragraphs_co_mentions_are_counted_from():
    site = model_of(load_config(ROOT / "site.toml"))
    for tags in site.tags.values():
        for tag in tags:
            light = tag.light()
            assert light.paragraphs == tag.paragraphs
            assert light.paragraph_indices() == sorted({int(m.block[2:]) if m.block != "title" else 0
                                                        for m in tag.mentions})


def test_a_medium_tags_and_links_articles_but_is_never_co_mentioned(default_site):
    """Facebook («صفحته بفيسبوك») is the channel of a statement: its page lists its articles, the
    articles link to it, but no neighbour list, chart or network names it."""
    out = default_site
    config = load_config(out.parent / "site.toml")
    site = model_of(config)
    assert site.entities["facebook"].kind == "medium"
    assert len(site.entity_articles["facebook"]) == 2
    assert all("facebook" not in around for around in site.neighbours.values())
    assert "facebook" not in site.neighbours and site.co_mentions["facebook"] == ()
    assert "facebook" not in site.named_actors()
    for article in site.entity_articles["facebook"]:
        assert "/actors/facebook/" in (out / "articles" / article / "index.html").read_text(encoding="utf-8")
    facebook_page = (out / "actors" / "facebook" / "index.html").read_text(encoding="utf-8")
    assert all(f"/articles/{a}/" in facebook_page for a in site.entity_articles["facebook"])
    assert "منصة أو وسيلة إعلام" in facebook_page or "منصات ووسائل إعلام" in facebook_page
    for page in ("network/index.html", "actors/khalifa-haftar/index.html", "actors/egypt/index.html"):
        assert "/actors/facebook/" not in (out / page).read_text(encoding="utf-8"), page
    assert "منصات ووسائل إعلام" in (out / "actors" / "index.html").read_text(encoding="utf-8")


def test_links_among_members_are_each_pair_once_in_order(fixture_site):
    site = model_of(load_config(fixture_site / "site.toml"))
    together = _together(site)
    everyone = sorted(together)
    for members in (everyone, everyone[: len(everyone) // 2], list(reversed(everyone))[:3]):
        inside = set(members)
        expected = tuple((a, b, together[a][b]) for a in members for b in sorted(together[a]) if a < b and b in inside)
        assert site.links_among(members) == expected


def test_co_mentions_patched_for_changed_articles_are_the_counts_made_afresh():
    """The last build's counts patched for an edited, a removed and an added article (their earlier
    tags taken off, their tags now counted) equal the counts of the corpus as it is now."""
    from types import SimpleNamespace

    from builder.site.comentions import co_mention_lists, count_co_mentions, patch_co_mentions

    site = model_of(load_config(ROOT / "site.toml"))
    slugs = [a.slug for a in site.articles]
    versions = {slug: "v1" for slug in slugs}
    previous = count_co_mentions(site.entities, site.articles, site.tags, versions)
    edited, removed = slugs[0], slugs[1]
    tags = {**site.tags, edited: site.tags[slugs[2]], "added": site.tags[slugs[3]]}
    del tags[removed]
    now = {**{slug: "v1" for slug in tags}, edited: "v2"}
    patched = patch_co_mentions(previous, site.entities, tags, now,
                                {edited: site.tags[edited], removed: site.tags[removed]})
    fresh = count_co_mentions(site.entities, [SimpleNamespace(slug=slug) for slug in tags], tags, now)
    assert patched is not None and patched.versions == now
    assert co_mention_lists(site.entities, patched) == co_mention_lists(site.entities, fresh)
    assert co_mention_lists(site.entities, patched) != co_mention_lists(site.entities, previous)
    assert (patched.half != fresh.half).nnz == 0
    # an earlier version's tags that are not at hand: not patched (counted afresh by the caller)
    assert patch_co_mentions(previous, site.entities, tags, now, {edited: site.tags[edited]}) is None
