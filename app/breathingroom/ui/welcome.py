"""The welcome window: shown once, on the first start, and again from "Welcome…" in the tray.

``WelcomeWindow(data_dir: str, tray: bool, parent: QWidget | None = None)``

It says what the app is, where it waits (the tray, or the home window where there is none),
offers a one-minute try of the default pattern (``try_breathing``), tells how to bind the SOS to
a key, and where the data lives. It has no timers and owns nothing else; closing it only hides it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from breathingroom.services.paths import Paths
from breathingroom.ui.theme import LIGHT, Tokens
from breathingroom.ui.windows import fit_to_screen

WHAT = (
    "Breathing Room helps you slow down: paced breathing with a calm picture and optional "
    "sound, short grounding exercises for hard moments, and a private mood journal. "
    "It waits quietly until you need it and runs nothing in the background."
)
WHERE_TRAY = (
    "Its icon, a green circle with two waves, sits in the system tray, usually in a corner of "
    "the screen beside the clock. Click it to breathe; right-click it for everything else. "
    "If your desktop shows no tray, a small Breathing Room window stands in for it (on GNOME, "
    "the AppIndicator extension adds a tray)."
)
WHERE_HOME = (
    "Your desktop shows no system tray, so Breathing Room lives in a small window of its own; "
    "closing that window quits the app. On GNOME, the AppIndicator extension adds a tray, where "
    "the app can then wait quietly."
)
SOS = (
    "For hard moments, bind a key to the command <b>breathing-room sos</b> in your desktop's "
    "keyboard settings (the README shows how on GNOME, KDE Plasma and Xfce). It opens the SOS "
    "from anywhere, and starts the app if it is not running."
)


def first_start(paths: Paths) -> bool:
    """Is this the first start here: no settings and no journal in the data folder yet?"""
    return not paths.settings_file.exists() and not paths.database.exists()


def data_words(data_dir: str) -> str:
    return (
        f"Your journal and settings are kept in {data_dir} on this computer. Nothing is sent "
        "anywhere: the app makes no network connection."
    )


class WelcomeWindow(QWidget):
    #: "Try one minute": breathe the default pattern for a minute.
    try_breathing = Signal()

    def __init__(self, data_dir: str, tray: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Welcome · Breathing Room")
        self.setAccessibleName("Welcome to Breathing Room")
        self._fitted = False
        self._muted: list[QLabel] = []

        title = QLabel("Welcome to Breathing Room", self)
        font = QFont(title.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.6)
        title.setFont(font)
        title.setAccessibleName("Welcome to Breathing Room")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(title)
        self.what = self._paragraph(WHAT, "What Breathing Room is")
        layout.addWidget(self.what)
        self.where = self._paragraph(WHERE_TRAY if tray else WHERE_HOME, "Where it waits")
        layout.addWidget(self.where)

        self.try_button = QPushButton("Try one minute of Coherent breathing", self)
        self.try_button.setAccessibleName("Try one minute of Coherent breathing")
        self.try_button.setToolTip(
            "Slow, even breathing, in and out through the nose: about six breaths a minute"
        )
        self.try_button.setMinimumHeight(44)
        self.try_button.setAutoDefault(True)
        self.try_button.clicked.connect(self._try)
        row = QHBoxLayout()
        row.addWidget(self.try_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.sos = self._paragraph(SOS, "The SOS from a key")
        self.sos.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.sos)
        self.data = self._paragraph(data_words(data_dir), "Where your data lives")
        self.data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._muted.append(self.data)
        layout.addWidget(self.data)
        self.again = self._paragraph(
            "You can read this again from Welcome… in the tray menu.", "Reading this again"
        )
        self._muted.append(self.again)
        layout.addWidget(self.again)
        layout.addStretch(1)

        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close the welcome window")
        self.close_button.setMinimumHeight(36)
        self.close_button.setAutoDefault(True)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.set_tokens(LIGHT)
        self.try_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _paragraph(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setAccessibleDescription(text)
        return label

    def set_tokens(self, tokens: Tokens) -> None:
        for label in self._muted:
            label.setStyleSheet(f"color: {tokens.muted};")

    def _try(self) -> None:
        self.try_breathing.emit()
        self.close()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, 560, 470)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
