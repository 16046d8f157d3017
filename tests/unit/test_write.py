"""Writing files into a folder the build made."""

from __future__ import annotations

import pytest

from builder.errors import SiteError
from builder.pipeline.write import write_files


def test_files_are_written_under_the_folder(tmp_path):
    write_files(tmp_path, {"a/b/c.txt": b"x", "d.txt": b"y"})
    assert (tmp_path / "a" / "b" / "c.txt").read_bytes() == b"x" and (tmp_path / "d.txt").read_bytes() == b"y"


@pytest.mark.parametrize("rel", ["../outside.txt", "a/../../outside.txt", "/tmp/outside.txt", ""])
def test_a_path_that_would_leave_the_folder_is_refused(tmp_path, rel):
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(SiteError, match="refusing to write outside"):
        write_files(root, {rel: b"x"})
    assert not (tmp_path / "outside.txt").exists()
