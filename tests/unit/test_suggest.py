"""'Did you mean' by edit distance on the normalised form (builder/extract/suggest.py)."""

from pathlib import Path

from builder.site.content import load_entity
from builder.extract.suggest import closest, distance, entry_hint


def test_distance_counts_a_swap_as_one_edit():
    assert [distance("egpyt", "egypt"), distance("حفطر", "حفتر"), distance("", "abc"), distance("abc", "abc")] == [1, 1, 3, 0]
    assert distance("kitten", "sitting") == 3


def test_closest_compares_normalised_forms():
    assert closest("خليفه حفطر", ["خليفة حفتر", "صدام حفتر", "مصر"]) == ["خليفة حفتر"]  # ة/ه folded, one letter off
    assert closest("pages", ["page", "search", "events"]) == ["page"]
    assert closest("hemedti", ["egypt", "khalifa-haftar"]) == []


def entities(tmp_path: Path):
    files = {
        "khalifa-haftar": "name: خليفة حفتر\nname_en: Khalifa Haftar\nkind: person\nfamily: حفتر\n",
        "saddam-haftar": "name: صدام حفتر\nname_en: Saddam Haftar\nkind: person\n",
        "egypt": "name: مصر\nkind: country\n",
        "egypt-libya-relations": "name: العلاقات المصرية الليبية\nkind: organisation\n",
    }
    out = []
    for slug, text in files.items():
        (tmp_path / f"{slug}.yaml").write_text(text, encoding="utf-8")
        out.append(load_entity(tmp_path / f"{slug}.yaml", "actor"))
    return out


def test_an_entry_is_found_by_slug_name_alias_or_family_name(tmp_path):
    known = entities(tmp_path)
    assert entry_hint("حفطر", known) == "did you mean 'khalifa-haftar' «خليفة حفتر»?"  # the family name, one letter off
    assert entry_hint("خليفة حفتر", known) == "did you mean 'khalifa-haftar' «خليفة حفتر»?"  # a name, not a slug
    assert entry_hint("egpyt", known) == "did you mean 'egypt' «مصر»?"  # the whole slug before one of its words
    assert entry_hint("haftar", known) == "did you mean 'khalifa-haftar' «خليفة حفتر» or 'saddam-haftar' «صدام حفتر»?"
    assert entry_hint("hemedti", known) == ""
