"""What keeps a big site light (docs/data.md, Weight): ``[data] compress`` writes the two large
files of the dataset gzipped, the same records byte for byte once unpacked."""

from __future__ import annotations

import gzip
import json
import shutil

from conftest import ROOT, copy_site

from builder.pipeline.orchestrator import build
from builder.config import load_config
from builder.render.dataset import load_dataset


def built(tmp_path, name: str, extra: str = ""):
    root = tmp_path / name
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", root)
    (root / "site.toml").write_text((root / "site.toml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    config = load_config(root / "site.toml")
    build(config, search=False)
    return config.output_dir


def test_compress_writes_the_large_data_files_gzipped_and_the_page_links_them(tmp_path):
    plain = built(tmp_path, "plain")
    packed = built(tmp_path, "packed", "\n[data]\ncompress = true\n")
    for name in ("articles.json", "mentions.csv"):
        assert not (packed / "data" / name).exists()
        assert gzip.decompress((packed / "data" / f"{name}.gz").read_bytes()) == (plain / "data" / name).read_bytes()
    page = (packed / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="/data/mentions.csv.gz"' in page and 'href="/data/articles.json.gz"' in page
    manifest = json.loads((packed / "data" / "dataset.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} >= {"articles.json.gz", "mentions.csv.gz"}
    assert load_dataset(packed / "data").mentions == load_dataset(plain / "data").mentions
    # the same bytes every build: no time or name in the gzip header
    again = built(tmp_path, "again", "\n[data]\ncompress = true\n")
    assert (again / "data" / "mentions.csv.gz").read_bytes() == (packed / "data" / "mentions.csv.gz").read_bytes()


def test_originals_false_leaves_content_sources_out_of_the_site(tmp_path):
    """``[data] originals = false``: the originals ingest kept stay in content/sources/, and the site
    neither publishes nor links them; switching it off on a built site removes them."""
    from builder.ingestion.command import ingest

    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", root)
    raw = tmp_path / "raw" / "scraped-note.txt"
    raw.parent.mkdir()
    raw.write_text("اجتماع في بنغازي\n\nعقد المجلس البلدي في بنغازي اجتماعا أمس لمناقشة الميزانية.\n", encoding="utf-8")
    ingest([raw], root / "content")
    original, = (root / "content" / "sources").iterdir()
    slug = original.stem
    config = load_config(root / "site.toml")
    build(config, search=False)
    page = (config.output_dir / "articles" / slug / "index.html").read_text(encoding="utf-8")
    assert (config.output_dir / "sources" / f"{slug}.txt").is_file() and f'href="/sources/{slug}.txt"' in page

    toml = root / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[data]\noriginals = false\n", encoding="utf-8")
    config = load_config(toml)
    build(config, search=False)  # the same site, built before with its originals
    out = config.output_dir
    assert not (out / "sources").exists()
    assert "/sources/" not in (out / "articles" / slug / "index.html").read_text(encoding="utf-8")
    assert original.is_file()  # the original is still kept
    # incremental = clean: the same files, byte for byte, as a fresh build with the setting
    clean = tmp_path / "clean"
    copy_site(root, clean)
    fresh = load_config(clean / "site.toml")
    build(fresh, search=False)
    files = lambda d: {p.relative_to(d): p.read_bytes() for p in d.rglob("*") if p.is_file()}  # noqa: E731
    assert files(fresh.output_dir) == files(out)
