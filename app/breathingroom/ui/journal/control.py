"""The journal in the running app: the store, its windows, and where sessions are recorded.

The SQLite store opens on first use (a session's end, a check-in, the journal window), so an app
that only waits in the tray holds no database. Opening it reports a damaged journal (moved aside,
with where it was kept) or one that can only be read, and makes the day's backup.

No session is lost. If the journal cannot be opened (or a session cannot be written to it), the
user is told once, calmly, and the session is held: opening is tried again a little later, and
held sessions are saved as soon as it works. Sessions still held at quit are written to a file
(:func:`breathingroom.services.history.write_held`) that the next start saves into the journal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.records import SessionRecord
from breathingroom.services.history import MemorySessionLog
from breathingroom.ui.theme import Tokens

if TYPE_CHECKING:
    from breathingroom.services.store import Store  # sqlite3 loads when the journal opens
    from breathingroom.ui.journal.checkin import CheckInWindow
    from breathingroom.ui.journal.history import HistoryWindow
    from breathingroom.ui.journal.import_dialog import ImportDialog
    from breathingroom.ui.safety.plan import SafetyPlanWindow
    from breathingroom.ui.timeline.window import TimelineWindow

log = logging.getLogger(__name__)
_W = TypeVar("_W", bound=QWidget)

#: Seconds between attempts to open a journal that could not be opened.
RETRY_SECONDS = 30.0


class JournalControl(QObject):
    """Where the app records sessions and opens the journal's windows, over the store."""

    #: Something for the user to know (a damaged journal moved aside, a failed save).
    notice = Signal(str)

    def __init__(
        self,
        store_factory: Callable[[], Store] | None = None,
        parent: QObject | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self._factory = store_factory
        self._clock = clock
        self._tokens: Tokens | None = None
        self._store: Store | None = None
        self._told_failure = False
        self._next_try = float("-inf")  # on the clock's monotonic time
        self._memory = MemorySessionLog()
        #: Finished sessions not yet in the journal, oldest first.
        self._held: list[SessionRecord] = []
        self._windows: dict[str, QWidget] = {}

    # -- the store -------------------------------------------------------------------------
    @property
    def store(self) -> Store | None:
        """The open store, or None when it cannot be opened (the reason was told once; opening is
        tried again after :data:`RETRY_SECONDS`)."""
        if self._store is None and self._clock.monotonic() >= self._next_try:
            self._open()
        return self._store

    def _open(self) -> None:
        from breathingroom.services import backup
        from breathingroom.services.store import Store

        try:
            store = self._factory() if self._factory else Store.open(clock=self._clock)
        except Exception as exc:  # OSError, sqlite3.Error, StoreError: called from Qt slots
            self._next_try = self._clock.monotonic() + RETRY_SECONDS
            log.warning("the journal could not be opened: %s", exc)
            if not self._told_failure:
                self._told_failure = True
                self.notice.emit(
                    f"Your journal could not be opened: {exc}. Sessions you finish are kept and "
                    "saved to it as soon as it opens."
                )
            return
        self._store = store
        if store.moved_aside is not None:
            self.notice.emit(
                "Your journal could not be read, so a new one was started. The old file was "
                f"kept at {store.moved_aside}. Settings… › Your data › Restore a backup… brings "
                "back a recent copy."
            )
        elif store.read_only is not None:
            self.notice.emit(
                f"Your journal can only be read just now ({store.read_only}). Sessions you "
                "finish are kept and saved to it once it can be written."
            )
        self._save_held(store)
        try:
            backup.ensure_daily(store)
        except Exception as exc:  # a backup must never stop the app
            log.warning("daily backup failed: %s", exc)

    def _held_folders(self, store: Store | None = None) -> list[Path]:
        from breathingroom.services import paths

        where = paths.current()
        first = [store.path.parent] if store is not None else []
        return list(dict.fromkeys([*first, where.data_dir, where.cache_dir]))

    def _hold(self, record: SessionRecord) -> object:
        self._held.append(record)
        return self._memory.add_session(record)

    def _save_held(self, store: Store) -> None:
        """Save the sessions held in memory, and those an earlier run left in a file."""
        from breathingroom.services import history

        files = history.held_files(self._held_folders(store))
        if not self._held and not files:
            return
        saved = 0
        try:
            for record in list(self._held):
                store.add_session(record)
                self._held.remove(record)
                saved += 1
            for file in files:
                records = history.read_held(file)
                for record in records:
                    store.add_session(record)
                file.unlink()  # every session in it is in the journal now
                saved += len(records)
        except Exception as exc:  # still held; tried again with the next session
            log.warning("held sessions could not be saved yet: %s", exc)
        if saved:
            self.refresh()
            self.notice.emit(
                f"{saved} session{'s' if saved != 1 else ''} kept while your journal could not "
                "be written now saved in it."
            )

    def open_now(self) -> None:
        """Open the store now rather than at first use."""
        _ = self.store

    def close(self) -> None:
        """On quit: close the journal's windows, keeping what was written in the safety plan."""
        from breathingroom.ui.safety.plan import SafetyPlanWindow

        for window in list(self._windows.values()):
            # Quitting (the tray, a log-out, SIGTERM) never asks and never drops the words.
            plan = window if isinstance(window, SafetyPlanWindow) else None
            if plan is not None and plan.has_unsaved_changes() and not plan.save():
                log.warning("the safety plan could not be saved while quitting")
            window.close()
        if self._held:
            from breathingroom.services import history

            try:
                kept = history.write_held(self._held, self._held_folders(), self._clock)
            except OSError as exc:
                log.error("%d sessions could not be kept: %s", len(self._held), exc)
            else:
                log.warning(
                    "%d sessions not yet in the journal are kept in %s", len(self._held), kept
                )
                self._held.clear()
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- sessions --------------------------------------------------------------------------
    def add_session(self, record: SessionRecord) -> object:
        store = self.store
        if store is None:
            return self._hold(record)
        self._save_held(store)  # the ones before it first
        try:
            session_id = store.add_session(record)
            self.refresh()
            return session_id
        except Exception as exc:  # called from Qt slots: say it, keep the session
            log.warning("could not store a session: %s", exc)
            self.notice.emit(
                f"This session could not be saved to your journal just now ({exc}). It is "
                "kept, and saved as soon as the journal can be written."
            )
            return self._hold(record)

    def recent_sessions(self, limit: int = 20) -> list[SessionRecord]:
        store = self.store
        if store is None:
            return self._memory.recent_sessions(limit)
        stored = list(store.recent_sessions(limit))
        if not self._held:
            return stored
        return sorted([*stored, *self._held], key=lambda r: r.start, reverse=True)[:limit]

    def set_distress_after(self, session_id: object, value: int) -> None:
        store = self.store
        if store is not None and isinstance(session_id, int):
            try:
                store.set_session_distress(session_id, after=value)
            except Exception as exc:
                log.warning("could not store a distress rating: %s", exc)

    def add_session_params(self, session_id: object, extra: dict[str, object]) -> None:
        store = self.store
        if store is not None and isinstance(session_id, int):
            try:
                store.add_session_params(session_id, extra)
                self.refresh()
            except Exception as exc:
                log.warning("could not store a rating: %s", exc)

    def export_entries(self, path: str, kind: str | None = None) -> bool:
        """Write the whole journal to ``path`` as ``kind`` ("csv" or "json"; by default CSV for
        a ``.csv`` name, else JSON)."""
        import sqlite3

        from breathingroom.core import exporters
        from breathingroom.services.atomic import write_atomic
        from breathingroom.services.store import StoreError

        store = self.store
        if store is None:
            return False
        csv = path.lower().endswith(".csv") if kind is None else kind == "csv"
        write = exporters.to_csv if csv else exporters.to_json
        try:
            text = write(store.all_checkins(), store.all_sessions(), store.all_day_facts())
            write_atomic(Path(path), text.encode("utf-8"))
        except OSError as exc:
            self.notice.emit(f"Your journal was not exported: {exc.strerror or exc}")
            return False
        except (sqlite3.Error, StoreError) as exc:  # a busy or damaged journal: said, not raised
            self.notice.emit(f"Your journal was not exported: {exc}")
            return False
        self.notice.emit(f"Your journal was exported to {path}.")
        return True

    # -- windows ---------------------------------------------------------------------------
    def _show(self, key: str, kind: type[_W], build: Callable[[Store], _W]) -> _W | None:
        window = self._windows.get(key)
        if not isinstance(window, kind):
            store = self.store
            if store is None:
                self.notice.emit("Your journal is not available right now.")
                return None
            window = build(store)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_a, k=key: self._windows.pop(k, None))
            self._windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def check_in(self) -> CheckInWindow | None:
        from breathingroom.ui.journal.checkin import CheckInWindow

        window = self._show(
            "checkin", CheckInWindow, lambda store: CheckInWindow(store, clock=self._clock)
        )
        if window is not None and not window.property("refreshes"):
            window.setProperty("refreshes", True)
            window.saved.connect(lambda _id: self.refresh())  # Review my week shows it at once
        return window

    def history(self) -> HistoryWindow | None:
        from breathingroom.ui.journal.history import HistoryWindow

        return self._show("history", HistoryWindow, HistoryWindow)

    def import_entries(self, path: str | None = None) -> ImportDialog | None:
        from breathingroom.ui.journal.import_dialog import ImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                None,
                "Import entries",
                "",
                "Journal exports (*.csv *.json);;All files (*)",
            )
            if not path:
                return None
        dialog = self._show("import", ImportDialog, ImportDialog)
        if dialog is not None:
            dialog.load(Path(path))
        return dialog

    def set_tokens(self, tokens: Tokens) -> None:
        """The theme changed: windows that draw with its colours follow."""
        self._tokens = tokens
        if "timeline" not in self._windows:
            return  # and its module stays unloaded: the theme is applied at start-up too
        from breathingroom.ui.timeline.window import TimelineWindow

        window = self._windows.get("timeline")
        if isinstance(window, TimelineWindow):
            window.set_tokens(tokens)

    def timeline(
        self, view: str = "week", start: date | None = None, end: date | None = None
    ) -> TimelineWindow | None:
        """Review my week (or a month, a year, a range of days)."""
        from breathingroom.ui.timeline.window import TimelineWindow

        window = self._show(
            "timeline", TimelineWindow, lambda store: TimelineWindow(store, clock=self._clock)
        )
        if window is not None and self._tokens is not None:
            window.set_tokens(self._tokens)
        if window is not None and start is not None and end is not None:
            window.show_dates(view, start, end)
        return window

    def safety_plan(self) -> SafetyPlanWindow | None:
        """The safety plan's window (it is kept in the journal, so backed up with it)."""
        from breathingroom.ui.safety.plan import SafetyPlanWindow

        return self._show("plan", SafetyPlanWindow, SafetyPlanWindow)

    def restore_backup(self, parent: QWidget | None = None) -> None:
        """Offer the newest backups; restoring keeps a copy of the journal as it is now."""
        import sqlite3

        from breathingroom.services import backup

        store = self.store
        if store is None:
            return
        copies = backup.list_backups(store.backups_dir)
        if store.moved_aside is not None:  # a new journal was started: bring back the old one
            copies = backup.kept_copies(store.backups_dir) or copies
        if not copies:
            self.notice.emit("There are no backups yet. One is made each day you use the app.")
            return
        newest = copies[0]
        when = newest.taken_at.astimezone().strftime("%A %d %B, %H:%M")
        answer = QMessageBox.question(
            parent,
            "Restore a backup",
            f"Bring back your journal as it was on {when}? Entries made since then are kept in "
            "a copy beside it, so nothing is lost.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = backup.restore(store, newest.path)
        except backup.BackupError as exc:
            self.notice.emit(f"The backup could not be restored: {exc}")
            return
        except (OSError, sqlite3.Error) as exc:  # the copy of the journal first could not be made
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notice.emit(f"The backup could not be restored: {reason}. Nothing was changed.")
            return
        self.notice.emit(
            f"Your journal is back as it was on {when}. The previous one is at {kept}."
        )
        self.refresh()

    def refresh(self) -> None:
        """Another process changed the journal: show it."""
        if "history" in self._windows:
            from breathingroom.ui.journal.history import HistoryWindow

            window = self._windows["history"]
            if isinstance(window, HistoryWindow):
                window.refresh()
        if "timeline" in self._windows:
            from breathingroom.ui.timeline.window import TimelineWindow

            timeline = self._windows["timeline"]
            if isinstance(timeline, TimelineWindow):
                timeline.reload()
