"""The evidence the default site's pages show for its entries (issue 24, items 3, 4 and 14): built
from the project's own content, read from the HTML a reader gets."""

from __future__ import annotations

from pathlib import Path

import pytest


html = pytest.importorskip("lxml.html")


@pytest.fixture(scope="module")
def site(default_site) -> Path:
    """The default site as built once for the session (read only)."""
    return default_site


def page(output: Path, rel: str):
    return html.fromstring((output / rel / "index.html").read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def tag_items(doc):
    """(entry name, summary, evidence texts) of every tag on an article page."""
    for item in doc.xpath('//li[contains(concat(" ", @class, " "), " tag ")]'):
        evidence = [text(a) for a in item.xpath('.//ul[@class="evidence"]/li/a')]
        yield text(item.xpath('.//a[contains(@class, "chip")]')[0]), text(item.xpath(".//summary")[0]), evidence


def articles(output: Path) -> list[str]:
    return sorted(p.parent.name for p in (output / "articles").glob("*/index.html") if p.parent.name != "page")


def test_a_name_and_its_role_side_by_side_count_once(site):
    """«اللواء عباس كامل رئيس المخابرات العامة المصرية» is one mention, and its sentence shows once."""
    doc = page(site, "articles/hftr-yltqy-mdyr-almkhabrat-almsryh-fy")
    kamel = next(item for item in tag_items(doc) if item[0] == "عباس كامل")
    _, summary, evidence = kamel
    lead = [e for e in evidence if "اللواء عباس كامل رئيس المخابرات العامة المصرية" in e]
    assert len(lead) == 1, evidence
    assert summary.startswith("3 ") or summary.startswith("٣ "), summary  # headline role, lead, paragraph 4


def test_no_evidence_list_shows_a_sentence_twice(site):
    """Nor one sentence as two windows: every quote's words are in no other quote of the entry."""
    for slug in articles(site):
        for name, _, evidence in tag_items(page(site, f"articles/{slug}")):
            assert len(evidence) == len(set(evidence)), (slug, name, evidence)
            heads = [" ".join(e.strip("…").split()[:6]) for e in evidence]
            for i, head in enumerate(heads):
                assert not any(head in other for j, other in enumerate(evidence) if j != i), (slug, name, head)


def test_entry_pages_quote_the_body_not_the_headline(site):
    """/actors/khalifa-haftar/ quoted 4 headlines out of 5 under those same headlines."""
    doc = page(site, "actors/khalifa-haftar")
    entries = doc.xpath('//li[@class="entry"]')
    assert len(entries) == 5
    for entry in entries:
        headline = text(entry.xpath('.//*[@class="entry-title"]')[0])
        quote = entry.xpath('.//blockquote[@class="quote"]/a')[0]
        assert text(quote) != headline, headline
        assert not quote.get("href").endswith("#title"), quote.get("href")


@pytest.mark.parametrize("slug, adjective", [("norway", "والنرويجي"), ("bulgaria", "البلغاري"), ("lebanon", "اللبناني")])
def test_a_country_named_only_by_its_adjective_has_its_article(site, slug, adjective):
    """«البلغاري نيكولاي ملادينوف والنرويجي تور وينسلاند… اللبناني غسان سلامة»: 0 articles before."""
    doc = page(site, f"actors/{slug}")
    entries = doc.xpath('//li[@class="entry"]')
    assert [e.xpath('.//a/@href')[0] for e in entries] == ["/articles/hftr-yltqy-mdyr-almkhabrat-almsryh-fy/"]
    assert adjective in text(entries[0].xpath('.//blockquote[@class="quote"]//mark')[0])


def test_two_mentions_in_one_long_sentence_show_it_once_with_both_marked(site):
    """«لحل الأزمة الليبية ومساعيها لإيجاد تسوية…»: a run-on sentence cut to a window around each mention
    read as two sentences."""
    doc = page(site, "articles/hftr-yltqy-mdyr-almkhabrat-almsryh-fy")
    item = next(i for i in doc.xpath('//li[contains(concat(" ", @class, " "), " tag ")]')
                if text(i.xpath('.//a[contains(@class, "chip")]')[0]) == "الحوار والتسوية السياسية")
    quoted = [li for li in item.xpath('.//ul[@class="evidence"]/li') if "وجدد الجيش الليبي" in text(li)]
    assert len(quoted) == 1
    assert [text(m) for m in quoted[0].xpath(".//mark")] == ["لحل الأزمة الليبية", "تسوية"]
