"""Where finished sessions go when the journal cannot be opened.

:class:`MemorySessionLog` keeps them for the life of the process, with the same
``add_session``/``recent_sessions`` methods as :class:`breathingroom.services.store.Store`, so the
journal control can fall back to it and tell the user why.
"""

from __future__ import annotations

from breathingroom.core.records import SessionRecord


class MemorySessionLog:
    def __init__(self) -> None:
        self._records: list[SessionRecord] = []

    def add_session(self, record: SessionRecord) -> object:
        self._records.append(record)
        return len(self._records)

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]:
        return list(reversed(self._records[-limit:]))
