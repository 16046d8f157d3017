"""``build --verify-reuse``: the page-reuse contract checked by the machine.

A rebuild carries a page over from the last output when its fingerprint (``Page.inputs``, listed by
hand in :mod:`builder.site.routes`) is unchanged. With ``verify_reuse`` the build renders every such
page as well, into the staging folder, and compares the bytes with the file it would have carried
over: a page that differs shows something its inputs leave out. The build then fails before
``output/`` changes, naming each page, its template and where it first differs.
"""

from __future__ import annotations

import filecmp
import re
from dataclasses import dataclass
from pathlib import Path

from builder.errors import Location, SiteError

ORIGINAL = "original"  # the "template" of an article's original text (sources/<slug>.txt)
SHOWN = 6  # pages described in full in the message; the others are named
EXCERPT = 70  # characters shown either side of the first difference


@dataclass(frozen=True, slots=True)
class Carried:
    """A file the build would carry over from the last output: its output-relative path, its URL
    and the template it is rendered with."""

    rel: str
    url: str
    template: str


@dataclass(frozen=True, slots=True)
class Stale:
    """A carried-over file that a fresh rendering changes: where it first differs (line and column,
    1-based), the two versions of that line around it, and the nearest ``id`` above it in the page
    (the part of the template it is in)."""

    carried: Carried
    line: int
    column: int
    was: str
    now: str
    near: str


class StaleReuse(SiteError):
    """Carried-over pages that differ from a fresh rendering (:func:`stale_files`)."""

    def __init__(self, stale: tuple[Stale, ...], verified: int, output: Path):
        self.stale, self.verified, self.output = stale, verified, output
        verb = "differs" if len(stale) == 1 else "differ"
        super().__init__(
            f"--verify-reuse: {len(stale)} of the {verified} carried-over files {verb} from a fresh rendering",
            Location(output),
            "what their fingerprints are made of (Page.inputs, builder/site/routes.py, and the salt: settings, "
            "templates, code) leaves out something they show; output/ is left as it was",
        )

    def __reduce__(self):
        return StaleReuse, (self.stale, self.verified, self.output)

    def render(self) -> str:
        lines = [f"{self.message}; {self.hint}:"]
        for number, stale in enumerate(self.stale, 1):
            page = stale.carried
            if number > SHOWN:
                lines.append(f"  {number}. {page.url} ({page.template})")
                continue
            near = f", in #{stale.near}" if stale.near else ""
            lines.append(f"  {number}. {page.url} ({page.template}, {self.output / page.rel}): first differs "
                         f"at line {stale.line}, column {stale.column}{near}")
            lines.append(f"       carried over: {stale.was}")
            lines.append(f"       rendered now: {stale.now}")
        return "\n".join(lines)


def stale_files(carried: list[Carried], staging: Path, output: Path) -> tuple[Stale, ...]:
    """Each ``carried`` file whose fresh rendering (in ``staging``) differs from the last output's, in
    URL order."""
    stale = []
    for page in sorted(carried, key=lambda c: c.url):
        fresh, previous = staging / page.rel, output / page.rel
        if not filecmp.cmp(fresh, previous, shallow=False):
            stale.append(describe(page, previous.read_bytes(), fresh.read_bytes()))
    return tuple(stale)


_ID = re.compile(r'\bid="([^"]+)"')


def describe(page: Carried, was: bytes, now: bytes) -> Stale:
    """Where ``now`` first differs from ``was``: line, column, the two lines around it, the section."""
    old, new = was.decode("utf-8", "replace").split("\n"), now.decode("utf-8", "replace").split("\n")
    index = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    a, b = (old[index] if index < len(old) else ""), (new[index] if index < len(new) else "")
    column = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    above = "\n".join(new[:index]) + "\n" + b[:column]
    ids = _ID.findall(above)
    return Stale(page, index + 1, column + 1, _excerpt(a, column), _excerpt(b, column), ids[-1] if ids else "")


def _excerpt(line: str, column: int) -> str:
    """``line`` around ``column``, cut to ``EXCERPT`` characters either side."""
    start, end = max(column - EXCERPT, 0), column + EXCERPT
    text = line[start:end]
    return f"{'…' if start else ''}{text}{'…' if end < len(line) else ''}" if line else "(nothing)"
