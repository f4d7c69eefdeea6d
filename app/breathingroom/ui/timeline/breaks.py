"""The break calendar: one square per day for the last 26 weeks, shaded by breaks taken.

``BreakCalendar(tokens: Tokens = LIGHT, parent: QWidget | None = None)``

- ``set_breaks(last_day, counts)`` shows the 26 weeks ending with the week of ``last_day``;
  ``counts`` maps a local day to the breaks taken that day (see
  :func:`breathingroom.core.breaks.breaks_per_day`).
- ``set_tokens(tokens)`` follows the theme.

Columns are weeks (Monday at the top), as the heat maps people know from elsewhere. Shades step
from the theme's ``soft_fill`` to its ``inhale``: none, 1, 2, 3 or more; a day with none is an
outline only, and the legend and tooltips say the numbers in words, so colour is never the only
carrier. The accessible description says the total in words. The legend stands to the right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from breathingroom.ui.theme import LIGHT, Tokens

WEEKS = 26
CELL = 11.0
GAP = 2.0
LEFT = 28.0
TOP = 4.0
#: The legend stands to the right of the grid, one step a row.
LEGEND_WIDTH = 96.0
DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "")


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


class BreakCalendar(QWidget):
    def __init__(self, tokens: Tokens = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tokens = tokens
        self.first = self.last = date(2000, 1, 3)  # set_breaks gives the real weeks
        self.counts: dict[date, int] = {}
        self.setAccessibleName("Breaks you took, the last 26 weeks")
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        width = LEFT + WEEKS * (CELL + GAP) + LEGEND_WIDTH
        height = TOP + 7 * (CELL + GAP)
        return QSize(int(width) + 2, int(height) + 2)

    minimumSizeHint = sizeHint

    def set_breaks(self, last_day: date, counts: Mapping[date, int]) -> None:
        monday = last_day - timedelta(days=last_day.weekday())
        self.first = monday - timedelta(weeks=WEEKS - 1)
        self.last = last_day
        self.counts = {d: n for d, n in counts.items() if self.first <= d <= last_day and n}
        total = sum(self.counts.values())
        days = len(self.counts)
        self.setAccessibleDescription(
            f"{total} break{'s' if total != 1 else ''} on {days} day{'s' if days != 1 else ''} "
            "in the last 26 weeks"
        )
        self.update()

    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.update()

    def shade(self, count: int) -> QColor | None:
        if count <= 0:
            return None
        low, high = self.tokens.color("soft_fill"), self.tokens.color("inhale")
        return _mix(low, high, min(count, 3) / 3)

    def cell(self, day: date) -> QRectF:
        offset = (day - self.first).days
        week, weekday = divmod(offset, 7)
        return QRectF(LEFT + week * (CELL + GAP), TOP + weekday * (CELL + GAP), CELL, CELL)

    def day_at(self, x: float, y: float) -> date | None:
        week = int((x - LEFT) // (CELL + GAP))
        weekday = int((y - TOP) // (CELL + GAP))
        if not (0 <= week < WEEKS and 0 <= weekday < 7) or x < LEFT or y < TOP:
            return None
        day = self.first + timedelta(days=week * 7 + weekday)
        return day if day <= self.last else None

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        muted = self.tokens.color("muted")
        outline = QPen(self.tokens.color("soft_fill"), 1)
        painter.setPen(muted)
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        for weekday, name in enumerate(DAY_NAMES):
            if name:
                y = TOP + weekday * (CELL + GAP)
                painter.drawText(
                    QRectF(0, y - 2, LEFT - 4, CELL + 4), Qt.AlignmentFlag.AlignRight, name
                )
        day = self.first
        while day <= self.last:
            rect = self.cell(day)
            colour = self.shade(self.counts.get(day, 0))
            if colour is None:
                painter.setPen(outline)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(rect, 2, 2)
            day += timedelta(days=1)
        # Legend: the words, with a square for each step.
        x = LEFT + WEEKS * (CELL + GAP) + 12
        for row, (count, words) in enumerate(((0, "none"), (1, "1"), (2, "2"), (3, "3 or more"))):
            y = TOP + row * (CELL + GAP) * 1.5
            rect = QRectF(x, y, CELL, CELL)
            colour = self.shade(count)
            if colour is None:
                painter.setPen(outline)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(muted)
            width = painter.fontMetrics().horizontalAdvance(words) + 4
            painter.drawText(QRectF(x + CELL + 4, y - 2, width, CELL + 4), words)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos().x(), event.pos().y())
            if day is None:
                QToolTip.hideText()
            else:
                count = self.counts.get(day, 0)
                said = "no break" if not count else f"{count} break{'s' if count != 1 else ''}"
                QToolTip.showText(event.globalPos(), f"{day:%a %d %b %Y}: {said}", self)
            return True
        return super().event(event)
