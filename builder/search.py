"""Pagefind over the written site (the binary ships in the ``pagefind-bin`` wheel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import Location, SiteError


def index_site(root: Path) -> None:
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(root), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError(f"search indexing could not run: {exc}", None, "reinstall with `make site`") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SiteError(
            "search indexing failed: " + (detail[-1] if detail else f"exit status {result.returncode}"),
            Location(root),
            "build with --no-search to skip the index",
        )
