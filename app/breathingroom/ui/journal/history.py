"""Past check-ins: a list to look through, edit and delete, with undo after a delete.

``HistoryWindow(store, parent: QWidget | None = None, *, page_size: int = 200,
poll_ms: int = 1500)``

- ``store`` is a :class:`breathingroom.services.store.Store`.
- ``changed()`` is emitted after this window edits, deletes or restores an entry.
- ``refresh()`` reloads the list; call it when the app learns the journal changed (for example
  on a ``journal-changed`` message from ``breathing-room log``).
- While the window is visible, a timer compares ``store.change_token()`` every ``poll_ms`` and
  reloads when another process wrote; the timer stops when the window hides, so an idle app runs
  no timers.

Keyboard: arrows move through the list, Enter edits, Delete deletes, Ctrl+Z undoes the last
delete, Esc closes.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.journal import CheckIn
from breathingroom.ui.journal.checkin import CheckInWindow
from breathingroom.ui.windows import fit_to_screen

if TYPE_CHECKING:
    from breathingroom.services.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole


def entry_summary(entry: CheckIn) -> str:
    """One line for the list: when, the two grid values, words, and the note's first line."""
    when = entry.local.strftime("%a %d %b %Y, %H:%M")
    parts = [f"{when}  ·  pleasant {entry.pleasant}, energy {entry.energy}"]
    if entry.distress is not None:
        parts.append(f"distress {entry.distress}")
    words = [*entry.feelings, *entry.sensations]
    if words:
        parts.append(", ".join(words))
    if entry.note.strip():
        first = entry.note.strip().splitlines()[0]
        parts.append(first if len(first) <= 60 else first[:59] + "…")
    return "  ·  ".join(parts)


class HistoryWindow(QWidget):
    changed = Signal()

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        page_size: int = 200,
        poll_ms: int = 1500,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Your check-ins")
        self.setAccessibleName("Your check-ins")
        self._store = store
        self._fitted = False
        self._page_size = page_size
        self._token: int | None = None
        self._deleted: list[int] = []
        self.editor: CheckInWindow | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        self.empty_label = QLabel("No check-ins yet. When you check in, your entries appear here.")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Check-ins, newest first")
        self.list.itemActivated.connect(lambda _item: self.edit_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.list, 1)

        self.undo_bar = QWidget(self)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel("The entry was deleted.", self.undo_bar)
        self.undo_button = QPushButton("Undo", self.undo_bar)
        self.undo_button.setAccessibleName("Undo the delete")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.setVisible(False)
        layout.addWidget(self.undo_bar)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton("Edit", self)
        self.edit_button.setAccessibleName("Edit the selected check-in")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setAccessibleName("Delete the selected check-in")
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close your check-ins")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self.delete_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self.undo_delete)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.poll)
        self.refresh()

    # -- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list from the store, keeping the selection where possible."""
        current = self.selected_id()
        self._token = self._store.change_token()
        entries = self._store.recent_checkins(self._page_size)
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry_summary(entry))
            item.setData(ID_ROLE, entry.id)
            item.setToolTip(entry.note or entry_summary(entry))
            self.list.addItem(item)
            if entry.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.empty_label.setVisible(not entries)
        self._update_buttons()

    def poll(self) -> None:
        """Reload if anyone wrote to the journal since the last look."""
        if self._store.change_token() != self._token:
            self.refresh()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- actions ---------------------------------------------------------------------------------

    def edit_selected(self) -> CheckInWindow | None:
        entry_id = self.selected_id()
        if entry_id is None:
            return None
        entry = self._store.get_checkin(entry_id)
        if entry is None:
            self.refresh()
            return None
        if self.editor is not None:
            self.editor.close()
            self.editor.deleteLater()
        self.editor = CheckInWindow(self._store, self, entry=entry)
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.editor.saved.connect(self._after_edit)
        self.editor.show()
        return self.editor

    def _after_edit(self, _entry_id: int) -> None:
        self.refresh()
        self.changed.emit()

    def delete_selected(self) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        row = self.list.currentRow()
        try:
            self._store.delete_checkin(entry_id)
        except (sqlite3.Error, OSError) as exc:
            self.undo_label.setText(f"The entry could not be deleted: {exc}")
            self.undo_button.setVisible(False)
            self.undo_bar.setVisible(True)
            return
        self._deleted.append(entry_id)
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.undo_label.setText("The entry was deleted.")
        self.undo_button.setVisible(True)
        self.undo_bar.setVisible(True)
        self.changed.emit()

    def undo_delete(self) -> None:
        if not self._deleted:
            return
        entry_id = self._deleted[-1]
        try:
            self._store.restore_checkin(entry_id)
        except (sqlite3.Error, OSError) as exc:
            self.undo_label.setText(f"Could not undo ({exc}). Try again later.")
            self.undo_button.setVisible(True)
            self.undo_bar.setVisible(True)
            return
        self._deleted.pop()
        self.refresh()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and int(item.data(ID_ROLE)) == entry_id:
                self.list.setCurrentRow(row)
        self.undo_bar.setVisible(bool(self._deleted))
        self.changed.emit()

    # -- polling only while visible ------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, 640, 520)
        super().showEvent(event)
        self.poll()
        self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._poll.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._poll.stop()
        if self.editor is not None:
            self.editor.close()
        super().closeEvent(event)
