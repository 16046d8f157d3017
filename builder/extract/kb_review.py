"""Bulk review of discovered names: a review file to edit, then every accepted entry written at once.

``write_review`` writes one block per candidate (name, aliases, kind, name_en left blank,
``accept: false``; its counts, dates and example sentences as comments above it); a candidate that is
another spelling of an existing entry carries ``alias_of: SLUG`` instead. ``accept`` reads the file
back, refuses every clash with the knowledge base or between accepted blocks (naming the review
file's line), then writes each accepted entry (or adds the aliases to the entry it names).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.extract.arabic import has_arabic, is_slug, slugify
from builder.extract.discovery import Candidate, actor_file
from builder.errors import Location, Problems, SiteError
from builder.extract.matching import term_claims, compile_matcher, term_keys
from builder.site.records import ENTITY_KINDS, Entity

_KINDS = ENTITY_KINDS["actor"] + ENTITY_KINDS["place"]
_KEYS = {"name", "aliases", "kind", "name_en", "accept", "alias_of", "slug", "description"}


def print_candidates(found: list[Candidate], prog: str) -> None:
    for rank, c in enumerate(found, 1):
        known = f"; another spelling of {c.known_as}" if c.known_as else ""
        print(f"{rank:3}. {c.name}  [{c.kind}] ×{c.count} in {c.articles} article(s){_dates(c)}, after «{c.cue}»{known}")
        if len(c.aliases) > 1:
            print(f"       also written: {'، '.join(c.aliases[1:])}")
        for example in c.examples:
            print(f"       {example.article}#{example.block}: {example.sentence}")
    print(f"{len(found)} candidate(s); review them all with: {prog} candidates --write review.yaml")


def _dates(c: Candidate) -> str:
    return f", {c.first.isoformat()} – {c.last.isoformat()}" if c.first and c.last else ""


def write_review(path: Path, found: list[Candidate], prog: str = "arsite") -> None:
    lines = [
        f"# {len(found)} names the knowledge base lacks, most frequent first (`{prog} candidates --write`).",
        "# For each one to keep: set accept: true, fill in name_en (it gives the file's name), correct the",
        "# kind (person, organisation, country, armed_group, medium; city, region, site) and the aliases.",
        "# A block with alias_of adds its aliases to that existing entry. Then run:",
        f"#   {prog} kb accept {path.name}",
        "",
    ]
    for rank, c in enumerate(found, 1):
        lines.append(f"# {rank}. ×{c.count} in {c.articles} article(s){_dates(c)}, after «{c.cue}»")
        for example in c.examples:
            when = f" ({example.date.isoformat()})" if example.date else ""
            lines.append(f"#    {example.article}#{example.block}{when}: {' '.join(example.sentence.split())}")
        block: dict = {"name": c.name}
        if c.known_as:
            block["alias_of"] = c.known_as
        block.update(aliases=list(c.aliases), kind=c.kind, name_en="", accept=False)
        dumped = yaml.safe_dump([block], allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=None)
        lines += [dumped.rstrip("\n"), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _read(path: Path) -> list[tuple[int, dict]]:
    """The review file's blocks with their line numbers; any problem of form names its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteError("no such review file", Location(path), "write one with `candidates --write FILE`") from None
    except UnicodeDecodeError:
        raise SiteError("not UTF-8 text", Location(path)) from None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteError(f"not valid YAML: {getattr(exc, 'problem', exc)}", Location(path, mark.line + 1 if mark else None),
                        "fix the line, or write the file again with `candidates --write`") from None
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise SiteError("a review file is a list of blocks, each starting with '- name:'", Location(path, 1))
    return [(item.start_mark.line + 1, block) for item, block in zip(node.value, data)]


def accept(path: Path, content: Path, entities: tuple[Entity, ...]) -> list[str]:
    """Write every accepted block of the review file; return one line for each file written."""
    matcher = compile_matcher(entities)
    claims = term_claims(matcher.trie)
    problems = Problems(str(path))
    new: list[tuple[int, dict, str]] = []  # line, block, slug
    extra: dict[str, list[str]] = {}  # slug → aliases to add
    taken: dict[tuple[str, ...], tuple[int, str]] = {}
    slugs = {e.slug for e in entities}
    for line, block in _read(path):
        where = Location(path, line)
        if not isinstance(block, dict) or not isinstance(block.get("name"), str):
            problems.add("a block needs a name", where, "each block starts with '- name: …'")
            continue
        if block.get("accept") is not True:
            if block.get("accept") not in (False, None):
                problems.add("accept must be true or false", where)
            continue
        unknown = set(block) - _KEYS
        if unknown:
            problems.add(f"unknown field {sorted(unknown)[0]!r}", where, f"use {', '.join(sorted(_KEYS))}")
            continue
        name, kind, alias_of = " ".join(block["name"].split()), block.get("kind", "person"), block.get("alias_of") or ""
        aliases = block.get("aliases") or [name]
        if not has_arabic(name) or not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.add("name and aliases must be Arabic text, aliases a list", where)
            continue
        if kind not in _KINDS:
            problems.add(f"kind {kind!r} is not one of {', '.join(_KINDS)}", where)
            continue
        if alias_of and alias_of not in matcher.entities:
            problems.add(f"alias_of {alias_of!r} is no entry of the knowledge base", where, "give an existing slug")
            continue
        slug = alias_of or block.get("slug") or slugify(str(block.get("name_en") or "") or name, max_words=4)
        if not alias_of and (not is_slug(slug) or slug in slugs):
            problems.add(f"an entry {slug!r} exists already" if slug in slugs else f"{slug!r} is not a valid slug",
                         where, "fill in another name_en, or give slug: …")
            continue
        terms = list(dict.fromkeys([name, *aliases])) if not alias_of else list(dict.fromkeys(aliases))
        clash = False
        for term in terms:
            for key in term_keys(term):
                owner = claims.get(key)
                if owner and owner[1] != slug:
                    other = matcher.entities.get(owner[1])
                    problems.add(f"{term!r} is already an alias of {owner[1]}" + (f" ({other.path})" if other else ""),
                                 where, f"remove it from the aliases, or write alias_of: {owner[1]}")
                    clash = True
                elif key in taken and taken[key][1] != slug:
                    problems.add(f"{term!r} is also in the block at line {taken[key][0]}", where, "keep it in one block")
                    clash = True
                else:
                    taken[key] = (line, slug)
        if clash:
            continue
        slugs.add(slug)
        if alias_of:
            known = {k for t in matcher.entities[alias_of].terms for k in term_keys(t)}
            extra.setdefault(alias_of, []).extend(t for t in terms if not set(term_keys(t)) <= known)
        else:
            new.append((line, {**block, "name": name, "aliases": terms, "kind": kind}, slug))
    problems.raise_if_any()
    backups: dict[Path, str | None] = {}
    try:
        return _write(content, new, extra, matcher, backups)
    except SiteError:
        for file, text in backups.items():  # leave the knowledge base as it was
            file.unlink(missing_ok=True) if text is None else file.write_text(text, encoding="utf-8")
        raise


def _write(content: Path, new, extra, matcher, backups: dict[Path, str | None]) -> list[str]:
    from builder.site.content import load_entities

    written: list[str] = []
    for _line, block, slug in new:
        backups[content / ("places" if block["kind"] in ENTITY_KINDS["place"] else "actors") / f"{slug}.yaml"] = None
        file = actor_file(content, block["name"], slug=slug, kind=block["kind"], name_en=str(block.get("name_en") or ""),
                          description=str(block.get("description") or ""), aliases=tuple(block["aliases"][1:]))
        written.append(f"wrote {file}: new {block['kind']}, {len(block['aliases'])} alias(es)")
    for slug, aliases in extra.items():
        if aliases:
            backups[matcher.entities[slug].path] = matcher.entities[slug].path.read_text(encoding="utf-8")
            _add_aliases(matcher.entities[slug].path, aliases)
            written.append(f"added {len(aliases)} alias(es) to {matcher.entities[slug].path}: {'، '.join(aliases)}")
    compile_matcher(load_entities(content))  # what was written reads back and clashes with nothing
    return written


def _add_aliases(path: Path, aliases: list[str]) -> None:
    """Append aliases to an entry's file, keeping its comments: after the last item of its aliases list."""
    lines = path.read_text(encoding="utf-8").split("\n")
    items = [yaml.safe_dump(a, allow_unicode=True, width=10_000).split("\n")[0] for a in aliases]
    start = next((i for i, line in enumerate(lines) if line.startswith("aliases:")), None)
    if start is None:
        lines[-1:] = ["aliases:", *(f"  - {item}" for item in items), ""]
    elif lines[start].strip() != "aliases:":  # aliases: [a, b]
        current = yaml.safe_load(lines[start])["aliases"] or []
        lines[start] = "aliases: " + yaml.safe_dump(current + aliases, allow_unicode=True, width=10_000,
                                                     default_flow_style=True).strip()
    else:
        end = start + 1
        while end < len(lines) and lines[end].lstrip().startswith("- "):
            end += 1
        indent = lines[start + 1][: len(lines[start + 1]) - len(lines[start + 1].lstrip())] if end > start + 1 else "  "
        lines[end:end] = [f"{indent}- {item}" for item in items]
    path.write_text("\n".join(lines), encoding="utf-8")
