"""The data/ dataset: what it holds, its encodings, a lossless round trip of every tag, citations."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import model_of

from builder.config import SiteConfig, load_config
from builder.render.dataset import (
    CSV_COLUMNS,
    ENTITY_FILES,
    PIN,
    cite_dataset,
    cite_text,
    data_url,
    dataset_files,
    dataset_json_ld,
    load_dataset,
    mentions_csv,
)
from builder.site.model import Site
from builder.site.records import ENTITY_TYPES, Mention, Tag
from builder.render.environment import load_strings
from builder.site.routes import Urls
from builder.pipeline.write import write_files

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
ABSOLUTE = "https://user.github.io/repo/"


def load_site(config: SiteConfig) -> Site:
    return model_of(config)


@pytest.fixture(scope="module")
def fixture_config(tmp_path_factory) -> SiteConfig:
    folder = tmp_path_factory.mktemp("dataset") / "site"
    shutil.copytree(FIXTURE, folder)
    return load_config(folder / "site.toml")


@pytest.fixture(scope="module")
def fixture_site(fixture_config) -> Site:
    return load_site(fixture_config)


def written(tmp_path: Path, site: Site, config: SiteConfig) -> Path:
    """Write the dataset the way the build writes files, and return the data/ folder."""
    write_files(tmp_path, dataset_files(site, Urls(config.base_path), config))
    return tmp_path / "data"


# Round trip ---------------------------------------------------------------------------------------


def assert_round_trip(site: Site, folder: Path) -> None:
    dataset = load_dataset(folder)
    tags = dataset.tags()
    assert set(tags) == set(site.by_slug)
    total = 0
    for slug, site_tags in site.tags.items():
        assert set(tags[slug]) == {t.entity for t in site_tags}, slug
        for tag in site_tags:
            loaded = tags[slug][tag.entity]
            assert loaded.pinned == tag.pinned and loaded.type == site.entities[tag.entity].type
            assert [(r["paragraph"], r["surface"], r["sentence"], r["how"]) for r in loaded.mentions] == [
                (m.block, m.surface, m.sentence, m.how) for m in tag.mentions
            ], (slug, tag.entity)
            total += 1
        # Within each type, the order is the site's tag order.
        article = next(a for a in dataset.articles if a["slug"] == slug)
        for etype in ENTITY_TYPES:
            assert article["tags"][etype] == [t.entity for t in site.article_tags(slug, etype)]
    assert total == sum(len(t) for t in site.tags.values())
    pins = [(r["article"], r["entity"]) for r in dataset.mentions if r["how"] == PIN]
    assert pins == [(slug, t.entity) for slug in sorted(site.tags) for t in site.tags[slug] if not t.mentions]
    for etype in ENTITY_TYPES:
        records = {r["slug"]: r for r in dataset.entities[etype]}
        assert set(records) == {e.slug for e in site.entities_of(etype)}
        for slug, record in records.items():
            assert record["article_count"] == len(site.entity_articles[slug])
            assert record["mention_count"] == site.mention_counts.get(slug, 0)
            assert record["mention_count"] == sum(1 for r in dataset.mentions if r["entity"] == slug)
    assert dataset.manifest["counts"]["mentions"] == len(dataset.mentions)


def test_round_trip_gives_back_every_tag_of_the_fixture_site(tmp_path, fixture_site, fixture_config):
    assert_round_trip(fixture_site, written(tmp_path, fixture_site, fixture_config))


def test_round_trip_gives_back_every_tag_of_the_default_site(tmp_path):
    config = load_config(ROOT / "site.toml")
    site = load_site(config)
    assert sum(len(t) for t in site.tags.values()) > 20
    assert_round_trip(site, written(tmp_path, site, config))


def test_csv_quoting_survives_commas_quotes_and_newlines(tmp_path, fixture_site, fixture_config):
    awkward = 'قال: "نعم، لا",\nثم\r\nسكت'
    mention = Mention("cairo", "p-1", 0, 1, 'ال"قاهرة', awkward, "alias")
    tags = dict(fixture_site.tags)
    tags["vetoed"] = (*tags["vetoed"], Tag("cairo", (mention,), True))
    site = dataclasses.replace(fixture_site, tags=tags, store=dataclasses.replace(fixture_site.store, full_tags=tags))
    loaded = load_dataset(written(tmp_path, site, fixture_config)).tags()["vetoed"]["cairo"]
    assert loaded.pinned and [(r["surface"], r["sentence"]) for r in loaded.mentions] == [('ال"قاهرة', awkward)]


# Files --------------------------------------------------------------------------------------------


def test_files_and_encodings(fixture_site, fixture_config):
    files = dataset_files(fixture_site, Urls("/"), fixture_config)
    assert sorted(files) == [
        "data/actors.json",
        "data/articles.json",
        "data/dataset.json",
        "data/mentions.csv",
        "data/places.json",
        "data/topics.json",
    ]
    for name, data in files.items():
        if name.endswith(".json"):
            assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\n")
            assert b"\\u06" not in data  # Arabic written as UTF-8, not as \u escapes
            json.loads(data.decode("utf-8"))
    for name in ("articles.json", "actors.json", "places.json", "topics.json"):  # one record a line
        lines = files[f"data/{name}"].decode("utf-8").splitlines()
        records = json.loads(files[f"data/{name}"])
        assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2
        assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == records
    csv_bytes = files["data/mentions.csv"]
    assert csv_bytes.startswith(b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS).encode() + b"\r\n")
    assert "بنغازي".encode() in csv_bytes


def test_articles_json(fixture_site, fixture_config):
    files = dataset_files(fixture_site, Urls("/"), fixture_config)
    articles = json.loads(files["data/articles.json"])
    assert [a["slug"] for a in articles] == sorted(fixture_site.by_slug)
    meeting = next(a for a in articles if a["slug"] == "cairo-meeting")
    assert meeting == {
        "slug": "cairo-meeting",
        "url": "/articles/cairo-meeting/",
        "title": "السيسي يستقبل حفتر في القاهرة",
        "date": "2024-05-01",
        "source": "وكالة الاختبار",
        "source_url": "https://example.org/news/1",
        "word_count": fixture_site.by_slug["cairo-meeting"].word_count,
        "tags": {
            "actor": ["abdel-fattah-el-sisi", "khalifa-haftar", "egypt"],
            "place": ["cairo", "benghazi"],
            "topic": ["elections"],
        },
        "pinned": [],
    }
    hostile = next(a for a in articles if a["slug"] == "hostile-markup")
    assert hostile["source_url"] is None and hostile["pinned"] == ["egypt"]
    assert hostile["title"] == "<script>window.__xss_title = 1</script> عنوان فيه وسم"


def test_entity_json(fixture_site, fixture_config):
    files = dataset_files(fixture_site, Urls(fixture_config.base_path), fixture_config.with_base_url(ABSOLUTE))
    actors = json.loads(files["data/" + ENTITY_FILES["actor"]])
    assert [a["slug"] for a in actors] == sorted(e.slug for e in fixture_site.entities_of("actor"))
    egypt = next(a for a in actors if a["slug"] == "egypt")
    assert egypt["url"] == ABSOLUTE + "actors/egypt/"
    assert (egypt["type"], egypt["kind"], egypt["name"], egypt["name_en"]) == ("actor", "country", "مصر", "Egypt")
    assert egypt["aliases"][0] == "مصر" and egypt["adjectives"] == ["المصري", "المصرية"]
    assert egypt["wikidata"] == "Q79" and egypt["wikidata_url"] == "https://www.wikidata.org/wiki/Q79"
    assert egypt["article_count"] == 2  # cairo-meeting (found) and hostile-markup (pinned); vetoed elsewhere
    topics = json.loads(files["data/" + ENTITY_FILES["topic"]])
    assert "keywords" in topics[0] and "aliases" not in topics[0] and "adjectives" not in topics[0]
    places = json.loads(files["data/" + ENTITY_FILES["place"]])
    assert places[0]["wikidata"] is None and "roles" not in places[0]


def test_manifest(fixture_site, fixture_config):
    config = fixture_config.with_base_url(ABSOLUTE)
    manifest = json.loads(dataset_files(fixture_site, Urls(config.base_path), config)["data/dataset.json"])
    assert manifest["url"] == ABSOLUTE + "data/"
    assert manifest["date_range"] == {"first": "2023-01-15", "last": "2024-07-01"}
    counts = manifest["counts"]
    assert counts == {"articles": 4, "actors": 4, "places": 2, "topics": 1, "mentions": counts["mentions"]}
    assert counts["mentions"] == mentions_csv(fixture_site).count(b"\r\n") - 1
    names = [f["name"] for f in manifest["files"]]
    assert names == ["articles.json", "actors.json", "places.json", "topics.json", "mentions.csv"]
    assert manifest["files"][-1]["url"] == ABSOLUTE + "data/mentions.csv"
    assert manifest["citation"] == cite_dataset(fixture_site, config, Urls(config.base_path))


def test_output_is_deterministic(fixture_site, fixture_config):
    urls = Urls("/")
    again = dataset_files(load_site(fixture_config), urls, fixture_config)
    assert dataset_files(fixture_site, urls, fixture_config) == again


def test_mentions_csv_rows_are_in_article_then_text_order(fixture_site):
    rows = list(csv.DictReader(io.StringIO(mentions_csv(fixture_site).decode("utf-8-sig"))))
    assert [r["article"] for r in rows] == sorted(r["article"] for r in rows)
    assert {r["how"] for r in rows} <= {"alias", "keyword", "adjective", "family", "context", "role", PIN}
    pin = next(r for r in rows if r["how"] == PIN)
    assert pin == {"article": "hostile-markup", "entity": "egypt", "type": "actor", "paragraph": "", "surface": "",
                   "sentence": "", "how": PIN}


def test_load_dataset_refuses_unknown_columns(tmp_path, fixture_site, fixture_config):
    folder = written(tmp_path, fixture_site, fixture_config)
    (folder / "mentions.csv").write_text("article,entity\r\n", encoding="utf-8-sig")
    with pytest.raises(ValueError, match="expected columns"):
        load_dataset(folder)


# Citation and JSON-LD -----------------------------------------------------------------------------


def test_cite_text(fixture_site, fixture_config):
    config = fixture_config.with_base_url(ABSOLUTE)
    urls = Urls(config.base_path)
    strings = load_strings(config)
    meeting = fixture_site.by_slug["cairo-meeting"]
    assert cite_text(meeting, config, urls, strings) == (
        "وكالة الاختبار، «السيسي يستقبل حفتر في القاهرة»، 1 مايو 2024. موقع الاختبار: "
        f"{ABSOLUTE}articles/cairo-meeting/ (الرابط الأصلي: https://example.org/news/1)"
    )
    assert "، 2024-05-01. " in cite_text(meeting, config, urls)  # without interface strings: ISO date
    bare = dataclasses.replace(meeting, source="", source_url="", date=None)
    assert cite_text(bare, fixture_config, Urls("/"), strings) == (
        "مصدر غير مذكور، «السيسي يستقبل حفتر في القاهرة»، بلا تاريخ. موقع الاختبار: /articles/cairo-meeting/"
    )


def test_cite_dataset(fixture_site, fixture_config):
    config = fixture_config.with_base_url(ABSOLUTE)
    urls = Urls(config.base_path)
    assert cite_dataset(fixture_site, config, urls, load_strings(config)) == (
        "موقع الاختبار: مجموعة البيانات (JSON وCSV)؛ عدد المقالات: 4؛ الفترة: 15 يناير 2023 – 1 يوليو 2024. "
        f"{ABSOLUTE}data/"
    )
    assert data_url(urls, "mentions.csv") == "/repo/data/mentions.csv"


def test_dataset_json_ld(fixture_site, fixture_config):
    config = fixture_config.with_base_url(ABSOLUTE)
    text = dataset_json_ld(fixture_site, Urls(config.base_path), config)
    assert "<" not in text
    data = json.loads(text)
    assert data["@type"] == "Dataset" and data["url"] == ABSOLUTE + "data/"
    assert data["temporalCoverage"] == "2023-01-15/2024-07-01"
    assert [d["contentUrl"].rsplit("/", 1)[1] for d in data["distribution"]] == [
        "articles.json", "actors.json", "places.json", "topics.json", "mentions.csv",
    ]
