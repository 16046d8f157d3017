"""builder.pipeline.verify: where a carried-over file first differs from its fresh rendering, and the message."""

from __future__ import annotations

from pathlib import Path

from builder.pipeline.verify import EXCERPT, SHOWN, Carried, StaleReuse, describe, stale_files

PAGE = Carried("actors/x/index.html", "/actors/x/", "entity.html")


def test_the_first_difference_is_placed_by_line_column_and_the_section_above_it():
    was = '<main id="main">\n<section id="counts">\n<p>12 مقالا</p>\n<p>same</p>\n'.encode()
    now = '<main id="main">\n<section id="counts">\n<p>13 مقالا</p>\n<p>other</p>\n'.encode()
    stale = describe(PAGE, was, now)
    assert (stale.line, stale.column, stale.near) == (3, 5, "counts")
    assert (stale.was, stale.now) == ("<p>12 مقالا</p>", "<p>13 مقالا</p>")


def test_a_long_line_is_cut_around_the_difference_and_a_missing_line_is_said_so():
    was = ("x" * 500 + "A" + "y" * 500).encode()
    now = ("x" * 500 + "B" + "y" * 500).encode()
    stale = describe(PAGE, was, now)
    assert stale.column == 501
    assert stale.now == "…" + "x" * EXCERPT + "B" + "y" * (EXCERPT - 1) + "…"
    shorter = describe(PAGE, b"one\ntwo\n", b"one\n")
    assert (shorter.line, shorter.was, shorter.now) == (2, "two", "(nothing)")


def test_only_files_that_differ_are_stale_in_url_order(tmp_path: Path):
    staging, output = tmp_path / "staging", tmp_path / "output"
    pages = [Carried(f"{name}/index.html", f"/{name}/", "article.html") for name in ("b", "a", "c")]
    for page, (old, new) in zip(pages, ((b"1", b"2"), (b"1", b"3"), (b"same", b"same"))):
        for root, data in ((output, old), (staging, new)):
            (root / page.rel).parent.mkdir(parents=True)
            (root / page.rel).write_bytes(data)
    assert [s.carried.url for s in stale_files(pages, staging, output)] == ["/a/", "/b/"]


def test_the_message_describes_the_first_pages_and_names_the_others(tmp_path: Path):
    stale = tuple(describe(Carried(f"p{i}/index.html", f"/p{i}/", "article.html"), b"old", b"new")
                  for i in range(SHOWN + 2))
    lines = StaleReuse(stale, 40, tmp_path / "output").render().splitlines()
    assert lines[0] == (f"--verify-reuse: {SHOWN + 2} of the 40 carried-over files differ from a fresh rendering; "
                        "what their fingerprints are made of (Page.inputs, builder/site/routes.py, and the salt: "
                        "settings, templates, code) leaves out something they show; output/ is left as it was:")
    assert lines[1] == f"  1. /p0/ (article.html, {tmp_path / 'output' / 'p0/index.html'}): first differs at line 1, column 1"
    assert lines[2:4] == ["       carried over: old", "       rendered now: new"]
    assert lines[-2:] == [f"  {SHOWN + 1}. /p{SHOWN}/ (article.html)", f"  {SHOWN + 2}. /p{SHOWN + 1}/ (article.html)"]
    assert len(lines) == 1 + 3 * SHOWN + 2
