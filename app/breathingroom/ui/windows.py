"""Small helpers shared by the app's windows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_to_screen(window: QWidget, width: int, height: int, share: float = 0.9) -> None:
    """Size ``window`` to ``width`` × ``height``, but never past ``share`` of its screen.

    Large text scaling or a small screen would otherwise push buttons off the bottom.
    """
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, int(room.width() * share))
        height = min(height, int(room.height() * share))
    hint = window.minimumSizeHint()
    window.resize(max(width, hint.width()), max(height, hint.height()))
