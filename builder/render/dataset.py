"""The site's data as a citable dataset under ``data/``, how to read it back, and citation lines.

``write_dataset(site, urls, config, root)`` writes (``dataset_files`` returns path → bytes):

- ``data/articles.json``, ``data/actors.json``, ``data/places.json``, ``data/topics.json``: a JSON
  array of records each, sorted by slug, one record a line; UTF-8 without BOM (RFC 8259).
- ``data/mentions.csv``: one row per mention (one ``pin`` row for a pinned tag without mentions);
  UTF-8 *with* a BOM, so Excel shows the Arabic correctly (Python: ``encoding="utf-8-sig"``);
  RFC 4180 quoting and CRLF line ends.
- ``data/dataset.json``: title, URL, citation, counts and the file list.

The fields are documented in docs/data.md. Output is deterministic: sorted, no clock.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from builder.config import SiteConfig
from builder.render.feeds import absolute_url, script_safe_json, wikidata_url
from builder.render.numerals import format_date
from builder.site.model import Site
from builder.site.records import ENTITY_FOLDERS, ENTITY_TYPES, Article, ArticleSummary, Entity
from builder.site.routes import Urls

DATA_DIR = "data"
MANIFEST = "dataset.json"
ARTICLES = "articles.json"
MENTIONS = "mentions.csv"
ENTITY_FILES = {etype: f"{folder}.json" for etype, folder in ENTITY_FOLDERS.items()}  # actor → actors.json
CSV_COLUMNS = ("article", "entity", "type", "paragraph", "surface", "sentence", "how")
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: Excel needs it to read Arabic as UTF-8
PIN = "pin"  # the `how` of a pinned tag that has no mention


GZIP = ".gz"


def file_names(config: SiteConfig) -> tuple[str, str]:
    """The names of the two large files, articles.json and mentions.csv: with ``[data] compress``,
    gzipped (``.gz``, a quarter to a sixth of the size; docs/data.md)."""
    suffix = GZIP if config.data_compress else ""
    return ARTICLES + suffix, MENTIONS + suffix


def _gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks as one gzip stream (no name, no time in its header: the same bytes every build)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = packer.compress(chunk)
        if out:
            yield out
    yield packer.flush()


def written_counts(root: Path) -> dict[str, int]:
    """Each file of ``root``/data/ → the records it holds, as the writer counted them while writing
    (``dataset.json``'s file list): what the data page states, so it can never disagree with the files."""
    manifest = json.loads((root / DATA_DIR / MANIFEST).read_text(encoding="utf-8"))
    return {entry["name"]: entry["records"] for entry in manifest["files"]}


def data_url(urls: Urls, name: str = "") -> str:
    """Internal URL of the data folder (``<base>data/``) or of one file in it."""
    return f"{urls.base}{DATA_DIR}/{name}"


def _link(url: str, urls: Urls, config: SiteConfig) -> str:
    """Absolute when base_url is absolute, else the path from the host root."""
    return absolute_url(url, urls, config) or url


def _or_none(text: str) -> str | None:
    return text if text else None


# Records ----------------------------------------------------------------------------------------


def article_record(article: ArticleSummary, site: Site, urls: Urls, config: SiteConfig) -> dict[str, Any]:
    """One entry of articles.json; tags per type in the site's order (first mention first, then pins)."""
    tags = site.tags[article.slug]
    return {
        "slug": article.slug,
        "url": _link(urls.article(article.slug), urls, config),
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": _or_none(article.source),
        "source_url": _or_none(article.source_url),
        "word_count": article.word_count,
        "tags": {etype: [t.entity for t in tags if site.entities[t.entity].type == etype] for etype in ENTITY_TYPES},
        "pinned": [t.entity for t in tags if t.pinned],
    }


def entity_record(entity: Entity, site: Site, urls: Urls, config: SiteConfig) -> dict[str, Any]:
    """One entry of actors.json, places.json or topics.json."""
    record: dict[str, Any] = {
        "slug": entity.slug,
        "type": entity.type,
        "kind": entity.kind,
        "url": _link(urls.entity(entity), urls, config),
        "name": entity.name,
        "name_en": _or_none(entity.name_en),
        "description": _or_none(entity.description),
        "keywords" if entity.type == "topic" else "aliases": list(entity.terms),
    }
    if entity.type == "actor":
        record["adjectives"] = list(entity.adjectives)
        record["needs_context"] = list(entity.needs_context)
        record["family"] = _or_none(entity.family)
        record["family_default"] = entity.family_default
        record["roles"] = [
            {
                "title": role.phrase,
                "from": role.start.isoformat() if role.start else None,
                "to": role.end.isoformat() if role.end else None,
            }
            for role in entity.roles
        ]
    record["wikidata"] = _or_none(entity.wikidata)
    record["wikidata_url"] = wikidata_url(entity.wikidata) if entity.wikidata else None
    record["article_count"] = len(site.entity_articles[entity.slug])
    record["mention_count"] = site.mention_counts.get(entity.slug, 0)
    return record


def article_rows(slug: str, tags, entities: Mapping[str, Entity]) -> Iterator[tuple[str, ...]]:
    """One article's rows of mentions.csv: its tags in order, each tag's mentions in text order
    (the file holds the articles in slug order)."""
    for tag in tags:
        etype = entities[tag.entity].type
        if not tag.mentions:
            yield (slug, tag.entity, etype, "", "", "", PIN)
        for m in tag.mentions:
            yield (slug, tag.entity, etype, m.block, m.surface, m.sentence, m.how)


def encoded_rows(slug: str, tags, entities: Mapping[str, Entity]) -> tuple[int, bytes]:
    """One article's rows of mentions.csv, counted and encoded (no header, no BOM)."""
    buffer = io.StringIO(newline="")
    rows = list(article_rows(slug, tags, entities))
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return len(rows), buffer.getvalue().encode("utf-8")


# Each article's encoded rows are cached under this name: made by the worker that tags the article
# (or by the dataset writer, for one the cache lacks), so writing mentions.csv is mostly copying.
MENTION_ROWS = "csv"


_CSV_BATCH = 50  # articles' rows written at a time (~50 KB an article on a desk's corpus): never the whole file


def _mention_chunks(site: Site, counted: list[int]) -> Iterator[bytes]:
    """mentions.csv in pieces (the first is the header, with the BOM); ``counted`` gets the number of rows."""

    def encoded(slug: str, tags) -> tuple[int, bytes]:
        return encoded_rows(slug, tags, site.entities)

    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS)
    yield buffer.getvalue().encode(CSV_ENCODING)
    total = 0
    batch: list[bytes] = []
    for _slug, (rows, data) in site.per_article(sorted(site.by_slug), MENTION_ROWS, encoded):
        total += rows
        batch.append(data)
        if len(batch) >= _CSV_BATCH:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch)
    counted.append(total)


def mentions_csv(site: Site) -> bytes:
    return b"".join(_mention_chunks(site, []))


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_RECORD = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _json_lines(records: list[dict[str, Any]]) -> bytes:
    """A JSON array written one record a line: readable, line-diffable, and encoded by Python's C
    encoder (an indent makes ``json`` use its pure-Python one: 0.3 s of 0.9 s for articles.json
    at 10,000 articles)."""
    return b"".join(_json_line_chunks(records))


def _json_line_chunks(records: Iterable[dict[str, Any]], batch: int = 500) -> Iterator[bytes]:
    """:func:`_json_lines`'s bytes in pieces, ``batch`` records at a time: the records are made as
    they are written, never all held (articles.json on a desk's corpus: ~3 KB a record in memory)."""
    records = iter(records)
    first = list(islice(records, batch))
    if not first:
        yield b"[]\n"
        return
    yield ("[\n" + ",\n".join(map(_RECORD.encode, first))).encode("utf-8")
    while more := list(islice(records, batch)):
        yield (",\n" + ",\n".join(map(_RECORD.encode, more))).encode("utf-8")
    yield b"\n]\n"


def date_range(site: Site) -> tuple[str, str] | None:
    """(oldest, newest) publication date as YYYY-MM-DD, or None when no article is dated."""
    dates = sorted(a.date for a in site.articles if a.date)
    return (dates[0].isoformat(), dates[-1].isoformat()) if dates else None


def dataset_files(site: Site, urls: Urls, config: SiteConfig) -> dict[str, bytes]:
    """Every file under data/, as output-relative path → bytes."""
    files: dict[str, bytes] = {}
    _emit(site, urls, config, lambda name, chunks: files.__setitem__(name, b"".join(chunks)))
    return files


def write_dataset(site: Site, urls: Urls, config: SiteConfig, root: Path) -> None:
    """Write every file under ``root``/data/, streaming mentions.csv (the one file that grows large)."""

    def put(name: str, chunks: Iterable[bytes]) -> None:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)

    _emit(site, urls, config, put)


def _emit(site: Site, urls: Urls, config: SiteConfig, put: Callable[[str, Iterable[bytes]], None]) -> None:
    """Hand each file of the dataset to ``put`` as (output-relative path, its bytes in pieces)."""
    articles_name, mentions_name = file_names(config)
    if config.data_compress:
        plain = put
        put = lambda name, chunks: plain(name, _gzipped(chunks) if name.endswith(GZIP) else chunks)  # noqa: E731
    articles = (article_record(site.by_slug[slug], site, urls, config) for slug in sorted(site.by_slug))
    put(f"{DATA_DIR}/{articles_name}", _json_line_chunks(articles))
    counts: dict[str, int] = {"articles": len(site.by_slug)}
    for etype in ENTITY_TYPES:
        records = [entity_record(e, site, urls, config) for e in sorted(site.entities_of(etype), key=lambda e: e.slug)]
        put(f"{DATA_DIR}/{ENTITY_FILES[etype]}", [_json_lines(records)])
        counts[ENTITY_FOLDERS[etype]] = len(records)
    counted: list[int] = []
    put(f"{DATA_DIR}/{mentions_name}", _mention_chunks(site, counted))
    counts["mentions"] = counted[0]

    span = date_range(site)
    manifest = {
        "title": config.title,
        "description": _or_none(config.description),
        "language": config.language,
        "url": _link(data_url(urls), urls, config),
        "citation": cite_dataset(site, config, urls),
        "date_range": {"first": span[0], "last": span[1]} if span else None,
        "counts": counts,
        "files": [
            {"name": name, "url": _link(data_url(urls, name), urls, config), "media_type": media, "records": n}
            for name, media, n in (
                (articles_name, "application/json", counts["articles"]),
                *((ENTITY_FILES[t], "application/json", counts[ENTITY_FOLDERS[t]]) for t in ENTITY_TYPES),
                (mentions_name, "text/csv", counts["mentions"]),
            )
        ],
    }
    put(f"{DATA_DIR}/{MANIFEST}", [_json_bytes(manifest)])


# Reading it back --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetTag:
    """A tag as the dataset records it: the entity, its mention rows, and whether it was pinned."""

    entity: str
    type: str
    pinned: bool
    mentions: tuple[dict[str, str], ...]  # rows of mentions.csv (without the pin row)


@dataclass(frozen=True, slots=True)
class Dataset:
    manifest: dict[str, Any]
    articles: tuple[dict[str, Any], ...]
    entities: dict[str, tuple[dict[str, Any], ...]]  # entity type ("actor") → records of actors.json
    mentions: tuple[dict[str, str], ...]  # rows of mentions.csv, keyed by column name

    def tags(self) -> dict[str, dict[str, DatasetTag]]:
        """article slug → entity slug → tag, rebuilt from articles.json and mentions.csv."""
        rows: dict[tuple[str, str], list[dict[str, str]]] = {}
        for row in self.mentions:
            if row["how"] != PIN:
                rows.setdefault((row["article"], row["entity"]), []).append(row)
        out: dict[str, dict[str, DatasetTag]] = {}
        for article in self.articles:
            pinned = set(article["pinned"])
            out[article["slug"]] = {
                slug: DatasetTag(slug, etype, slug in pinned, tuple(rows.get((article["slug"], slug), ())))
                for etype in ENTITY_TYPES
                for slug in article["tags"][etype]
            }
        return out


def load_dataset(folder: Path) -> Dataset:
    """Read a ``data/`` folder written by :func:`dataset_files` (or the built site's ``output/data``)."""

    def opened(name: str, **text):
        """A file of the folder, or its gzipped copy (``[data] compress``)."""
        if (folder / name).exists() or not (folder / (name + GZIP)).exists():
            return (folder / name).open(encoding=text.get("encoding", "utf-8"), newline=text.get("newline"))
        return gzip.open(folder / (name + GZIP), "rt", **{"encoding": "utf-8", **text})

    def read_json(name: str) -> Any:
        with opened(name) as handle:
            return json.loads(handle.read())

    with opened(MENTIONS, encoding=CSV_ENCODING, newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
            raise ValueError(f"{folder / MENTIONS}: expected columns {', '.join(CSV_COLUMNS)}, got {reader.fieldnames}")
        mentions = tuple(dict(row) for row in reader)
    return Dataset(
        manifest=read_json(MANIFEST),
        articles=tuple(read_json(ARTICLES)),
        entities={etype: tuple(read_json(ENTITY_FILES[etype])) for etype in ENTITY_TYPES},
        mentions=mentions,
    )


# Citation ---------------------------------------------------------------------------------------


def _date_text(date, strings: Mapping[str, Any] | None, language: str) -> str:
    if date is None:
        return str((strings or {}).get("no_date", "بلا تاريخ"))
    months = (strings or {}).get("months")
    return format_date(date, months, language) if months else date.isoformat()


def cite_text(article: Article | ArticleSummary, config: SiteConfig, urls: Urls, strings: Mapping[str, Any] | None = None) -> str:
    """An Arabic citation line for an article page: outlet، «title»، date. site: URL (original: URL).

    Dates use the month names of ``strings`` (the site's interface strings) when given, else
    YYYY-MM-DD. The URL is absolute when base_url is, else the path from the host root.
    """
    source = article.source or str((strings or {}).get("no_source", "مصدر غير مذكور"))
    line = (
        f"{source}، «{article.title}»، {_date_text(article.date, strings, config.language)}. "
        f"{config.title}: {_link(urls.article(article.slug), urls, config)}"
    )
    if article.source_url:
        line += f" (الرابط الأصلي: {article.source_url})"
    return line


def cite_dataset(site: Site, config: SiteConfig, urls: Urls, strings: Mapping[str, Any] | None = None) -> str:
    """An Arabic citation line for the dataset: site title, what it holds, its date span, the data/ URL."""
    parts = [f"{config.title}: مجموعة البيانات (JSON وCSV)", f"عدد المقالات: {len(site.articles)}"]
    span = [a.date for a in site.articles if a.date]
    if span:
        parts.append(f"الفترة: {_date_text(min(span), strings, config.language)} – {_date_text(max(span), strings, config.language)}")
    return "؛ ".join(parts) + f". {_link(data_url(urls), urls, config)}"


def dataset_json_ld(site: Site, urls: Urls, config: SiteConfig) -> str:
    """schema.org ``Dataset`` (for a data page's <script type="application/ld+json">), script-safe."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": config.title,
        "inLanguage": config.language,
        "isAccessibleForFree": True,
        "url": _link(data_url(urls), urls, config),
    }
    if config.description:
        data["description"] = config.description
    span = date_range(site)
    if span:
        data["temporalCoverage"] = f"{span[0]}/{span[1]}"
    articles_name, mentions_name = file_names(config)
    data["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": media, "contentUrl": _link(data_url(urls, name), urls, config)}
        for name, media in (
            (articles_name, "application/json"),
            *((ENTITY_FILES[t], "application/json") for t in ENTITY_TYPES),
            (mentions_name, "text/csv"),
        )
    ]
    return script_safe_json(data)
