"""Discovery on real corpus records: whole names, spellings grouped, the discovery set's scores."""

from __future__ import annotations

from pathlib import Path

from builder.extract.arabic import normalize
from builder.extract.discovery import find_candidates
from builder.extract.discovery_eval import evaluate, load_set, read_records, record_article
from builder.extract.variants import _vowels_apart, split_compounds
from builder.extract.matching import compile_matcher
from builder.site.records import Corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "ant-2018.jsonl.gz"


def words(text: str) -> tuple[str, ...]:
    return tuple(normalize(w) for w in text.split())


def test_spellings_of_one_name():
    assert split_compounds(words("عبدالله الثاني")) == split_compounds(words("عبد الله الثاني"))
    assert _vowels_apart(words("بنيامين نتنياهو"), words("بنيامين نتانياهو"))
    assert _vowels_apart(words("فلاديمير بوتن"), words("فلاديمير بوتين"))
    assert not _vowels_apart(words("قوات المقاومة"), words("قوات المقيمة"))


def test_whole_names_from_records():
    record = {"id": "x-1", "title": "", "published": "Mon, 02 Apr 2018 10:00:00 GMT", "text": (
        "استقبل الرئيس التركي رجب طيب أردوغان ولي العهد السعودي الأمير محمد بن سلمان.\n"
        "وقال الرئيس التركي رجب طيب أردوغان إن المتحدث باسم وزارة الخارجية الأمريكية هيذر ناورت أخطأت.\n"
        "وزار الأمير محمد بن سلمان ولي العهد مدينة الحديدة، وقال الرئيس التركي رجب طيب يوما إن…")}
    corpus = Corpus((record_article(record),), ())
    names = [c.name for c in find_candidates(corpus, compile_matcher(()), limit=20)]
    assert "رجب طيب أردوغان" in names and "محمد بن سلمان" in names and "هيذر ناورت" in names
    assert "الحديدة" in names and "وزارة الخارجية الأمريكية" in names
    assert not [n for n in names if n.startswith(("باسم", "رجب طيب يوما")) or n in ("محمد بن", "رجب طيب")]


def test_the_discovery_set_is_scored():
    ids = {"BB-middleEast-1052-20181002"}
    assert read_records(CORPUS, ids)["BB-middleEast-1052-20181002"]["title"].startswith("انتخاب برهم صالح")
    path = ROOT / "tests" / "eval" / "discovery.yaml"
    result = evaluate(path)
    assert result["articles"] == len(load_set(path)[1]) >= 110 and result["names"] > 500
    assert 0 < result["recall"] < 1 and result["precision"][20] >= 0.6
    assert "برهم صالح" in result["missed"]  # no title before him: «انتخب البرلمان العراقي برهم صالح»
