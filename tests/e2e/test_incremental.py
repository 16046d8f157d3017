"""Incremental builds: only what a change touches is redone, and the bytes equal a clean build's."""

from __future__ import annotations

import inspect

import json
from pathlib import Path

import pytest

from builder.pipeline.orchestrator import build
from builder.pipeline.seams import Seams
from builder.config import load_config

from conftest import copy_site, site_digest


def clean_buildsite_digest(site: Path, tmp: Path, search: bool | None = None) -> dict[str, str]:
    copy = tmp / "clean"
    copy_site(site, copy)
    config = load_config(copy / "site.toml")
    build(config, search=search)
    return site_digest(config.output_dir)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def folders(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_dir())


@pytest.mark.parametrize(
    "change", ["edit-article", "add-article", "add-older-article", "delete-article", "add-alias", "edit-template"]
)
def test_incremental_build_equals_a_clean_build(fixture_site, tmp_path, change):
    config = load_config(fixture_site / "site.toml")
    build(config)
    articles = fixture_site / "content" / "articles"
    if change == "edit-article":
        edit(articles / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية ثانية إلى بنغازي")
    elif change == "add-article":
        (articles / "new-one.md").write_text(
            "---\ntitle: خبر جديد عن حفتر\ndate: 2024-08-01\nsource: وكالة الاختبار\n---\n\nقال المشير حفتر في بنغازي كلامًا.\n",
            encoding="utf-8",
        )
    elif change == "add-older-article":  # later index pages keep their items; the corpus count changes
        (articles / "old-one.md").write_text(
            "---\ntitle: خبر قديم\ndate: 2001-01-01\nsource: وكالة الاختبار\n---\n\nخبر قديم عن بنغازي.\n", encoding="utf-8"
        )
    elif change == "delete-article":  # its page, its original and their folders leave the output
        (articles / "cairo-meeting.md").unlink()
    elif change == "add-alias":
        edit(fixture_site / "content" / "actors" / "egypt.yaml", "  - مصر\n", "  - مصر\n  - زيارة رسمية\n")
    else:
        (fixture_site / "templates").mkdir(exist_ok=True)
        (fixture_site / "templates" / "intro.html").write_text("<p>مقدمة معدلة</p>\n", encoding="utf-8")
    report = build(config)
    assert not report.unchanged
    if change in ("edit-article", "add-article", "add-older-article"):
        assert report.reused > 0 and report.processed == 1  # only the changed article was read again
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)
    assert folders(config.output_dir) == folders(tmp_path / "clean" / "output")
    assert not [p for p in fixture_site.iterdir() if p.name.startswith(".output")]  # no staging left behind


def test_an_edit_that_keeps_every_articles_tags_keeps_the_related_lists(fixture_site, tmp_path):
    """The related lists are read back, not scored again, while every article's entries (and the
    other reports of its event) are what they were; an edit that adds a tag scores them again."""
    from builder.site.model import assemble

    config = load_config(fixture_site / "site.toml")
    build(config)
    scored: list[int] = []

    def watched(*args, **kwargs):  # the model is given the last build's related lists, or none: scored again
        related = inspect.signature(assemble).bind(*args, **kwargs).arguments.get("related")
        scored.extend([1] if related is None else [])
        return assemble(*args, **kwargs)

    article = fixture_site / "content" / "articles" / "saddam-visit.md"
    edit(article, "في زيارة رسمية.", "في زيارة رسمية قصيرة.")
    report = build(config, seams=Seams(assemble=watched))
    assert report.processed == 1 and report.rendered > 0 and scored == []
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path / "a")
    scored.clear()
    edit(article, "في زيارة رسمية قصيرة.", "في زيارة رسمية قصيرة. وقال عبد الفتاح السيسي كلمة.")
    build(config, seams=Seams(assemble=watched))
    assert scored == [1]  # one more entry named: the lists are scored again
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path / "b")


def test_an_added_article_renders_again_only_the_entry_pages_it_changes(fixture_site, tmp_path):
    """An entry's page shows its neighbours with the articles it shares with each, not how often
    each is mentioned overall: an article naming only Cairo renders Cairo's page again, not
    the page of an actor merely mentioned beside Cairo elsewhere."""
    from builder.render.environment import render_page

    config = load_config(fixture_site / "site.toml")
    build(config)
    assert "/places/cairo/" in (config.output_dir / "actors" / "khalifa-haftar" / "index.html").read_text(encoding="utf-8")
    rendered: list[str] = []
    watched = Seams(render_page=lambda env, page: rendered.append(page.url) or render_page(env, page))
    (fixture_site / "content" / "articles" / "cairo-only.md").write_text(
        "---\ntitle: خبر عن القاهرة\ndate: 2024-08-02\nsource: وكالة الاختبار\n---\n\nهدوء في القاهرة اليوم.\n",
        encoding="utf-8",
    )
    build(config, workers=1, seams=watched)
    assert "/places/cairo/" in rendered
    assert "/actors/khalifa-haftar/" not in rendered
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)


def test_neighbours_of_one_name_are_told_apart_by_their_pages(fixture_site, tmp_path):
    """Two places named alike (a name with a dot never matches, so it may repeat): an edit that swaps
    which of them Haftar is named with most renders Haftar's page again, its chips linking to the
    right one (found by a review: with neighbours fingerprinted by name alone, the page kept the
    old link)."""
    content = fixture_site / "content"
    for slug, alias, description in (("tripoli-lb", "طرابلس الشام", "مدينة في شمال لبنان."),
                                     ("tripoli-ly", "طرابلس الغرب", "عاصمة ليبيا.")):
        (content / "places" / f"{slug}.yaml").write_text(
            f'name: "م. طرابلس"\nkind: city\ndescription: {description}\naliases:\n  - {alias}\n', encoding="utf-8")
    for slug, day, text in (("trip-a1", "2020-01-01", "قال خليفة حفتر إنه زار طرابلس الشام أمس."),
                            ("trip-a2", "2020-01-02", "قال خليفة حفتر إنه زار طرابلس الشام أمس."),
                            ("trip-a3", "2020-01-03", "قال خليفة حفتر إنه زار طرابلس الغرب أمس."),
                            ("trip-b1", "2019-06-01", "هدوء في طرابلس الشام اليوم.")):
        (content / "articles" / f"{slug}.md").write_text(
            f"---\ntitle: خبر {slug}\ndate: {day}\nsource: وكالة الاختبار\n---\n\n{text}\n", encoding="utf-8")
    config = load_config(fixture_site / "site.toml")
    build(config)
    edit(content / "articles" / "trip-a2.md", "طرابلس الشام", "طرابلس الغرب")
    build(config)
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)


def test_a_memo_kept_between_builds_leaves_only_the_edited_article_to_read(fixture_site, tmp_path):
    """What `serve` keeps in memory between builds: the next build reads from the cache the records
    of no article the memo holds, and builds what a clean build does."""
    from builder.pipeline.orchestrator import BuildMemo

    config = load_config(fixture_site / "site.toml")
    memo = BuildMemo()
    build(config, memo=memo)
    assert len(memo.works) == len(list((fixture_site / "content" / "articles").glob("*.md")))
    read, counting = _light_reads()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية.", "في زيارة رسمية قصيرة.")
    report = build(config, memo=memo, seams=counting)
    assert report.processed == 1 and len(read) == 1  # the edited article's new record: not there yet
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)
    read.clear()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "قصيرة.", "قصيرة جدا.")
    build(config, seams=counting)  # no memo: every article's record is read
    assert len(read) == len(memo.works)


def test_a_memo_warmed_from_the_cache_holds_every_article_and_builds_what_a_clean_build_does(fixture_site,
                                                                                               tmp_path):
    from builder.pipeline.orchestrator import BuildMemo, warm

    config = load_config(fixture_site / "site.toml")
    build(config)
    memo = BuildMemo()
    assert warm(config, memo) == len(list((fixture_site / "content" / "articles").glob("*.md")))
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية.", "في زيارة رسمية قصيرة.")
    assert warm(config, BuildMemo()) == len(memo.works) - 1  # the edited article's record is not there yet
    read, counting = _light_reads()
    report = build(config, memo=memo, seams=counting)
    assert report.processed == 1
    assert len(read) == 1  # the build used the warmed memo: only the edited article's record was looked for
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)


def _light_reads() -> tuple[list[str], Seams]:
    """The keys of the articles' light records the build cache is asked for, by a build given these seams."""
    from builder.pipeline.cache import BuildCache
    from builder.pipeline.process import LIGHT

    read: list[str] = []

    class Counted(BuildCache):
        def get_many(self, keys):
            keys = list(keys)
            read.extend(key for key in keys if key.startswith(f"{LIGHT}:"))
            return super().get_many(keys)

    return read, Seams(cache=Counted)


def kb_edit(site: Path, change: str) -> None:
    kb = site / "content"
    if change == "alias-then-edit":  # an article edited after an alias added: tagged under the new one
        edit(kb / "actors" / "egypt.yaml", "  - مصر\n", "  - مصر\n  - زيارة رسمية\n")
        build(load_config(site / "site.toml"))
        edit(kb / "articles" / "cairo-meeting.md", "\n\n", "\n\nزيارة رسمية أخرى إلى القاهرة.\n\n", )
    elif change == "remove-adjective":
        edit(kb / "actors" / "egypt.yaml", "  - المصري\n", "")
    elif change == "family":  # حفتر alone now means Khalifa only where Saddam is not named
        edit(kb / "actors" / "khalifa-haftar.yaml", "  - حفتر\n", "family: حفتر\nfamily_default: true\n")
        edit(kb / "actors" / "saddam-haftar.yaml", "aliases:", "family: حفتر\naliases:")
    elif change == "rename":  # shown on pages, read by no matcher rule
        edit(kb / "places" / "cairo.yaml", "name_en: Cairo", "name_en: Cairo (city)")
    else:  # "type": an entry moves to another folder (each article's dataset rows name its type)
        (kb / "places" / "cairo.yaml").rename(kb / "actors" / "cairo.yaml")
        edit(kb / "actors" / "cairo.yaml", "kind: city", "kind: organisation")


@pytest.mark.parametrize("change", ["alias-then-edit", "remove-adjective", "family", "rename", "type"])
def test_a_changed_knowledge_base_builds_what_a_clean_build_does(fixture_site, tmp_path, change):
    """Tags made under an earlier knowledge base are kept only for the articles the change cannot touch."""
    config = load_config(fixture_site / "site.toml")
    build(config)
    kb_edit(fixture_site, change)
    report = build(config)
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)
    if change == "type":
        assert report.processed == report.articles  # every article's rows are made again
    if change == "rename":
        assert report.processed == 0 and report.reused == 0  # no tag changes; every page shows the names


def test_an_alias_added_tags_again_only_the_articles_holding_its_words(fixture_site, tmp_path):
    config = load_config(fixture_site / "site.toml")
    build(config)
    before = {slug: (config.output_dir / "articles" / slug / "index.html").read_bytes()
              for slug in ("cairo-meeting", "hostile-markup", "saddam-visit", "vetoed")}
    edit(fixture_site / "content" / "actors" / "egypt.yaml", "  - مصر\n", "  - مصر\n  - زيارة رسمية\n")
    report = build(config)
    assert report.processed == 1  # saddam-visit alone holds زيارة or رسمية
    after = {slug: (config.output_dir / "articles" / slug / "index.html").read_bytes() for slug in before}
    assert "زيارة رسمية" in after["saddam-visit"].decode() and after["saddam-visit"] != before["saddam-visit"]
    assert after["vetoed"] == before["vetoed"]  # it links to no article holding the words
    assert 0 < report.reused < report.pages  # pages no tag change reaches are carried over
    # The same alias again, written twice: nothing a matcher reads changed, nothing is tagged again
    edit(fixture_site / "content" / "actors" / "egypt.yaml", "  - زيارة رسمية\n", "  - زيارة رسمية\n  - زيارة رسمية\n")
    again = build(config)
    assert again.processed == 0 and again.rendered == 0
    # Words the article holds, in an order it does not: tagged again, tagged the same, no page changes
    edit(fixture_site / "content" / "actors" / "egypt.yaml", "  - مصر\n", "  - مصر\n  - رسمية زيارة\n")
    same = build(config)
    assert same.processed == 1 and same.rendered == 2  # home and actors index: they list the entries themselves
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)


def test_files_the_build_did_not_write_leave_the_output(fixture_site, tmp_path):
    """output/ is the build's: a file put there by hand goes at the next build, in place or not."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    (config.output_dir / "notes.txt").write_text("mine", encoding="utf-8")
    (config.output_dir / "articles" / "stray.html").write_text("<p>old</p>", encoding="utf-8")
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    report = build(config, search=False)
    assert report.reused > 0  # updated in place
    assert not (config.output_dir / "notes.txt").exists()
    assert not (config.output_dir / "articles" / "stray.html").exists()


def test_search_switched_off_then_on_again(fixture_site, tmp_path):
    """The in-place update removes the search bundle when a build has none, and brings it back."""
    config = load_config(fixture_site / "site.toml")
    build(config)
    assert (config.output_dir / "pagefind" / "pagefind.js").is_file()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    build(config, search=False)
    assert not (config.output_dir / "pagefind").exists()
    assert not (config.output_dir / "static" / "search-rules.js").exists()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "أخرى", "ثالثة")
    build(config)
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path)


def test_a_build_stopped_while_updating_the_output_trusts_none_of_the_files_it_was_changing(fixture_site, tmp_path):
    """If the process dies while moving files into output/, the next build stages the whole site again
    and trusts only the fingerprints of the files the stopped build was leaving alone. The hard case:
    every changed file was moved in, then the edit is undone, so those pages' inputs are again what
    their old fingerprints say while their files hold the edited text: they must be rendered again."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    article = fixture_site / "content" / "articles" / "saddam-visit.md"
    original = article.read_text(encoding="utf-8")
    edit(article, "في زيارة رسمية", "في زيارة رسمية أخرى")
    with pytest.raises(KeyboardInterrupt):
        build(config, search=False, seams=_stopped_after("apply_changes"))  # every file moved in; the cache not yet told
    assert "في زيارة رسمية أخرى" in (config.output_dir / "articles" / "saddam-visit" / "index.html").read_text()
    article.write_text(original, encoding="utf-8")
    report = build(config, search=False)
    assert 0 < report.rendered < report.pages  # the pages it was changing, not the whole site
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path, search=False)


def _stopped_after(name: str) -> Seams:
    """Seams whose step ``name`` does its work, then the process is stopped (before the cache is told)."""
    real = getattr(Seams(), name)

    def stopped(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    return Seams(**{name: stopped})


def test_a_build_stopped_after_swapping_a_whole_new_site_in_leaves_nothing_stale(fixture_site, tmp_path):
    """The build after a stopped one stages the whole site and swaps it in whole. Stopped right after
    that swap, it must leave no fingerprint of a file it changed: here a list page shows an edit the
    next build undoes, and the stopped build that first moved nothing in left the other rows standing."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(config, search=False, seams=Seams(apply_changes=stop))  # stopped before moving anything in
    other = fixture_site / "content" / "articles" / "cairo-meeting.md"
    original = other.read_text(encoding="utf-8")
    edit(other, "في القاهرة يوم الأربعاء", "في القاهرة يوم الخميس")
    with pytest.raises(KeyboardInterrupt):  # the whole site staged (the output is not whole) and swapped in
        build(config, search=False, seams=_stopped_after("swap_into_place"))
    other.write_text(original, encoding="utf-8")
    build(config, search=False)
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path, search=False)


def test_a_build_stopped_after_swapping_in_is_not_taken_for_nothing_changed(fixture_site, tmp_path):
    """Stopped after its new site went in, a build must not leave the last good build's manifest: with
    the edit undone, the inputs equal that manifest again, and the next build would find nothing
    changed over an output that shows the edit."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    (config.output_dir / "index.html").unlink()  # an output the cache no longer knows: staged whole
    article = fixture_site / "content" / "articles" / "cairo-meeting.md"
    original = article.read_text(encoding="utf-8")
    edit(article, "في القاهرة يوم الأربعاء", "في القاهرة يوم الخميس")
    with pytest.raises(KeyboardInterrupt):
        build(config, search=False, seams=_stopped_after("swap_into_place"))
    article.write_text(original, encoding="utf-8")
    assert not build(config, search=False).unchanged
    assert site_digest(config.output_dir) == clean_buildsite_digest(fixture_site, tmp_path, search=False)


def test_nothing_changed_stops_after_the_scan(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config)
    before = site_digest(config.output_dir)
    report = build(config)
    assert report.unchanged and report.rendered == 0
    assert [name for name, _ in report.timings] == ["scan"] and report.seconds > 0  # "checked in 0.00s" was a bug
    assert site_digest(config.output_dir) == before
    (fixture_site / "content" / "articles" / "saddam-visit.md").touch()  # new mtime, same bytes
    touched = build(config)
    assert touched.rendered == 0 and touched.processed == 0
    assert site_digest(config.output_dir) == before


def test_the_build_command_with_nothing_changed_does_not_load_the_pipeline(fixture_site):
    """`build` with nothing to do imports no numpy, SciPy, Jinja, markdown-it or pipeline module (0.3 s
    of imports a command that finds nothing changed in a tenth of that time does without); with a
    change it does."""
    import subprocess
    import sys

    probe = ("import sys\nfrom builder.cli import main\ncode = main(['--config', sys.argv[1], 'build', '--no-search'])\n"
             "print(sorted(m for m in ('numpy', 'scipy', 'jinja2', 'markdown_it', 'builder.pipeline.steps') if m in sys.modules))\n")

    def loaded() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", probe, str(fixture_site)], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).parents[2])
        return done.stdout.splitlines()[0], done.stdout.splitlines()[-1]

    first, modules = loaded()
    assert first.startswith("built ") and modules == "['builder.pipeline.steps', 'jinja2', 'markdown_it', 'numpy', 'scipy']"
    first, modules = loaded()
    assert first.startswith("nothing changed") and modules == "[]"


def test_a_broken_cache_only_costs_time(fixture_site):
    config = load_config(fixture_site / "site.toml")
    build(config)
    before = site_digest(config.output_dir)
    (fixture_site / ".cache" / "build" / "cache.sqlite").write_bytes(b"not a database")
    edit(fixture_site / "content" / "articles" / "vetoed.md", "تحدث المقال", "تحدث المقال الطويل")
    build(config)
    edit(fixture_site / "content" / "articles" / "vetoed.md", "تحدث المقال الطويل", "تحدث المقال")
    build(config)
    assert site_digest(config.output_dir) == before


def test_two_files_with_the_same_bytes_are_two_articles(fixture_site):
    articles = fixture_site / "content" / "articles"
    (articles / "twin.md").write_bytes((articles / "vetoed.md").read_bytes())
    config = load_config(fixture_site / "site.toml")
    build(config)
    (articles / "twin.md").touch()
    build(config)  # from the cache this time
    for slug in ("vetoed", "twin"):
        assert (config.output_dir / "articles" / slug / "index.html").is_file()


def test_an_edited_original_is_published_again(fixture_site):
    (fixture_site / "content" / "sources").mkdir()
    original = fixture_site / "content" / "sources" / "vetoed.txt"
    original.write_text("النص الأول", encoding="utf-8")
    article = fixture_site / "content" / "articles" / "vetoed.md"
    edit(article, "source: وكالة الاختبار\n", "source: وكالة الاختبار\ningest:\n  original: sources/vetoed.txt\n")
    config = load_config(fixture_site / "site.toml")
    build(config)
    original.write_text("النص الثاني", encoding="utf-8")
    assert not build(config).unchanged
    assert (config.output_dir / "sources" / "vetoed.txt").read_text(encoding="utf-8") == "النص الثاني"


def test_a_search_piece_whose_ids_collide_is_not_indexed_again(fixture_site, tmp_path):
    """Record ids must be unique over all pieces; a piece whose ids collide is indexed again under
    another salt. Both its folders stay in the cache, so the next build indexes only what changed."""
    from builder.search.index import build_piece as original

    log = tmp_path / "indexed.txt"  # pieces may be indexed in forked processes: count in a file

    def build_piece(piece, salt, folder):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{piece.kind} {salt}\n")
        made = original(piece, salt, folder)
        if salt == 0:  # every piece's first ids share one: all but the first piece must take salt 1
            ids = json.loads((made / "ids.json").read_text(encoding="utf-8"))  # url → record id
            (made / "ids.json").write_text(json.dumps({**ids, "/shared/": "shared"}), encoding="utf-8")
        return made

    colliding = Seams(build_piece=build_piece)
    config = load_config(fixture_site / "site.toml")
    build(config, seams=colliding)
    first = log.read_text(encoding="utf-8").split("\n")
    assert "entities 1" in first  # the collision happened and was resolved
    log.unlink()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    build(config, seams=colliding)
    assert log.read_text(encoding="utf-8").split() == ["articles", "0"]  # only the edited article's piece


def test_a_rebuild_updates_the_output_in_place_and_writes_only_changed_files(fixture_site):
    """An edit moves the changed files into the same output/ folder; a file whose bytes did not
    change is not written again (its modification time stays: publishing copies only what changed)."""
    config = load_config(fixture_site / "site.toml")
    build(config, search=False)
    out = config.output_dir
    folder = out.stat().st_ino
    stylesheet = next((out / "static").glob("*.css"))
    untouched = stylesheet.stat().st_mtime_ns
    edited = out / "articles" / "saddam-visit" / "index.html"
    before = edited.read_bytes()
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    report = build(config, search=False)
    assert report.reused > 0 and report.rendered < report.pages
    assert out.stat().st_ino == folder  # the same folder, updated, not a new one swapped in
    assert stylesheet.stat().st_mtime_ns == untouched
    assert edited.read_bytes() != before


def test_an_edited_articles_search_piece_is_indexed_before_the_site_is_assembled(fixture_site, tmp_path):
    """The piece the cache lacks starts indexing as soon as the articles are tagged, beside the
    assembling and rendering: by the time the site is assembled, its indexer has been started (and
    none is started later)."""
    real = Seams()
    log = tmp_path / "events.txt"  # indexers run in forked processes: the order goes through a file

    def build_piece(piece, salt, folder):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"index {piece.kind}\n")
        return real.build_piece(piece, salt, folder)

    started = []

    def start_indexing(*args):
        jobs = real.start_indexing(*args)
        started.append(len(jobs))
        return jobs

    assembling = []

    def assemble(*args, **kwargs):
        assembling.append(list(started))
        return real.assemble(*args, **kwargs)

    config = load_config(fixture_site / "site.toml")
    build(config, workers=2)
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    build(config, workers=2, seams=Seams(build_piece=build_piece, start_indexing=start_indexing, assemble=assemble))
    assert started == [1]  # one piece to index: started early
    assert assembling == [[1]]  # before the site was assembled
    assert log.read_text(encoding="utf-8").split("\n") == ["index articles", ""]  # and nothing after


def test_a_failure_while_indexing_in_the_background_stops_the_indexers(fixture_site):
    """Indexers start before the site is assembled: when assembling fails, they are stopped (not
    waited for), the half-made site is discarded and the previous one stays."""
    import time

    from builder.errors import SiteError
    from builder.pipeline.write import staging_dir

    config = load_config(fixture_site / "site.toml")
    build(config, workers=2)
    before = site_digest(config.output_dir)
    edit(fixture_site / "content" / "articles" / "saddam-visit.md", "في زيارة رسمية", "في زيارة رسمية أخرى")
    started = []

    def start_indexing(*args):
        started.extend(Seams().start_indexing(*args))
        return started

    def assemble(*args, **kwargs):
        raise SiteError("assembling failed", None)

    slow = Seams(build_piece=lambda piece, salt, folder: time.sleep(60),  # a slow Pagefind
                 start_indexing=start_indexing, assemble=assemble)
    clock = time.monotonic()
    with pytest.raises(SiteError, match="assembling failed"):
        build(config, workers=2, seams=slow)
    assert time.monotonic() - clock < 30
    assert len(started) == 1 and not started[0]._process.is_alive()
    assert site_digest(config.output_dir) == before
    assert not staging_dir(config.output_dir).exists()
