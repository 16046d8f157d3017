"""ingest() on record exports: one article a record, the same slugs, report and re-import rules as files."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from builder.ingestion.articlefile import edited_by_hand
from builder.site.content import load_article, new_markdown
from builder.ingestion.command import describe, ingest

BODY = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في القاهرة.\nوأضاف أن الوفدين اتفقا على جدول الأعمال."


def record(n: int, **extra) -> dict:
    return {"id": n, "title": f"المحادثات تستأنف في القاهرة رقم {n}", "published": "2018-02-18 21:35:43",
            "outlet": "سكاي نيوز عربية", "url": f"https://example.com/{n}", "author": "القاهرة - أحمد",
            "text": BODY, **extra}


def jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def statuses(report) -> list[tuple[str, str, str]]:
    return [(o.path, o.status, o.reason) for o in report.outcomes]


def test_each_record_becomes_an_article_the_build_reads_with_its_fields(tmp_path):
    content = tmp_path / "content"
    report = ingest([jsonl(tmp_path / "x.jsonl", [record(1), record(2)])], content)
    assert [(o.status, o.slug) for o in report.outcomes] == [
        ("imported", "almhadthat-tstanf-fy-alqahrh-rqm-1"), ("imported", "almhadthat-tstanf-fy-alqahrh-rqm-2")]
    path = content / "articles" / "almhadthat-tstanf-fy-alqahrh-rqm-1.md"
    article = load_article(path, new_markdown())
    assert (article.title, str(article.date), article.source, article.source_url, article.author, article.original) == (
        "المحادثات تستأنف في القاهرة رقم 1", "2018-02-18", "سكاي نيوز عربية", "https://example.com/1", "القاهرة - أحمد",
        "sources/almhadthat-tstanf-fy-alqahrh-rqm-1.json")
    assert json.loads((content / article.original).read_text(encoding="utf-8")) == record(1)
    assert "  format: record\n" in path.read_text(encoding="utf-8")


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    content, export = tmp_path / "content", jsonl(tmp_path / "x.jsonl", [record(1), record(2)])
    ingest([export], content)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    again = ingest([export], content)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_a_record_whose_text_changed_updates_its_article_and_its_original(tmp_path):
    content = tmp_path / "content"
    ingest([jsonl(tmp_path / "x.jsonl", [record(1), record(2)])], content)
    changed = record(2, text=BODY + "\nوفقرة ثالثة أضافها المحرر لاحقا إلى الخبر.")
    report = ingest([jsonl(tmp_path / "x.jsonl", [record(1), changed])], content)
    assert statuses(report)[1] == (f"{tmp_path}/x.jsonl:2", "updated", "the record changed since it was imported")
    slug = report.outcomes[1].slug
    assert slug == "almhadthat-tstanf-fy-alqahrh-rqm-2" and len(list((content / "articles").iterdir())) == 2
    assert "فقرة ثالثة" in (content / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    assert json.loads((content / "sources" / f"{slug}.json").read_text(encoding="utf-8")) == changed


def test_a_changed_record_never_overwrites_an_article_edited_by_hand_without_force(tmp_path):
    content = tmp_path / "content"
    first = ingest([jsonl(tmp_path / "x.jsonl", [record(1)])], content)
    article = content / "articles" / f"{first.outcomes[0].slug}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("وأضاف", "وأضاف الوزير"), encoding="utf-8")
    edited = article.read_text(encoding="utf-8")
    export = jsonl(tmp_path / "x.jsonl", [record(1, text=BODY + "\nوفقرة أخرى جديدة في الخبر المنشور.")])
    skipped = ingest([export], content)
    assert skipped.outcomes[0].status == "skipped" and "--force re-imports it" in skipped.outcomes[0].reason
    assert article.read_text(encoding="utf-8") == edited
    forced = ingest([export], content, force=True)
    assert forced.outcomes[0].status == "updated" and not edited_by_hand(article.read_text(encoding="utf-8"))


def test_a_record_without_text_is_refused_with_its_place_and_the_rest_imports(tmp_path):
    export = jsonl(tmp_path / "export.jsonl", [record(1), record(2, text=""), record(3)])
    report = ingest([export], tmp_path / "content")
    assert [o.status for o in report.outcomes] == ["imported", "refused", "imported"]
    assert describe(report.outcomes[1]) == [f"refused   {export}:2: no text"]


def test_the_same_url_twice_in_a_file_is_one_article(tmp_path):
    export = jsonl(tmp_path / "x.jsonl", [record(1), record(1, category="sport"), record(1)])
    report = ingest([export], tmp_path / "content")
    assert statuses(report) == [
        (f"{export}:1", "imported", ""),
        (f"{export}:2", "unchanged", f"same url as {export}:1, whose record is kept"),
        (f"{export}:3", "unchanged", f"same record as {export}:1"),
    ]
    assert len(list((tmp_path / "content" / "articles").iterdir())) == 1
    assert [o.status for o in ingest([export], tmp_path / "content").outcomes] == ["unchanged"] * 3


def test_a_file_without_a_text_field_is_refused_as_a_whole(tmp_path):
    export = jsonl(tmp_path / "x.jsonl", [{"headline": "أ", "summary": BODY}] * 3)
    report = ingest([export], tmp_path / "content")
    assert statuses(report) == [(str(export), "refused", "no text field (text, content, body, article); its fields are "
                                 "headline, summary: name the one that holds the text with --map text=NAME")]
    mapped = ingest([export], tmp_path / "content", fields={"text": "summary"})
    assert [o.status for o in mapped.outcomes] == ["imported", "unchanged", "unchanged"]


def test_csv_tsv_json_and_gzip_give_the_same_articles(tmp_path):
    records = [{k: str(v) for k, v in record(n).items()} for n in (1, 2)]
    made = {}
    for name in ("x.csv", "x.tsv.gz", "x.json", "x.ndjson"):
        path = tmp_path / name
        if name.startswith("x.csv") or name.startswith("x.tsv"):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "wt", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, list(records[0]), delimiter="\t" if ".tsv" in name else ",")
                writer.writeheader()
                writer.writerows(records)
        elif name.endswith(".json"):
            path.write_text(json.dumps({"articles": records}, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            jsonl(path, records)
        content = tmp_path / name.replace(".", "-")
        report = ingest([path], content)
        assert [o.status for o in report.outcomes] == ["imported", "imported"], statuses(report)
        made[name] = sorted(p.read_text(encoding="utf-8") for p in (content / "articles").iterdir())
    assert len({tuple(v) for v in made.values()}) == 1


def test_an_unreadable_date_is_reported_with_its_record_and_left_out(tmp_path):
    export = jsonl(tmp_path / "x.jsonl", [record(1, published="la semaine dernière")])
    report = ingest([export], tmp_path / "content", dry_run=True)
    line = describe(report.outcomes[0], dry_run=True)
    assert "date 'la semaine dernière' cannot be read (not a date this tool reads" in line[0]
    assert "    date: none found" in line


@pytest.mark.large  # 1,100 records: past one batch of 1,024
def test_records_stream_through_batches_with_the_slugs_one_batch_would_give(tmp_path):
    records = [record(n, title="عنوان واحد لكل الأخبار") for n in range(1100)]
    seen = []
    report = ingest([jsonl(tmp_path / "x.jsonl", records)], tmp_path / "content", workers=2, on_outcome=seen.append,
                    progress=lambda done, refused: seen.append((done, refused)))
    slugs = [o.slug for o in report.outcomes]
    assert slugs[:3] == ["anwan-wahd-lkl-alakhbar", "anwan-wahd-lkl-alakhbar-2", "anwan-wahd-lkl-alakhbar-3"]
    assert slugs[-1] == "anwan-wahd-lkl-alakhbar-1100" and len(set(slugs)) == 1100
    assert [s for s in seen if isinstance(s, tuple)] == [(1024, 0), (1100, 0)]
    assert all(o.prepared is None for o in report.outcomes)  # the report keeps no record once it was told
