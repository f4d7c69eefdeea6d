"""The timeline graph: check-ins and sessions over time, drawn with pyqtgraph.

``TimelinePlot(clock: Clock | None = None, parent: QWidget | None = None)``

- ``set_data(checkins, sessions)`` draws them; the visible range stays where it is (the first
  call shows the week up to the newest entry).
- ``set_tokens(tokens)`` colours it from the theme.
- ``show_range(start, end)`` shows that stretch of time; ``range_changed(start, end)`` tells
  when the visible range changes, as naive datetimes of wall-clock time.
- ``select(index)`` highlights the check-in at that index of the list given to ``set_data``
  and shows its details; ``point_selected(index)`` is emitted when the person picks one (click,
  Left/Right).

Keyboard: Left/Right move between check-ins in time order, + and - zoom, PageUp/PageDown show
the previous/next period (a calendar month or year when the view is one), Home shows today.
The wheel zooms, dragging pans; only time zooms, the 1–9 scale stays put.

Time on the x axis is wall-clock time: each entry sits at its local time as if it were UTC
(``entry.local.replace(tzinfo=UTC).timestamp()``) and the axis labels are drawn in UTC. So an
entry made at 00:30 stays just after midnight of its own day, whatever the computer's zone is,
across a clock change or after a trip; and every day is exactly 86 400 units wide, so the daily
means are plain integer division. The price: two entries an hour apart across the autumn clock
change may be drawn in the "wrong" order, which is how the wall clock read them.

Everything the graph draws is kept so tests can read the arrays: ``pleasant_points``,
``energy_points`` (``PlotDataItem``), ``mean_line`` and ``band`` (dicts keyed ``"pleasant"``
and ``"energy"``; a band is a ``FillBetweenItem`` whose ``curves`` are the daily min and max),
``session_markers`` (``ScatterPlotItem``) with ``session_texts``.

Import this module only when the timeline first opens: it loads pyqtgraph.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QNativeGestureEvent, QPainterPath
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from breathingroom.core.clock import Clock
from breathingroom.core.journal import CheckIn
from breathingroom.core.records import SessionRecord
from breathingroom.ui.theme import LIGHT, Tokens

pg.setConfigOptions(antialias=True)

DAY = 86_400.0
YEAR = 365.2425 * DAY
MIN_SPAN = DAY
MAX_SPAN = 10.5 * YEAR
Y_MIN, Y_MAX = 0.0, 9.5
SESSION_Y = 0.5
#: Each + or - (and each wheel step, through pyqtgraph) changes the span by this factor.
ZOOM_STEP = 1.25
#: Wider than the first, check-ins fade; wider than the second (a season) only lines show.
POINTS_FULL_SPAN = 45 * DAY
POINTS_MAX_SPAN = 120 * DAY
HOVER_PIXELS = 12.0
POINT_SIZE = 7

TITLE = "How your days felt"
EMPTY_TEXT = "Nothing here yet. Check in from the tray, and your days will show here."
KIND_NAMES = {"breathing": "Breathing", "grounding": "Grounding", "break": "Break"}
_EPOCH = datetime(1970, 1, 1)


def wall_x(moment: datetime) -> float:
    """Where ``moment`` sits on the x axis: its wall-clock time read as if it were UTC."""
    return moment.replace(tzinfo=UTC).timestamp()


def wall_time(x: float) -> datetime:
    """The naive wall-clock time at ``x``."""
    return _EPOCH + timedelta(seconds=float(x))


def session_text(record: SessionRecord) -> str:
    """``"Breathing: long-exhale, distress 7 → 4"``: the kind, what was done and how it went."""
    text = f"{KIND_NAMES.get(record.kind, record.kind.title())}: {record.exercise}"
    felt = record.params.get("felt") if record.kind == "break" else None
    if isinstance(felt, str):
        text += f", felt {felt} after"
    before, after = record.distress_before, record.distress_after
    if before is not None and after is not None:
        text += f", distress {before} → {after}"
    elif before is not None:
        text += f", distress {before} before"
    elif after is not None:
        text += f", distress {after} after"
    return text


def checkin_text(entry: CheckIn) -> str:
    """What hover or focus shows for a check-in: when, the two values, words, the note's start."""
    lines = [
        entry.local.strftime("%a %d %b %Y, %H:%M"),
        f"Pleasant {entry.pleasant}, energy {entry.energy}",
    ]
    if entry.feelings:
        lines.append(", ".join(entry.feelings))
    note = entry.note.strip()
    if note:
        first = note.splitlines()[0].strip()
        lines.append(first if len(first) <= 60 else first[:59] + "…")
    return "\n".join(lines)


def _daily(
    day: np.ndarray, values: np.ndarray, first: int, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, min and max of ``values`` per day from ``first``, NaN on days without an entry."""
    mean = np.full(count, np.nan)
    low = np.full(count, np.nan)
    high = np.full(count, np.nan)
    if len(day) == 0:
        return mean, low, high
    order = np.argsort(day, kind="stable")
    d, v = day[order] - first, values[order]
    starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    days = d[starts]
    sums = np.add.reduceat(v, starts)
    sizes = np.diff(np.r_[starts, len(d)])
    mean[days] = sums / sizes
    low[days] = np.minimum.reduceat(v, starts)
    high[days] = np.maximum.reduceat(v, starts)
    return mean, low, high


LEVELS = ("day", "week", "month")
#: The widest span (seconds) each level is drawn at; wider than the last, months.
LEVEL_SPANS = (("day", 200 * DAY), ("week", 4 * YEAR))


def _buckets(level: str, x: np.ndarray) -> np.ndarray:
    """The day, week (from Monday) or month that each wall-clock ``x`` falls in."""
    days = np.floor(x / DAY).astype(np.int64)
    if level == "day":
        return days
    if level == "week":
        return (days - 4) // 7  # 5 January 1970 was a Monday
    months: np.ndarray = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months


def _bucket_start(level: str, bucket: np.ndarray) -> np.ndarray:
    if level == "day":
        days = bucket
    elif level == "week":
        days = bucket * 7 + 4
    else:
        days = bucket.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    result: np.ndarray = days * DAY
    return result


def _level_data(level: str, x: np.ndarray, p: np.ndarray, e: np.ndarray) -> dict[str, Any]:
    """Mean, low and high of each series per bucket, on a grid with NaN for empty buckets.

    Days: the mean and the min–max of the day's check-ins. Weeks and months: the mean of their
    check-ins, and the lowest and highest daily mean, so the band shows how the days varied.
    """
    if not len(x):
        empty = np.empty(0)
        return {"x": empty, "pleasant": (empty,) * 3, "energy": (empty,) * 3}
    buckets = _buckets(level, x)
    first, count = int(buckets[0]), int(buckets[-1] - buckets[0]) + 1
    grid = first + np.arange(count)
    centres = (_bucket_start(level, grid) + _bucket_start(level, grid + 1)) / 2
    result: dict[str, Any] = {"x": centres}
    days = _buckets("day", x)
    first_day, day_count = int(days[0]), int(days[-1] - days[0]) + 1
    for name, values in (("pleasant", p), ("energy", e)):
        mean, low, high = _daily(buckets, values, first, count)
        if level != "day":
            day_mean = _daily(days, values, first_day, day_count)[0]
            with_data = np.flatnonzero(np.isfinite(day_mean))
            day_buckets = _buckets(level, (first_day + with_data) * DAY)
            _, low, high = _daily(day_buckets, day_mean[with_data], first, count)
        result[name] = (mean, low, high)
    return result


def _session_level(level: str, x: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Session markers: each session up close (data: its index), one per week or month further
    out (data: what the marker says)."""
    if level == "day":
        return x, list(range(len(x)))
    if not len(x):
        return x, []
    buckets, counts = np.unique(_buckets(level, x), return_counts=True)
    starts = _bucket_start(level, buckets)
    centres = (starts + _bucket_start(level, buckets + 1)) / 2
    texts = []
    for start, count in zip(starts, counts, strict=True):
        when = wall_time(start)
        period = when.strftime("Week of %d %b %Y") if level == "week" else when.strftime("%B %Y")
        texts.append(f"{period}: {count} session{'s' if count != 1 else ''}")
    return centres, texts


class TimelinePlot(QWidget):
    point_selected = Signal(int)
    #: The visible range as naive wall-clock datetimes (start, end).
    range_changed = Signal(object, object)

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._tokens = LIGHT
        self._checkins: list[CheckIn] = []
        self._sessions: list[SessionRecord] = []
        #: Check-ins in time order: x, pleasant, energy, and the index each had in set_data.
        self._x = np.empty(0)
        self._p = np.empty(0)
        self._e = np.empty(0)
        self._order = np.empty(0, dtype=np.int64)
        #: Where each set_data index sits in time order.
        self._rank = np.empty(0, dtype=np.int64)
        self.session_texts: list[str] = []
        self._session_x = np.empty(0)
        self._levels: dict[str, dict[str, Any]] = {}
        self._session_levels: dict[str, tuple[np.ndarray, list[Any]]] = {}
        self._level = ""
        self._clip_window = (0.0, 0.0)
        self._selected: int | None = None
        self._hovered: int | None = None
        self._range_set = False

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(TITLE)

        self.title = QLabel(TITLE)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.key = QLabel()
        self.key.setTextFormat(Qt.TextFormat.RichText)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.key)

        axis = _WallAxis(orientation="bottom", utcOffset=0)
        self.graph = pg.PlotWidget(axisItems={"bottom": axis})
        self.graph.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.graph.setAccessibleName(TITLE)
        # A touchpad pinch arrives as a native gesture on the view: it zooms like the wheel.
        self.graph.viewport().installEventFilter(self)
        self.plot_item = self.graph.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.showGrid(x=True, y=True, alpha=0.12)
        self.view = self.plot_item.getViewBox()
        self.view.setMouseEnabled(x=True, y=False)
        self.view.disableAutoRange()
        self.view.setLimits(yMin=Y_MIN, yMax=Y_MAX, minXRange=MIN_SPAN, maxXRange=MAX_SPAN)
        self.view.setYRange(Y_MIN, Y_MAX, padding=0)
        left = self.plot_item.getAxis("left")
        left.setTicks([[(1, "1"), (5, "5"), (9, "9")], [(3, "3"), (7, "7")]])
        left.setLabel("1 low · 9 high")

        # Bands first so lines and points draw over them.
        self.mean_line: dict[str, Any] = {}
        self.band: dict[str, Any] = {}
        for name in ("pleasant", "energy"):
            low = pg.PlotCurveItem(connect="finite")
            high = pg.PlotCurveItem(connect="finite")
            band = _DailyBand(low, high)
            self.plot_item.addItem(band)
            self.band[name] = band
        for name in ("pleasant", "energy"):
            line = pg.PlotDataItem(connect="finite")
            line.setClipToView(True)
            self.plot_item.addItem(line)
            self.mean_line[name] = line
        self.pleasant_points = pg.PlotDataItem(pen=None, symbol="o", symbolSize=POINT_SIZE)
        self.energy_points = pg.PlotDataItem(pen=None, symbol="t1", symbolSize=POINT_SIZE)
        # Clipped by _clip_points, not by pyqtgraph: its clipping rebuilds the spots on every
        # step of a zoom, even while hidden (about 25 ms for 18 000).
        for points in (self.pleasant_points, self.energy_points):
            self.plot_item.addItem(points)
        self.session_markers = pg.ScatterPlotItem(
            symbol="d", size=7, hoverable=True, tip=self._session_tip
        )
        self.plot_item.addItem(self.session_markers)
        self.highlight = pg.ScatterPlotItem(size=16)
        self.plot_item.addItem(self.highlight)
        self.info = pg.TextItem(anchor=(0, 1))
        self.info.setZValue(100)
        self.info.hide()
        self.plot_item.addItem(self.info, ignoreBounds=True)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.graph)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addLayout(self.stack, 1)

        self.view.sigXRangeChanged.connect(self._range_moved)
        scene = self.graph.scene()
        scene.sigMouseMoved.connect(self._mouse_moved)
        scene.sigMouseClicked.connect(self._mouse_clicked)

        self.set_tokens(self._tokens)
        self.set_data([], [])

    # --- data ------------------------------------------------------------------------------

    def set_data(self, checkins: Sequence[CheckIn], sessions: Sequence[SessionRecord]) -> None:
        """Draw these check-ins and sessions; the visible range does not move."""
        self._checkins = list(checkins)
        self._sessions = list(sessions)
        n = len(self._checkins)
        x = np.fromiter((wall_x(c.local) for c in self._checkins), dtype=float, count=n)
        p = np.fromiter((c.pleasant for c in self._checkins), dtype=float, count=n)
        e = np.fromiter((c.energy for c in self._checkins), dtype=float, count=n)
        order = np.argsort(x, kind="stable")
        self._x, self._p, self._e, self._order = x[order], p[order], e[order], order
        self._rank = np.empty(n, dtype=np.int64)
        self._rank[order] = np.arange(n)
        self._clip_window = (0.0, 0.0)

        self._session_x = np.fromiter((wall_x(s.start) for s in self._sessions), dtype=float)
        self.session_texts = [session_text(s) for s in self._sessions]
        self._levels = {level: _level_data(level, self._x, self._p, self._e) for level in LEVELS}
        self._session_levels = {level: _session_level(level, self._session_x) for level in LEVELS}
        self._level = ""
        self._apply_level()

        has_data = bool(n or self._sessions)
        self.stack.setCurrentWidget(self.graph if has_data else self.empty)
        if self._selected is not None and self._selected >= n:
            self._selected = None
        self._hovered = None
        if has_data and not self._range_set:
            newest = max([*self._x[-1:], *self._session_x[-1:]], default=0.0)
            end = (np.floor(newest / DAY) + 1) * DAY
            self._set_x_range(end - 7 * DAY, end)
        self._update_point_style()
        self._show_info()

    # --- theme -----------------------------------------------------------------------------

    def set_tokens(self, tokens: Tokens) -> None:
        self._tokens = tokens
        t = tokens
        self.graph.setBackground(t.background)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(t.background))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        # The frame around the graph follows the theme too, whatever the app's palette is.
        self.setObjectName("timelinePlot")
        self.setStyleSheet(
            f"#timelinePlot {{ background: {t.background}; }} QLabel {{ color: {t.text}; }}"
        )
        self.empty.setStyleSheet(f"color: {t.muted};")
        glyph = '<span style="color:{c}">{g}</span> {w}'
        self.key.setText(
            glyph.format(c=t.inhale, g="●", w="pleasant")
            + "&nbsp;&nbsp;&nbsp;"
            + glyph.format(c=t.exhale, g="▲", w="energy")
            + "&nbsp;&nbsp;&nbsp;"
            + glyph.format(c=t.muted, g="◆", w="session")
        )
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(t.muted))
            axis.setTextPen(pg.mkPen(t.muted))
        for name, colour in (("pleasant", t.inhale), ("energy", t.exhale)):
            self.mean_line[name].setPen(pg.mkPen(colour, width=2))
            fill = QColor(colour)
            fill.setAlphaF(0.18 if t.name == "light" else 0.22)
            self.band[name].setBrush(fill)
            self.band[name].setPen(None)
        self.session_markers.setPen(None)
        self.session_markers.setBrush(pg.mkBrush(t.muted))
        self.highlight.setPen(pg.mkPen(t.text, width=2))
        self.highlight.setBrush(None)
        self.info.fill = pg.mkBrush(t.surface)
        self.info.border = pg.mkPen(t.muted)
        self.info.setColor(t.text)
        self._update_point_style(force=True)

    def _clip_points(self) -> None:
        """Give the point items only the check-ins within a span either side of the view, and
        cut again only when the view leaves that window or zooms well into it."""
        if not self.pleasant_points.isVisible():
            return
        x0, x1 = self.view.viewRange()[0]
        span = x1 - x0
        lo, hi = self._clip_window
        if lo <= x0 and x1 <= hi and (hi - lo) < 8 * span:
            return
        lo, hi = x0 - span, x1 + span
        self._clip_window = (lo, hi)
        a, b = np.searchsorted(self._x, lo), np.searchsorted(self._x, hi, side="right")
        self.pleasant_points.setData(self._x[a:b], self._p[a:b])
        self.energy_points.setData(self._x[a:b], self._e[a:b])

    def _update_point_style(self, force: bool = False) -> None:
        """Points fade a little further out and go beyond about four months, where the daily
        lines carry the picture (a year of dots is a blur). Only opacity and visibility change
        with the zoom: restyling 18 000 spots takes longer than a frame."""
        span = self._span()
        opacity = 1.0 if span <= POINTS_FULL_SPAN else 0.55
        visible = span <= POINTS_MAX_SPAN
        for points in (self.pleasant_points, self.energy_points):
            points.setOpacity(opacity)
            points.setVisible(visible)
        self._clip_points()
        if not force:
            return
        for points, colour in (
            (self.pleasant_points, self._tokens.inhale),
            (self.energy_points, self._tokens.exhale),
        ):
            points.opts.update(
                symbolSize=POINT_SIZE,
                symbolBrush=pg.mkBrush(colour),
                symbolPen=pg.mkPen(self._tokens.background, width=1),
            )
            points.updateItems(styleUpdate=True)

    # --- range -----------------------------------------------------------------------------

    def show_range(self, start: datetime, end: datetime) -> None:
        """Show from ``start`` to ``end`` (wall-clock times; an aware time's own wall clock)."""
        self._set_x_range(wall_x(start), wall_x(end))

    def visible_range(self) -> tuple[datetime, datetime]:
        x0, x1 = self.view.viewRange()[0]
        return wall_time(x0), wall_time(x1)

    def _set_x_range(self, x0: float, x1: float) -> None:
        self._range_set = True
        self.view.setXRange(x0, x1, padding=0)

    def _span(self) -> float:
        x0, x1 = self.view.viewRange()[0]
        return float(x1 - x0)

    @property
    def level(self) -> str:
        """How finely the lines are drawn now: "day", "week" or "month" (see LEVEL_SPANS)."""
        return self._level

    def _apply_level(self) -> None:
        """Draw daily lines up close and weekly or monthly ones further out: at ten years a
        day is a third of a pixel, and thousands of antialiased vertices cost frames."""
        span = self._span()
        level = next((lv for lv, most in LEVEL_SPANS if span <= most), LEVELS[-1])
        if level == self._level:
            return
        self._level = level
        data = self._levels[level]
        for name in ("pleasant", "energy"):
            mean, low, high = data[name]
            self.mean_line[name].setData(data["x"], mean, connect="finite")
            low_curve, high_curve = self.band[name].curves
            low_curve.setData(data["x"], low, connect="finite")
            high_curve.setData(data["x"], high, connect="finite")
        mx, marks = self._session_levels[level]
        # Up close, a break is a square and every other session a diamond.
        symbols = (
            ["s" if self._sessions[i].kind == "break" else "d" for i in marks]
            if level == "day"
            else "d"
        )
        self.session_markers.setData(
            x=mx, y=np.full(len(mx), SESSION_Y), data=marks, symbol=symbols
        )

    def _range_moved(self, _view: object, x_range: tuple[float, float]) -> None:
        self._apply_level()
        self._update_point_style()
        self._show_info()
        self.range_changed.emit(wall_time(x_range[0]), wall_time(x_range[1]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            # ``value`` is how much the fingers spread since the last event: apart zooms in.
            centre = self.view.mapSceneToView(self.graph.mapToScene(event.position().toPoint()))
            self.zoom(1.0 / max(1.0 + event.value(), 0.2), centre.x())
            return True
        return super().eventFilter(watched, event)

    def zoom(self, factor: float, centre: float | None = None) -> None:
        """Make the span ``factor`` times as long, around ``centre`` (default: the middle)."""
        x0, x1 = self.view.viewRange()[0]
        span = min(MAX_SPAN, max(MIN_SPAN, (x1 - x0) * factor))
        if centre is None or not x0 <= centre <= x1:
            centre = (x0 + x1) / 2
        share = (centre - x0) / (x1 - x0)
        start = centre - share * span
        self._set_x_range(start, start + span)

    def step_period(self, direction: int) -> None:
        """Show the previous (-1) or next (+1) period: a calendar month or year when the view is
        whole months, otherwise the same span moved by its own length."""
        x0, x1 = self.view.viewRange()[0]
        start, end = wall_time(round(x0)), wall_time(round(x1))
        midnight = start.time() == end.time() == datetime.min.time()
        if midnight and start.day == end.day == 1:
            months = (end.year - start.year) * 12 + end.month - start.month
            self.show_range(
                _add_months(start, direction * months), _add_months(end, direction * months)
            )
            return
        span = x1 - x0
        self._set_x_range(x0 + direction * span, x1 + direction * span)

    def show_today(self) -> None:
        """Keep the span, and end it at the close of today (of the newest entry without a clock)."""
        if self._clock is not None:
            today = wall_x(self._clock.now())
        elif len(self._x):
            today = float(self._x[-1])
        else:
            return
        end = (np.floor(today / DAY) + 1) * DAY
        span = max(self._span(), DAY)
        self._set_x_range(end - span, end)

    # --- selection and hover -----------------------------------------------------------------

    @property
    def selected(self) -> int | None:
        return self._selected

    def select(self, index: int | None) -> None:
        """Highlight the check-in at ``index`` (of the list given to set_data) and show it."""
        if index is not None and not 0 <= index < len(self._checkins):
            index = None
        self._selected = index
        if index is not None:
            self._bring_into_view(float(self._x[self._rank[index]]))
        self._show_info()

    def info_text(self) -> str:
        """What the graph shows about the hovered or selected check-in ("" for none)."""
        index = self._shown_index()
        return "" if index is None else checkin_text(self._checkins[index])

    def _shown_index(self) -> int | None:
        return self._hovered if self._hovered is not None else self._selected

    def _bring_into_view(self, x: float) -> None:
        x0, x1 = self.view.viewRange()[0]
        span = x1 - x0
        margin = span * 0.05
        if x < x0 + margin:
            self._set_x_range(x - margin, x - margin + span)
        elif x > x1 - margin:
            self._set_x_range(x + margin - span, x + margin)

    def _show_info(self) -> None:
        index = self._shown_index()
        if index is None:
            self.info.hide()
            self.highlight.setData([], [])
            self.setAccessibleDescription("")
            return
        rank = self._rank[index]
        x, p, e = float(self._x[rank]), float(self._p[rank]), float(self._e[rank])
        self.highlight.setData([x, x], [p, e])
        text = checkin_text(self._checkins[index])
        self.info.setText(text)
        (x0, x1), _ = self.view.viewRange()
        top = max(p, e)
        right = x > x0 + (x1 - x0) * 0.6
        high = top > 6
        self.info.setAnchor((1.0 if right else 0.0, 0.0 if high else 1.0))
        offset = (x1 - x0) * 0.012 * (-1 if right else 1)
        self.info.setPos(x + offset, min(p, e) - 0.3 if high else top + 0.3)
        self.info.show()
        self.setAccessibleDescription(text.replace("\n", ", "))

    def _nearest(self, scene_pos: QPointF) -> int | None:
        if not len(self._x) or not self.pleasant_points.isVisible():
            return None
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view.mapSceneToView(scene_pos)
        px, py = self.view.viewPixelSize()
        lo = np.searchsorted(self._x, point.x() - HOVER_PIXELS * px)
        hi = np.searchsorted(self._x, point.x() + HOVER_PIXELS * px, side="right")
        if lo >= hi:
            return None
        dx = (self._x[lo:hi] - point.x()) / px
        dy = np.minimum(np.abs(self._p[lo:hi] - point.y()), np.abs(self._e[lo:hi] - point.y()))
        distance = np.hypot(dx, dy / py)
        best = int(np.argmin(distance))
        if distance[best] > HOVER_PIXELS:
            return None
        return int(self._order[lo + best])

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        hovered = self._nearest(scene_pos)
        if hovered != self._hovered:
            self._hovered = hovered
            self._show_info()

    def _mouse_clicked(self, event: Any) -> None:
        index = self._nearest(event.scenePos())
        if index is not None:
            self.select(index)
            self.point_selected.emit(index)

    def _session_tip(self, x: float, y: float, data: Any) -> str:
        if isinstance(data, str):
            return data
        record = self._sessions[int(data)]
        return f"{record.start.strftime('%a %d %b %Y, %H:%M')}\n{self.session_texts[int(data)]}"

    # --- keyboard ----------------------------------------------------------------------------

    def step_selection(self, direction: int) -> None:
        """Select the next (+1) or previous (-1) check-in in time order, and emit it."""
        n = len(self._x)
        if not n:
            return
        if self._selected is None:
            x0, x1 = self.view.viewRange()[0]
            if direction > 0:
                rank = int(np.searchsorted(self._x, x0))
            else:
                rank = int(np.searchsorted(self._x, x1, side="right")) - 1
            rank = min(max(rank, 0), n - 1)
        else:
            rank = min(max(int(self._rank[self._selected]) + direction, 0), n - 1)
        index = int(self._order[rank])
        self._hovered = None
        self.select(index)
        self.point_selected.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Right:
            self.step_selection(1)
        elif key == Qt.Key.Key_Left:
            self.step_selection(-1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1 / ZOOM_STEP, self._selected_x())
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(ZOOM_STEP, self._selected_x())
        elif key == Qt.Key.Key_PageUp:
            self.step_period(-1)
        elif key == Qt.Key.Key_PageDown:
            self.step_period(1)
        elif key == Qt.Key.Key_Home:
            self.show_today()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_info()

    def _selected_x(self) -> float | None:
        if self._selected is None:
            return None
        return float(self._x[self._rank[self._selected]])


class _DailyBand(pg.FillBetweenItem):  # type: ignore[misc]
    """The min–max band, one piece per run of days with entries.

    pyqtgraph's own pairing of the two curves' pieces goes wrong when a run is a single day
    (it bridged an empty day in testing), so the path is built from the curves' arrays: each
    run is one polygon, along the minima and back along the maxima. A lone day gets a narrow
    bar so its spread still shows.
    """

    def updatePath(self) -> None:
        if self.curves is None:
            return
        x, low = self.curves[0].getData()
        _, high = self.curves[1].getData()
        if x is None or high is None or len(low) != len(high):
            return  # the other curve is about to follow
        if not len(x):
            self.setPath(QPainterPath())
            return
        finite = np.isfinite(low) & np.isfinite(high)
        edges = np.diff(np.r_[0, finite.astype(np.int8), 0])
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        for a, b in zip(starts, ends, strict=True):
            rx, rl, rh = x[a:b], low[a:b], high[a:b]
            if b - a == 1:
                rx = np.array([rx[0] - 0.2 * DAY, rx[0] + 0.2 * DAY])
                rl, rh = np.repeat(rl, 2), np.repeat(rh, 2)
            xs += [rx, rx[::-1], np.array([np.nan])]
            ys += [rl, rh[::-1], np.array([np.nan])]
        path = pg.arrayToQPath(np.concatenate(xs), np.concatenate(ys), connect="finite")
        path.setFillRule(self.fillRule())
        self.setPath(path)


class _WallAxis(pg.DateAxisItem):  # type: ignore[misc]
    """pyqtgraph's date axis, with the month beside each day so a week reads "09 Jun"."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if spacing == DAY:
            return [wall_time(v).strftime("%d %b") for v in values]
        strings: list[str] = super().tickStrings(values, scale, spacing)
        return strings


def _add_months(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
