"""Where finished sessions are recorded.

The UI talks to the :class:`SessionLog` protocol only. Until the journal stores sessions on disk,
:class:`MemorySessionLog` keeps them for the life of the process.
"""

from __future__ import annotations

from typing import Protocol

from breathingroom.core.records import SessionRecord


class SessionLog(Protocol):
    def add_session(self, record: SessionRecord) -> object: ...

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]: ...


class MemorySessionLog:
    def __init__(self) -> None:
        self._records: list[SessionRecord] = []

    def add_session(self, record: SessionRecord) -> object:
        self._records.append(record)
        return len(self._records)

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]:
        return list(reversed(self._records[-limit:]))
