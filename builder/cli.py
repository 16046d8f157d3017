"""Command line: parse, load the config, call one function, turn a SiteError into one message."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from builder.config import SiteConfig, find_config, load_config
from builder.cli_parser import make_parser, prog_name
from builder.errors import Location, SiteError

def _config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(find_config(args.config))
    if getattr(args, "base_url", None):
        config = config.with_base_url(args.base_url)
    return config


def cmd_new(args: argparse.Namespace) -> int:
    from builder.scaffold import new_site

    written = new_site(args.directory, language=args.language, title=args.title, gazetteer=args.gazetteer)
    for path in written[:40]:
        print(f"  {path}")
    if len(written) > 40:
        print(f"  … and {len(written) - 40} more (the gazetteer's entries under content/)")
    prog = prog_name()
    print(f"created a research site in {args.directory} ({len(written)} files). Next:\n"
          f"  cd {args.directory}\n  {prog} build      (or: {prog} serve, and open http://127.0.0.1:8000/)\n"
          f"  {prog} ingest PATH...   to import your own articles (step by step: docs/tutorial.md in the tool's repository)")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from builder.ingestion.command import STDIN, describe, ingest, summary
    from builder.ingestion.recordfields import parse_map

    config = _config(args)
    if args.name and STDIN not in args.paths:
        raise SiteError("--name names standard input", hint=f"use it with '-': {prog_name()} ingest - --name x.html")
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
    from builder.ingestion.exports import export_format

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
    from builder.pipeline.orchestrator import build
    from builder.render.i18n import untranslated

    config = _config(args)
    started = time.perf_counter()
    progress = _progress_printer()
    report = build(config, search=False if args.no_search else None, progress=progress,
                   verify_reuse=args.verify_reuse)
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
    if report.verified is not None:
        print(f"verified {report.verified} carried-over files: each renders to the bytes carried over")
    index = report.output / "index.html"
    print(f"preview with search and live reload: {prog_name()} serve (links start at the site root: {index} alone is not enough)")
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
    from builder.serve import serve

    def say(message: str) -> None:
        print(message, flush=True)

    return serve(find_config(args.config), host=args.host, port=args.port, base_url=args.base_url,
                 search=not args.no_search, say=say)


def _load(config: SiteConfig):
    from builder.site.content import load_corpus
    from builder.extract.matching import compile_matcher

    corpus = load_corpus(config.content_dir)
    return corpus, compile_matcher(corpus.entities)


def cmd_explain(args: argparse.Namespace) -> int:
    from builder.extract.matching import article_mentions, check_pins, extract_article

    config = _config(args)
    corpus, matcher = _load(config)
    check_pins(corpus, matcher)
    wanted = Path(args.article).stem
    article = next((a for a in corpus.articles if a.slug == wanted), None)
    if article is None:
        from builder.extract.suggest import did_you_mean, entries

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
    from builder.extract.kb_review import print_candidates, write_review

    config = _config(args)
    corpus, matcher = _load(config)
    from builder.extract.discovery import find_candidates

    found = find_candidates(corpus, matcher, limit=args.limit)
    if args.write:
        write_review(args.write, found, prog_name())
        print(f"wrote {len(found)} candidate(s) to {args.write}: set accept: true on those to keep, "
              f"fill in name_en, then run: {prog_name()} kb accept {args.write}")
        return 0
    print_candidates(found, prog_name())
    return 0


def cmd_add_actor(args: argparse.Namespace) -> int:
    from builder.extract.discovery import actor_file

    config = _config(args)
    path = actor_file(config.content_dir, args.name, slug=args.slug, kind=args.kind, name_en=args.name_en,
                      description=args.description)
    try:
        corpus, _ = _load(config)  # the new entry must not clash with an existing alias
    except SiteError:
        path.unlink(missing_ok=True)  # leave the knowledge base as it was
        raise
    from builder.extract.suggest import closest_entries, entries

    near = closest_entries(args.name, [e for e in corpus.entities if e.path != path], whole=True)
    print(f"wrote {path}: review its aliases, then rebuild to tag every article that names it")
    if near:
        print(f"note: the name is close to {entries(near)}: if it is the same, delete {path} and add the "
              "spelling to that entry's aliases")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from builder.extract.evaluation import main as evaluate_main

    if args.discovery:
        from builder.extract.discovery_eval import main as discovery_main

        return discovery_main(["--set", str(args.discovery), *(["--errors"] if args.errors else [])])

    argv = [*(["--kb", str(args.kb)] if args.kb else []), *(["--cases", str(args.cases)] if args.cases else [])]
    return evaluate_main(argv + (["--errors"] if args.errors else []))


def cmd_kb(args: argparse.Namespace) -> int:
    if args.kb_command == "accept":
        return _kb_accept(args)
    from builder.extract import gazetteer

    config = _config(args)
    plan = gazetteer.plan(config.content_dir)
    if not args.dry_run:
        gazetteer.write(config.content_dir, plan)
    print(gazetteer.report(plan, config.content_dir, dry_run=args.dry_run))
    return 0


def _kb_accept(args: argparse.Namespace) -> int:
    from builder.site.content import load_entities
    from builder.extract.kb_review import accept

    config = _config(args)
    written = accept(args.file, config.content_dir, load_entities(config.content_dir))
    print("\n".join(written) if written else f"nothing accepted in {args.file}: set accept: true on the blocks to keep")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import shutil

    from builder.check import VNU_ENV, check_content, check_html_validity, check_site, find_vnu, loose_warnings

    config = _config(args)
    if not (config.output_dir / "index.html").is_file():
        raise SiteError("no built site to check", Location(config.output_dir), f"run `{prog_name()} build` first")
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
    args = make_parser().parse_args(argv)
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
