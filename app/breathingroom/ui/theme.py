"""Colours from DESIGN.md, and following the system's light or dark scheme.

The ``theme`` setting is ``system``, ``light`` or ``dark``. With ``system`` the scheme follows
Qt's style hints and changes live when the desktop switches.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette


def to_linear(c: float) -> float:
    """An sRGB channel (0 to 1) as linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (to_linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Tokens:
    name: str
    background: str
    surface: str
    text: str
    muted: str
    inhale: str
    exhale: str
    hold: str
    soft_fill: str

    def color(self, token: str) -> QColor:
        return QColor(getattr(self, token))


LIGHT = Tokens(
    "light", "#F5F7F6", "#FFFFFF", "#1D2B2A", "#4E5E5C", "#2B766E", "#3F6F9E", "#6A5FA8", "#D5EBE7"
)
DARK = Tokens(
    "dark", "#111817", "#1A2321", "#E5EEEC", "#A7B6B3", "#6CC3B7", "#8AB4DC", "#B0A4E6", "#23403C"
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def tokens_for(choice: str) -> Tokens:
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    return DARK if system_is_dark() else LIGHT


def palette_for(tokens: Tokens) -> QPalette:
    p = QPalette()
    bg, surface, text, muted = (
        QColor(tokens.background),
        QColor(tokens.surface),
        QColor(tokens.text),
        QColor(tokens.muted),
    )
    accent = QColor(tokens.inhale)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Window, bg)
        p.setColor(group, QPalette.ColorRole.WindowText, text)
        p.setColor(group, QPalette.ColorRole.Base, surface)
        p.setColor(group, QPalette.ColorRole.AlternateBase, bg)
        p.setColor(group, QPalette.ColorRole.Text, text)
        p.setColor(group, QPalette.ColorRole.Button, surface)
        p.setColor(group, QPalette.ColorRole.ButtonText, text)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, surface)
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, muted)
        p.setColor(group, QPalette.ColorRole.Highlight, accent)
        p.setColor(
            group,
            QPalette.ColorRole.HighlightedText,
            QColor(tokens.background if tokens.name == "dark" else "#FFFFFF"),
        )
        p.setColor(group, QPalette.ColorRole.Link, accent)
        p.setColor(group, QPalette.ColorRole.Mid, QColor(tokens.soft_fill))
        p.setColor(group, QPalette.ColorRole.Light, surface)
        p.setColor(group, QPalette.ColorRole.Midlight, QColor(tokens.soft_fill))
        p.setColor(group, QPalette.ColorRole.Dark, muted)
        p.setColor(group, QPalette.ColorRole.Shadow, muted)
    disabled = QPalette.ColorGroup.Disabled
    p.setColor(disabled, QPalette.ColorRole.Window, bg)
    p.setColor(disabled, QPalette.ColorRole.Base, bg)
    p.setColor(disabled, QPalette.ColorRole.Button, bg)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(disabled, role, muted)
    return p


class ThemeManager(QObject):
    """Applies the chosen scheme to the application and tells widgets when it changes."""

    changed = Signal(object)  # Tokens

    def __init__(self, choice: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choice = choice
        self.tokens = tokens_for(choice)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    def set_choice(self, choice: str) -> None:
        self._choice = choice
        self.apply()

    def apply(self) -> None:
        self.tokens = tokens_for(self._choice)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            QGuiApplication.setPalette(palette_for(self.tokens))
        self.changed.emit(self.tokens)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == "system":
            self.apply()
