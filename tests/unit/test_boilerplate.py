"""Junk found by corpus evidence (builder.ingestion.boilerplate): a source's footer, a wire sign-off, teasers at the end.

Each test imports a record export written here with ingest() and reads the articles it wrote.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import yaml

from builder.ingestion.command import ingest

STORIES = [
    "قال وزير الخارجية المصري إن المحادثات مع الجانب السوداني ستستأنف الأسبوع المقبل في القاهرة بعد توقف دام شهرين.",
    "أعلنت وزارة الصحة الأردنية تسجيل انخفاض كبير في عدد الإصابات بالإنفلونزا الموسمية خلال شهر فبراير الماضي مقارنة بالعام السابق.",
    "افتتح رئيس الوزراء المغربي معرضا دوليا للكتاب في الدار البيضاء بمشاركة أكثر من سبعمئة دار نشر من أربعين بلدا.",
    "قررت الحكومة التونسية رفع أسعار الوقود للمرة الثالثة هذا العام في إطار خطة لخفض عجز الموازنة العامة للدولة.",
    "فاز المنتخب الجزائري على نظيره الليبي بهدفين مقابل هدف في مباراة ودية أقيمت مساء أمس على ملعب الخامس من يوليو.",
    "كشفت دراسة حديثة أجرتها جامعة الملك سعود أن نسبة القراءة بين الشباب السعودي ارتفعت خلال السنوات الخمس الأخيرة.",
    "وصل وفد من صندوق النقد الدولي إلى بيروت لبحث خطة الإصلاح الاقتصادي مع المسؤولين اللبنانيين خلال الأيام المقبلة.",
    "أطلقت الإمارات قمرا صناعيا جديدا لرصد الأرض صممه وصنعه مهندسون إماراتيون في مركز محمد بن راشد للفضاء.",
    "أعلنت السلطات العراقية إعادة فتح معبر حدودي مع الأردن بعد إغلاقه لأسباب أمنية استمرت عدة أسابيع متتالية.",
    "ارتفعت أسعار النفط في التعاملات الآسيوية صباح اليوم بعد أنباء عن خفض الإنتاج في عدد من الدول المصدرة.",
    "دشنت سلطنة عمان مشروعا لتحلية مياه البحر بطاقة إنتاجية تبلغ مئتي ألف متر مكعب يوميا في محافظة ظفار.",
    "استقبل أمير الكويت وزير الخارجية الأمريكي وبحث معه العلاقات الثنائية والأوضاع في المنطقة وسبل تعزيز التعاون.",
]
FOOTER = "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم المحمول."
RARE = "هذه الفقرة الختامية تتكرر في مقالين فقط من مقالات هذا المصدر."


def second(n: int) -> str:
    """A paragraph of each article's own."""
    return f"وأضاف المسؤول في تصريحات صحفية أن الاجتماع رقم {n} سيناقش الملفات العالقة بين البلدين بالتفصيل."


def record(n: int, text: str, outlet: str = "بي بي سي عربي") -> dict:
    return {"id": n, "title": f"عنوان الخبر رقم {n}", "published": "2018-02-18", "outlet": outlet,
            "url": f"https://example.com/{n}", "text": text}


def run(tmp_path: Path, records: list[dict]) -> dict[int, tuple[str, list[dict]]]:
    """Import the records; record id → (the article's body, its removal records)."""
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    content = tmp_path / "content"
    report = ingest([path], content)
    out = {}
    for n, outcome in enumerate(report.outcomes):
        assert outcome.status == "imported", outcome
        _, head, body = (content / "articles" / f"{outcome.slug}.md").read_text(encoding="utf-8").split("---\n", 2)
        out[records[n]["id"]] = (body, yaml.safe_load(head)["ingest"]["removed"])
    return out


def rules(removed: list[dict], rule: str) -> list[str]:
    return [r["text"] for r in removed if r["rule"] == rule]


def test_a_line_in_ten_articles_of_a_source_is_its_footer_one_in_two_is_kept(tmp_path):
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}" + (f"\n{RARE}" if i < 2 else "")) for i in range(10)]
    articles = run(tmp_path, records)
    for i in range(10):
        body, removed = articles[i]
        assert FOOTER not in body and STORIES[i] in body and second(i) in body
        assert rules(removed, "footer") == [FOOTER]
        note = next(r["note"] for r in removed if r["rule"] == "footer")
        assert note == "word for word in 10 of 10 articles of بي بي سي عربي"
    assert RARE in articles[0][0] and RARE in articles[1][0]


def test_a_wire_sign_off_repeated_across_the_source_is_removed(tmp_path):
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n// انتهى //") for i in range(10)]
    for body, removed in run(tmp_path, records).values():
        assert "انتهى" not in body and rules(removed, "footer") == ["// انتهى //"]


def test_a_line_is_a_footer_only_within_one_source(tmp_path):
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}", outlet="أ" if i % 2 else "ب") for i in range(10)]
    records += [record(i, f"{STORIES[i - 10]}\n{second(i)}\n{FOOTER}", outlet="ج") for i in range(10, 20)]
    articles = run(tmp_path, records)
    for i, (body, removed) in articles.items():
        if i < 10:  # five in each of two sources: no footer of either
            assert FOOTER in body and not rules(removed, "footer")
        else:
            assert FOOTER not in body and rules(removed, "footer") == [FOOTER]


def test_the_lead_is_never_a_footer(tmp_path):
    # the very line repeated in every article opens this one: it is its own words, kept
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}") for i in range(10)]
    records.append(record(10, f"{FOOTER}\n{STORIES[10]}"))
    articles = run(tmp_path, records)
    body, removed = articles[10]
    assert body.strip().startswith(FOOTER) and not rules(removed, "footer")
    assert FOOTER not in articles[0][0]


def test_a_text_that_is_nothing_but_the_source_s_footer_is_refused_as_such(tmp_path):
    """Al Arabiya's 2012 columns are stored as the outlet's disclaimer alone (11 in ant-2018): kept, every
    one of them was a copy of every other. With no words of its own the record is refused; the rest
    import. One text filed twelve times is not that: each of its lines is in twelve articles, but only
    ever in this text; it is imported (its lead kept), not refused."""
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}") for i in range(10)]
    records += [record(10, FOOTER), record(11, f"{FOOTER}\n// انتهى //")]
    records += [record(i, f"{STORIES[i - 12]}\n{second(i)}\n// انتهى //") for i in range(12, 22)]
    records += [record(i, f"{STORIES[11]}\n{second(11)}") for i in range(22, 34)]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = ingest([path], tmp_path / "content")
    statuses = [(o.status, o.reason) for o in report.outcomes]
    assert statuses[10] == ("refused", "no article text left once junk lines are removed (footer 1)")
    assert statuses[11] == ("refused", "no article text left once junk lines are removed (footer 2)")
    assert [s for s, _ in statuses[:10] + statuses[12:]] == ["imported"] * 32
    for outcome in report.outcomes[22:]:
        assert STORIES[11] in (tmp_path / "content" / "articles" / f"{outcome.slug}.md").read_text(encoding="utf-8")


def test_a_teaser_at_the_end_is_removed_the_same_paragraph_quoted_in_the_middle_is_kept(tmp_path):
    teaser = STORIES[1]  # record 1 opens with it (after its dateline)
    records = [
        record(0, f"دبي، الإمارات العربية المتحدة (CNN)-- {STORIES[0]}\n{second(0)}\n{teaser}\n{STORIES[2]}"),
        record(1, f"دبي، الإمارات العربية المتحدة (CNN)-- {STORIES[1]}\n{second(1)}"),
        record(2, f"{STORIES[2]}\n{second(2)}"),
        record(3, f"{STORIES[3]}\n{teaser}\n{second(3)}"),
        record(4, f"{STORIES[4]}\n{second(4)}\n{teaser}\n{STORIES[2]}"),  # tacked on to two articles
    ]
    articles = run(tmp_path, records)
    body, removed = articles[0]
    assert rules(removed, "teaser") == [teaser, STORIES[2]]  # the run that ends the text: two other stories
    assert teaser not in body and STORIES[2] not in body and second(0) in body
    note = next(r["note"] for r in removed if r["rule"] == "teaser")
    assert note == "the opening paragraph of another article of this source"
    body, removed = articles[3]
    assert teaser in body and not rules(removed, "teaser")  # in the middle: the article quotes it
    assert STORIES[1] in articles[1][0] and STORIES[2] in articles[2][0]  # openings stay where they open


def test_an_opening_reused_once_at_the_end_of_one_other_article_is_its_background_and_stays(tmp_path):
    # «لليوم الثاني.. السودان يحافظ على سعر صرف الجنيه» ends with the first day's opening: its own recap
    records = [record(0, f"{STORIES[0]}\n{second(0)}"), record(1, f"{STORIES[1]}\n{second(1)}\n{STORIES[0]}")]
    # STORIES[5] is tacked on to the end of two articles: a teaser in both
    records += [record(5, f"{STORIES[5]}\n{second(5)}")] + [
        record(i, f"{STORIES[i]}\n{second(i)}\n{STORIES[5]}") for i in (6, 7)]
    articles = run(tmp_path, records)
    body, removed = articles[1]
    assert body.rstrip().endswith(STORIES[0]) and not rules(removed, "teaser")
    for i in (6, 7):
        assert rules(articles[i][1], "teaser") == [STORIES[5]] and STORIES[5] not in articles[i][0]


def test_the_same_export_gives_the_same_articles_again(tmp_path):
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}") for i in range(10)]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    content = tmp_path / "content"
    first = ingest([path], content)
    assert all(FOOTER not in (content / "articles" / f"{o.slug}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
               for o in first.outcomes)
    again = ingest([path], content)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 10


def test_workers_holding_the_evidence_write_the_very_files_one_process_writes(tmp_path):
    """Two workers hash the lines, hold the evidence and clean the records while a thread writes: the
    same footers, teasers, refusals, slugs and bytes as all of it in this process."""
    records = [record(i, f"{STORIES[i]}\n{second(i)}\n{FOOTER}") for i in range(10)]
    records += [record(10, FOOTER), record(11, f"{STORIES[11]}\n{second(11)}")]
    records += [record(i, f"{STORIES[i - 12]}\n{second(i)}\n{STORIES[1] * (14 <= i < 18)}\n// انتهى //") for i in range(12, 22)]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    made = {}
    for workers in (1, 2):
        content = tmp_path / f"content-{workers}"
        report = ingest([path], content, workers=workers)
        files = {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}
        made[workers] = [(o.path, o.status, o.slug, o.reason) for o in report.outcomes], files
    assert made[2] == made[1]
    outcomes, files = made[1]
    assert outcomes[10][1] == "refused" and len(files) == 2 * 21  # each article and its original
    article = [files.get(f"articles/{slug}.md", b"").decode() for _path, _status, slug, _reason in outcomes]
    assert all("rule: footer" in article[i] for i in (*range(10), *range(12, 22)))  # the evidence removed them
    assert ["rule: teaser" in text for text in article[11:]] == [False] * 3 + [True] * 4 + [False] * 4


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "ant-2018.jsonl.gz"


@pytest.mark.large
@pytest.mark.skipif(not CORPUS.is_file(), reason=f"the shared corpus is not here ({CORPUS})")
def test_on_a_slice_of_the_real_corpus_the_outlet_footers_go_and_every_lead_stays(tmp_path):
    """Every 31st record of ../shared/corpora/ant-2018.jsonl.gz (about 1,000, read when the test runs)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for number, line in enumerate(lines) if number % 31 == 0]
    export = tmp_path / "slice.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    found: list = []
    ingest([export], tmp_path / "content", dry_run=True, on_outcome=found.append)
    by_rule: dict[tuple[str, str], int] = {}
    for outcome in found:
        if outcome.prepared is None:
            continue
        for r in outcome.prepared.cleaned.removed:
            if r.rule in ("footer", "teaser"):
                by_rule[outcome.prepared.source, r.rule] = by_rule.get((outcome.prepared.source, r.rule), 0) + 1
                assert r.line > 1  # never the lead (the record's first line)
            elif "إشعارات بأهم الموضوعات" in r.text:
                raise AssertionError(f"BBC's footer removed by another rule: {r}")
        if outcome.prepared.source == "BBC Arabic":
            assert "إشعارات بأهم الموضوعات" not in outcome.prepared.title
    assert by_rule.get(("BBC Arabic", "footer"), 0) >= 15  # «يمكنكم استلام/تسلم إشعارات…»: 17 in the slice
    assert by_rule.get(("Al Arabiya (alarabiya.net)", "footer"), 0) >= 10  # «جميع المقالات المنشورة…»: 14
    assert not [key for key in by_rule if key[1] == "teaser" and key[0] != "CNN Arabic"]


def run_files(tmp_path: Path, texts: dict[str, str]) -> dict[str, tuple[str, list[dict]]]:
    """Import a folder of raw files (relative path → text); path → (the article's body, its removal records)."""
    for name, text in texts.items():
        (tmp_path / "raw" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "raw" / name).write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    report = ingest([tmp_path / "raw"], content)
    out = {}
    for outcome in report.outcomes:
        assert outcome.status == "imported", outcome
        _, head, body = (content / "articles" / f"{outcome.slug}.md").read_text(encoding="utf-8").split("---\n", 2)
        out[Path(outcome.path).relative_to(tmp_path / "raw").as_posix()] = (body, yaml.safe_load(head)["ingest"]["removed"])
    return out


def test_a_folder_of_raw_files_is_one_source_s_evidence_too(tmp_path):
    """Not only record exports: the files of one folder of a run are read first for their repeated
    lines and openings, so a scraper's folder of .txt pages loses its footer and tacked-on teasers;
    a line repeated across two folders, five files in each, is no footer of either."""
    texts = {f"bbc/{i:02d}.txt": f"عنوان الخبر رقم {i}\n{STORIES[i]}\n{second(i)}\n{FOOTER}" for i in range(10)}
    texts["bbc/10.txt"] = f"عنوان الخبر رقم 10\n{STORIES[10]}\n{second(10)}\n{STORIES[1]}\n{FOOTER}"
    texts["bbc/11.txt"] = f"عنوان الخبر رقم 11\n{STORIES[11]}\n{second(11)}\n{STORIES[1]}"
    texts |= {f"{'ab'[i % 2]}/{i:02d}.txt": f"عنوان آخر رقم {i}\n{STORIES[i]}\n{second(i + 20)}\n{RARE}" for i in range(10)}
    articles = run_files(tmp_path, texts)
    for i in range(10):
        body, removed = articles[f"bbc/{i:02d}.txt"]
        assert FOOTER not in body and STORIES[i] in body and second(i) in body
        assert rules(removed, "footer") == [FOOTER]
        body, removed = articles[f"{'ab'[i % 2]}/{i:02d}.txt"]
        assert RARE in body and not rules(removed, "footer")
    for name in ("bbc/10.txt", "bbc/11.txt"):
        body, removed = articles[name]
        assert rules(removed, "teaser") == [STORIES[1]] and STORIES[1] not in body
    assert STORIES[1] in articles["bbc/01.txt"][0]  # the opening stays where it opens
