"""The data page states how many records each file of data/ holds: the counts of what was written."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from builder.pipeline.orchestrator import build
from builder.config import load_config
from conftest import copy_default_site


def stated_counts(output: Path) -> dict[str, int]:
    """File name → the count the data page prints beside it."""
    html = (output / "data" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<bdi dir="ltr">([\w.]+)</bdi></a></td><td>.*?</td><td class="num">([\d,]*)</td>', html)
    return {name: int(n.replace(",", "")) for name, n in rows if n}


def records_in(folder: Path, name: str) -> int:
    if name.endswith(".csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    return len(json.loads((folder / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("workers", [1, 2])  # the dataset written in the build's own process, or a forked one
def test_the_data_page_counts_the_records_each_file_holds(tmp_path, workers):
    config = load_config(copy_default_site(tmp_path / "site") / "site.toml")
    build(config, search=False, workers=workers)
    stated = stated_counts(config.output_dir)
    assert set(stated) == {"articles.json", "actors.json", "places.json", "topics.json", "mentions.csv"}
    for name, count in stated.items():
        assert count == records_in(config.output_dir / "data", name), name
    manifest = json.loads((config.output_dir / "data" / "dataset.json").read_text(encoding="utf-8"))
    assert stated["mentions.csv"] == manifest["counts"]["mentions"] > 119  # 119 is the number of tags


def test_a_rebuild_that_adds_mentions_updates_the_data_page(tmp_path):
    config = load_config(copy_default_site(tmp_path / "site") / "site.toml")
    build(config, search=False)
    before = stated_counts(config.output_dir)["mentions.csv"]
    article = sorted((config.content_dir / "articles").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nوقال خليفة حفتر إن القاهرة شريك.\n", encoding="utf-8")
    build(config, search=False)
    after = stated_counts(config.output_dir)["mentions.csv"]
    assert after == records_in(config.output_dir / "data", "mentions.csv") > before
