"""Small helpers shared by the app's windows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint
from PySide6.QtGui import QCursor, QGuiApplication, QPageLayout, QPageSize, QPdfWriter
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


def place_under_pointer(window: QWidget, width: int, height: int, share: float) -> None:
    """Size ``window`` (as :func:`fit_to_screen`) and centre it on the screen under the pointer.

    For the SOS windows: a person in distress finds them where they are looking.
    """
    fit_to_screen(window, width, height, share)
    screen = QGuiApplication.screenAt(QCursor.pos()) or window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        window.move(room.center() - QPoint(window.width() // 2, window.height() // 2))


def a4_pdf(path: Path, title: str, resolution: int) -> QPdfWriter:
    """A PDF writer for the app's printouts: A4 portrait, the same margins, titled."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Breathing Room")
    writer.setResolution(resolution)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 16, 18, 14),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer
