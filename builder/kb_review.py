"""Bulk review of discovered names: a review file to edit, then every accepted entry written at once."""

from __future__ import annotations

from pathlib import Path

from .discover import Candidate


def print_candidates(found: list[Candidate], prog: str) -> None:
    for rank, c in enumerate(found, 1):
        when = f", {c.first.isoformat()} – {c.last.isoformat()}" if c.first and c.last else ""
        known = f"; another spelling of {c.known_as}" if c.known_as else ""
        print(f"{rank:3}. {c.name}  [{c.kind}] ×{c.count} in {c.articles} article(s){when}, after «{c.cue}»{known}")
        if len(c.aliases) > 1:
            print(f"       also written: {'، '.join(c.aliases[1:])}")
        for example in c.examples:
            print(f"       {example.article}#{example.block}: {example.sentence}")
    print(f"{len(found)} candidate(s); review them all with: {prog} candidates --write review.yaml")


def write_review(path: Path, found: list[Candidate]) -> None:
    raise NotImplementedError
