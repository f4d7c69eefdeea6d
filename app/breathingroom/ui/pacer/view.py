"""The breathing shape: drawn from a :class:`BreathState`, nothing else.

Styles: ``circle`` (a soft shape that grows on the inhale), ``wave`` (a line tracing the breath
with a cursor riding it) and ``bar`` (a rising and falling column). With reduced motion every
style becomes a still vessel whose fill level moves in whole-second steps beside the text counts.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from breathingroom.core.pacing import BreathState, Session
from breathingroom.core.patterns import PhaseKind
from breathingroom.ui.theme import LIGHT, Tokens

STYLES = {"circle": "Circle", "wave": "Wave", "bar": "Bar"}
#: Seconds over which the tint blends into the next phase's colour.
TINT_BLEND = 0.6


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def phase_token(kind: PhaseKind) -> str:
    if kind is PhaseKind.EXHALE:
        return "exhale"
    if kind.is_hold or kind is PhaseKind.TOP_UP:
        return "hold"
    return "inhale"


class PacerView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tokens: Tokens = LIGHT
        self.style_name = "circle"
        self.reduced_motion = False
        self._state: BreathState | None = None
        self._session: Session | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Breathing guide")

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    # -- inputs ----------------------------------------------------------------------------
    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.update()

    def set_style(self, style: str) -> None:
        self.style_name = style if style in STYLES else "circle"
        self.update()

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_motion = on
        self.update()

    def set_state(self, session: Session | None, state: BreathState | None) -> None:
        self._session, self._state = session, state
        if state is not None:
            self.setAccessibleDescription(state.label)
        self.update()

    # -- what is drawn ---------------------------------------------------------------------
    def tint(self) -> QColor:
        """The phase colour, blended from the previous phase's over the first moments."""
        state, session = self._state, self._session
        if state is None or session is None:
            return self.tokens.color("inhale")
        phases = session.pattern.phases
        current = self.tokens.color(phase_token(state.phase.kind))
        into = state.progress * state.phase.seconds
        if state.finished or self.reduced_motion or state.elapsed - into <= 0:
            return current  # nothing to blend from at the very start
        previous = self.tokens.color(phase_token(phases[state.phase_index - 1].kind))
        return _mix(previous, current, into / TINT_BLEND)

    def level(self) -> float:
        """The volume drawn: smooth, or stepped once a second with reduced motion."""
        state, session = self._state, self._session
        if state is None or session is None:
            return 0.0
        if self.reduced_motion and not state.finished:
            into = state.progress * state.phase.seconds
            phase_start = state.elapsed - into
            return session.state_at(phase_start + math.floor(into + 1e-9)).volume
        return state.volume

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.reduced_motion:
            self._paint_vessel(painter)
        elif self.style_name == "wave":
            self._paint_wave(painter)
        elif self.style_name == "bar":
            self._paint_bar(painter)
        else:
            self._paint_circle(painter)
        painter.end()

    def _paint_circle(self, painter: QPainter) -> None:
        side = min(self.width(), self.height())
        centre = QPointF(self.width() / 2, self.height() / 2)
        r_max = side * 0.30  # a full breath fills about 60% of the smaller side
        r_min = r_max * 0.38
        radius = r_min + (r_max - r_min) * self.level()
        tint = self.tint()
        # A faint ring shows where a full breath reaches.
        guide = QColor(self.tokens.muted)
        guide.setAlphaF(0.25)
        painter.setPen(QPen(guide, max(1.0, side / 300), Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r_max, r_max)
        # A soft glow: a few translucent rings outside the shape.
        painter.setPen(Qt.PenStyle.NoPen)
        for i, alpha in enumerate((0.10, 0.07, 0.04), start=1):
            glow = QColor(tint)
            glow.setAlphaF(alpha)
            painter.setBrush(glow)
            painter.drawEllipse(centre, radius + i * side * 0.012, radius + i * side * 0.012)
        painter.setBrush(self.tokens.color("soft_fill"))
        painter.setPen(QPen(tint, max(2.0, side / 120)))
        painter.drawEllipse(centre, radius, radius)

    def _paint_bar(self, painter: QPainter) -> None:
        w, h = self.width(), self.height()
        bar_w = max(48.0, min(w * 0.22, 140.0))
        top, bottom = h * 0.08, h * 0.92
        outline = QRectF((w - bar_w) / 2, top, bar_w, bottom - top)
        radius = bar_w / 2.5
        tint = self.tint()
        painter.setPen(QPen(QColor(self.tokens.muted), 1.5))
        painter.setBrush(self.tokens.color("surface"))
        painter.drawRoundedRect(outline, radius, radius)
        fill_h = (outline.height() - 8) * (0.06 + 0.94 * self.level())
        fill = QRectF(outline.left() + 4, outline.bottom() - 4 - fill_h, bar_w - 8, fill_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(fill, radius - 4, radius - 4)

    def _paint_wave(self, painter: QPainter) -> None:
        state, session = self._state, self._session
        w, h = self.width(), self.height()
        top, bottom = h * 0.2, h * 0.8
        tint = self.tint()
        cursor_x = w * 0.35
        if state is None or session is None:
            return
        # One cycle fills the width; the curve scrolls past a fixed cursor.
        span = max(session.pattern.cycle_seconds, 4.0)
        seconds_per_px = span / max(w, 1)
        path = QPainterPath()
        samples = max(48, w // 4)
        for i in range(samples + 1):
            x = w * i / samples
            t = state.elapsed + (x - cursor_x) * seconds_per_px
            t = t % session.pattern.cycle_seconds if t < 0 else t
            v = session.state_at(min(t, session.duration - 1e-6)).volume
            y = bottom - (bottom - top) * v
            if i == 0:
                path.moveTo(x, y)
            else:
                path.lineTo(x, y)
        muted = QColor(self.tokens.muted)
        muted.setAlphaF(0.55)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(
            QPen(muted, max(2.0, h / 160), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        painter.drawPath(path)
        y = bottom - (bottom - top) * self.level()
        painter.setPen(Qt.PenStyle.NoPen)
        glow = QColor(tint)
        glow.setAlphaF(0.18)
        painter.setBrush(glow)
        painter.drawEllipse(QPointF(cursor_x, y), h * 0.06, h * 0.06)
        painter.setBrush(tint)
        painter.drawEllipse(QPointF(cursor_x, y), h * 0.035, h * 0.035)

    def _paint_vessel(self, painter: QPainter) -> None:
        w, h = self.width(), self.height()
        side = min(w, h) * 0.72
        outline = QRectF((w - side * 0.7) / 2, (h - side) / 2, side * 0.7, side)
        painter.setPen(QPen(QColor(self.tokens.muted), 2))
        painter.setBrush(self.tokens.color("surface"))
        painter.drawRoundedRect(outline, 18, 18)
        fill_h = (outline.height() - 10) * (0.04 + 0.96 * self.level())
        fill = QRectF(
            outline.left() + 5, outline.bottom() - 5 - fill_h, outline.width() - 10, fill_h
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.tint())
        painter.drawRoundedRect(fill, 12, 12)
