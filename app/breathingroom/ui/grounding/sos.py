"""The SOS window: one question, then the exercise that fits starts at once.

A small window that stays on top and opens on the screen under the pointer. It asks only how
much distress there is, as one row of large buttons from 0 to 10. The keys 0 to 9 answer at
once, except 1, which waits a moment in case 0 follows (1 then 0 is 10). "Skip the question" goes
straight to the person's own default. "Need help now?" opens the safety plan and the people to
call. Nothing else is asked first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from breathingroom.ui.windows import place_under_pointer

#: How long a 1 waits for a 0 to make 10.
TEN_WAIT_MS = 700


class SosWindow(QWidget):
    #: The answer: distress 0-10, or None when the question was skipped.
    chosen = Signal(object)
    #: "Need help now?": the safety plan and the people to call.
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("SOS · Breathing Room")
        self.setAccessibleName("SOS")
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self._placed = False
        self.help_panel: QWidget | None = None
        self._one = QTimer(self)
        self._one.setSingleShot(True)
        self._one.setInterval(TEN_WAIT_MS)
        self._one.timeout.connect(lambda: self._answer(1))

        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(14)
        self.question = QLabel("How much distress do you feel right now?", self)
        self.question.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        self.question.setFont(font)
        column.addWidget(self.question)
        hint = QLabel("0 is calm, 10 is the most you can imagine. Press a number.", self)
        hint.setWordWrap(True)
        self.hint = hint
        column.addWidget(hint)

        grid = QGridLayout()
        grid.setSpacing(6)
        self.buttons: list[QPushButton] = []
        big = QFont(self.font())
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.3)
        for value in range(11):
            button = QPushButton(str(value), self)
            button.setFont(big)
            button.setMinimumSize(44, 64)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAccessibleName(f"Distress {value} of 10")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, v=value: self._answer(v))
            grid.addWidget(button, 0, value)
            self.buttons.append(button)
        column.addLayout(grid, 1)

        row = QHBoxLayout()
        self.skip_button = QPushButton("Skip the question", self)
        self.skip_button.setAccessibleName("Skip the question and start at once")
        self.skip_button.setMinimumHeight(44)
        self.skip_button.clicked.connect(lambda: self._answer(None))
        self.help_button = QPushButton("Need help now?", self)
        self.help_button.setAccessibleName("Need help now? Your safety plan and people to call")
        self.help_button.setMinimumHeight(44)
        self.help_button.clicked.connect(self.help_requested.emit)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.help_button)
        column.addLayout(row)

    def show_help(self, panel: QWidget) -> None:
        """Show the "Need help now?" panel under the question (the window grows to fit it)."""
        if self.help_panel is not panel:
            self._column.addWidget(panel)
            self.help_panel = panel
        panel.show()
        self.adjustSize()

    def ask(self) -> None:
        """Show the question again (the window is reused), on the screen under the pointer."""
        self._one.stop()
        self._placed = False
        self.show()
        self.raise_()
        self.activateWindow()
        self.buttons[5].setFocus()

    def _answer(self, value: int | None) -> None:
        self._one.stop()
        self.hide()
        self.chosen.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            if self._one.isActive():
                self._answer(10 if digit == 0 else digit)  # 1 then 0 is 10; else the new key
            elif digit == 1:
                self._one.start()
            else:
                self._answer(digit)
        elif key == Qt.Key.Key_Escape:
            self._one.stop()
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:
            self._placed = True
            place_under_pointer(self, 620, 260, share=0.8)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._one.stop()
        super().closeEvent(event)
