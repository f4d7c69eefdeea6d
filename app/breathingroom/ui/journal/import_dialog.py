"""Import from Daylio, Bearable, Pixels or an export of this app, with a preview first.

``ImportDialog(store, parent: QWidget | None = None, *, zone: tzinfo | None = None)``

- ``store`` is a :class:`breathingroom.services.store.Store`; ``zone`` is the time zone for files
  that keep wall-clock times (default: the computer's).
- ``load(path)`` reads and previews a file (the "Choose a file…" button calls it after a file
  dialog). Nothing is written until Import is pressed; then everything is added in one
  transaction, or nothing.
- Custom mood names without a level get a 1–9 spin box each; "Use these levels" previews again.
- ``imported(int, int)`` is emitted with the numbers of check-ins and sessions added.
"""

from __future__ import annotations

import sqlite3
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core import importers
from breathingroom.core.importers import ImportBatch, ImportFormatError, UnmappedMoodsError
from breathingroom.core.journal import JournalError

if TYPE_CHECKING:
    from breathingroom.services.store import Store


class ImportDialog(QWidget):
    imported = Signal(int, int)

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, zone: tzinfo | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Import entries")
        self.setAccessibleName("Import entries")
        self._store = store
        self._zone = zone
        self._path: Path | None = None
        self._data = b""
        self._batch: ImportBatch | None = None
        self._mood_boxes: dict[str, QSpinBox] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        intro = QLabel(
            "Bring in entries from Daylio, Bearable, Pixels or a Breathing Room export. You see "
            "what would be added before anything changes.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.choose_button = QPushButton("Choose a file…", self)
        self.choose_button.setAccessibleName("Choose a file to import")
        self.choose_button.clicked.connect(self._choose)
        self.format_box = QComboBox(self)
        self.format_box.setAccessibleName("File format")
        for fmt in importers.FORMATS:
            self.format_box.addItem("recognise it" if fmt == "auto" else fmt, fmt)
        self.format_box.currentIndexChanged.connect(lambda _i: self.preview())
        row.addWidget(self.choose_button)
        row.addWidget(QLabel("Format:", self))
        row.addWidget(self.format_box)
        row.addStretch(1)
        layout.addLayout(row)

        self.preview_text = QPlainTextEdit(self)
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName("What would be imported")
        self.preview_text.setTabChangesFocus(True)
        layout.addWidget(self.preview_text, 1)

        self.moods = QWidget(self)
        self.moods_form = QFormLayout(self.moods)
        self.moods.setVisible(False)
        layout.addWidget(self.moods)
        self.apply_moods_button = QPushButton("Use these levels", self)
        self.apply_moods_button.setAccessibleName("Use these mood levels and preview again")
        self.apply_moods_button.clicked.connect(self.preview)
        self.apply_moods_button.setVisible(False)
        layout.addWidget(self.apply_moods_button)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the import window")
        self.close_button.clicked.connect(self.close)
        self.import_button = QPushButton("Import", self)
        self.import_button.setAccessibleName("Import these entries")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a file to import", str(Path.home()), "Exports (*.csv *.json);;All (*)"
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read ``path`` and show what it would add."""
        try:
            self._data = path.read_bytes()
        except OSError as exc:
            self._show_problem(f"The file could not be read: {exc.strerror or exc}")
            return
        self._path = path
        for name in list(self._mood_boxes):
            box = self._mood_boxes.pop(name)
            self.moods_form.removeRow(box)
        self.preview()

    def mood_map(self) -> dict[str, int]:
        return {name: box.value() for name, box in self._mood_boxes.items()}

    def set_mood_level(self, name: str, level: int) -> None:
        self._mood_boxes[name].setValue(level)

    def preview(self) -> ImportBatch | None:
        if self._path is None:
            return None
        self._batch = None
        self.import_button.setEnabled(False)
        fmt = str(self.format_box.currentData())
        try:
            batch = importers.parse(
                self._data, self._path.name, fmt, mood_map=self.mood_map(), zone=self._zone
            )
        except UnmappedMoodsError as exc:
            self._ask_moods(exc.names)
            return None
        except ImportFormatError as exc:
            self._show_problem(f"Nothing can be imported from this file yet. {exc}")
            return None
        self._batch = batch
        self.preview_text.setPlainText(batch.summary())
        total = len(batch.checkins) + len(batch.sessions)
        self.status.setText(
            f"Ready to add up to {total} entries. Entries already in your journal are skipped."
            if total
            else "This file holds no entries."
        )
        self.import_button.setEnabled(bool(total))
        return batch

    def _ask_moods(self, names: list[str]) -> None:
        for name in names:
            if name in self._mood_boxes:
                continue
            box = QSpinBox(self.moods)
            box.setRange(1, 9)
            box.setValue(5)
            box.setAccessibleName(f"Pleasantness for the mood {name}, 1 to 9")
            self.moods_form.addRow(f"{name} (1 least, 9 most pleasant)", box)
            self._mood_boxes[name] = box
        self.moods.setVisible(True)
        self.apply_moods_button.setVisible(True)
        self.preview_text.setPlainText(
            "Some moods in this file are your own. Give each a pleasantness level from 1 to 9, "
            "then choose 'Use these levels'.\n\n" + "\n".join(names)
        )
        self.status.setText("")

    def _show_problem(self, message: str) -> None:
        self.preview_text.setPlainText(message)
        self.status.setText("")
        self.import_button.setEnabled(False)

    def commit(self) -> None:
        """Add the previewed entries in one transaction."""
        batch = self._batch
        if batch is None or self._path is None:
            return
        try:
            result = self._store.import_batch(
                batch.checkins, batch.sessions, file=self._path.name, format=batch.format
            )
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.status.setText(f"Nothing was imported: {exc}")
            return
        self.import_button.setEnabled(False)
        self.status.setText(
            f"Added {result.added_checkins} check-ins and {result.added_sessions} sessions. "
            f"{result.already_present} were already in your journal."
        )
        self.imported.emit(result.added_checkins, result.added_sessions)
