"""The lock that makes one running copy per data folder.

``QLockFile`` records the holder's pid and treats the lock as stale once that process is gone,
so a copy that was killed never blocks the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QLockFile

from breathingroom.services.paths import Paths


class InstanceLock:
    def __init__(self, paths: Paths) -> None:
        paths.ensure()
        self._lock = QLockFile(str(paths.lock_file))
        # A live app holds the lock for hours; staleness is judged by whether its pid runs.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        return bool(self._lock.tryLock(0))

    def release(self) -> None:
        self._lock.unlock()
