"""Your own breathing patterns: make one, see it checked as you type, save it, delete it.

The dialog edits a list of patterns through two callbacks (``save`` and ``delete``); it never
touches the settings file itself. A deleted pattern can be brought back with Undo until the
dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.patterns import (
    MAX_NAME_LENGTH,
    MAX_PHASE_SECONDS,
    STEP_SECONDS,
    Pattern,
    PatternError,
    make_custom,
    phases_from_seconds,
)

FIELDS = (
    ("inhale", "Breathe in", 4.0),
    ("hold_in", "Hold after breathing in", 0.0),
    ("exhale", "Breathe out", 6.0),
    ("hold_out", "Hold after breathing out", 0.0),
)


class PatternsDialog(QDialog):
    def __init__(
        self,
        patterns: list[Pattern],
        save: Callable[[Pattern], None],
        delete: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your patterns · Breathing Room")
        self.setAccessibleName("Your breathing patterns")
        self._save, self._delete = save, delete
        self._patterns = [p for p in patterns if not p.builtin]
        self._deleted: Pattern | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Saved patterns")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete the selected pattern")
        self.delete_button.clicked.connect(self._delete_selected)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo the delete")
        self.undo_button.setVisible(False)
        self.undo_button.clicked.connect(self._undo)
        self.list_note = QLabel("")
        self.list_note.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME_LENGTH)
        self.name.setPlaceholderText("For example: Evening wind-down")
        self.name.setAccessibleName("Pattern name")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for key, label, default in FIELDS:
            spin = QDoubleSpinBox()
            spin.setRange(0.0, MAX_PHASE_SECONDS)
            spin.setSingleStep(STEP_SECONDS)
            spin.setDecimals(1)
            spin.setSuffix(" s")
            spin.setValue(default)
            spin.setAccessibleName(f"{label}, seconds")
            spin.valueChanged.connect(self._check)
            self.spins[key] = spin
            form.addRow(label, spin)
        self.name.textChanged.connect(self._check)

        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Pattern check")
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton("Save pattern")
        self.save_button.setAccessibleName("Save pattern")
        self.save_button.clicked.connect(self._save_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        list_row = QHBoxLayout()
        list_row.addWidget(self.delete_button)
        list_row.addWidget(self.undo_button)
        list_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(QLabel("Saved patterns"))
        layout.addWidget(self.list)
        layout.addLayout(list_row)
        layout.addWidget(self.list_note)
        layout.addSpacing(12)
        layout.addWidget(QLabel("New pattern"))
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(buttons)
        self._fill()
        self._check()

    def _fill(self) -> None:
        self.list.clear()
        for p in self._patterns:
            item = QListWidgetItem(p.label)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        self.delete_button.setEnabled(bool(self._patterns))
        if not self._patterns:
            self.list_note.setText("You have no saved patterns yet.")
        if self.list.count():
            self.list.setCurrentRow(0)

    def candidate(self) -> Pattern:
        values = [self.spins[key].value() for key, _, _ in FIELDS]
        phases = phases_from_seconds(values)
        return make_custom(self.name.text(), phases, [p.id for p in self._patterns])

    def _check(self) -> None:
        try:
            pattern = self.candidate()
        except PatternError as exc:
            self.feedback.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.feedback.setText(
            f"{pattern.summary()} · {pattern.breaths_per_minute:.1f} breaths a minute"
        )
        self.save_button.setEnabled(True)

    def _save_clicked(self) -> None:
        try:
            pattern = self.candidate()
        except PatternError as exc:
            self.feedback.setText(str(exc))
            return
        self._save(pattern)
        self._patterns.append(pattern)
        self._fill()
        self.list_note.setText(f"Saved “{pattern.name}”. It is in the pacer's list and the tray.")
        self.name.clear()

    def _delete_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        pattern_id = item.data(Qt.ItemDataRole.UserRole)
        pattern = next(p for p in self._patterns if p.id == pattern_id)
        self._delete(pattern_id)
        self._patterns.remove(pattern)
        self._deleted = pattern
        self._fill()
        self.list_note.setText(f"Deleted “{pattern.name}”.")
        self.undo_button.setVisible(True)
        self.undo_button.setFocus()

    def _undo(self) -> None:
        if self._deleted is None:
            return
        pattern, self._deleted = self._deleted, None
        self._save(pattern)
        self._patterns.append(pattern)
        self._fill()
        self.list_note.setText(f"“{pattern.name}” is back.")
        self.undo_button.setVisible(False)
