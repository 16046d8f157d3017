"""builder.ingestion.command through its API: slugs, what is written, edits, batches, parallel runs."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from builder.ingestion.articlefile import _WRITTEN
from builder.ingestion.command import (
    Refused,
    describe,
    edited_by_hand,
    ingest,
    known_sources,
    prepare_bytes,
    render_article,
    summary,
)

RAW = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "raw"
BAD = RAW.parent / "bad"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
BODY = "هذه فقرة الخبر الأولى وفيها ما يكفي من الكلام عن الموضوع.\nوهذه فقرة ثانية تكمل الخبر.\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def test_same_titles_get_numbered_slugs_in_input_order_and_keep_them(tmp_path):
    inbox = tmp_path / "inbox"
    for name, extra in (("b.txt", "نص آخر."), ("a.txt", "نص أول."), ("c/d.txt", "نص ثالث.")):
        write(inbox, name, "عنوان واحد للجميع\n" + BODY + extra)
    content = tmp_path / "content"
    report = ingest([inbox], content)
    assert [(Path(o.path).name, o.slug) for o in report.outcomes] == [
        ("a.txt", "anwan-wahd-lljmya"), ("b.txt", "anwan-wahd-lljmya-2"), ("d.txt", "anwan-wahd-lljmya-3"),
    ]
    again = ingest([inbox], content)
    assert [(o.status, o.slug) for o in again.outcomes] == [
        ("unchanged", "anwan-wahd-lljmya"), ("unchanged", "anwan-wahd-lljmya-2"), ("unchanged", "anwan-wahd-lljmya-3"),
    ]


def test_a_deleted_article_is_reimported_under_its_old_slug(tmp_path):
    source = write(tmp_path, "x.txt", "عنوان الخبر\n" + BODY)
    content = tmp_path / "content"
    slug = ingest([source], content).outcomes[0].slug
    (content / "articles" / f"{slug}.md").unlink()
    again = ingest([source], content).outcomes[0]
    assert (again.status, again.slug) == ("imported", slug)
    assert sorted(os.listdir(content / "sources")) == [f"{slug}.txt"]


def test_a_name_taken_by_another_original_is_not_clobbered(tmp_path):
    content = tmp_path / "content"
    write(content, "sources/anwan-alkhbr.txt", "شيء آخر")
    outcome = ingest([write(tmp_path, "x.txt", "عنوان الخبر\n" + BODY)], content).outcomes[0]
    assert outcome.slug == "anwan-alkhbr-2"
    assert (content / "sources" / "anwan-alkhbr.txt").read_text(encoding="utf-8") == "شيء آخر"


def test_the_same_bytes_twice_in_one_batch_are_imported_once(tmp_path):
    one = write(tmp_path, "one.txt", "عنوان الخبر\n" + BODY)
    two = write(tmp_path, "two.txt", "عنوان الخبر\n" + BODY)
    report = ingest([one, two, one], tmp_path / "content")
    assert [(o.status, o.reason) for o in report.outcomes] == [("imported", ""), ("unchanged", f"same bytes as {one}")]


def test_what_ingest_wrote_is_recognised_and_any_edit_is_seen(tmp_path):
    prepared = prepare_bytes(("عنوان الخبر\n" + BODY).encode(), ".txt")
    text = render_article(prepared, "slug")
    assert not edited_by_hand(text)
    assert not edited_by_hand(text.replace("\n", "\r\n"))  # an editor's line endings are not an edit
    assert edited_by_hand(text.replace("فقرة ثانية", "فقرة ثالثة"))  # the body
    assert edited_by_hand(text.replace("title: ", "date: '2024-01-01'\ntitle: "))  # the front matter
    assert edited_by_hand(text.replace("  written_sha256", "  # note\n  written_sha256"))
    without = "".join(line for line in text.splitlines(True) if "written_sha256" not in line)
    assert edited_by_hand(without)  # no hash: not provably ingest's


def test_when_the_rules_change_an_unedited_article_is_updated(tmp_path):
    source = write(tmp_path, "x.txt", "عنوان الخبر\n" + BODY)
    content = tmp_path / "content"
    slug = ingest([source], content).outcomes[0].slug
    article = content / "articles" / f"{slug}.md"
    # What an older version of the rules might have written: other text, signed by ingest.
    older = render_article(prepare_bytes(("عنوان الخبر\n" + BODY + "سطر قديم.\n").encode(), ".txt"), slug)
    older = re.sub(r"(?m)^  sha256: .*$", "  sha256: " + hashlib.sha256(source.read_bytes()).hexdigest(), older)
    unsigned = _WRITTEN.sub("", older)
    signature = hashlib.sha256(unsigned.encode()).hexdigest()
    article.write_text(unsigned.replace("\n---\n\n", f"\n  written_sha256: {signature}\n---\n\n", 1), encoding="utf-8")
    assert not edited_by_hand(article.read_text(encoding="utf-8"))
    outcome = ingest([source], content).outcomes[0]
    assert (outcome.status, outcome.reason) == ("updated", "the cleaning rules give a different result now")
    assert "سطر قديم" not in article.read_text(encoding="utf-8")


def test_known_sources_reads_only_what_ingest_recorded(tmp_path):
    content = tmp_path / "content"
    ingest([SEEDS], content)
    known = known_sources(content)
    assert sorted(known.values()) == sorted(p.stem for p in (content / "articles").glob("*.md"))
    assert known_sources(Path(__file__).resolve().parents[2] / "content").keys() == known.keys()
    (content / "articles" / "gone.md").symlink_to(tmp_path / "nowhere.md")  # a broken link beside them
    assert known_sources(content) == known  # each article still known: ingest writes no second copy


def test_two_processes_write_exactly_what_one_writes(tmp_path):
    inbox = tmp_path / "inbox"
    for n in range(40):
        write(inbox, f"{n:02d}.txt", ("عنوان مكرر\n" if n % 3 else f"عنوان رقم {n}\n") + BODY + f"وفقرة رقم {n}.\n")
    ingest([inbox], tmp_path / "one", workers=1)
    ingest([inbox], tmp_path / "two", workers=2)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    report = ingest([RAW, BAD], tmp_path / "content", dry_run=True)
    assert report.count("imported") == 12 and report.count("refused") == 4
    assert not (tmp_path / "content").exists()


def test_paths_that_cannot_be_read_are_refused(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    report = ingest([tmp_path / "dangling.txt", tmp_path / "loop.txt"], tmp_path / "content")
    assert [o.reason for o in report.outcomes] == [
        "cannot read (no such file or directory)",
        "cannot read (too many levels of symbolic links)",
    ]


def test_an_unwritable_content_folder_refuses_each_file_with_the_reason(tmp_path):
    (tmp_path / "content").write_text("a file where the folder should be")
    outcome = ingest([write(tmp_path, "x.txt", "عنوان الخبر\n" + BODY)], tmp_path / "content").outcomes[0]
    assert outcome.status == "refused" and outcome.reason.startswith(f"cannot write into {tmp_path / 'content'} (")


def test_a_page_with_only_navigation_is_refused():
    page = "<html><body><nav><a href='/'>الرئيسية</a> <a href='/x'>المزيد</a></nav></body></html>"
    with pytest.raises(Refused, match="no article text left once junk lines are removed"):
        prepare_bytes(page.encode(), ".html")


def test_front_matter_in_a_markdown_file_gives_title_date_and_source():
    text = "---\ntitle: <b>عنوان</b> الخبر\ndate: 2024-05-01\nsource: وكالة الأنباء\ntags: [a]\n---\n\n" + BODY
    prepared = prepare_bytes(text.encode(), ".md")
    assert (prepared.title, prepared.date.isoformat(), prepared.source) == ("عنوان الخبر", "2024-05-01", "وكالة الأنباء")
    assert (prepared.cleaned.title_from, prepared.date_from, prepared.source_from) == ("front-matter",) * 3
    assert [r.rule for r in prepared.cleaned.removed] == ["front-matter"] * 6


def test_the_lines_a_user_reads():
    report = ingest([RAW / "windows-1256.txt"], Path("/nonexistent-content"), dry_run=True)
    lines = describe(report.outcomes[0], dry_run=True)
    assert lines[0].startswith("would import ") and "(windows-1256, converted to UTF-8; removed byline 1, share 1)" in lines[0]
    assert lines[1:4] == ["    title (first line): افتتاح معرض الكتاب في مدينة سبها", "    date: none found",
                          "    source: وكالة الواحات (byline)"]
    assert summary(report) == "imported 1, updated 0, unchanged 0, skipped-edited 0, refused 0"


def test_standard_input_that_cannot_be_read_is_refused(tmp_path):
    def broken() -> bytes:
        raise IsADirectoryError(21, "Is a directory")

    report = ingest(["-"], tmp_path / "content", stdin=broken)
    assert [(o.path, o.reason) for o in report.outcomes] == [("<stdin>", "cannot read standard input (is a directory)")]


def test_word_lists_are_written_the_way_normalize_writes_words():
    from builder.ingestion import clean
    from builder.extract.arabic import normalize

    for name in dir(clean):
        words = getattr(clean, name)
        if isinstance(words, set):
            assert all(normalize(w) == w for w in words), name
