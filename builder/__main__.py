"""Command line: parse, load the config, call one function, turn a SiteError into one message."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .config import SiteConfig, find_config, load_config
from .errors import Location, SiteError

EPILOG_INGEST = """example:
  python -m builder ingest ../shared/seeds/
  python -m builder ingest --dry-run scraped/article.txt

exit status: 0 when every file was imported or already present, 1 when any was refused."""

EPILOG_BUILD = """example:
  python -m builder build
  python -m builder build --base-url https://user.github.io/repo/"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build a searchable, cross-linked Arabic research site from news articles.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, default=Path("."), help="site.toml, or the folder holding it (default: .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="import raw scraped articles into content/articles/",
        description="Clean raw scraped articles (.txt, .md; UTF-8 or Windows-1256) into Markdown with front matter. "
        "The original is kept in content/sources/ and every removed line is recorded in the front matter.",
        epilog=EPILOG_INGEST,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders to import")
    ingest.add_argument("--dry-run", action="store_true", help="show what would be written and removed; write nothing")

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

    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild + reload pages on every change",
        description="Build the site, serve it under its base path, watch content/, templates/, static/, i18n/ and "
        "site.toml, rebuild on change and reload open pages. A failed build shows in the terminal and as an overlay "
        "in the browser while the last good site stays served.",
        epilog="example:\n  python -m builder serve\n  python -m builder serve --port 8080 --base-url /research/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--base-url", help="override base_url from site.toml")
    serve.add_argument("--no-search", action="store_true", help="skip the search index on each rebuild (faster)")

    check = commands.add_parser(
        "check",
        help="check the built site: links, anchors, one h1, lang and dir",
        description="Read output/ and report every internal link, image or anchor that does not resolve "
        "(under the base path), and every page without exactly one h1 or without lang/dir. Writes nothing.",
        epilog="example:\n  python -m builder build && python -m builder check\n"
        "  python -m builder build --base-url https://user.github.io/repo/ && "
        "python -m builder check --base-url https://user.github.io/repo/\n\n"
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


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    config = _config(args)
    outcomes = ingest(args.paths, config.content_dir, dry_run=args.dry_run)
    verb = "would import" if args.dry_run else "imported"
    for outcome in outcomes:
        if outcome.status == "refused":
            print(f"refused   {outcome.path}: {outcome.reason}", file=sys.stderr)
        elif outcome.status == "unchanged":
            print(f"unchanged {outcome.path} (already content/articles/{outcome.slug}.md)")
        else:
            print(f"{verb}  {outcome.path} → content/articles/{outcome.slug}.md")
            if args.dry_run and outcome.cleaned:
                print(f"    title ({outcome.cleaned.title_from}): {outcome.cleaned.title}")
                for removed in outcome.cleaned.removed:
                    print(f"    remove line {removed.line} [{removed.rule}]: {removed.text[:80]}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("imported", "unchanged", "refused")}
    print(f"{verb} {counts['imported']}, unchanged {counts['unchanged']}, refused {counts['refused']}")
    return 1 if counts["refused"] else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    config = _config(args)
    report = build(config, search=False if args.no_search else None)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    phases = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.timings)
    print(
        f"built {report.pages} pages from {report.articles} articles and {report.entities} entries "
        f"({report.tags} tags) in {report.seconds:.2f}s [{phases}]"
    )
    index = report.output / "index.html"
    print(f"open {index}, or preview with search and live reload: python -m builder serve")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    def say(message: str) -> None:
        print(message, flush=True)

    return serve(find_config(args.config), host=args.host, port=args.port, base_url=args.base_url,
                 search=not args.no_search, say=say)


def cmd_check(args: argparse.Namespace) -> int:
    import shutil

    from .check import VNU_ENV, check_content, check_html_validity, check_site, find_vnu

    config = _config(args)
    if not (config.output_dir / "index.html").is_file():
        raise SiteError("no built site to check", Location(config.output_dir), "run `python -m builder build` first")
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
    pages = sum(1 for p in config.output_dir.rglob("*.html") if "pagefind" not in p.parts)
    print(f"checked {pages} pages and the content{validated}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {"ingest": cmd_ingest, "build": cmd_build, "serve": cmd_serve, "check": cmd_check}
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
