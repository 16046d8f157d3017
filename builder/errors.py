"""Errors that reach the user.

Every problem the builder can report is a :class:`SiteError` carrying the
:class:`Location` (file, optionally line) it comes from and, where we know one,
a hint saying what to do. Stages that can find several problems at once
collect them in a :class:`Problems` and raise them together, so the user fixes
everything in one pass instead of one error per build.

The CLI turns any ``SiteError`` into readable lines; nothing else is caught
there, so a genuine bug still shows its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Location:
    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class SiteError(Exception):
    """One problem in the user's input, with where it is and how to fix it."""

    def __init__(self, message: str, location: Location | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __reduce__(self):  # a worker process sends it to the parent whole
        return type(self), (self.message, self.location, self.hint)

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"

    def __str__(self) -> str:
        return self.render()


class ProblemsFound(SiteError):
    """Several problems found by one stage, reported at once."""

    def __init__(self, stage: str, problems: tuple[SiteError, ...]):
        self.stage = stage
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{stage}: found {len(problems)} {noun}")

    def __reduce__(self):
        return ProblemsFound, (self.stage, self.problems)

    def render(self) -> str:
        lines = [self.message + ":"]
        lines += [f"  {i}. {p.render()}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


class Problems:
    """Collects problems during a stage; ``raise_if_any`` raises them together."""

    def __init__(self, stage: str):
        self.stage = stage
        self._items: list[SiteError] = []

    def add(self, message: str, location: Location | None = None, hint: str = "") -> None:
        self._items.append(SiteError(message, location, hint))

    def add_error(self, error: SiteError) -> None:
        if isinstance(error, ProblemsFound):
            self._items.extend(error.problems)
        else:
            self._items.append(error)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if not self._items:
            return
        if len(self._items) == 1:
            raise self._items[0]
        raise ProblemsFound(self.stage, tuple(self._items))
