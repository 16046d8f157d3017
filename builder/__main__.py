"""Command line: parse, load the config, call one function, turn a SiteError into one message."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__
from .config import SiteConfig, find_config, load_config
from .errors import Location, SiteError

EPILOG_INGEST = """example:
  %(prog)s ../shared/seeds/
  %(prog)s --dry-run scraped/article.txt
  %(prog)s scraped/page.html
  curl -s URL | %(prog)s - --name page.html
  %(prog)s export.jsonl.gz
  %(prog)s --map date=date_extracted,text=body dataset.csv

Record exports: .json (an array of objects, or an object holding one), .jsonl/.ndjson, .csv, .tsv,
each optionally .gz. Every record is one article; its fields are found by name, whatever their case:
  title   title, headline, head_line
  date    date, published, published_at, pubdate, datetime, time
  text    text, content, body, article
  url     url, link, source_url
  source  source, outlet, site, publisher, newspaper
  author  author, byline
--map names others. A record with no text is refused with its place (export.jsonl:1234: no text).

Each file or record gets one line (imported, updated, unchanged, skipped, refused: and why), then a
summary; on a terminal, a progress line counts an export's records. An article edited by hand after
ingest wrote it is never overwritten without --force. Rules and front matter: docs/ingest.md.

exit status: 0 when no file or record was refused (imported, updated, unchanged or skipped as
edited), 1 when any was refused, 2 when site.toml or the command line is wrong."""

EPILOG_MAIN = """example:
  %(prog)s new my-research          a new site, ready to build (--language en: an English interface)
  cd my-research
  %(prog)s ingest ~/scraped/        import raw articles
  %(prog)s serve                    preview on http://127.0.0.1:8000/, rebuilt as you edit
  %(prog)s build && %(prog)s check

Run a command in the folder holding site.toml, or pass --config PATH. `%(prog)s COMMAND --help`
describes each command. Step by step: docs/tutorial.md."""

EPILOG_NEW = """example:
  %(prog)s my-research
  %(prog)s --language en --title "Water in the Maghreb" water-research

Writes site.toml (every setting, commented), content/ (an example article, actor, place and topic),
templates/ (empty: your overrides of the theme go there), .gitignore, requirements.txt and the
GitHub Pages workflow. Then: cd DIR, and build.

exit status: 0 when the site was written, 2 when DIR is not empty (nothing is written)."""

EPILOG_BUILD = """example:
  %(prog)s
  %(prog)s --base-url https://user.github.io/repo/"""


def _prog() -> str:
    """``arsite`` when run as the console script, ``python -m builder`` otherwise."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m builder" if name in ("", "__main__.py", "-c") else name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Build a searchable, cross-linked Arabic research site from news articles.",
        epilog=EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, default=Path("."), help="site.toml, or the folder holding it (default: .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="create a new research site in a new folder, ready to build",
        description="Create a research site: site.toml with every setting, an example article and knowledge-base "
        "entries, an empty templates/ for theme overrides, and the GitHub Pages workflow. The folder must be new or "
        "empty.",
        epilog=EPILOG_NEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("directory", type=Path, metavar="DIR", help="the folder to create")
    new.add_argument("--language", default="ar", choices=("ar", "en"),
                     help="interface language: ar (right to left, the default) or en (left to right)")
    new.add_argument("--title", default="", help="the site's title (default: a placeholder to edit in site.toml)")
    new.add_argument("--gazetteer", action="store_true",
                     help="also write the starter gazetteer: every country and territory (CLDR), international "
                     "organisations (the same as `kb gazetteer` afterwards)")

    kb = commands.add_parser("kb", help="knowledge-base tools: kb gazetteer, kb accept FILE",
                             description="Add to the knowledge base in bulk: the starter gazetteer, or the entries "
                             "accepted in a review file.")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")
    gazetteer = kb_commands.add_parser(
        "gazetteer",
        help="add every country and territory (Arabic names from CLDR, other names, nisba adjectives) and the "
        "main international organisations to content/",
        description="Write one file per country (content/actors/, kind country), territory (content/places/, kind "
        "region) and international organisation (content/actors/), each with origin: cldr or gazetteer. Your "
        "entries win: one whose slug or name you already have is not written, and a term your entries claim is "
        "left out. Names and adjectives that are also ordinary words go under needs_context.",
        epilog=f"example:\n  {_prog()} kb gazetteer --dry-run\n  {_prog()} kb gazetteer && {_prog()} build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gazetteer.add_argument("--dry-run", action="store_true", help="say what would be written; write nothing")

    ingest = commands.add_parser(
        "ingest",
        help="import raw scraped articles or record exports into content/articles/",
        description="Clean raw scraped articles (.txt, .md in UTF-8 or Windows-1256; saved .html/.htm pages; "
        "records of a .json, .jsonl, .csv or .tsv export) into Markdown with front matter. The original is kept in "
        "content/sources/ (a file byte for byte, a record as JSON) and every removed line is recorded in the front "
        "matter with the rule that removed it.",
        epilog=EPILOG_INGEST,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, folders (recursively) or record exports to import; - reads standard input")
    ingest.add_argument("--dry-run", action="store_true", help="show what would be written and removed; write nothing")
    ingest.add_argument("--force", action="store_true",
                        help="re-import files already imported (same slug), even over articles edited by hand")
    ingest.add_argument("--name", default="", metavar="NAME",
                        help="for standard input: a file name whose extension gives the type (.txt, .md, .html) "
                        "and whose stem gives the slug (default: sniffed, and the slug from the title)")
    ingest.add_argument("--map", action="append", default=[], metavar="FIELD=NAME[,FIELD=NAME…]",
                        help="for record exports: the name of a field that has no common name "
                        "(title, date, text, url, source, author), e.g. --map date=date_extracted,text=body")

    build = commands.add_parser(
        "build",
        help="build the site into output/",
        description="Read content/, extract actors, places and topics, render every page, index it for search, "
        "and replace output/ only when everything succeeded.",
        epilog=EPILOG_BUILD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--base-url", help="override base_url from site.toml (e.g. for a GitHub Pages sub-path)")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--profile", action="store_true", help="print where the time went, phase by phase")

    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild + reload pages on every change",
        description="Build the site, serve it under its base path, watch content/, templates/, static/, i18n/ and "
        "site.toml, rebuild on change and reload open pages. A failed build shows in the terminal and as an overlay "
        "in the browser while the last good site stays served.",
        epilog="example:\n  %(prog)s\n  %(prog)s --port 8080 --base-url /research/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--base-url", help="override base_url from site.toml")
    serve.add_argument("--no-search", action="store_true", help="skip the search index on each rebuild (faster)")

    explain = commands.add_parser(
        "explain",
        help="print an article's tags, each with the sentences that produced it",
        description="Extract one article as the build does and print each actor, place and topic with how it "
        "was found (alias, keyword, adjective, family name, context, role, pin) and the sentence as evidence.",
        epilog="example:\n  %(prog)s hftr-yltqy-mdyr-almkhabrat-almsryh-fy\n"
        "  %(prog)s content/articles/hftr-yltqy-mdyr-almkhabrat-almsryh-fy.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument("article", help="the article's slug or its file")

    candidates = commands.add_parser(
        "candidates",
        help="list names the knowledge base lacks that stand after a title or role",
        description="Scan every article for a name right after a title or role (الرئيس، السفير…، رئيس حكومة…، "
        "المبعوث الأممي…) that no knowledge-base entry covers; best first, with counts and example sentences.",
        epilog="example:\n  %(prog)s --limit 20\n"
        f"  {_prog()} add-actor \"عقيلة صالح\" --name-en \"Aguila Saleh\"",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    candidates.add_argument("--limit", type=int, default=30, help="how many to list (default 30)")
    candidates.add_argument("--write", type=Path, metavar="FILE", help="write them to FILE for review (then: kb accept FILE)")

    accept = kb_commands.add_parser(
        "accept",
        help="write the entries accepted in a review file (from candidates --write FILE)",
        description="Write every block of a review file (from `candidates --write FILE`) marked "
        "accept: true as a new entry under content/actors/ or content/places/, or as new aliases of the entry its "
        "alias_of names. Refuses, naming the review file's line, an alias another entry has or an existing slug; "
        "then writes nothing.",
        epilog=f"example:\n  {_prog()} candidates --write review.yaml\n  {_prog()} kb accept review.yaml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    accept.add_argument("file", type=Path, help="the review file")

    add_actor = commands.add_parser(
        "add-actor",
        help="write a new actor file under content/actors/, aliases filled in, for review",
        description="Create content/actors/<slug>.yaml for a name (usually one `candidates` listed). "
        "Refuses to overwrite an existing entry. Rebuild to tag every article that names it.",
        epilog="example:\n  %(prog)s \"عقيلة صالح\" --name-en \"Aguila Saleh\" --kind person",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_actor.add_argument("name", help="the Arabic name as the articles write it")
    add_actor.add_argument("--name-en", default="", help="English name (also gives the slug)")
    add_actor.add_argument("--kind", default="person", help="person, organisation, country, armed_group or medium")
    add_actor.add_argument("--slug", default="", help="file name without .yaml (default: from the English name)")
    add_actor.add_argument("--description", default="", help="one or two sentences in Arabic")

    evaluate = commands.add_parser(
        "evaluate",
        help="score extraction against a labelled set: precision, recall and F1 per kind",
        description="Run the matcher over hand-labelled articles (tests/eval/ by default) and print precision, "
        "recall and F1 per kind at the mention and the article level.",
        epilog="example:\n  %(prog)s --errors",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("--kb", type=Path, help="knowledge base folder (default: tests/eval/kb)")
    evaluate.add_argument("--cases", type=Path, help="labelled cases (default: tests/eval/cases.yaml)")
    evaluate.add_argument("--errors", action="store_true", help="list every error with its sentence")
    evaluate.add_argument("--discovery", nargs="?", const=Path("tests/eval/discovery.yaml"), type=Path, metavar="SET",
                          help="score `candidates` instead: precision at 20/40/60 and recall against SET")

    check = commands.add_parser(
        "check",
        help="check the built site: links, anchors, one h1, lang and dir",
        description="Read output/ and report every internal link, image or anchor that does not resolve "
        "(under the base path), and every page without exactly one h1 or without lang/dir. Writes nothing.",
        epilog=f"example:\n  {_prog()} build && %(prog)s\n"
        f"  {_prog()} build --base-url https://user.github.io/repo/ && "
        "%(prog)s --base-url https://user.github.io/repo/\n\n"
        "exit status: 0 when the site is sound, 1 when any problem was found.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--base-url", help="the base URL the site was built with, when not the one in site.toml")
    return parser


def _config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(find_config(args.config))
    if getattr(args, "base_url", None):
        config = config.with_base_url(args.base_url)
    return config


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_site

    written = new_site(args.directory, language=args.language, title=args.title, gazetteer=args.gazetteer)
    for path in written[:40]:
        print(f"  {path}")
    if len(written) > 40:
        print(f"  … and {len(written) - 40} more (the gazetteer's entries under content/)")
    prog = _prog()
    print(f"created a research site in {args.directory} ({len(written)} files). Next:\n"
          f"  cd {args.directory}\n  {prog} build      (or: {prog} serve, and open http://127.0.0.1:8000/)\n"
          f"  {prog} ingest PATH...   to import your own articles (step by step: docs/tutorial.md in the tool's repository)")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import STDIN, describe, ingest, summary
    from .recordfields import parse_map

    config = _config(args)
    if args.name and STDIN not in args.paths:
        raise SiteError("--name names standard input", hint=f"use it with '-': {_prog()} ingest - --name x.html")
    fields = parse_map(args.map)
    if fields and not any(_is_export(path) for path in args.paths):
        raise SiteError("--map names fields of a record export, and none is given",
                        hint="give a .json, .jsonl, .ndjson, .csv or .tsv file (optionally .gz)")
    progress = _progress_printer()
    records = _RecordCounter(progress)

    def show(outcome) -> None:
        if progress:
            print("\r\033[K", end="", file=sys.stderr)
        lines = describe(outcome, dry_run=args.dry_run)
        print("\n".join(lines), file=sys.stderr if outcome.status == "refused" else sys.stdout)

    report = ingest(
        args.paths,
        config.content_dir,
        dry_run=args.dry_run,
        force=args.force,
        max_bytes=config.ingest_max_bytes,
        stdin=lambda: sys.stdin.buffer.read(config.ingest_max_bytes + 1),
        name=args.name,
        fields=fields,
        on_outcome=show,
        progress=records.show,
    )
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}")
    print(summary(report, dry_run=args.dry_run) + records.rate())
    return 1 if report.count("refused") else 0


def _is_export(path: str) -> bool:
    from .exports import export_format

    return bool(export_format(path))


class _RecordCounter:
    """An export's records done, their rate and the refusals so far, on the progress line."""

    def __init__(self, say) -> None:
        self.say, self.started, self.records = say, time.perf_counter(), 0

    def show(self, records: int, refused: int) -> None:
        self.records = records
        if self.say:
            self.say(f"records {records:,} done, {records / self._seconds():,.0f}/s, {refused:,} refused")

    def _seconds(self) -> float:
        return max(time.perf_counter() - self.started, 1e-6)

    def rate(self) -> str:
        plural = "s" if self.records != 1 else ""
        return f" ({self.records:,} record{plural} in {self._seconds():.1f}s)" if self.records else ""


def _progress_printer():
    """Phases as they start, on one updating line, when a person is watching (not in CI, not piped)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    started = time.perf_counter()

    def show(message: str) -> None:
        print(f"\r\033[K[{time.perf_counter() - started:6.1f}s] {message}", end="", file=sys.stderr, flush=True)

    return show


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .i18n import untranslated

    config = _config(args)
    started = time.perf_counter()
    progress = _progress_printer()
    report = build(config, search=False if args.no_search else None, progress=progress)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)  # the progress line gives way to the summary
    for warning in (*untranslated(config), *report.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    phases = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings)
    if report.unchanged:
        print(f"nothing changed since the last build ({report.articles} articles checked in {report.seconds:.2f}s)")
        return 0
    if args.profile:
        print(_profile_table(report.timings, time.perf_counter() - started))
    print(
        f"built {report.pages} pages from {report.articles} articles and {report.entities} entries "
        f"({report.tags} tags) in {report.seconds:.2f}s: {report.rendered} rendered, {report.reused} unchanged; "
        f"{report.processed} articles read and tagged [{phases}]"
    )
    index = report.output / "index.html"
    print(f"preview with search and live reload: {_prog()} serve (links start at the site root: {index} alone is not enough)")
    return 0


def _profile_table(timings, total: float) -> str:
    """Each phase's seconds and share of the whole build, then what the phases leave out: importing
    the pipeline and, once the output is in place, the cache's bookkeeping (fingerprints, manifest,
    pruning): half of a small site's build, 0.5-0.9 s of a 10,000-article edit."""
    rows = [*timings, ("other", max(total - sum(seconds for _, seconds in timings), 0.0))]
    lines = [f"{'phase':12} {'seconds':>8} {'share':>6}"]
    lines += [f"{name:12} {seconds:8.2f} {seconds / (total or 1.0):6.0%}" for name, seconds in rows]
    lines.append(f"{'total':12} {total:8.2f}")
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    def say(message: str) -> None:
        print(message, flush=True)

    return serve(find_config(args.config), host=args.host, port=args.port, base_url=args.base_url,
                 search=not args.no_search, say=say)


def _load(config: SiteConfig):
    from .content import load_corpus
    from .extract import compile_matcher

    corpus = load_corpus(config.content_dir)
    return corpus, compile_matcher(corpus.entities)


def cmd_explain(args: argparse.Namespace) -> int:
    from .extract import article_mentions, check_pins, extract_article

    config = _config(args)
    corpus, matcher = _load(config)
    check_pins(corpus, matcher)
    wanted = Path(args.article).stem
    article = next((a for a in corpus.articles if a.slug == wanted), None)
    if article is None:
        from .suggest import did_you_mean, entries

        hint = did_you_mean(wanted, [a.slug for a in corpus.articles])
        if wanted in matcher.entities:
            hint = f"{entries([matcher.entities[wanted]])} is an entry of the knowledge base; explain takes an article"
        raise SiteError(f"no article {wanted!r}", Location(config.content_dir / "articles"),
                        hint or "give a slug (the file name without .md) or the file's path")
    tags = extract_article(matcher, article)
    print(f"{article.title}\n{article.path}\n")
    if not tags:
        print("no tags")
    for tag in tags:
        entity = matcher.entities[tag.entity]
        count = f"{len(tag.mentions)} mention{'s' if len(tag.mentions) != 1 else ''}"
        print(f"{entity.type:6} {entity.name} ({entity.slug}): {count}{', pinned by the researcher' if tag.pinned else ''}")
        for mention in tag.mentions:
            print(f"         {mention.block:6} {mention.how:9} «{mention.surface}» {mention.sentence}")
    vetoed = [slug for slug in article.vetoes if any(m.entity == slug for m in article_mentions(matcher, article))]
    for slug in vetoed:
        print(f"vetoed {matcher.entities[slug].name} ({slug}): found in the text, removed by the researcher")
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from .kb_review import print_candidates, write_review

    config = _config(args)
    corpus, matcher = _load(config)
    from .discover import find_candidates

    found = find_candidates(corpus, matcher, limit=args.limit)
    if args.write:
        write_review(args.write, found, _prog())
        print(f"wrote {len(found)} candidate(s) to {args.write}: set accept: true on those to keep, "
              f"fill in name_en, then run: {_prog()} kb accept {args.write}")
        return 0
    print_candidates(found, _prog())
    return 0


def cmd_add_actor(args: argparse.Namespace) -> int:
    from .discover import actor_file

    config = _config(args)
    path = actor_file(config.content_dir, args.name, slug=args.slug, kind=args.kind, name_en=args.name_en,
                      description=args.description)
    try:
        corpus, _ = _load(config)  # the new entry must not clash with an existing alias
    except SiteError:
        path.unlink(missing_ok=True)  # leave the knowledge base as it was
        raise
    from .suggest import closest_entries, entries

    near = closest_entries(args.name, [e for e in corpus.entities if e.path != path], whole=True)
    print(f"wrote {path}: review its aliases, then rebuild to tag every article that names it")
    if near:
        print(f"note: the name is close to {entries(near)}: if it is the same, delete {path} and add the "
              "spelling to that entry's aliases")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import main as evaluate_main

    if args.discovery:
        from .discover_eval import main as discovery_main

        return discovery_main(["--set", str(args.discovery), *(["--errors"] if args.errors else [])])

    argv = [*(["--kb", str(args.kb)] if args.kb else []), *(["--cases", str(args.cases)] if args.cases else [])]
    return evaluate_main(argv + (["--errors"] if args.errors else []))


def cmd_kb(args: argparse.Namespace) -> int:
    if args.kb_command == "accept":
        return _kb_accept(args)
    from . import gazetteer

    config = _config(args)
    plan = gazetteer.plan(config.content_dir)
    if not args.dry_run:
        gazetteer.write(config.content_dir, plan)
    print(gazetteer.report(plan, config.content_dir, dry_run=args.dry_run))
    return 0


def _kb_accept(args: argparse.Namespace) -> int:
    from .content import load_entities
    from .kb_review import accept

    config = _config(args)
    written = accept(args.file, config.content_dir, load_entities(config.content_dir))
    print("\n".join(written) if written else f"nothing accepted in {args.file}: set accept: true on the blocks to keep")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import shutil

    from .check import VNU_ENV, check_content, check_html_validity, check_site, find_vnu, loose_warnings

    config = _config(args)
    if not (config.output_dir / "index.html").is_file():
        raise SiteError("no built site to check", Location(config.output_dir), f"run `{_prog()} build` first")
    problems = check_content(config.content_dir) + check_site(config.output_dir, config.base_path)
    validated = ""
    if shutil.which("java"):
        jar = find_vnu(config.root, Path(__file__).resolve().parent.parent)
        if jar:
            problems += check_html_validity(config.output_dir, jar)
            validated = ", HTML validated by the Nu Html Checker"
        else:
            print(f"note: Java is here but vnu.jar is not: `npm install vnu-jar` or set {VNU_ENV}; HTML validation skipped")
    for problem in problems:
        print(problem)
    for warning in loose_warnings(config.content_dir):
        print(f"warning: {warning}")
    pages = sum(1 for p in config.output_dir.rglob("*.html") if "pagefind" not in p.parts)
    print(f"checked {pages} pages and the content{validated}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "new": cmd_new,
        "ingest": cmd_ingest,
        "build": cmd_build,
        "serve": cmd_serve,
        "explain": cmd_explain,
        "candidates": cmd_candidates,
        "add-actor": cmd_add_actor,
        "kb": cmd_kb,
        "evaluate": cmd_evaluate,
        "check": cmd_check,
    }
    try:
        return handlers[args.command](args)
    except SiteError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
