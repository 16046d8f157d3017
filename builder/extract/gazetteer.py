"""A starter gazetteer: every country and territory under its Arabic name from CLDR (through Babel),
the other names the press writes, the nisba adjectives derived by rule, and the main international
organisations, written as knowledge-base files (``arsite new --gazetteer``, ``arsite kb gazetteer``).

Where each entry came from is in the entry: ``origin: cldr`` (the name from CLDR, the rest from this
module's tables and rules) or ``origin: gazetteer`` (an organisation, from the tables). A site's own
entries always win: an entry whose slug or name the knowledge base already has is not written, and
a term another entry already claims is left out of the one written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from builder import __version__
from builder.extract.arabic import slugify
from builder.site.content import load_entities
from builder.errors import Location, SiteError
from builder.extract.matching import term_claims, compile_matcher, term_keys
from builder.extract.gazetteer_data import (
    AMBIGUOUS,
    BROKEN_PLURALS,
    CONTEXT,
    NAMES,
    NOT_ADJECTIVES,
    NOT_ALIASES,
    NOT_PLACES,
    ORGANISATION_NOT_ALIASES,
    ORGANISATIONS,
    OTHER_NAMES,
    PHRASE_ADJECTIVES,
    SLUGS,
    STEMS,
    TERRITORIES,
)
from builder.site.records import ENTITY_FOLDERS, Entity


@dataclass(frozen=True, slots=True)
class Entry:
    """One file the gazetteer can write."""

    slug: str
    type: str  # actor or place
    kind: str  # country, organisation, region
    name: str
    name_en: str
    origin: str  # cldr or gazetteer
    note: str  # the comment at the top of the file
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    needs_context: tuple[str, ...] = ()
    not_aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    def entity(self, content_dir: Path) -> Entity:
        terms = () if self.name in self.needs_context else (self.name,)
        terms += tuple(a for a in self.aliases if a not in terms)
        return Entity(
            slug=self.slug, type=self.type, kind=self.kind, path=self.path(content_dir), name=self.name,
            name_en=self.name_en, description="", terms=terms, adjectives=self.adjectives, wikidata="",
            needs_context=self.needs_context, not_aliases=self.not_aliases, context=self.context, origin=self.origin,
        )

    def path(self, content_dir: Path) -> Path:
        return content_dir / ENTITY_FOLDERS[self.type] / f"{self.slug}.yaml"

    def text(self) -> str:
        data: dict = {"name": self.name, "name_en": self.name_en, "kind": self.kind, "origin": self.origin}
        for key in ("aliases", "adjectives", "needs_context", "context", "not_aliases"):
            if getattr(self, key):
                data[key] = list(getattr(self, key))
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
        return "".join(f"# {line}\n" for line in self.note.split("\n")) + body


_MARKS = dict.fromkeys(c for c in range(0x064B, 0x0653))  # harakat: «عُمان» → «عمان» in derived forms


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_MARKS).split())


def nisba_stems(code: str, names: list[str]) -> list[str]:
    """The masculine nisba of a country (مصري، ليبي، فرنسي، سعودي، طاجيكي), from its first one-word
    name: ال taken off; …ستان loses it (but باكستان); …يا, …ية, …ا and …ة give …ي; a name ending in ي is
    its own nisba; one ending in و or اي has none by rule; any other takes ي. The tables override."""
    if code in STEMS:
        return STEMS[code]
    base = next((n for n in names if len(n.split()) == 1), None)
    if base is None:
        return []
    word = base[2:] if base.startswith("ال") else base
    if word.endswith("ستان") and word != "باكستان":
        return [word[:-4] + "ي"]
    if word.endswith("يا"):
        return [word[:-2] + "ي"]
    if word.endswith("ية"):
        return [word[:-1]]  # السعودية → سعودي
    if word.endswith(("ا", "ة")):
        return [word[:-1] + "ي"]
    if word.endswith("ي") and not word.endswith("اي"):
        return [word]
    if word.endswith(("و", "اي")):
        return []
    return [word + "ي"]


def adjective_forms(stem: str) -> list[str]:
    """المصري، المصرية، المصريون، المصريين، مصريا (ال and clitics are handled by the matcher)."""
    return [f"ال{stem}", f"ال{stem}ة", f"ال{stem}ون", f"ال{stem}ين", f"{stem}ا"]


def _note(code: str, babel_version: str) -> str:
    return (
        f"Written by `arsite kb gazetteer` ({__version__}): the name from CLDR (Babel {babel_version}, territory {code}),\n"
        "other names, adjectives and ambiguous words from the tool's gazetteer (docs/content.md). Edit freely."
    )


def entries() -> list[Entry]:
    """Every entry of the gazetteer, countries and territories by code, then organisations; a term
    two of them would claim (after normalisation) is left out of both."""
    import babel
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    found: list[Entry] = []
    for code in sorted(arabic):
        if len(code) != 2 or not code.isalpha() or code in NOT_PLACES:
            continue
        name = _plain(NAMES.get(code, arabic[code]))
        other = [_plain(n) for n in OTHER_NAMES.get(code, [])]
        cldr = _plain(arabic[code])
        if cldr != name and "(" not in cldr and " - " not in cldr:
            other.insert(0, cldr)
        aliases = tuple(dict.fromkeys(o for o in other if o != name))
        ambiguous = tuple(AMBIGUOUS.get(code, ()))
        slug = SLUGS.get(code) or slugify(english[code], max_words=8)
        note = _note(code, babel.__version__)
        if code in TERRITORIES:
            found.append(Entry(slug, "place", "region", name, english[code], "cldr", note, aliases,
                               needs_context=ambiguous, not_aliases=tuple(NOT_ALIASES.get(code, ()))))
            continue
        adjectives: list[str] = []
        for stem in nisba_stems(code, [name, *aliases]):
            adjectives += adjective_forms(_plain(stem))
        adjectives += BROKEN_PLURALS.get(code, []) + PHRASE_ADJECTIVES.get(code, [])
        adjectives = [a for a in dict.fromkeys(adjectives) if a not in NOT_ADJECTIVES.get(code, ())]
        found.append(Entry(slug, "actor", "country", name, english[code], "cldr", note, aliases,
                           tuple(adjectives), ambiguous, tuple(NOT_ALIASES.get(code, ())), tuple(CONTEXT.get(code, ()))))
    note = (f"Written by `arsite kb gazetteer` ({__version__}): an international organisation from the tool's\n"
            "gazetteer (docs/content.md). Edit freely.")
    for slug, name, name_en, aliases, adjectives in ORGANISATIONS:
        found.append(Entry(slug, "actor", "organisation", name, name_en, "gazetteer", note, tuple(aliases),
                           tuple(adjectives), not_aliases=tuple(ORGANISATION_NOT_ALIASES.get(slug, ()))))
    return _without_shared_terms(found)


def _without_shared_terms(found: list[Entry]) -> list[Entry]:
    """Terms claimed by two entries (a form of one country's adjective that is another's name) are
    left out of both, and a form that is its own entry's name (ليبيا، the adverbial of ليبي) once."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for entry in found:
        for term in (entry.name, *entry.aliases, *entry.adjectives, *entry.needs_context, *entry.not_aliases):
            for key in term_keys(term):
                owners.setdefault(key, set()).add(entry.slug)
    shared = {key for key, slugs in owners.items() if len(slugs) > 1}
    cleaned = []
    for entry in found:
        names = {key for term in (entry.name, *entry.aliases, *entry.needs_context) for key in term_keys(term)}

        def keep(term: str, names=names, own=False) -> bool:
            keys = term_keys(term)
            return bool(keys) and not any(k in shared for k in keys) and (own or not any(k in names for k in keys))

        cleaned.append(replace(
            entry,
            aliases=tuple(a for a in entry.aliases if keep(a, own=True)),
            adjectives=tuple(a for a in entry.adjectives if keep(a)),
            not_aliases=tuple(a for a in entry.not_aliases if keep(a)),
        ))
    return cleaned


@dataclass(frozen=True, slots=True)
class Plan:
    """What ``kb gazetteer`` writes into a knowledge base, and what it leaves to the site's entries."""

    write: tuple[Entry, ...]
    kept: tuple[tuple[str, str], ...]  # (gazetteer slug, the site's entry that has it)
    dropped: tuple[tuple[str, str, str], ...]  # (gazetteer slug, term, the site's entry that claims it)
    counts: dict[str, int] = field(default_factory=dict)


def plan(content_dir: Path) -> Plan:
    """The entries to write into ``content_dir``: those whose slug and name no entry of the site has,
    without the terms the site's entries claim; checked by compiling the whole knowledge base."""
    existing = load_entities(content_dir) if content_dir.is_dir() else ()
    claims = term_claims(compile_matcher(existing).trie)
    slugs = {e.slug for e in existing}
    write, kept, dropped = [], [], []
    for entry in entries():
        owner = _claimer(entry.name, claims)
        if entry.slug in slugs or owner:
            kept.append((entry.slug, entry.slug if entry.slug in slugs else owner))
            continue
        terms = {}
        for key in ("aliases", "adjectives", "needs_context", "not_aliases"):
            left = []
            for term in getattr(entry, key):
                other = _claimer(term, claims)
                if other:
                    dropped.append((entry.slug, term, other))
                else:
                    left.append(term)
            terms[key] = tuple(left)
        write.append(replace(entry, **terms))
    known = slugs | {entry.slug for entry in write}
    write = [replace(entry, context=tuple(s for s in entry.context if s in known)) for entry in write]
    compile_matcher((*existing, *(entry.entity(content_dir) for entry in write)))  # raises on a clash
    counts: dict[str, int] = {}
    for entry in write:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return Plan(tuple(write), tuple(kept), tuple(dropped), counts)


def _claimer(term: str, claims: dict) -> str:
    for key in term_keys(term):
        if key in claims:
            return claims[key][1]
    return ""


def write(content_dir: Path, the_plan: Plan) -> list[Path]:
    """Write the planned files; never over an existing file."""
    written = []
    for entry in the_plan.write:
        path = entry.path(content_dir)
        if path.exists():
            raise SiteError("exists: the gazetteer never writes over a file", Location(path), "rename or remove it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry.text(), encoding="utf-8")
        written.append(path)
    return written


def report(the_plan: Plan, content_dir: Path, dry_run: bool = False) -> str:
    """What was (or would be) written, in a few lines."""
    verb = "would write" if dry_run else "wrote"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(the_plan.counts.items()))
    lines = [f"{verb} {len(the_plan.write)} entries under {content_dir} ({kinds or 'none'})"]
    if the_plan.kept:
        mine = sorted({site for _, site in the_plan.kept})
        shown = ", ".join(mine[:12]) + (f", … ({len(mine) - 12} more)" if len(mine) > 12 else "")
        lines.append(f"not written: {len(the_plan.kept)} the knowledge base already has, as {shown}")
    if the_plan.dropped:
        lines.append(f"left out {len(the_plan.dropped)} terms your entries claim:")
        lines += [f"  {slug}: {term!r} (claimed by {owner})" for slug, term, owner in the_plan.dropped]
    return "\n".join(lines)
