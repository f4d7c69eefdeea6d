"""The year view: one square per day, coloured by how pleasant that day felt ("year in pixels").

``YearView(tokens: Tokens = LIGHT, parent: QWidget | None = None)``

- ``set_days(year, values)`` shows ``year``; ``values`` maps a local day to its mean pleasantness
  (1–9) or ``None``. Days missing from it, or ``None``, have no check-ins and are drawn as an
  outline only, never as a colour. :func:`breathingroom.core.days.daily_means` computes the means.
- ``set_tokens(tokens)`` follows the theme (``ui/theme.py``).
- ``day_activated(date)`` is emitted on a click or on Enter/Space, so the window can jump the graph
  to that day.

Layout: 12 month rows × 31 day columns, the layout of the "Year in Pixels" apps people import
from. At about 700×300 px it gives squares about 17 px wide (a 53×7 week grid gives 10 px ones and
leaves half the height empty), a row reads as a month and a column header as a day of the month.
The weekday is written out in the tooltip, in the line under the grid and in the accessible name.

Colour: a sequential single-hue ramp from the theme's ``soft_fill`` to its ``inhale``, interpolated
in OKLab so the steps look even. Its lightness changes monotonically (darker is more pleasant in
the light theme, brighter in the dark one), so it reads without telling hues apart. The legend
says "less pleasant" and "more pleasant" around the 1–9 scale.

Keyboard: Left/Right move the focus square by a day, Up/Down by a week, Page Up/Page Down by a
month, Home/End to the first/last day of the year; Enter or Space activates the day. The focused
day (text and value) is the widget's accessible name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from breathingroom.ui.theme import LIGHT, Tokens, to_linear

LOW, HIGH = 1.0, 9.0
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_LABELS = (1, 5, 10, 15, 20, 25, 30)
LEGEND_GAP = 24.0
MARGIN = 12.0
LEGEND_SWATCH = 14.0


# --- colour -------------------------------------------------------------------------------------


def _from_linear(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _oklab(color: QColor) -> tuple[float, float, float]:
    r, g, b = (to_linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
    l_ = math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
    m_ = math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
    s_ = math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _from_oklab(lab: tuple[float, float, float]) -> QColor:
    L, a, b = lab
    l_ = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (L - 0.0894841775 * a - 1.2914855480 * b) ** 3
    r = 4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_
    g = -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_
    bb = -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_
    return QColor.fromRgbF(_from_linear(r), _from_linear(g), _from_linear(bb))


def ramp_color(tokens: Tokens, value: float) -> QColor:
    """The colour of a day whose mean pleasantness is ``value`` (clamped to 1–9)."""
    t = (min(HIGH, max(LOW, value)) - LOW) / (HIGH - LOW)
    start, end = _oklab(QColor(tokens.soft_fill)), _oklab(QColor(tokens.inhale))
    return _from_oklab(
        (
            start[0] + (end[0] - start[0]) * t,
            start[1] + (end[1] - start[1]) * t,
            start[2] + (end[2] - start[2]) * t,
        )
    )


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way toward ``b`` (in sRGB; for neutrals such as outlines)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


# --- text ---------------------------------------------------------------------------------------


def day_name(day: date) -> str:
    """``Tue 14 Oct 2025``, the same in every locale (the app's words are English)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_text(day: date, value: float | None) -> str:
    if value is None:
        return f"{day_name(day)}: no check-ins"
    return f"{day_name(day)}: pleasantness {value:.1f} on average"


def _clean(value: float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    return None if math.isnan(value) else min(HIGH, max(LOW, value))


# --- the widget ---------------------------------------------------------------------------------


class YearView(QWidget):
    """A calendar heat map of one year; see the module docstring."""

    day_activated = Signal(object)  # date

    def __init__(self, tokens: Tokens = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tokens = tokens
        self._year = 2000  # until set_days; the view never reads the clock itself
        self._values: dict[date, float] = {}
        self._focus = date(self._year, 1, 1)
        self._hover: date | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleDescription(
            "How pleasant your days felt, one square per day. Arrow keys move by a day or a week, "
            "Enter shows the day in the graph."
        )
        self._update_accessible()

    # -- public API --------------------------------------------------------------------------

    def set_days(self, year: int, values: Mapping[date, float | None]) -> None:
        """Show ``year`` with these daily means; days of other years are ignored."""
        self._year = year
        self._values = {}
        for day, value in values.items():
            clean = _clean(value)
            if day.year == year and clean is not None:
                self._values[day] = clean
        if self._focus.year != year:
            self._focus = max(self._values) if self._values else date(year, 1, 1)
        self._hover = None
        self._update_accessible()
        self.update()

    def set_tokens(self, tokens: Tokens) -> None:
        self._tokens = tokens
        self.update()

    def year(self) -> int:
        return self._year

    def value(self, day: date) -> float | None:
        return self._values.get(day)

    def color_for(self, value: float | None) -> QColor | None:
        """The fill for a day with this mean, or ``None`` (outline only) for a day without one."""
        clean = _clean(value)
        return None if clean is None else ramp_color(self._tokens, clean)

    def text_for(self, day: date) -> str:
        """``Tue 14 Oct 2025: pleasantness 6.2 on average`` (the tooltip and accessible name)."""
        return day_text(day, self._values.get(day))

    def message(self) -> str:
        """The calm line shown instead of the legend when the year has no check-ins, else ""."""
        return "" if self._values else f"No check-ins in {self._year} yet."

    def focused_day(self) -> date:
        return self._focus

    def set_focused_day(self, day: date) -> None:
        first, last = date(self._year, 1, 1), date(self._year, 12, 31)
        day = min(last, max(first, day))
        if day != self._focus:
            self._focus = day
            self._update_accessible()
            self.update()

    def squares(self) -> dict[date, QRectF]:
        """Every day of the year and where its square is drawn."""
        geo = self._geometry()
        return {day: self._square(geo, day) for day in self._days()}

    def day_at(self, pos: QPointF) -> date | None:
        geo = self._geometry()
        col = math.floor((pos.x() - geo.left) / geo.cell)
        row = math.floor((pos.y() - geo.top) / geo.cell)
        if not (0 <= col < 31 and 0 <= row < 12):
            return None
        try:
            return date(self._year, row + 1, col + 1)
        except ValueError:  # 30 February and the like
            return None

    def sizeHint(self) -> QSize:
        return QSize(700, 300).expandedTo(self.minimumSizeHint())

    def minimumSizeHint(self) -> QSize:
        width, height = self._chrome()
        cell = self._min_cell()
        return QSize(math.ceil(width + 31 * cell), math.ceil(height + 12 * cell))

    # -- geometry ----------------------------------------------------------------------------

    def _days(self) -> list[date]:
        first = date(self._year, 1, 1)
        count = (date(self._year + 1, 1, 1) - first).days
        return [first + timedelta(days=i) for i in range(count)]

    class _Geo:
        def __init__(self, left: float, top: float, cell: float, line: float) -> None:
            self.left, self.top, self.cell, self.line = left, top, cell, line

        @property
        def gap(self) -> float:
            return max(2.0, round(self.cell / 7))

        @property
        def bottom(self) -> float:
            return self.top + 12 * self.cell

        @property
        def right(self) -> float:
            return self.left + 31 * self.cell

    def _geometry(self) -> YearView._Geo:
        fm = self.fontMetrics()
        line = float(fm.height())
        label_w = max(fm.horizontalAdvance(m) for m in MONTHS) + 10.0
        header, footer = line + 4.0, line + 12.0
        chrome_w, chrome_h = self._chrome()
        avail_w, avail_h = self.width() - chrome_w, self.height() - chrome_h
        cell = max(self._min_cell(), math.floor(min(avail_w / 31, avail_h / 12)))
        block_w = label_w + 31 * cell + LEGEND_GAP + self._legend_width()
        left = max(MARGIN, (self.width() - block_w) / 2) + label_w
        top = max(MARGIN, (self.height() - header - 12 * cell - footer) / 2) + header
        return YearView._Geo(left, top, cell, line)

    def _min_cell(self) -> float:
        """Rows no shorter than the month names' glyphs, so labels never overlap."""
        return float(math.ceil(self.fontMetrics().height() * 0.85))

    def _chrome(self) -> tuple[float, float]:
        """The room the labels, legend and margins take: (width, height) around the grid."""
        fm = self.fontMetrics()
        line = float(fm.height())
        label_w = max(fm.horizontalAdvance(m) for m in MONTHS) + 10.0
        width = 2 * MARGIN + label_w + LEGEND_GAP + self._legend_width()
        height = 2 * MARGIN + (line + 4.0) + (line + 12.0)
        return width, height

    def _legend_width(self) -> float:
        fm = self.fontMetrics()
        words = max(fm.horizontalAdvance(w) for w in ("less pleasant", "more pleasant"))
        return float(max(words, LEGEND_SWATCH + 6 + fm.horizontalAdvance("9")))

    def _square(self, geo: YearView._Geo, day: date) -> QRectF:
        gap = geo.gap
        return QRectF(
            geo.left + (day.day - 1) * geo.cell + gap / 2,
            geo.top + (day.month - 1) * geo.cell + gap / 2,
            geo.cell - gap,
            geo.cell - gap,
        )

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        tokens = self._tokens
        bg, text, muted = (QColor(tokens.background), QColor(tokens.text), QColor(tokens.muted))
        outline = _mix(bg, muted, 0.45)
        geo = self._geometry()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), bg)
        p.setFont(self.font())

        # Day-of-month numbers over the columns, month names before the rows.
        p.setPen(muted)
        for n in DAY_LABELS:
            x = geo.left + (n - 1) * geo.cell
            p.drawText(
                QRectF(x - geo.cell, geo.top - geo.line - 4, 3 * geo.cell, geo.line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                str(n),
            )
        for i, name in enumerate(MONTHS):
            p.drawText(
                QRectF(0, geo.top + i * geo.cell, geo.left - 8, geo.cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )

        radius = max(1.5, (geo.cell - geo.gap) * 0.18)
        for day in self._days():
            rect = self._square(geo, day)
            value = self._values.get(day)
            if value is None:
                p.setPen(QPen(outline, 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(ramp_color(tokens, value))
                p.drawRoundedRect(rect, radius, radius)

        # The hovered day gets a quiet ring, the focused one (with keyboard focus) a clear one.
        p.setBrush(Qt.BrushStyle.NoBrush)
        ring = geo.gap / 2 + 0.5
        if self._hover is not None and self._hover != self._focus:
            p.setPen(QPen(muted, 1.0))
            rect = self._square(geo, self._hover).adjusted(-ring, -ring, ring, ring)
            p.drawRoundedRect(rect, radius + 1, radius + 1)
        if self.hasFocus():
            p.setPen(QPen(text, 2.0))
            rect = self._square(geo, self._focus).adjusted(-ring, -ring, ring, ring)
            p.drawRoundedRect(rect, radius + 1, radius + 1)

        self._paint_footer(p, geo, text, muted)
        p.end()

    def _paint_footer(self, p: QPainter, geo: YearView._Geo, text: QColor, muted: QColor) -> None:
        fm = self.fontMetrics()
        line_rect = QRectF(geo.left, geo.bottom + 8, self.width() - geo.left - 12, geo.line)
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if not self._values:
            p.setPen(muted)
            p.drawText(line_rect, left_middle, self.message())
            if self.hasFocus() or self._hover is not None:
                line_rect.translate(0, geo.line + 4)
            else:
                return
        else:
            self._paint_legend(p, geo, muted)

        # The day under the pointer, or the focused one, written out under the grid.
        shown = self._hover or (self._focus if self.hasFocus() else None)
        if shown is not None:
            label = fm.elidedText(
                self.text_for(shown), Qt.TextElideMode.ElideRight, int(line_rect.width())
            )
            p.setPen(text)
            p.drawText(line_rect, left_middle, label)

    def _paint_legend(self, p: QPainter, geo: YearView._Geo, muted: QColor) -> None:
        """Nine swatches, 9 at the top: "more pleasant" above them, "less pleasant" below."""
        sw, step = LEGEND_SWATCH, max(LEGEND_SWATCH + 3, geo.line)
        height = 2 * geo.line + 9 * step + 4
        x = geo.right + LEGEND_GAP
        y = geo.top + max(0.0, (12 * geo.cell - height) / 2)
        width = self._legend_width()
        left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        p.setPen(muted)
        p.drawText(QRectF(x, y, width, geo.line), left_middle, "more pleasant")
        y += geo.line + 2
        radius = max(1.5, sw * 0.18)
        for n in range(9, 0, -1):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(ramp_color(self._tokens, n))
            p.drawRoundedRect(QRectF(x, y + (step - sw) / 2, sw, sw), radius, radius)
            p.setPen(muted)
            p.drawText(QRectF(x + sw + 6, y, width, step), left_middle, str(n))
            y += step
        p.drawText(QRectF(x, y + 2, width, geo.line), left_middle, "less pleasant")

    # -- input -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        Key = Qt.Key
        day = self._focus
        if key == Key.Key_Left:
            self.set_focused_day(day - timedelta(days=1))
        elif key == Key.Key_Right:
            self.set_focused_day(day + timedelta(days=1))
        elif key == Key.Key_Up:
            self.set_focused_day(day - timedelta(days=7))
        elif key == Key.Key_Down:
            self.set_focused_day(day + timedelta(days=7))
        elif key in (Key.Key_PageUp, Key.Key_PageDown):
            month = day.month + (-1 if key == Key.Key_PageUp else 1)
            if 1 <= month <= 12:
                self.set_focused_day(_same_day_in(self._year, month, day.day))
        elif key == Key.Key_Home:
            self.set_focused_day(date(self._year, 1, 1))
        elif key == Key.Key_End:
            self.set_focused_day(date(self._year, 12, 31))
        elif key in (Key.Key_Return, Key.Key_Enter, Key.Key_Space):
            self.day_activated.emit(self._focus)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and day is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_focused_day(day)
            self.day_activated.emit(day)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position())
        if day != self._hover:
            self._hover = day
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(QPointF(event.pos()))
            if day is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.text_for(day), self)
            return True
        return super().event(event)

    def _update_accessible(self) -> None:
        self.setAccessibleName(self.text_for(self._focus))


def _same_day_in(year: int, month: int, day: int) -> date:
    """``day`` of ``month``, or that month's last day when it is shorter (31 Jan → 28/29 Feb)."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
