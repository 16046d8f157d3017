"""Raw scraped article text → clean paragraphs, a title, and a record of everything removed.

Pure functions on text: no files here. Every rule is general (it describes a kind
of junk, never a particular site's string) and every removal is recorded with the
rule's name, the line it came from and the text, so a researcher can audit and undo
it. :func:`unaccounted` checks the promise that no word is lost: every word of every
line is in the title, a kept paragraph or a removal record. The rules and the risk
of each are documented in docs/ingest.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from builder.extract.arabic import has_arabic
from builder.ingestion.boilerplate import Hints, condemned
from builder.extract.dates import find_dates, infer_publication_date
from builder.extract.minhash import SHINGLE as _SHINGLE
from builder.extract.minhash import char_shingles, signature, string_hashes
from builder.ingestion.htmltext import has_markup, strip_markup
from builder.ingestion.junk import (
    BULLET,
    DASH,
    DISCLAIMER_OUTLET,
    MAX_SHORT_WORDS,
    agency_dateline,
    byline_outlet,
    classify,
    has_year,
    is_headline,
    looks_like_related,
    normalize,
    place_outlet_line,
    reprinted_from,
    source_line,
    strip_tracking_params,
    tagline_outlet,
)

_MAX_RELATED_RUN = 5  # related headlines after a read-also marker
# Repeats
_NEAR = 0.9
_MIN_NEAR_CHARS = 40  # shorter paragraphs repeat only verbatim
_PAIRWISE_LIMIT = 400  # beyond this many paragraphs, candidates come from min-hashes
_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_DATELINE_SPAN = 80  # a full date this close to the start of the first paragraph is its dateline


@dataclass(frozen=True, slots=True)
class Removed:
    rule: str
    line: int
    text: str  # the whole line, or for "markup"/"tracking" in a kept line the pieces taken out of it
    note: str = ""  # e.g. what a tracking token decodes to, which line a near-repeat repeats

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p" or "h"
    text: str
    line: int

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Cleaned:
    title: str
    title_from: str  # "first line", "lead", "html-meta" or "front-matter"
    title_line: int  # the line the title was taken from whole, 0 if none
    blocks: tuple[Block, ...]
    removed: tuple[Removed, ...]
    outlet: str  # outlet named by a byline, disclaimer or tagline, "" if none
    outlet_from: str  # "byline", "disclaimer", "tagline" or ""
    date: dt.date | None
    date_from: str  # "dateline", "inferred" or ""
    place: str = ""  # the place a dateline names («دبي، الإمارات العربية المتحدة (CNN) --»), "" if none

    def __reduce__(self):  # between processes: a plain tuple, faster than the slots-dataclass protocol
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    norm: str = ""  # normalize(text), once computed


def split_lines(text: str) -> list[str]:
    """Lines as a text editor numbers them: LF, CRLF and CR all end a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def clean_text(
    text: str, markdown: bool = False, title_hint: str = "", header_lines: int = 0, hint_from: str = "html-meta",
    hints: Hints | None = None,
) -> Cleaned:
    """Apply the rules; a blank line or a line break both end a paragraph.

    ``markdown``: the input is a .md file (its link, emphasis and heading syntax is taken
    out). ``title_hint``: the title a web page or a front-matter block declares (``hint_from``).
    ``header_lines``: that many first lines are a front-matter block (removed, recorded).
    ``hints``: the lines the corpus shows to be a footer or a teaser (:mod:`builder.ingestion.boilerplate`).
    """
    raw_lines = split_lines(text)
    removed = [Removed("front-matter", n, _collapse(line)) for n, line in enumerate(raw_lines[:header_lines], 1)
               if line.strip()]
    lines = _strip([""] * header_lines + raw_lines[header_lines:], markdown, removed)
    norms = normalize("\n".join(line.text for line in lines)).split("\n")  # one call: lines hold no line breaks
    if len(norms) == len(lines):
        for line, norm in zip(lines, norms):
            line.norm = norm
    found = _Found()
    kept = _line_rules(lines, has_arabic(text), removed, found)
    kept = _drop_related_after_markers(kept, removed)
    title, title_from, title_line, kept = _title(kept, title_hint, hint_from)
    kept = _drop_repeats(kept, removed, title if title_line else "")
    if hints:
        kept = _drop_corpus_junk(kept, removed, hints)
    kept = _drop_tagline(kept, removed, found)
    if found.date is None and kept:
        found.date, found.date_from = _dateline_or_inferred(title, kept)
    removed.sort(key=lambda r: r.line)
    return Cleaned(title, title_from, title_line, _blocks(kept), tuple(removed), found.outlet, found.outlet_from,
                   found.date, found.date_from, found.place)


@dataclass(slots=True)
class _Found:
    """What the rules learn on the way: the outlet a byline, disclaimer, tagline or dateline names; a
    dateline's date and place."""

    outlet: str = ""
    outlet_from: str = ""
    date: dt.date | None = None
    date_from: str = ""
    place: str = ""
    place_seen: bool = False  # a place-and-agency dateline was found: there is one an article


def _line_rules(lines: list[_Line], arabic_text: bool, removed: list[Removed], found: _Found) -> list[_Line]:
    """Each line judged on its own (builder.ingestion.junk), then by its place: bylines near the top, bulleted headlines."""
    kept: list[_Line] = []
    listed: set[int] = set()  # bullet items of a list the text introduces
    for line in lines:
        rule, note = classify(line.text, line.norm or normalize(line.text), arabic_text)
        if not rule and len(kept) <= 2 and not found.place_seen and _place_dateline(line, len(kept), removed, found):
            continue
        if not rule and line.text.count(" ") < MAX_SHORT_WORDS:
            rule = _place_rule(line, kept, listed, found)
        if rule == "disclaimer" and found.outlet_from in ("", "tagline"):
            match = DISCLAIMER_OUTLET.search(line.text)
            if match:
                found.outlet, found.outlet_from = match.group("outlet").strip(), "disclaimer"
        if rule == "dateline" and found.date is None:
            found.date, found.date_from = dt.date.fromisoformat(note), "dateline"
        if rule:
            removed.append(Removed(rule, line.number, line.text, "" if rule == "dateline" else note))
        else:
            line.text = _strip_tracking_urls(line, removed)
            kept.append(line)
    return kept


def _place_dateline(line: _Line, above: int, removed: list[Removed], found: _Found) -> bool:
    """The dateline at the top of the text: a line «PLACE – OUTLET» (الخرطوم – السودان اليوم), removed
    whole, or «PLACE، COUNTRY (AGENCY) --» opening the lead, taken off it (the lead stays). Its place
    and agency are kept (``Cleaned.place``, the outlet), and it is not text about that place.
    ``above``: the lines kept before this one. True when the whole line went."""
    dateline = agency_dateline(line.text) if above <= 1 else None
    if dateline is not None:
        written, place, by, rest = dateline
    elif byline_outlet(line.text) is None and (named := place_outlet_line(line.text)) is not None:
        (place, by), written, rest = named, line.text.strip(), ""
    else:
        return False
    found.place_seen, found.place = True, place
    if not found.outlet:
        found.outlet, found.outlet_from = by, "dateline"
    removed.append(Removed("dateline", line.number, written, f"place: {place}; by: {by}" if place else f"by: {by}"))
    if not rest:
        return True
    line.text, line.norm = rest, ""
    return False


def _place_rule(line: _Line, kept: list[_Line], listed: set[int], found: _Found) -> str:
    if (by := byline_outlet(line.text)) is not None and len(kept) <= 2:
        if by and not found.outlet:
            found.outlet, found.outlet_from = by, "byline"
        return "byline"
    if (named := source_line(line.text)) is not None:
        if not found.outlet:
            found.outlet, found.outlet_from = named, "byline"
        return "byline"
    if BULLET.match(line.text) and is_headline(BULLET.sub("", line.text)):
        # a list the text introduces ("…ما يلي:") stays, item after item
        if kept and (kept[-1].text.rstrip().endswith((":", "：")) or kept[-1].number in listed):
            listed.add(line.number)
            return ""
        return "related-headline"
    return ""


def _title(kept: list[_Line], hint: str, hint_from: str) -> tuple[str, str, int, list[_Line]]:
    """(title, where from, the line it is, the lines left)."""
    if kept and hint and _same_headline(kept[0].text, hint):
        return kept[0].text, "first line", kept[0].number, kept[1:]
    if hint:
        return hint, hint_from, 0, kept
    if len(kept) > 1 and is_headline(kept[0].text):
        return kept[0].text, "first line", kept[0].number, kept[1:]
    return (_title_from_lead(kept[0].text) if kept else ""), "lead", 0, kept


def _drop_tagline(kept: list[_Line], removed: list[Removed], found: _Found) -> list[_Line]:
    """A short unpunctuated last line after the text is a site tagline or signature."""
    if len(kept) < 2:
        return kept
    last = kept[-1]
    if (paper := reprinted_from(last.text)) is not None:
        removed.append(Removed("byline", last.number, last.text, f"reprinted from {paper}"))
        return kept[:-1]
    if len(last.text.split()) > 4 or re.search(r"[.،,:؛!؟?]", last.text):
        return kept
    removed.append(Removed("tagline", last.number, last.text))
    if not found.outlet and (named := tagline_outlet(last.text)):
        found.outlet, found.outlet_from = named, "tagline"
    return kept[:-1]


def _drop_corpus_junk(kept: list[_Line], removed: list[Removed], hints: Hints) -> list[_Line]:
    """Footers, and the run of teasers that ends the text (:func:`builder.ingestion.boilerplate.condemned`)."""
    verdicts = condemned([line.text for line in kept], hints)
    for i, (rule, note) in verdicts.items():
        removed.append(Removed(rule, kept[i].number, kept[i].text, note))
    return [line for i, line in enumerate(kept) if i not in verdicts]


def _blocks(kept: list[_Line]) -> tuple[Block, ...]:
    """Paragraphs, and the short unpunctuated lines between them as subheadings."""
    blocks = []
    for i, line in enumerate(kept):
        followed_by_text = i + 1 < len(kept) and not is_headline(kept[i + 1].text)
        heading = is_headline(line.text) and len(line.text.split()) <= 12 and not BULLET.match(line.text)
        blocks.append(Block("h" if heading and followed_by_text and i > 0 else "p", line.text, line.number))
    return tuple(blocks)


def _strip(raw_lines: list[str], markdown: bool, removed: list[Removed]) -> list[_Line]:
    """Markup and control characters out; lines that were only markup are recorded and dropped."""
    joined = "\n".join(raw_lines)
    if markdown or has_markup(joined):
        stripped = [(line.text, line) for line in strip_markup(raw_lines, markdown=markdown)]
    else:
        stripped = [(raw, None) for raw in raw_lines]
    controls_anywhere = _CONTROL.search(joined) is not None
    lines = []
    for number, (raw, (text, markup)) in enumerate(zip(raw_lines, stripped), 1):
        original = _collapse(raw)
        if not original:
            continue
        controls = _CONTROL.findall(text) if controls_anywhere else ()
        if controls:
            text = _CONTROL.sub(" ", text)
        text = original if markup is None and not controls else _collapse(text)
        if not text:
            rule = "script" if markup and markup.in_block else "markup" if markup and markup.removed else "control"
            removed.append(Removed(rule, number, original))
            continue
        if markup and markup.removed:
            removed.append(Removed("markup", number, " ".join(markup.removed)))
        if controls:
            removed.append(Removed("control", number, "".join(controls), f"{len(controls)} control character(s)"))
        lines.append(_Line(number, text))
    return lines


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def _strip_tracking_urls(line: _Line, removed: list[Removed]) -> str:
    text, taken = strip_tracking_params(line.text)
    if taken:
        removed.append(Removed("tracking", line.number, " ".join(taken), "tracking parameters of a link"))
        line.norm = ""
    return text


def _drop_related_after_markers(kept: list[_Line], removed: list[Removed]) -> list[_Line]:
    """After a read-also marker, the run of headline-like lines up to the next real paragraph.

    The run is removed only when a real paragraph (or the end of the text) follows it,
    so a paragraph directly after the marker is never touched.
    """
    markers = sorted(r.line for r in removed if r.rule == "read-also")
    if not markers:
        return kept
    drop: set[int] = set()
    for marker in markers:
        start = next((i for i, line in enumerate(kept) if line.number > marker), len(kept))
        end = start
        while end < len(kept) and end - start < _MAX_RELATED_RUN and looks_like_related(kept[end].text):
            end += 1
        if end == start:
            continue
        if end < len(kept) and looks_like_related(kept[end].text):
            continue  # still headlines after the longest run: not a related block
        for line in kept[start:end]:
            drop.add(line.number)
            removed.append(Removed("read-also", line.number, line.text, f"headline after the marker on line {marker}"))
    return [line for line in kept if line.number not in drop]


def _same_headline(line: str, title: str) -> bool:
    """The page's first line is its title, perhaps without the site name the <title> carries."""
    line_key, title_key = _key(line), _key(title)
    return bool(line_key) and is_headline(line) and (line_key in title_key or title_key in line_key)


def _key(text: str) -> str:
    """A paragraph's identity for repeats: normalised, without punctuation or white space."""
    return _NOT_WORD.sub("", normalize(text))


def _drop_repeats(kept: list[_Line], removed: list[Removed], title: str) -> list[_Line]:
    """Verbatim and near-verbatim repeats of an earlier paragraph; the first copy stays.

    Near-verbatim: at least 90% of their 5-character shingles shared (Jaccard), the same
    numbers in the same order, both at least 40 characters. Up to 400 paragraphs every
    pair is compared (cheap filters first: lengths, numbers); beyond that, candidates
    come from six min-hashes.
    """
    seen: dict[str, int] = {}
    if title:
        seen[_key(title)] = 0
    out: list[_Line] = []
    earlier: list[_Near] = []
    buckets: dict[tuple[int, int], list[int]] = {}
    pairwise = len(kept) <= _PAIRWISE_LIMIT
    for line in kept:
        key = _NOT_WORD.sub("", line.norm or normalize(line.text))
        if key in seen:
            of = seen[key]
            note = f"same as line {of}" if of else "same as the title"
            removed.append(Removed("repeat", line.number, line.text, note))
            continue
        seen[key] = line.number
        if len(key) >= _MIN_NEAR_CHARS:
            this = _Near(line.number, key, " ".join(_DIGITS.findall(key)))
            if pairwise:
                candidates = earlier
            else:
                hashes = _min_hashes(this.shingles())
                found = {i for band, h in enumerate(hashes) for i in buckets.get((band, h), ())}
                candidates = [earlier[i] for i in sorted(found)]
                for band, h in enumerate(hashes):
                    buckets.setdefault((band, h), []).append(len(earlier))
            match = next(((other.line, sim) for other in candidates if (sim := this.similarity(other)) >= _NEAR), None)
            if match:
                removed.append(Removed("near-repeat", line.number, line.text, f"{match[1]:.0%} like line {match[0]}"))
                if not pairwise:
                    for band, h in enumerate(hashes):
                        buckets[(band, h)].pop()
                continue
            earlier.append(this)
        out.append(line)
    return out


class _Near:
    """A paragraph as near-repeat detection sees it; shingles computed only when a pair needs them."""

    __slots__ = ("line", "key", "digits", "_shingles", "_samples")

    def __init__(self, line: int, key: str, digits: str) -> None:
        self.line, self.key, self.digits, self._shingles, self._samples = line, key, digits, None, None

    def samples(self) -> list[str]:
        """About 16 shingles, evenly spaced along the paragraph."""
        if self._samples is None:
            key, step = self.key, max(1, (len(self.key) - _SHINGLE) // 16)
            self._samples = [key[i : i + _SHINGLE] for i in range(0, len(key) - _SHINGLE + 1, step)]
        return self._samples

    def shingles(self) -> set[str]:
        if self._shingles is None:
            self._shingles = char_shingles(self.key)
        return self._shingles

    def similarity(self, other: "_Near") -> float:
        small, large = sorted((len(self.key), len(other.key)))
        if self.digits != other.digits or (small - _SHINGLE + 1) < _NEAR * (large - _SHINGLE + 1):
            return 0.0
        # Jaccard ≥ 0.9 leaves at most ~11% of one paragraph's shingles absent from the other:
        # 16 evenly spaced samples, more than 4 absent, cannot be such a pair in practice.
        absent = 0
        for sample in self.samples():
            if sample not in other.key:
                absent += 1
                if absent > 4:
                    return 0.0
        mine, theirs = self.shingles(), other.shingles()
        return len(mine & theirs) / len(mine | theirs)


def _min_hashes(shingles: set[str], bands: int = 6) -> list[int]:
    """Stable min-hashes: two paragraphs with Jaccard ≥ 0.9 share one with probability > 1 − 0.1⁶."""
    return signature(string_hashes(shingles), bands).tolist()


def _dateline_or_inferred(title: str, kept: list[_Line]) -> tuple[dt.date | None, str]:
    """A full date at the start of the lead, else the latest full date in the text.

    A full date always has a four-digit year (dates.py reads no two-digit years), so
    only paragraphs holding a four-digit number are searched.
    """
    lead = kept[0].text[:_DATELINE_SPAN]
    if has_year(lead):
        for mention in find_dates(lead):
            if mention.year and mention.month and mention.day:
                return dt.date(mention.year, mention.month, mention.day), "dateline"
    with_years = [text for text in (title, *(line.text for line in kept)) if has_year(text)]
    inferred = infer_publication_date(find_dates("\n".join(with_years))) if with_years else None
    return (inferred, "inferred") if inferred else (None, "")


def _title_from_lead(paragraph: str, max_words: int = 12) -> str:
    """The lead's first sentence, cut at a word boundary."""
    sentence = re.split(r"(?<=[.!؟?])\s", paragraph, maxsplit=1)[0]
    sentence = re.sub(r"^[^\s]+\s+" + DASH + r"\s+", "", sentence)  # a dateline "القاهرة –"
    words = sentence.split()
    if len(words) <= max_words:
        return sentence.rstrip(".،, ")
    return " ".join(words[:max_words]).rstrip(".،, ") + "…"


def unaccounted(text: str, cleaned: Cleaned) -> list[int]:
    """Lines of ``text`` with a word that is neither in the title, a kept paragraph nor a removal record.

    The promise "never lose a word", checked: ingest refuses a file for which this is
    not empty (it would be a bug in a rule), and the tests check it on every fixture.
    """
    words = re.compile(r"[^\W_]+")
    where: dict[int, list[str]] = {}
    for block in cleaned.blocks:
        where.setdefault(block.line, []).append(block.text)
    for item in cleaned.removed:
        where.setdefault(item.line, []).append(item.text)
    if cleaned.title_line:
        where.setdefault(cleaned.title_line, []).append(cleaned.title)
    lost = []
    for number, line in enumerate(split_lines(text), 1):
        parts = where.get(number, ())
        if parts and " ".join(line.split()) in parts:
            continue  # kept or removed whole, as it was
        found = words.findall(line)
        if not found:
            continue
        accounted = set(words.findall(" ".join(parts)))
        if not set(found) <= accounted:
            lost.append(number)
    return lost


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Make text render as itself: no Markdown syntax, no HTML, no entities."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def to_markdown(cleaned: Cleaned) -> str:
    parts = []
    for block in cleaned.blocks:
        body = escape_markdown(block.text)
        parts.append(f"## {body}" if block.kind == "h" else body)
    return "\n\n".join(parts) + "\n"
