"""Ingest speed: N generated messy raw articles (.txt) into a temporary content folder.

    python bench/ingest_bench.py [--articles 10000] [--workers N] [--seed 1] [--keep DIR]

Each raw file is what a scraper saves: a headline, paragraphs of Arabic news prose
(the vocabulary of bench/generate.py) and junk mixed in — share rows, bylines,
read-also blocks with related headlines, tracking tokens, cookie prompts, repeated
paragraphs, a tagline; some files in Windows-1256, some with CRLF and a BOM, some
with leftover HTML. The same arguments always write the same bytes. Prints the
figure: articles per second for the ingest call alone (generation not counted).
Target: ≥ 1,000 articles/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import CITY, COUNTRIES, FAMILY, FIRST, WORDS  # noqa: E402

from builder.ingestion.command import ingest  # noqa: E402

JUNK_TOP = ["شارك الخبر", "fbpx", "مشاركة :", "Home | News | Sport", "* * *", "شاركها عبر واتساب"]
JUNK_END = ["نستخدم ملفات تعريف الارتباط لتحسين تجربتك على الموقع.", "تابعونا على تلغرام",
            "اشترك في النشرة البريدية ليصلك كل جديد", "جميع الحقوق محفوظة © 2024", "المزيد"]
OUTLET_WORDS = ["وكالة", "بوابة", "موقع", "صحيفة"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 20))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.choice(FIRST)} {rng.choice(FAMILY)}")
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(CITY + COUNTRIES))
    return " ".join(words) + rng.choice([".", ".", ".", "،", "؟"])


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4))).rstrip("،") + "."


def headline(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(5, 9))) + " " + rng.choice(CITY)


def raw_article(rng: random.Random, n: int) -> tuple[str, bytes]:
    lines = []
    if rng.random() < 0.3:
        lines.append(rng.choice(JUNK_TOP))
    lines.append(headline(rng))
    if rng.random() < 0.4:
        lines.append(rng.choice(JUNK_TOP))
    if rng.random() < 0.5:
        lines.append(f"{rng.choice(OUTLET_WORDS)} {rng.choice(CITY)} – {rng.choice(['متابعات', 'خاص', 'وكالات'])}")
    paragraphs = [paragraph(rng) for _ in range(rng.randint(6, 10))]
    body: list[str] = []
    for i, text in enumerate(paragraphs):
        body.append(text)
        roll = rng.random()
        if roll < 0.08:
            body += ["اقرأ أيضاً", headline(rng)]
        elif roll < 0.12:
            body.append(base64.b64encode(f"ip: 10.{n % 250}.{i}.{rng.randrange(250)} ".encode()).decode())
        elif roll < 0.16:
            body.append(rng.choice(paragraphs[: i + 1]))  # a repeated paragraph
        elif roll < 0.18:
            body.append(f"https://example.org/a/{n}?utm_source=facebook&utm_medium=social")
    lines += body
    if rng.random() < 0.5:
        lines.append(rng.choice(JUNK_END))
    if rng.random() < 0.3:
        lines.append(f"{rng.choice(OUTLET_WORDS)} {rng.choice(CITY)} نيوز")
    blank = rng.random() < 0.5
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    text = (newline * 2 if blank else newline).join(lines) + newline
    if rng.random() < 0.05:
        text = text.replace(paragraphs[0], f"<p>{paragraphs[0]} &amp; <b>المزيد</b></p>", 1)
    roll = rng.random()
    if roll < 0.1:
        return f"raw{n:05d}.txt", text.encode("cp1256", errors="replace")
    if roll < 0.15:
        return f"raw{n:05d}.txt", b"\xef\xbb\xbf" + text.encode("utf-8")
    return f"raw{n:05d}.txt", text.encode("utf-8")


def generate(folder: Path, count: int, seed: int) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for n in range(count):
        name, data = raw_article(rng, n)
        sub = folder / f"batch{n // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_bytes(data)
        size += len(data)
    return size


def _cpu() -> tuple[float, float]:
    """(user, system) time of this process and its finished children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + children.ru_utime, own.ru_stime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="processes (default: ingest decides)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        raw = root / "raw"
        if raw.exists():
            shutil.rmtree(raw)
        size = generate(raw, args.articles, args.seed)
        content = root / "content"
        if content.exists():
            shutil.rmtree(content)
        before = _cpu()
        start = time.perf_counter()
        report = ingest([raw], content, workers=args.workers)
        seconds = time.perf_counter() - start
        after = _cpu()
        user, system = after[0] - before[0], after[1] - before[1]
        counts = {s: report.count(s) for s in ("imported", "unchanged", "refused")}
        refused = [o for o in report.outcomes if o.status == "refused"][:3]
        for outcome in refused:
            print(f"refused {outcome.path}: {outcome.reason}")
        removed = sum(len(o.prepared.cleaned.removed) for o in report.outcomes if o.prepared)
        print(f"ingested {args.articles} raw articles ({size / 1e6:.1f} MB) in {seconds:.2f}s: "
              f"{args.articles / seconds:,.0f} articles/s; {counts}; {removed} junk lines removed")
        cores, cpu = os.cpu_count() or 1, user + system
        print(f"CPU time of all processes: {user:.2f}s user + {system:.2f}s system = "
              f"{cpu / args.articles * 1000:.2f} ms an article: {args.articles / cpu * cores:,.0f} articles/s "
              f"if the {cores} cores were ingest's alone (load average now {os.getloadavg()[0]:.1f})")
        start = time.perf_counter()
        again = ingest([raw], content, workers=args.workers)
        seconds = time.perf_counter() - start
        print(f"again (all unchanged: {again.count('unchanged')}): {seconds:.2f}s, "
              f"{args.articles / seconds:,.0f} articles/s")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
