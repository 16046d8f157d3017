"""`ingest EXPORT` as a researcher runs it: a real export (a slice of the shared corpus) in, a site built from it.

The slice is read from ../shared/corpora/ant-2018.jsonl.gz when the test runs (every 31st record:
about 1,000, from every outlet); the corpus is never copied into this repository.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "ant-2018.jsonl.gz"
BODY = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة.\\nوأضاف أن الوفدين اتفقا على جدول الأعمال."


def run(*args: str, cwd: Path):
    """The CLI with a bare environment (no locale, no terminal), as a CI job runs it."""
    return run_cli(*args, cwd=cwd, env={"PATH": "/usr/bin:/bin", "CI": "1"}, timeout=900)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.toml").write_text('title = "records"\n', encoding="utf-8")
    return root


@pytest.mark.large
@pytest.mark.skipif(not CORPUS.is_file(), reason=f"the shared corpus is not here ({CORPUS}): nothing real to ingest")
def test_a_slice_of_the_real_corpus_ingests_and_builds(tmp_path):
    records = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % 31 == 0:
                records.append(json.loads(line))
    export = tmp_path / "slice.jsonl.gz"
    with gzip.open(export, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    assert len(records) > 1000 and len({r["outlet"] for r in records}) == 5
    site = tmp_path / "site"
    assert run("new", str(site), cwd=tmp_path).returncode == 0

    first = run("ingest", str(export), cwd=site)
    assert first.returncode in (0, 1), first.stderr
    summary = first.stdout.splitlines()[-1]
    imported = int(summary.split("imported ")[1].split(",")[0])
    assert imported > 990 and summary.endswith(f"({len(records):,} records in " + summary.split(" records in ")[1])
    for line in first.stderr.splitlines():  # each refusal names its record
        assert line.startswith(f"refused   {export}:"), line

    again = run("ingest", str(export), cwd=site)
    assert again.stdout.splitlines()[-1].startswith("imported 0, updated 0, unchanged ")

    built = run("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    output = site / "output"
    checked = 0
    for line in first.stdout.splitlines():
        if not line.startswith("imported  "):
            continue
        place, target = line[len("imported  "):].split(" → ")
        record = records[int(place.rsplit(":", 1)[1]) - 1]
        slug = Path(target.split(" (")[0]).stem
        page = (output / "articles" / slug / "index.html").read_text(encoding="utf-8")
        if record["title"].strip():
            assert str(escape(" ".join(record["title"].split()))) in page
        assert f'href="{escape(record["url"])}"' in page
        assert str(escape(record["outlet"])) in page
        body = (site / "content" / "articles" / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
        lead = next(p for p in body.split("\n") if p.strip()).replace("\\", "")
        assert str(escape(" ".join(lead.split()[:3]))) in page
        original = (output / "sources" / f"{slug}.txt").read_text(encoding="utf-8")
        assert json.loads(original) == record
        checked += 1
    assert checked == imported


def test_malformed_exports_are_refused_at_their_place_and_lose_nothing_else(site):
    good = json.dumps({"title": "عنوان الخبر الأول هنا", "text": BODY}, ensure_ascii=False)
    good2 = json.dumps({"title": "عنوان الخبر الثاني هنا", "text": BODY + "."}, ensure_ascii=False)
    (site / "export.jsonl").write_text(f'{good}\n{{"title": "مكسور\n{good2}\n{{"title": "بلا نص", "text": ""}}\n',
                                       encoding="utf-8")
    (site / "rows.csv").write_text(f'title,body\nخبر من الجدول هنا,"{BODY}"\nصف,ناقص,زائد\n', encoding="utf-8")
    (site / "blob.jsonl").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(200)))
    (site / "empty.json").write_text("[]", encoding="utf-8")
    result = run("ingest", "export.jsonl", "rows.csv", "blob.jsonl", "empty.json", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "refused   export.jsonl:2: broken JSON (Unterminated string starting at column 11); the other lines are read",
        "refused   export.jsonl:4: no text",
        "refused   rows.csv:3: 3 fields where the header (line 1) has 2: a ragged row, left out (a quote not "
        "closed, or a delimiter inside an unquoted field?)",
        "refused   blob.jsonl: binary file (a program), not JSON Lines",
        "refused   empty.json: no records (an empty array)",
    ]
    assert result.stdout.splitlines()[-1] == "imported 3, updated 0, unchanged 0, skipped-edited 0, refused 5 (8 records in " \
        + result.stdout.splitlines()[-1].split(" records in ")[1]
    assert len(list((site / "content" / "articles").glob("*.md"))) == 3


def test_a_file_without_a_text_field_names_its_fields_and_map_imports_it(site):
    (site / "x.tsv").write_text(f"Heading\tdate_extracted\tstory\nخبر الجدول هنا\t18/02/2018\t{BODY}\n", encoding="utf-8")
    refused = run("ingest", "x.tsv", cwd=site)
    assert (refused.returncode, refused.stderr) == (1, "refused   x.tsv: no text field (text, content, body, article); "
                                                    "its fields are Heading, date_extracted, story: name the one that "
                                                    "holds the text with --map text=NAME\n")
    mapped = run("ingest", "--map", "text=story,date=date_extracted", "--map", "title=heading", "x.tsv", cwd=site)
    assert mapped.returncode == 0, mapped.stderr
    article = next((site / "content" / "articles").glob("*.md")).read_text(encoding="utf-8")
    assert "title: خبر الجدول هنا\ndate: '2018-02-18'\n" in article


@pytest.mark.parametrize("args, message", [
    (["--map", "txt=story", "x.tsv"], "error: --map names an unknown field 'txt' (the fields are title, date, text, url, "
                                      "source, author)\n"),
    (["--map", "text=story", "notes.txt"], "error: --map names fields of a record export, and none is given (give a "
                                           ".json, .jsonl, .ndjson, .csv or .tsv file (optionally .gz))\n"),
])
def test_a_wrong_map_is_a_command_line_error(site, args, message):
    result = run("ingest", *args, cwd=site)
    assert (result.returncode, result.stderr) == (2, message)


def test_the_help_names_the_formats_and_the_fields(site):
    result = run("ingest", "--help", cwd=site)
    for words in (".jsonl/.ndjson", "title   title, headline, head_line", "--map FIELD=NAME",
                  "author  author, byline", "export.jsonl:1234: no text"):
        assert words in result.stdout
