"""A name the knowledge base does not know yet, as discovery finds it: each occurrence, the examples
shown for review, and the candidate that groups them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.extract.evidence import sentence_around


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    block: str
    sentence: str
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    words: tuple[str, ...]  # the longest possible name here, normalised
    surfaces: tuple[str, ...]  # the same words as written
    kind: str  # person, organisation, city, region, site
    cue: str  # the title, role or head noun before it, as written
    article: str
    date: dt.date | None
    block: str
    text: str  # the paragraph, and where the name is in it
    start: int
    end: int

    @property
    def sentence(self) -> str:
        return sentence_around(self.text, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str  # as most often written, clitics removed
    aliases: tuple[str, ...]  # every spelling seen, the name first
    kind: str  # the kind guessed from its cues: person, organisation, city, region, site
    count: int  # occurrences
    articles: int  # distinct articles
    cue: str  # the title, role or head noun most often before it
    first: dt.date | None
    last: dt.date | None
    examples: tuple[Example, ...]
    known_as: str = ""  # slug of a knowledge-base entry this is another spelling of
