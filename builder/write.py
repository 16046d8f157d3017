"""Write the site into a staging folder, then swap it into place.

A failed build never touches the previous ``output/``: everything is written
beside it first and renamed into place only once every step has succeeded.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .errors import Location, SiteError


def staging_dir(output: Path) -> Path:
    return output.parent / f".{output.name}.staging"


def fresh_staging(output: Path) -> Path:
    staging = staging_dir(output)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write ``relative path → bytes`` under ``root``; refuses any path that would leave it."""
    base = root.resolve()
    made: set[Path] = set()
    for rel in sorted(files):
        target = (base / rel).resolve()
        if base not in target.parents:
            raise SiteError(f"refusing to write outside the output folder: {rel!r}", Location(root))
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[rel])


def copy_static(sources: list[Path], root: Path) -> int:
    """Copy each folder's files to ``root/static``; later folders override earlier ones file by file."""
    chosen: dict[str, Path] = {}
    for source in sources:
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if path.is_file():
                chosen[path.relative_to(source).as_posix()] = path
    destination = root / "static"
    for rel, path in sorted(chosen.items()):
        target = destination / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return len(chosen)


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames; the old site is removed afterwards,
    in the background where the system can fork (a large site takes seconds to delete)."""
    old = output.parent / f".{output.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    if old.exists():
        trash = output.parent / f".{output.name}.old.{os.getpid()}.{time.monotonic_ns()}"
        os.replace(old, trash)
        _remove_in_background(trash)


def _remove_in_background(folder: Path) -> None:
    """Delete ``folder`` in a grandchild process (adopted by init, so no zombie is left behind)."""
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging, ignore_errors=True)
