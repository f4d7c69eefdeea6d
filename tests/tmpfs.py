"""A small tmpfs of a test's own, for the cases only a real file system shows: a full disk and a
read-only mount (root, as CI runs, ignores file modes but not these). Mounted and unmounted by
the ``tmpfs`` fixture of the tests that use it."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Tmpfs:
    """A tmpfs mounted at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def remount(self, *options: str) -> None:
        """Mount it again with ``options`` (``"ro"`` makes it read-only)."""
        subprocess.run(["mount", "-o", ",".join(["remount", *options]), str(self.path)], check=True)

    def fill(self) -> Path:
        """Write a file until the disk is full; returns it (delete it to free the space)."""
        filler = self.path / "filler"
        fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            for size in (65536, 4096, 512, 1):
                try:
                    while os.write(fd, b"\0" * size):
                        pass
                except OSError:
                    pass
        finally:
            os.close(fd)
        return filler


@contextmanager
def mounted(size: str = "4m") -> Iterator[Tmpfs]:
    """A fresh tmpfs of ``size`` for the block; unmounted afterwards."""
    where = Path(tempfile.mkdtemp(prefix="br-tmpfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield Tmpfs(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)
        where.rmdir()
