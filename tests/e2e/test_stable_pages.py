"""Long lists keep their pages put: an entry's list (and /articles/) shows its newest articles on its
main page and the older ones on archive pages numbered from the oldest, so an article added as the
newest changes the main page and leaves every archive page as it was, byte for byte and unwritten."""

from __future__ import annotations

import re
from pathlib import Path

from builder.pipeline.orchestrator import build
from builder.config import load_config

from conftest import site_digest
from test_incremental import clean_buildsite_digest


def _article(folder: Path, name: str, date: str, text: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: خبر عن بنغازي\ndate: {date}\nsource: وكالة الاختبار\n---\n\n{text}\n", encoding="utf-8")


def test_an_added_newest_article_leaves_the_archive_pages_as_they_were(fixture_site, tmp_path):
    config = load_config(fixture_site / "site.toml")  # two articles a page
    articles = fixture_site / "content" / "articles"
    _article(articles, "first-new", "2024-08-01", "افتتح مستشفى جديد في بنغازي صباح الأحد بحضور الأطباء.")  # Benghazi: four articles, the main page and page 1
    build(config)
    out = config.output_dir
    main = (out / "places" / "benghazi" / "index.html").read_text(encoding="utf-8")
    archive = out / "places" / "benghazi" / "page" / "1" / "index.html"
    oldest = archive.read_text(encoding="utf-8")
    assert 'rel="next" href="/places/benghazi/page/1/"' in main and "first-new" in main
    assert 'rel="prev" href="/places/benghazi/"' in oldest and 'rel="next"' not in oldest
    # page 1 holds the two oldest, newest first; the main page the two newest
    assert oldest.index("saddam-visit") < oldest.index("cairo-meeting") and "first-new" not in oldest
    assert not (out / "places" / "benghazi" / "page" / "2").exists()
    stamp = archive.stat().st_mtime_ns

    _article(articles, "second-new", "2024-09-01", "هطلت أمطار غزيرة على بنغازي وأغلقت الطرق الساحلية مساء الخميس.")
    report = build(config)
    assert report.processed == 1
    main = (out / "places" / "benghazi" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h3 class="entry-title"><a href="/articles/([^/]+)/', main) == [
        "second-new", "first-new", "hostile-markup"]  # fmt: skip
    assert archive.read_text(encoding="utf-8") == oldest and archive.stat().st_mtime_ns == stamp  # not written again
    assert (out / "articles" / "page" / "1" / "index.html").is_file()
    assert site_digest(out) == clean_buildsite_digest(fixture_site, tmp_path)
