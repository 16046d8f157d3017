"""What ingest tells the user: one line an input (with details on a dry run), then a summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from builder.site.content import ARTICLES
from builder.ingestion.rawinput import Prepared

if TYPE_CHECKING:
    from builder.ingestion.command import Outcome, Report

__all__ = ["describe", "summary"]

_VERBS = {"imported": ("imported", "would import"), "updated": ("updated", "would update")}


def describe(outcome: Outcome, dry_run: bool = False) -> list[str]:
    """The line (and, for a dry run, the detail lines) saying what happened to one input."""
    target = f"content/{ARTICLES}/{outcome.slug}.md"
    if outcome.status == "refused":
        return [f"refused   {outcome.path}: {outcome.reason}"]
    if outcome.status == "skipped":
        return [f"skipped   {outcome.path}: {outcome.reason}"]
    if outcome.status == "unchanged":
        return [f"unchanged {outcome.path} (already {target}{'; ' + outcome.reason if outcome.reason else ''})"]
    verb = _VERBS[outcome.status][dry_run]
    prepared = outcome.prepared
    assert prepared is not None
    details = [_encoding_note(prepared), *getattr(prepared, "notes", ())]
    if prepared.html:
        details.append(f"article body: {prepared.html['kept_words']} of the page's {prepared.html['page_words']} words")
    rules = Counter(r.rule for r in prepared.cleaned.removed)
    details.append(
        "removed " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) if rules else "nothing removed"
    )
    if outcome.reason:
        details.append(outcome.reason)
    lines = [f"{verb:<9} {outcome.path} → {target} ({'; '.join(d for d in details if d)})"]
    if dry_run:
        lines.append(f"    title ({prepared.cleaned.title_from}): {prepared.title}")
        date = f"{prepared.date.isoformat()} ({prepared.date_from})" if prepared.date else "none found"
        source = f"{prepared.source} ({prepared.source_from})" if prepared.source else "none found"
        lines += [f"    date: {date}", f"    source: {source}"]
        for r in prepared.cleaned.removed:
            text = r.text if len(r.text) <= 80 else r.text[:79] + "…"
            lines.append(f"    remove line {r.line} [{r.rule}]: {text}" + (f" ({r.note})" if r.note else ""))
    return lines


def _encoding_note(prepared: Prepared) -> str:
    if prepared.repaired:
        return f"{prepared.encoding}, repaired: {prepared.repaired}"
    if prepared.encoding in ("utf-8", "utf-8-sig"):
        return ""
    return f"{prepared.encoding}, converted to UTF-8"


def summary(report: Report, dry_run: bool = False) -> str:
    counts = ", ".join(
        f"{label} {report.count(status)}"
        for status, label in (("imported", "imported"), ("updated", "updated"), ("unchanged", "unchanged"),
                              ("skipped", "skipped-edited"), ("refused", "refused"))
    )
    return f"dry run, nothing written: would have {counts}" if dry_run else counts
