"""The lock that makes one running copy per data folder.

``QLockFile`` records the holder's pid and treats the lock as stale once that process is gone,
so a copy that was killed never blocks the next start. A lock that cannot be made at all (a
read-only or full disk, a folder of another user) is not another copy: :meth:`InstanceLock.acquire`
raises :class:`LockUnavailable` for it, so the caller can say so at once instead of waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QLockFile

from breathingroom.services.paths import Paths


class LockUnavailable(OSError):
    """The lock file cannot be created: the data folder cannot be written."""


class InstanceLock:
    def __init__(self, paths: Paths) -> None:
        self._folder = paths.data_dir
        try:
            paths.ensure()
        except OSError as exc:
            raise LockUnavailable(exc.errno, exc.strerror, str(self._folder)) from exc
        self._lock = QLockFile(str(paths.lock_file))
        # A live app holds the lock for hours; staleness is judged by whether its pid runs.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """True once held; False while another copy holds it; LockUnavailable if it cannot be
        made."""
        if self._lock.tryLock(0):
            return True
        if self._lock.error() in (
            QLockFile.LockError.PermissionError,
            QLockFile.LockError.UnknownError,
        ):
            raise LockUnavailable(f"{self._folder} cannot be written")
        return False

    def release(self) -> None:
        self._lock.unlock()
