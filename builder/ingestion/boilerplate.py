"""Junk that only the corpus shows: a source's footer, and teasers of other articles at the end.

One line judged alone cannot say it is a footer («يمكنكم استلام إشعارات…», «// انتهى //»): the same
line word for word in many articles of one source can. Nor can a paragraph say it is the opening
of another story tacked on at the end of this one: the other article's opening can. So ingest reads
an export twice: :class:`Evidence` gathers, in a first streaming pass, per source, a 64-bit hash of
every line (how many articles hold it, capped) and of every article's opening paragraph (its
dateline taken off); for each record of the second pass :meth:`Evidence.hints` names the few lines
of that record the evidence condemns, and :func:`builder.ingestion.clean.clean_text` removes them — recorded
as rules ``footer`` and ``teaser`` — unless they are the article's lead. The thresholds and what
they removed on the shared corpus are in docs/ingest.md §10.

Memory: hashes and counts only (about 100 bytes a distinct line), never text.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.ingestion.junk import agency_dateline

__all__ = ["FOOTER_MAX_WORDS", "FOOTER_MIN_ARTICLES", "TEASER_MIN_ARTICLES", "TEASER_MIN_WORDS", "Evidence",
           "Fingerprint", "Hints", "condemned", "fingerprint", "line_hash"]

FOOTER_MIN_ARTICLES = 10  # a line in this many articles of one source is its footer (content repeats at most 8)
TEASER_MIN_WORDS = 10  # an opening shorter than this may be a footer or a stock phrase, not another story
TEASER_MIN_ARTICLES = 3  # and found in this many articles of the source: tacked on more than once, not one reuse
FOOTER_MAX_WORDS = 20  # a longer repeated paragraph is a footer only in the run that ends the text
_CAP = 65535
_EDGE = " .,،;؛:!?؟…*-–—_/|\\«»\"'()[]{}<>#=+~^"  # punctuation a line may gain or lose at its ends


def line_hash(text: str) -> int:
    """A line's identity, word for word: without white space, nor punctuation at its ends («فرانس 24/ أ ف ب»
    and «فرانس24/أ ف ب.» are one line)."""
    key = "".join(text.split()).strip(_EDGE).encode("utf-8", "surrogatepass")
    return zlib.crc32(key) << 32 | zlib.adler32(key)  # two checksums in C: 64 bits, fast


def _opening(text: str) -> str:
    """An opening paragraph without its dateline («دبي، الإمارات العربية المتحدة (CNN)-- »)."""
    text = " ".join(text.split())
    dateline = agency_dateline(text)
    return dateline[3] if dateline is not None else text


def _paragraphs(text: str) -> list[str]:
    """The text's non-blank lines, as they are (line_hash ignores white space)."""
    return [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line and not line.isspace()]


Fingerprint = tuple[str, tuple[int, ...], int, "int | None"]  # source, its lines, the whole text, its opening


def fingerprint(source: str, text: str) -> Fingerprint | None:
    """What one article tells the evidence: the hashes of its distinct lines, of its whole text and of
    its opening paragraph (when long enough to be another story's); None for a text with no line."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return None
    opening = _opening(paragraphs[0])
    return (source, tuple({line_hash(p) for p in paragraphs}), line_hash("".join(paragraphs)),
            line_hash(opening) if len(opening.split()) >= TEASER_MIN_WORDS else None)


@dataclass(frozen=True, slots=True)
class Hints:
    """What the corpus says about one article's lines: hash → the note its removal carries."""

    footers: tuple[tuple[int, str], ...] = ()
    teasers: tuple[tuple[int, str], ...] = ()
    bare: bool = False  # every line is a footer found in more articles than this whole text: no words of its own

    def __bool__(self) -> bool:
        return bool(self.footers or self.teasers)


@dataclass(slots=True)
class Evidence:
    """Per source: how many articles hold each line, and the openings of its articles (hashes only)."""

    lines: dict[str, dict[int, int]] = field(default_factory=dict)
    openings: dict[str, set[int]] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    texts: dict[str, dict[int, int]] = field(default_factory=dict)  # how many articles hold each whole text

    def add(self, source: str, text: str) -> None:
        """One article of the first pass."""
        self.add_found(fingerprint(source, text))

    def add_all(self, found: Iterable[Fingerprint | None]) -> None:
        """Articles of the first pass, as :func:`fingerprint` found them (perhaps in other processes)."""
        for one in found:
            self.add_found(one)

    def add_found(self, found: Fingerprint | None) -> None:
        """One article of the first pass, as :func:`fingerprint` found it (perhaps in another process)."""
        if found is None:
            return
        source, hashes, whole, opening = found
        self.articles[source] = self.articles.get(source, 0) + 1
        counts = self.lines.setdefault(source, {})
        for h in hashes:
            n = counts.get(h, 0)
            if n < _CAP:
                counts[h] = n + 1
        texts = self.texts.setdefault(source, {})
        texts[whole] = min(_CAP, texts.get(whole, 0) + 1)
        if opening is not None:
            self.openings.setdefault(source, set()).add(opening)

    def hints(self, source: str, text: str) -> Hints:
        """The lines of this article the evidence names: footers anywhere but the lead; teasers, the
        paragraphs from the end that open another article of the source (clean_text keeps only a
        run that reaches the end)."""
        counts, openings = self.lines.get(source), self.openings.get(source, set())
        if not counts:
            return Hints()
        paragraphs = _paragraphs(text)
        total = self.articles.get(source, 0)
        footers, teasers = {}, {}
        own_opening = None
        for number, paragraph in enumerate(paragraphs):
            h = line_hash(paragraph)
            if number and own_opening is None and h in openings:
                own_opening = line_hash(_opening(paragraphs[0]))
            if counts.get(h, 0) >= FOOTER_MIN_ARTICLES:  # the count first: a footer that opens an article is a footer
                shown = f"{counts[h]}" if counts[h] < _CAP else f"{_CAP} or more"
                footers[h] = f"word for word in {shown} of {total} articles of {source or 'this source'}"
            elif (number and h in openings and counts.get(h, 0) >= TEASER_MIN_ARTICLES and h != own_opening
                  and len(paragraph.split()) >= TEASER_MIN_WORDS):
                teasers[h] = "the opening paragraph of another article of this source"
        # A text that is nothing but lines the source prints under other texts too (its disclaimer
        # alone) has no words of its own; one text filed many times over is not that: its lines are
        # found in no more articles than the text itself.
        repeats = self.texts.get(source, {}).get(line_hash("".join(paragraphs)), 0)
        bare = bool(paragraphs) and all(counts.get(line_hash(p), 0) > repeats and line_hash(p) in footers
                                        for p in paragraphs)
        return Hints(tuple(sorted(footers.items())), tuple(sorted(teasers.items())), bare)


def condemned(paragraphs: list[str], hints: Hints) -> dict[int, tuple[str, str]]:
    """Which of an article's kept paragraphs go: index → (rule, note). Never the first (the lead),
    unless the hints say the text is ``bare``: nothing but lines the source prints under other texts
    too (Al Arabiya's 2012 columns stored as «جميع المقالات المنشورة تمثل رأي كتابها فقط» alone) has
    no words of its own, and is refused as such rather than imported as the same text as the others.

    Footers anywhere (in the middle only up to FOOTER_MAX_WORDS words: a longer repeated paragraph
    there is background a source reprints); teasers only in the run of evidence paragraphs that
    ends the text — the same paragraph in the middle is the article quoting the other one.
    """
    footers, teasers = dict(hints.footers), dict(hints.teasers)
    hashes = [line_hash(p) for p in paragraphs]
    if hints.bare and all(h in footers for h in hashes):
        return {i: ("footer", footers[h]) for i, h in enumerate(hashes)}
    if len(paragraphs) < 2:
        return {}
    end = len(paragraphs)
    while end > 1 and (hashes[end - 1] in teasers or hashes[end - 1] in footers):
        end -= 1
    out = {}
    for i in range(1, len(paragraphs)):
        h = hashes[i]
        if i >= end and h in teasers:
            out[i] = ("teaser", teasers[h])
        elif h in footers and (i >= end or len(paragraphs[i].split()) <= FOOTER_MAX_WORDS):
            out[i] = ("footer", footers[h])
    return out
