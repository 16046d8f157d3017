"""builder.ingestion.exports: each format read record by record, each malformed input refused at its place."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from builder.ingestion.exports import export_format, read_export

TEXT = "نص الخبر الأول عن الموضوع."


def entries(path: Path, max_bytes: int = 5 * 1024 * 1024) -> list[tuple[str, dict | None, str]]:
    return [(e.place, e.record, e.problem) for e in read_export(path, path.name, max_bytes)]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_formats_are_known_by_their_names_gzip_or_not():
    assert [export_format(n) for n in ("a.json", "a.JSONL", "a.ndjson.gz", "a.csv", "a.tsv.gz", "a.txt", "a.gz")] == [
        "json", "jsonl", "jsonl", "csv", "tsv", "", ""]


def test_json_lines_give_each_record_its_line_and_skip_blank_lines(tmp_path):
    path = write(tmp_path, "x.jsonl", f'{{"text": "{TEXT}"}}\n\n{{"text": "ب"}}\r\n')
    assert entries(path) == [("x.jsonl:1", {"text": TEXT}, ""), ("x.jsonl:3", {"text": "ب"}, "")]


def test_a_broken_json_line_costs_that_line_only(tmp_path):
    path = write(tmp_path, "x.jsonl", '{"text": "أ"}\n{"text": "ب\n[1, 2]\n{"text": "ج"}\n')
    got = entries(path)
    assert [(p, r) for p, r, _ in got] == [("x.jsonl:1", {"text": "أ"}), ("x.jsonl:2", None), ("x.jsonl:3", None),
                                          ("x.jsonl:4", {"text": "ج"})]
    assert got[1][2].startswith("broken JSON (Unterminated string") and "column 10" in got[1][2]
    assert got[2][2] == "not a JSON object but an array; each line must be one record {…}"


def test_gzip_is_read_whatever_the_name_says(tmp_path):
    data = gzip.compress(f'{{"text": "{TEXT}"}}\n'.encode())
    for name in ("x.jsonl.gz", "x.jsonl"):
        assert entries(write(tmp_path, name, data)) == [(f"{name}:1", {"text": TEXT}, "")]


def test_a_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    lines = "".join(json.dumps({"text": f"{TEXT} {n}"}, ensure_ascii=False) + "\n" for n in range(3000))
    data = gzip.compress(lines.encode())
    got = entries(write(tmp_path, "x.jsonl.gz", data[: len(data) // 2]))
    assert len(got) > 100 and all(r is not None for _, r, _ in got[:-1])
    place, record, problem = got[-1]
    assert record is None and place == f"x.jsonl.gz:{len(got) - 1}"
    assert problem.startswith("the gzip stream ends early after line") and "the records before it were read" in problem


def test_a_binary_file_named_jsonl_is_refused_as_a_whole(tmp_path):
    assert entries(write(tmp_path, "x.jsonl", b"%PDF-1.4\x00\x01binary")) == [
        ("x.jsonl", None, "binary file (a PDF document), not JSON Lines")]
    assert entries(write(tmp_path, "y.jsonl", bytes(range(256)) * 4)) == [
        ("y.jsonl", None, "binary file (contains NUL bytes), not JSON Lines")]


def test_empty_files_and_empty_arrays_are_refused(tmp_path):
    assert entries(write(tmp_path, "a.jsonl", b"")) == [("a.jsonl", None, "empty file")]
    assert entries(write(tmp_path, "b.json", "[ ]\n")) == [("b.json", None, "no records (an empty array)")]
    assert entries(write(tmp_path, "c.json", '{"items": []}')) == [("c.json:1", None, "no records (the array 'items' is empty)")]


def test_invalid_utf8_costs_the_record_holding_it(tmp_path):
    data = f'{{"text": "{TEXT}"}}\n'.encode() + b'{"text": "\xff\xfe bad"}\n' + f'{{"text": "{TEXT}"}}\n'.encode()
    got = entries(write(tmp_path, "x.jsonl", data))
    assert [r is not None for _, r, _ in got] == [True, False, True]
    assert got[1][0] == "x.jsonl:2" and got[1][2].startswith("bytes that are not UTF-8 text in field 'text'")


def test_a_json_array_streams_its_records_with_their_lines(tmp_path):
    records = [{"title": f"عنوان {n}", "text": TEXT} for n in range(3)]
    path = write(tmp_path, "x.json", json.dumps(records, ensure_ascii=False, indent=2))
    assert [(p, r) for p, r, _ in entries(path)] == [("x.json:2", records[0]), ("x.json:6", records[1]),
                                                    ("x.json:10", records[2])]


def test_an_array_longer_than_the_read_buffer_is_read_whole(tmp_path):
    records = [{"id": n, "text": TEXT * 20} for n in range(3000)]  # about 3 MB: several reads of a megabyte
    path = write(tmp_path, "x.json", json.dumps(records, ensure_ascii=False))
    assert [r for _, r, _ in entries(path)] == records


def test_an_object_holding_one_array_of_records(tmp_path):
    doc = {"source": "scraper", "count": 2, "articles": [{"text": "أ"}, {"text": "ب"}], "tags": ["x"]}
    got = entries(write(tmp_path, "x.json", json.dumps(doc, ensure_ascii=False)))
    assert [r for _, r, _ in got] == [{"text": "أ"}, {"text": "ب"}]
    assert entries(write(tmp_path, "y.json", '{"a": 1, "b": [1, 2]}')) == [
        ("y.json", None, "an object holding no array of records (its keys: a, b)")]


def test_a_json_array_broken_in_the_middle_keeps_what_came_before(tmp_path):
    path = write(tmp_path, "x.json", '[\n{"text": "أ"},\n{"text": "ب" "x"},\n{"text": "ج"}\n]')
    got = entries(path)
    assert got[0] == ("x.json:2", {"text": "أ"}, "")
    assert got[1][0] == "x.json:3" and got[1][1] is None
    assert got[1][2].startswith("broken JSON (Expecting ',' delimiter at line 3, column 14); the records before it")
    assert len(got) == 2


def test_json_lines_named_json_say_so(tmp_path):
    got = entries(write(tmp_path, "x.json", '{"text": "أ"}\n{"text": "ب"}\n'))
    assert got[-1] == ("x.json:2", None, "more after the end of the JSON document (one record a line? name the file .jsonl)")


def test_csv_rows_with_quoted_line_breaks_keep_the_line_they_start_on(tmp_path):
    path = write(tmp_path, "x.csv", 'Title,Text\r\nأ,"سطر\r\nثان"\r\n\r\nب,نص\r\n')
    assert entries(path) == [("x.csv:2", {"Title": "أ", "Text": "سطر\r\nثان"}, ""), ("x.csv:5", {"Title": "ب", "Text": "نص"}, "")]


def test_a_ragged_csv_row_costs_that_row_only(tmp_path):
    got = entries(write(tmp_path, "x.csv", "title,text\nأ,نص\nب,نص,زائد\nج,نص\n"))
    assert [(p, r is not None) for p, r, _ in got] == [("x.csv:2", True), ("x.csv:3", False), ("x.csv:4", True)]
    assert got[1][2].startswith("3 fields where the header (line 1) has 2: a ragged row, left out")


def test_tsv_with_a_byte_order_mark_and_a_long_field(tmp_path):
    long_text = TEXT * 10_000  # longer than the csv module's default field limit
    path = write(tmp_path, "x.tsv", "\ufefftitle\ttext\nأ\t" + long_text + "\n")
    assert entries(path) == [("x.tsv:2", {"title": "أ", "text": long_text}, "")]


def test_a_csv_without_a_header_is_refused(tmp_path):
    assert entries(write(tmp_path, "x.csv", "\n\n")) == [("x.csv", None, "empty file (only white space)")]


@pytest.mark.parametrize("name", ["x.jsonl", "x.json", "x.csv"])
def test_a_record_file_that_cannot_be_opened(tmp_path, name):
    assert entries(tmp_path / name) == [(name, None, "cannot read (no such file or directory)")]
