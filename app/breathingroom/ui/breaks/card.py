"""The small card near the tray: an invitation ("Breathe now", "In 10 min", "Skip"), then, after
a break, one tap to say how it went ("Better", "Same", "Worse").

The card never takes the keyboard: it is a tool window that shows without activating and does
not accept focus, so typing carries on in the window in front. A click works; a person who wants
the keyboard can click the card first (then Tab and Enter work, and Esc closes it as "In 10 min").
It is never full-screen and never modal.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal, SignalInstance
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from breathingroom.ui.theme import LIGHT, Tokens

#: The ratings after a break, as stored and as shown.
RATINGS = (("better", "Better"), ("same", "Same"), ("worse", "Worse"))
MARGIN = 12


class InvitationCard(QWidget):
    breathe_now = Signal()
    later = Signal()
    skip = Signal()
    #: "better", "same" or "worse".
    rated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Breathing Room: a break")
        self.setAccessibleName("Break invitation")
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Invitation")
        self.detail = QLabel()
        self.detail.setWordWrap(True)

        self.breathe_button = self._button("Breathe now", self.breathe_now)
        self.breathe_button.setDefault(True)
        self.later_button = self._button("In 10 min", self.later)
        self.skip_button = self._button("Skip", self.skip)
        self.invite_row = QHBoxLayout()
        for button in (self.breathe_button, self.later_button, self.skip_button):
            self.invite_row.addWidget(button)
        self.rate_buttons: dict[str, QPushButton] = {}
        self.rate_row = QHBoxLayout()
        for key, label in RATINGS:
            button = QPushButton(label)
            button.setAccessibleName(f"I feel {label.lower()}")
            button.setMinimumHeight(36)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, k=key: self._rate(k))
            self.rate_buttons[key] = button
            self.rate_row.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(10)
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addLayout(self.invite_row)
        layout.addLayout(self.rate_row)
        self.setFixedWidth(360)
        self.set_tokens(LIGHT)
        #: "invite", "remind" or "rate" while shown; ``answered`` keeps the mode last answered.
        self.mode = ""
        self.answered = ""

    def _button(self, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setMinimumHeight(36)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda: self._answer(signal))
        return button

    def _show_row(self, row: QHBoxLayout, shown: bool) -> None:
        for i in range(row.count()):
            item = row.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(shown)

    # -- what it shows ---------------------------------------------------------------------
    def invite(self, text: str, detail: str) -> None:
        self._labels("Breathe now", "In 10 min", "Skip")
        self.later_button.setVisible(True)
        self.mode = "invite"
        self.message.setText(text)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self._show_row(self.invite_row, True)
        self._show_row(self.rate_row, False)
        self._present()

    def remind(self) -> None:
        """A check-in reminder: "Check in now" or "Not now"."""
        self.invite("A moment to check in?", "A few seconds: how pleasant, how much energy.")
        self._labels("Check in now", "In 10 min", "Not now")
        self.later_button.setVisible(False)
        self.mode = "remind"

    def _labels(self, *texts: str) -> None:
        for button, text in zip(
            (self.breathe_button, self.later_button, self.skip_button), texts, strict=True
        ):
            button.setText(text)
            button.setAccessibleName(text)

    def ask_rating(self) -> None:
        self.mode = "rate"
        self.message.setText("How do you feel now, compared with before the break?")
        self.detail.setVisible(False)
        self._show_row(self.invite_row, False)
        self._show_row(self.rate_row, True)
        self._present()

    def _present(self) -> None:
        self.adjustSize()
        self.move(self.place(self.size().width(), self.size().height(), None))
        self.show()  # shown without activating: the keyboard stays where it was

    def place(self, width: int, height: int, near: QRect | None) -> QPoint:
        """Beside the tray icon when its place is known, else the screen's bottom-right corner."""
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        if near is not None and near.isValid() and not near.isEmpty():
            x = min(
                max(near.center().x() - width // 2, area.left() + MARGIN),
                area.right() - width - MARGIN,
            )
            below = near.bottom() + MARGIN
            y = below if below + height <= area.bottom() else near.top() - height - MARGIN
            return QPoint(x, max(y, area.top() + MARGIN))
        return QPoint(area.right() - width - MARGIN, area.bottom() - height - MARGIN)

    def place_near(self, icon_area: QRect) -> None:
        self.move(self.place(self.width(), self.height(), icon_area))

    def set_tokens(self, tokens: Tokens) -> None:
        self.setStyleSheet(
            f"QWidget#card {{ background: {tokens.surface}; border: 1px solid {tokens.soft_fill};"
            f" border-radius: 10px; }}"
            f"QLabel {{ color: {tokens.text}; }}"
            f"QPushButton {{ color: {tokens.text}; background: {tokens.background};"
            f" border: 1px solid {tokens.muted}; border-radius: 6px; padding: 4px 12px; }}"
            f"QPushButton:default {{ background: {tokens.inhale}; color: {tokens.surface};"
            f" border-color: {tokens.inhale}; }}"
            f"QPushButton:focus {{ border: 2px solid {tokens.exhale}; }}"
        )
        self.detail.setStyleSheet(f"color: {tokens.muted};")
        # A changed sheet alone leaves the already polished children as they were drawn.
        for widget in (self, *self.findChildren(QWidget)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    # -- answers ---------------------------------------------------------------------------
    def _answer(self, signal: SignalInstance) -> None:
        self.answered, self.mode = self.mode, ""
        self.hide()
        signal.emit()

    def _rate(self, key: str) -> None:
        self.mode = ""
        self.hide()
        self.rated.emit(key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.mode == "invite":
                self._answer(self.later)
            elif self.mode == "remind":
                self._answer(self.skip)
            else:
                self.mode = ""
                self.hide()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.mode in ("invite", "remind"):
            self._answer(self.later if self.mode == "invite" else self.skip)
        super().closeEvent(event)
