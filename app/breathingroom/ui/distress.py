"""A one-tap distress rating, 0–10, that never blocks anything.

``DistressStrip(prompt: str = DEFAULT_PROMPT, parent: QWidget | None = None, *,
skippable: bool = True)``

- ``rated(int)`` is emitted when a number is tapped (or chosen with the keyboard: Tab to a number,
  Space or Enter). The number stays marked; tapping another changes it and emits again.
- ``skipped()`` is emitted when Skip is pressed. Ignoring the strip altogether counts as skipped:
  the caller simply stores ``None``.
- ``value()`` is the current rating or ``None``; ``reset(prompt=None)`` clears it for reuse (for
  example "before" then "after" around one session).

Embed it beside the pacer as a session starts and again as it ends; it has no timers and no
modal behaviour. The caller decides whether to show it (the ``ask_distress`` setting, and never for
``--audio-only`` sessions).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

DEFAULT_PROMPT = "How much distress do you feel right now, 0 to 10?"
_HINTS = {0: "no distress at all", 5: "moderate distress", 10: "the most distress you can imagine"}


class DistressStrip(QWidget):
    rated = Signal(int)
    skipped = Signal()

    def __init__(
        self,
        prompt: str = DEFAULT_PROMPT,
        parent: QWidget | None = None,
        *,
        skippable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Distress rating")
        # The prompt sits above the numbers, so the strip fits a narrow pacer window.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self._label = QLabel(prompt, self)
        self._label.setWordWrap(True)
        column.addWidget(self._label)
        layout = QHBoxLayout()
        layout.setSpacing(4)
        column.addLayout(layout)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for value in range(11):
            button = QPushButton(str(value), self)
            button.setCheckable(True)
            button.setMinimumWidth(28)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            hint = _HINTS.get(value)
            name = f"Distress {value} of 10" + (f", {hint}" if hint else "")
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setAutoDefault(False)
            self._group.addButton(button, value)
            layout.addWidget(button)
            self.buttons.append(button)
        self._group.idClicked.connect(self._on_clicked)
        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setAccessibleName("Skip the distress rating")
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self._on_skip)
        self.skip_button.setVisible(skippable)
        layout.addWidget(self.skip_button)
        self._label.setBuddy(self.buttons[0])
        self._value: int | None = None

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        """Show ``value`` as chosen without emitting anything (for editing an entry)."""
        self._value = value
        self._group.setExclusive(False)
        for number, button in enumerate(self.buttons):
            button.setChecked(number == value)
        self._group.setExclusive(True)

    def reset(self, prompt: str | None = None) -> None:
        self.set_value(None)
        if prompt is not None:
            self._label.setText(prompt)

    def prompt(self) -> str:
        return self._label.text()

    def _on_clicked(self, value: int) -> None:
        self._value = value
        self.rated.emit(value)

    def _on_skip(self) -> None:
        self.set_value(None)
        self.skipped.emit()
