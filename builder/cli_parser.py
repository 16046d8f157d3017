"""The command line's arguments: every command, its options, its help and examples."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder import __version__


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


def prog_name() -> str:
    """``arsite`` when run as the console script, ``python -m builder`` otherwise."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m builder" if name in ("", "__main__.py", "-c") else name


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog_name(),
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
        epilog=f"example:\n  {prog_name()} kb gazetteer --dry-run\n  {prog_name()} kb gazetteer && {prog_name()} build",
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
    build.add_argument("--verify-reuse", action="store_true",
                       help="render again every page the build would carry over unchanged and fail, output/ "
                       "untouched, naming each one that differs (a page whose inputs leave out what it shows)")

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
        f"  {prog_name()} add-actor \"عقيلة صالح\" --name-en \"Aguila Saleh\"",
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
        epilog=f"example:\n  {prog_name()} candidates --write review.yaml\n  {prog_name()} kb accept review.yaml",
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
        epilog=f"example:\n  {prog_name()} build && %(prog)s\n"
        f"  {prog_name()} build --base-url https://user.github.io/repo/ && "
        "%(prog)s --base-url https://user.github.io/repo/\n\n"
        "exit status: 0 when the site is sound, 1 when any problem was found.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--base-url", help="the base URL the site was built with, when not the one in site.toml")
    return parser
