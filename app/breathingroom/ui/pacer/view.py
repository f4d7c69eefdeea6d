"""The breathing shape: drawn from a :class:`BreathState`, nothing else.

Styles: ``circle`` (a soft shape that grows on the inhale), ``wave`` (one breath drawn as a line,
rise, hold and fall, with a dot moving along it) and ``bar`` (a level rising and falling inside a
vessel). With reduced motion every
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

    def bar_outline(self) -> QRectF:
        """The bar's outline; its fill never leaves it (a test samples the corners)."""
        w, h = self.width(), self.height()
        bar_w = max(48.0, min(w * 0.22, 140.0))
        top, bottom = h * 0.08, h * 0.92
        return QRectF((w - bar_w) / 2, top, bar_w, bottom - top)

    def _paint_bar(self, painter: QPainter) -> None:
        outline = self.bar_outline()
        radius = outline.width() / 2.5
        tint = self.tint()
        painter.setPen(QPen(QColor(self.tokens.muted), 1.5))
        painter.setBrush(self.tokens.color("surface"))
        painter.drawRoundedRect(outline, radius, radius)
        # The fill is a level inside the vessel: clipped to the inner shape, so its top stays
        # flat and inside the outline at every phase, even where the outline rounds.
        inner = outline.adjusted(4, 4, -4, -4)
        vessel = QPainterPath()
        vessel.addRoundedRect(inner, radius - 4, radius - 4)
        fill_h = inner.height() * (0.06 + 0.94 * self.level())
        painter.save()
        painter.setClipPath(vessel)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRect(QRectF(inner.left(), inner.bottom() - fill_h, inner.width(), fill_h))
        painter.restore()

    def wave_points(self) -> list[QPointF]:
        """One breath from left to right (rise, hold, fall, rest), fixed in place."""
        session = self._session
        if session is None:
            return []
        w, h = self.width(), self.height()
        left, right = w * 0.1, w * 0.9
        top, bottom = h * 0.25, h * 0.75
        cycle = session.pattern.cycle_seconds
        samples = 96
        points = []
        for i in range(samples + 1):
            t = cycle * i / samples
            v = session.state_at(min(t, cycle - 1e-6) if i == samples else t).volume
            points.append(QPointF(left + (right - left) * i / samples, bottom - (bottom - top) * v))
        return points

    def _paint_wave(self, painter: QPainter) -> None:
        state, session = self._state, self._session
        if state is None or session is None:
            return
        h = self.height()
        points = self.wave_points()
        cycle = session.pattern.cycle_seconds
        into = 1.0 if state.finished else (state.elapsed % cycle) / cycle
        width = max(3.0, h / 90)
        cap = Qt.PenCapStyle.RoundCap
        # The whole breath, faint; the part breathed so far in this breath, in the phase colour.
        muted = QColor(self.tokens.muted)
        muted.setAlphaF(0.45)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(muted, width, Qt.PenStyle.SolidLine, cap))
        whole = QPainterPath(points[0])
        for point in points[1:]:
            whole.lineTo(point)
        painter.drawPath(whole)
        tint = self.tint()
        left, right = points[0].x(), points[-1].x()
        x = left + (right - left) * into
        y = h * 0.75 - h * 0.5 * self.level()
        done = QPainterPath(points[0])
        for point in points[1:]:
            if point.x() >= x:
                break
            done.lineTo(point)
        done.lineTo(QPointF(x, y))
        painter.setPen(QPen(tint, width * 1.6, Qt.PenStyle.SolidLine, cap))
        painter.drawPath(done)
        # The moving dot, with a soft halo.
        painter.setPen(Qt.PenStyle.NoPen)
        glow = QColor(tint)
        glow.setAlphaF(0.2)
        painter.setBrush(glow)
        painter.drawEllipse(QPointF(x, y), h * 0.06, h * 0.06)
        painter.setBrush(tint)
        painter.drawEllipse(QPointF(x, y), h * 0.033, h * 0.033)

    def _paint_vessel(self, painter: QPainter) -> None:
        w, h = self.width(), self.height()
        side = min(w, h) * 0.72
        outline = QRectF((w - side * 0.7) / 2, (h - side) / 2, side * 0.7, side)
        painter.setPen(QPen(QColor(self.tokens.muted), 2))
        painter.setBrush(self.tokens.color("surface"))
        painter.drawRoundedRect(outline, 18, 18)
        inner = outline.adjusted(5, 5, -5, -5)
        vessel = QPainterPath()
        vessel.addRoundedRect(inner, 13, 13)
        fill_h = inner.height() * (0.04 + 0.96 * self.level())
        painter.save()
        painter.setClipPath(vessel)  # a flat level inside the vessel, as in the bar
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.tint())
        painter.drawRect(QRectF(inner.left(), inner.bottom() - fill_h, inner.width(), fill_h))
        painter.restore()
