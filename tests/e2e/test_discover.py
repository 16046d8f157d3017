"""explain, candidates and add-actor, run as a researcher runs them."""

from __future__ import annotations

import yaml

from conftest import run_cli


NEW_ARTICLE = """---
title: لقاء في بنغازي
date: 2023-05-02
source: وكالة الاختبار
---

التقى رئيس مجلس النواب الليبي عقيلة صالح بالمشير خليفة حفتر في بنغازي.

وقال المبعوث الأممي عبد الله باتيلي إن الانتخابات ممكنة، وأكد رئيس مجلس النواب عقيلة صالح ذلك.
"""


def test_explain_prints_every_tag_with_its_evidence(fixture_site):
    result = run_cli("explain", "hostile-markup", cwd=fixture_site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("مصر (egypt)" in line and "pinned by the researcher" in line for line in lines)
    assert any("p-1" in line and "alias" in line and "«بنغازي»" in line for line in lines)
    vetoed = run_cli("explain", "content/articles/vetoed.md", cwd=fixture_site)
    assert "vetoed مصر (egypt): found in the text, removed by the researcher" in vetoed.stdout
    missing = run_cli("explain", "no-such-article", cwd=fixture_site)
    assert missing.returncode == 2 and "no article 'no-such-article'" in missing.stderr


def test_candidates_then_add_actor_then_the_rebuild_tags_it(fixture_site):
    (fixture_site / "content" / "articles" / "benghazi-talks.md").write_text(NEW_ARTICLE, encoding="utf-8")
    listed = run_cli("candidates", cwd=fixture_site)
    assert listed.returncode == 0, listed.stderr
    first = listed.stdout.splitlines()[0]
    assert "عقيلة صالح" in first and "×2" in first and "رئيس مجلس النواب الليبي" in first
    assert "عبد الله باتيلي" in listed.stdout and "benghazi-talks#p-2" in listed.stdout

    added = run_cli("add-actor", "عقيلة صالح", "--name-en", "Aguila Saleh", cwd=fixture_site)
    assert added.returncode == 0, added.stderr
    path = fixture_site / "content" / "actors" / "aguila-saleh.yaml"
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert entry["name"] == "عقيلة صالح" and entry["aliases"] == ["عقيلة صالح"] and entry["kind"] == "person"
    assert run_cli("add-actor", "عقيلة صالح", "--name-en", "Aguila Saleh", cwd=fixture_site).returncode == 2  # no overwrite

    after = run_cli("candidates", cwd=fixture_site)
    ranked = [line for line in after.stdout.splitlines() if "×" in line]
    assert ranked and not any("عقيلة صالح" in line for line in ranked)
    assert run_cli("build", "--no-search", cwd=fixture_site).returncode == 0
    page = (fixture_site / "output" / "articles" / "benghazi-talks" / "index.html").read_text(encoding="utf-8")
    assert 'href="/actors/aguila-saleh/"' in page


def test_add_actor_refuses_bad_input(fixture_site):
    assert "not an Arabic name" in run_cli("add-actor", "John", cwd=fixture_site).stderr
    assert "kind 'king'" in run_cli("add-actor", "فلان الفلاني", "--kind", "king", cwd=fixture_site).stderr


def test_add_actor_leaves_nothing_behind_when_it_clashes(fixture_site):
    result = run_cli("add-actor", "خليفة حفتر", "--slug", "second-haftar", cwd=fixture_site)
    assert result.returncode == 2 and "also claimed by" in result.stderr
    assert not (fixture_site / "content" / "actors" / "second-haftar.yaml").exists()
    assert run_cli("build", "--no-search", cwd=fixture_site).returncode == 0


REVIEW_ARTICLE = """---
title: جولة في المنطقة
date: 2018-05-02
source: وكالة الاختبار
---

استقبل ولي العهد السعودي الأمير محمد بن سلمان ولي العهد الإماراتي في الرياض.

وقال الأمير محمد بن سلمان ولي العهد إن الزيارة مهمة، واستقبل الملك عبدالله الثاني الوفد.

وأكد العاهل الأردني الملك عبد الله الثاني دعمه، فيما اتصل الرئيس الروسي فلاديمير بوتين بالرئيس الروسي السابق.

وقال الرئيس الروسي فلاديمير بوتن إن المحادثات جيدة، وقالت المتحدثة باسم وزارة الخارجية الأمريكية هيذر ناورت إن واشنطن تتابع.

وأضافت المتحدثة باسم وزارة الخارجية الأمريكية هيذر ناورت أن وزير الدولة للشؤون الخارجية أنور قرقاش زار مدينة الحديدة.

وزار وزير الدولة للشؤون الخارجية أنور قرقاش مدينة الحديدة، والتقى رئيس الوزراء الإسرائيلي بنيامين نتانياهو.
"""


def test_candidates_write_then_kb_accept_then_the_build_tags_them(fixture_site):
    """Whole names, spellings grouped, a known name offered as an alias, then the bulk review end to end."""
    content = fixture_site / "content"
    (content / "articles" / "tour.md").write_text(REVIEW_ARTICLE, encoding="utf-8")
    (content / "actors" / "benjamin-netanyahu.yaml").write_text(
        "name: بنيامين نتنياهو\nname_en: Benjamin Netanyahu\nkind: person\naliases:\n  - بنيامين نتنياهو\n", encoding="utf-8")
    listed = run_cli("candidates", "--limit", "40", cwd=fixture_site)
    assert listed.returncode == 0, listed.stderr
    ranked = [line for line in listed.stdout.splitlines() if "×" in line]
    names = [line.split(".", 1)[1].split("  [")[0].strip() for line in ranked]
    # whole names, never a role's words: no «باسم وزارة», «للشؤون الخارجية», «محمد بن»
    for whole in ("محمد بن سلمان", "هيذر ناورت", "أنور قرقاش", "وزارة الخارجية الأمريكية", "الحديدة"):
        assert whole in names, (whole, names)
    assert not any(n.startswith(("باسم", "للشؤون", "ولي")) or n == "محمد بن" for n in names), names
    # one candidate per person, the other spelling as an alias
    assert len([n for n in names if n.startswith(("عبد الله الثاني", "عبدالله الثاني"))]) == 1
    assert len([n for n in names if n.startswith("فلاديمير")]) == 1
    assert "فلاديمير بوتن" in listed.stdout and "also written" in listed.stdout
    netanyahu = next(line for line in ranked if "نتانياهو" in line)
    assert "another spelling of benjamin-netanyahu" in netanyahu

    review = fixture_site / "review.yaml"
    assert run_cli("candidates", "--write", str(review), cwd=fixture_site).returncode == 0
    blocks = yaml.safe_load(review.read_text(encoding="utf-8"))
    assert all(b["accept"] is False and b["name_en"] == "" for b in blocks)
    assert "# " in review.read_text(encoding="utf-8") and "tour#p-" in review.read_text(encoding="utf-8")
    assert run_cli("kb", "accept", str(review), cwd=fixture_site).stdout.startswith("nothing accepted")
    for block in blocks:
        if block["name"] in ("أنور قرقاش", "الحديدة") or block.get("alias_of") == "benjamin-netanyahu":
            block["accept"] = True
            block["name_en"] = {"أنور قرقاش": "Anwar Gargash", "الحديدة": "Hodeidah"}.get(block["name"], "")
    review.write_text(yaml.safe_dump(blocks, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accepted = run_cli("kb", "accept", str(review), cwd=fixture_site)
    assert accepted.returncode == 0, accepted.stderr
    assert "anwar-gargash.yaml" in accepted.stdout and "hodeidah.yaml" in accepted.stdout
    assert "added 1 alias(es)" in accepted.stdout and "بنيامين نتانياهو" in accepted.stdout
    assert yaml.safe_load((content / "places" / "hodeidah.yaml").read_text(encoding="utf-8"))["kind"] == "city"
    netanyahu_entry = yaml.safe_load((content / "actors" / "benjamin-netanyahu.yaml").read_text(encoding="utf-8"))
    assert netanyahu_entry["aliases"] == ["بنيامين نتنياهو", "بنيامين نتانياهو"]

    again = run_cli("kb", "accept", str(review), cwd=fixture_site)  # now every accepted name exists
    assert again.returncode == 2 and "review.yaml:" in again.stderr and "exists already" in again.stderr
    assert run_cli("build", "--no-search", cwd=fixture_site).returncode == 0
    page = (fixture_site / "output" / "articles" / "tour" / "index.html").read_text(encoding="utf-8")
    for slug in ("/actors/anwar-gargash/", "/places/hodeidah/", "/actors/benjamin-netanyahu/"):
        assert f'href="{slug}"' in page


def test_kb_accept_refuses_an_alias_another_entry_has(fixture_site):
    review = fixture_site / "review.yaml"
    review.write_text("# a comment\n- name: خليفة حفتر\n  aliases: [خليفة حفتر]\n  kind: person\n  name_en: Second\n"
                      "  accept: true\n", encoding="utf-8")
    result = run_cli("kb", "accept", str(review), cwd=fixture_site)
    assert result.returncode == 2 and "review.yaml:2" in result.stderr and "already an alias of khalifa-haftar" in result.stderr
    assert not (fixture_site / "content" / "actors" / "second.yaml").exists()
    bad = fixture_site / "bad.yaml"
    bad.write_text("- name: [\n", encoding="utf-8")
    assert "bad.yaml" in run_cli("kb", "accept", str(bad), cwd=fixture_site).stderr
