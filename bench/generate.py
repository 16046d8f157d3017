"""A deterministic synthetic research site: N seed-like Arabic articles and a knowledge base.

    python bench/generate.py DIR --articles 10000 [--actors 500 --topics 60 --places 80 --seed 1]
    python bench/generate.py DIR --articles 10000 --shape dense

The Zipf shape (the default): articles are ~900 words of Arabic news prose with entity mentions
drawn from a Zipf-like distribution (a few entries very frequent, most rare), written with the
clitics and spelling variants real text has; a few tags an article.

The dense shape: one subject desk's corpus. The default site's knowledge base (its 68 entries),
and articles assembled from the paragraphs of its five seed articles (12-18 of them, each a real,
richly tagged paragraph): about 40 tags an article, the top entries (ليبيا, مصر, حفتر …) in
nearly every article.

Dates spread over ten years in both. The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

FIRST = ("محمد أحمد علي حسن حسين خالد عمر يوسف إبراهيم مصطفى عبد الله عبد الرحمن سعيد سالم ناصر فهد "
         "طارق وليد هشام كريم عادل جمال منصور رشيد فيصل ماجد نبيل سامي رامي زياد باسم حمدي عماد "
         "أسامة بلال جابر حامد راشد صالح عثمان غسان فؤاد قاسم لؤي مروان نزار هاني ياسر أيمن").split()
FAMILY = ("الحسيني المصري الليبي التونسي العبيدي الزوي المقريف الورفلي الدباشي السويحلي المنفي الكبير "
          "الشريف النعاس الفيتوري القذافي المرابط البرعصي العقوري الترهوني الزنتاني المشري الدبيبة "
          "الغويل باشاغا معيتيق الثني الحاسي الشلماني البدري الجروشي الفرجاني المسماري العريبي "
          "القطراني الصلابي الساعدي البوعيشي التاجوري الككلي الغنيوة الرجباني الطرابلسي").split()
ORG_HEADS = ["هيئة", "مجلس", "لجنة", "وزارة", "مؤسسة", "اتحاد", "حزب", "جمعية", "بعثة", "مركز"]
ORG_TAILS = ["الوطنية للنفط", "الأعلى للدولة", "الوطنية للانتخابات", "الخارجية", "الداخلية", "الدفاع",
             "العليا للمصالحة", "الوطني للإعلام", "الأمن القومي", "الدولية للإغاثة", "الشباب", "التنمية",
             "العدالة", "الإعمار", "الرقابة", "الموانئ", "الطيران المدني", "الصحة", "التعليم", "الاستثمار"]
GROUP_HEADS = ["كتيبة", "لواء", "سرايا", "قوة", "تنظيم", "جماعة"]
GROUP_TAILS = ["الصمود", "النصر", "الفجر", "الردع", "الشهداء", "الحسم", "الكرامة الجديدة", "البنيان",
               "الثوار", "المقاومة", "الحرية", "العاصفة", "الأحرار", "الوفاء", "البركان"]
COUNTRIES = ["مصر", "ليبيا", "تونس", "الجزائر", "المغرب", "السودان", "تشاد", "النيجر", "تركيا", "روسيا",
             "فرنسا", "إيطاليا", "اليونان", "قطر", "الإمارات", "السعودية", "الأردن", "مالطا", "ألمانيا", "بريطانيا"]
CITY = ("بنغازي طرابلس مصراتة سرت درنة طبرق البيضاء الزاوية سبها غريان الخمس زليتن أجدابيا المرج "
        "غدامس الكفرة أوباري مرزق يفرن نالوت صبراتة ترهونة بني وليد الجفرة هون ودان براك").split()
TOPIC_WORDS = ["الانتخابات", "النفط", "الهجرة", "المصالحة", "الحدود", "المرتزقة", "الإعمار", "الكهرباء",
               "المياه", "الاقتصاد", "العملة", "المصارف", "الموانئ", "الطيران", "الصحة", "التعليم",
               "الفساد", "الدستور", "الميليشيات", "الإرهاب", "الأسرى", "الألغام", "النازحين", "الاستثمار",
               "الزراعة", "الصيد", "السياحة", "الإعلام", "القضاء", "الشرطة"]
WORDS = ("أكد أعلن قال أشار أوضح أضاف شدد دعا طالب رحب انتقد بحث ناقش اتفق التقى استقبل زار وصل غادر "
         "الحكومة الوزير الرئيس المسؤول المسؤولين الجانب الطرفين الوفد اللقاء الاجتماع المباحثات الأزمة "
         "الوضع الأوضاع الأمن الاستقرار التعاون الدعم الجهود المبادرة الحل الحوار الاتفاق التسوية القرار "
         "المرحلة المقبلة الحالية الماضية الأخيرة السياسية الأمنية الاقتصادية العسكرية الإنسانية الدولية "
         "الإقليمية المحلية الوطنية العامة الرسمية الكاملة المشتركة المستمرة الجديدة المختلفة ضرورة أهمية "
         "إطار سياق ظل خلال بعد قبل منذ حول بشأن نحو بين على في من إلى عن مع أن إن التي الذي هذا هذه ذلك "
         "تلك كما وفق حيث بينما لكن غير أكثر أقل جميع كل بعض عدد العديد المصادر البيان المتحدث الصحفيين "
         "المواطنين السكان المنطقة المدينة البلاد العاصمة الشرق الغرب الجنوب الشمال الساحل الصحراء").split()


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_actors(rng: random.Random, count: int) -> list[tuple[str, str, str, list[str]]]:
    """(slug, name, kind, aliases); about 70% people, the rest organisations, groups, countries."""
    actors, used = [], set()
    for i, country in enumerate(COUNTRIES[: min(len(COUNTRIES), count // 10)]):
        actors.append((f"country-{i}", country, "country", [country]))
    while len(actors) < count:
        i = len(actors)
        roll = rng.random()
        if roll < 0.72:
            first, family = rng.choice(FIRST), rng.choice(FAMILY)
            name = f"{first} {family}"
            kind, aliases = "person", [name]
        elif roll < 0.9:
            name = f"{rng.choice(ORG_HEADS)} {rng.choice(ORG_TAILS)} {rng.choice(['الليبية', 'المصرية', 'الإقليمية', 'العربية', 'المحلية'])}"
            kind, aliases = "organisation", [name]
        else:
            name = f"{rng.choice(GROUP_HEADS)} {rng.choice(GROUP_TAILS)} {rng.choice(CITY)}"
            kind, aliases = "armed_group", [name]
        if name in used:
            continue
        used.add(name)
        actors.append((f"actor-{i}", name, kind, aliases))
    return actors


HUGO_CONFIG = """baseURL = "/"
languageCode = "ar"
title = "bench"
[pagination]
pagerSize = 50
[taxonomies]
actor = "actors"
place = "places"
topic = "topics"
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                   '<body><nav><a href="/">home</a> <a href="/actors/">actors</a> <a href="/topics/">topics</a></nav>'
                   '<main>{{ block "main" . }}{{ end }}</main></body></html>',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} {{ .Params.source }}</p>'
                   '{{ .Content }}</article><ul>{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}'
                   '{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
                 '{{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">next</a>{{ end }}{{ end }}{{ end }}',
    "terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">'
                  '{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}',
}


SHAPES = ("zipf", "dense")


def new_site(root: Path, title: str) -> Path:
    """An empty site folder with the benchmark's settings; returns its content folder."""
    if root.exists():
        shutil.rmtree(root)
    write(root / "site.toml", f'title = "{title}"\ndescription = "مجموعة مولّدة لقياس السرعة."\n'
          'base_url = "/"\n\n[pages]\nentity_page_size = 50\n')
    return root / "content"


def new_hugo_site(hugo: Path) -> None:
    """An empty Hugo site with the benchmark's layouts."""
    if hugo.exists():
        shutil.rmtree(hugo)
    write(hugo / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(hugo / "layouts" / "_default" / name, text)


def generate(root: Path, articles: int, actors: int = 500, topics: int = 60, places: int = 80, seed: int = 1,
             hugo: Path | None = None, shape: str = "zipf") -> Path:
    if shape == "dense":
        from dense import generate_dense

        return generate_dense(root, articles, seed, hugo)
    rng = random.Random(seed)
    content = new_site(root, f"مجموعة اختبار: {articles} مقال")
    actor_list = make_actors(rng, actors)
    for slug, name, kind, aliases in actor_list:
        write(content / "actors" / f"{slug}.yaml", f"name: {name}\nkind: {kind}\ndescription: مدخل مولّد.\naliases:\n"
              + "".join(f"  - {a}\n" for a in aliases))
    place_list = []
    for i in range(places):
        name = CITY[i % len(CITY)] + ("" if i < len(CITY) else f" {['الجديدة', 'الشرقية', 'الغربية', 'القديمة'][i // len(CITY) % 4]}")
        place_list.append((f"place-{i}", name))
        write(content / "places" / f"place-{i}.yaml", f"name: {name}\nkind: city\ndescription: مدينة مولّدة.\naliases:\n  - {name}\n")
    topic_list = []
    for i in range(topics):
        word = TOPIC_WORDS[i % len(TOPIC_WORDS)]
        keyword = word if i < len(TOPIC_WORDS) else f"{word} {['الجديدة', 'الإقليمية', 'المحلية', 'الدولية'][i // len(TOPIC_WORDS) % 4]}"
        topic_list.append((f"topic-{i}", keyword))
        write(content / "topics" / f"topic-{i}.yaml", f"name: {keyword}\ndescription: موضوع مولّد.\nkeywords:\n  - {keyword}\n")

    entity_names = [a[1] for a in actor_list] + [p[1] for p in place_list] + [t[1] for t in topic_list]
    taxonomy = {a[1]: "actors" for a in actor_list} | {p[1]: "places" for p in place_list} | {t[1]: "topics" for t in topic_list}
    if hugo is not None:
        new_hugo_site(hugo)
    weights = zipf_weights(len(entity_names))
    order = list(range(len(entity_names)))
    rng.shuffle(order)  # which entries are frequent is random, not "the first files"
    shuffled = [entity_names[i] for i in order]
    start = dt.date(2015, 1, 1)
    for n in range(articles):
        day = start + dt.timedelta(days=rng.randrange(3650))
        named = rng.choices(shuffled, weights=weights, k=rng.randint(4, 12))
        paragraphs = []
        for _ in range(rng.randint(8, 12)):
            sentences = []
            for _ in range(rng.randint(3, 5)):
                words = rng.choices(WORDS, k=rng.randint(12, 22))
                if rng.random() < 0.6:
                    prefix = rng.choice(["", "", "و", "ب", "ل"])
                    words.insert(rng.randrange(len(words)), prefix + rng.choice(named))
                sentences.append(" ".join(words) + ".")
            paragraphs.append(" ".join(sentences))
        title = " ".join(rng.choices(WORDS, k=6)) + " " + named[0]
        body = "\n\n".join(paragraphs) + "\n"
        write(content / "articles" / f"a{n:06d}.md",
              f"---\ntitle: {title}\ndate: {day.isoformat()}\nsource: مصدر {n % 37}\n---\n\n" + body)
        if hugo is not None:  # the same article for Hugo, its tags given (Hugo does no extraction)
            terms: dict[str, list[str]] = {"actors": [], "places": [], "topics": []}
            for name in dict.fromkeys(named):
                terms[taxonomy[name]].append(name)
            front = "".join(f"{k}: [{', '.join(repr(v) for v in vs)}]\n" for k, vs in terms.items())
            write(hugo / "content" / "articles" / f"a{n:06d}.md",
                  f"---\ntitle: '{title}'\ndate: {day.isoformat()}\nsource: مصدر {n % 37}\n{front}---\n\n" + body)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--actors", type=int, default=500)
    parser.add_argument("--topics", type=int, default=60)
    parser.add_argument("--places", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", type=Path, help="also write the same corpus as a Hugo site here")
    parser.add_argument("--shape", choices=SHAPES, default="zipf",
                        help="zipf: a few tags an article (default); dense: ~40 tags, top entries in nearly all")
    args = parser.parse_args()
    generate(args.folder, args.articles, args.actors, args.topics, args.places, args.seed, args.hugo, args.shape)
    print(f"wrote {args.articles} {args.shape} articles to {args.folder}")


if __name__ == "__main__":
    main()
