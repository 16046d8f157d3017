"""What a build reports and keeps between builds: the report, the memo a long-lived caller (serve)
passes from one build to the next, and the phase timer. Shared by the orchestrator and the pipeline,
so neither imports the other back."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:  # not at run time: process imports numpy and the rest of the pipeline
    from builder.pipeline.process import ArticleWork


@dataclass(frozen=True, slots=True)
class BuildReport:
    output: Path
    articles: int
    entities: int
    tags: int
    pages: int
    searchable: bool
    warnings: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())
    rendered: int = 0  # pages rendered this build
    reused: int = 0  # pages carried over unchanged from the previous output
    processed: int = 0  # articles parsed and tagged this build (the rest came from the cache)
    unchanged: bool = False  # nothing changed since the last build: output/ left as it was
    verified: int | None = None  # with verify_reuse: the carried-over files rendered again and found equal

    @property
    def seconds(self) -> float:
        return sum(t for _, t in self.timings)


def missing_fields(articles) -> tuple[str, ...]:
    """Warnings for articles that still lack a date or a source (ingest leaves what the text does not say)."""
    warnings = []
    for article in articles:
        for name, value in (("date", article.date), ("source", article.source)):
            if not value:
                warnings.append(f"{article.path}: no {name} yet; add '{name}: …' to the front matter")
    return tuple(warnings)


@dataclass
class BuildMemo:
    """What a process that builds again and again (``serve``) keeps in memory between builds: the
    light record of every article of its last good build, by work key. A key names the article's
    bytes and the knowledge base it was tagged with, so a record under it is right for as long as
    the key is in use; a rebuild reads from the cache only the records the memo lacks (at 10,000
    articles, 0.55 s of reading the others back)."""

    works: dict[str, ArticleWork] = field(default_factory=dict)


class Phases:
    """Times each phase of a build (``with phases("render", "11,867 pages"):``), telling ``progress``
    as each starts."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self._say = progress or (lambda message: None)
        self._timings: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, name: str, detail: str = "") -> Iterator[None]:
        self._say(f"{name}{': ' + detail if detail else ''}")
        start = time.perf_counter()
        yield
        self._timings.append((name, time.perf_counter() - start))

    def timings(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._timings)
