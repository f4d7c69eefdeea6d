"""A report for a therapist: a week or a month of the journal as an A4 PDF.

The person makes it from their own journal to take to an appointment. It reads the same printed
in black and white: lines differ by style and marker, sessions by shape, and everything that
matters is also written as text. It is dark on white whatever the app's theme.

:func:`write_report` needs a running ``QGuiApplication`` (for fonts), not a window. The pages
are laid out first (so each can say "Page 2 of 3") and then painted with ``QPainter``.

Days are each entry's own local day (:func:`breathingroom.core.review.day_of`), so an entry made
on a trip lands on the day it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPdfWriter,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
)

from breathingroom.core.helps import MIN_SESSIONS, Choice, what_helps
from breathingroom.core.journal import CheckIn
from breathingroom.core.patterns import PRESETS
from breathingroom.core.records import SessionRecord
from breathingroom.core.review import (
    MONTHS,
    WEEKDAYS,
    DayStats,
    daily,
    day_of,
    period_noun,
    previous_period,
    week_in_words,
    week_range,
)
from breathingroom.ui.windows import a4_pdf

__all__ = [
    "DIARY_ROWS",
    "FOOTER",
    "HEADINGS",
    "ReportSections",
    "report_title",
    "write_report",
]

FOOTER = "Made with Breathing Room on this computer. Not a medical record."
#: The diary card's rows, top to bottom.
DIARY_ROWS: tuple[str, ...] = (
    "Pleasantness (mean)",
    "Energy (mean)",
    "Distress (highest)",
    "Feelings",
    "Skills used",
)
HEADINGS = {
    "graphs": "Your days in graphs",
    "week_in_words": "The {noun} in words",
    "what_helps": "What helps",
    "notes": "Your notes",
    "diary_card": "Diary card",
}


# Print colours: black on white, greys only for grid lines and secondary text.
_INK = QColor("#000000")
_MUTED = QColor("#404040")
_GRID = QColor("#BBBBBB")
_PAPER = QColor("#FFFFFF")

_DPI = 300
_MM = _DPI / 25.4


@dataclass(frozen=True)
class ReportSections:
    """Which sections the report has; all on by default."""

    graphs: bool = True
    week_in_words: bool = True
    what_helps: bool = True
    notes: bool = True
    diary_card: bool = True


# --- words ----------------------------------------------------------------------------------


def _span(first: date, last: date) -> str:
    """``"16 to 22 November 2026"``, ``"30 November to 6 December 2026"``, one day alone."""
    if first == last:
        return f"{first.day} {MONTHS[first.month - 1]} {first.year}"
    if first.year != last.year:
        return (
            f"{first.day} {MONTHS[first.month - 1]} {first.year} to "
            f"{last.day} {MONTHS[last.month - 1]} {last.year}"
        )
    if first.month != last.month:
        return (
            f"{first.day} {MONTHS[first.month - 1]} to "
            f"{last.day} {MONTHS[last.month - 1]} {last.year}"
        )
    return f"{first.day} to {last.day} {MONTHS[last.month - 1]} {last.year}"


def report_title(start: date, end: date) -> str:
    """``"Breathing Room — 16 to 22 November 2026"`` for ``[start, end)``."""
    last = max(start, end - timedelta(days=1))
    if period_noun(start, end) == "month":
        return f"Breathing Room — {MONTHS[start.month - 1]} {start.year}"
    return f"Breathing Room — {_span(start, last)}"


def _day_words(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _number(value: float) -> str:
    return f"{value:.1f}"


def _drop(value: float) -> str:
    return f"{value:g}"


def _skill_name(record: SessionRecord, names: Mapping[str, str]) -> str:
    choice = Choice.of(record)
    if choice is None:
        return record.exercise
    if choice.key in names:
        return names[choice.key]
    if choice.kind == "breathing" and choice.id in PRESETS:
        return PRESETS[choice.id].name
    return choice.id


def _choice_name(choice: Choice, names: Mapping[str, str]) -> str:
    if choice.key in names:
        return names[choice.key]
    if choice.kind == "breathing" and choice.id in PRESETS:
        return PRESETS[choice.id].name
    return choice.id


# --- layout: blocks placed on pages, painted afterwards ------------------------------------------

_Draw = Callable[[QPainter, float], None]


class _Pages:
    """Blocks stacked down pages of ``width`` × ``height`` device pixels."""

    def __init__(self, writer: QPdfWriter, width: float, height: float) -> None:
        self.writer = writer
        self.width = width
        self.height = height
        self.pages: list[list[tuple[float, _Draw]]] = [[]]
        self.y = 0.0

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
        self.y = 0.0

    def space(self, height: float) -> None:
        if self.y > 0:
            self.y += height

    def fits(self, height: float) -> bool:
        return self.y + height <= self.height

    def add(self, height: float, draw: _Draw, keep: float = 0.0) -> None:
        """Place a block of ``height``, on a new page unless it (and ``keep`` more) fits."""
        if self.y > 0 and not self.fits(height + keep):
            self.new_page()
        self.pages[-1].append((self.y, draw))
        self.y += height

    def lines(self, text: str, font: QFont, indent: float = 0.0) -> list[str]:
        """``text`` wrapped to the page width (less ``indent``), one string per line."""
        out: list[str] = []
        for paragraph in text.split("\n"):
            if not paragraph.strip():
                out.append("")
                continue
            out.extend(_wrap(paragraph, font, self.writer, self.width - indent))
        return out

    def text(
        self,
        text: str,
        font: QFont,
        *,
        indent: float = 0.0,
        color: QColor = _INK,
        keep: float = 0.0,
    ) -> None:
        """Wrapped text, line by line, so a long note flows onto the next page."""
        line_height = self.metrics(font).lineSpacing()
        for i, line in enumerate(self.lines(text, font, indent)):
            self.add(
                line_height,
                _text_draw(line, font, indent, self.width - indent, line_height, color),
                keep=keep if i == 0 else 0.0,
            )


def _wrap(text: str, font: QFont, device: QPdfWriter, width: float) -> list[str]:
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return lines or [""]


def _text_draw(
    line: str, font: QFont, x: float, width: float, height: float, color: QColor
) -> _Draw:
    def draw(painter: QPainter, y: float) -> None:
        painter.setFont(font)
        painter.setPen(QPen(color))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(QRectF(x, y, width, height), flags, line)

    return draw


# --- fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    title: QFont
    heading: QFont
    subheading: QFont
    body: QFont
    small: QFont
    tiny: QFont


def _fonts() -> _Fonts:
    def sized(points: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    return _Fonts(
        title=sized(17, bold=True),
        heading=sized(13, bold=True),
        subheading=sized(10.5, bold=True),
        body=sized(10.5),
        small=sized(9),
        tiny=sized(7.5),
    )


# --- sections ----------------------------------------------------------------------------------


def _heading(pages: _Pages, fonts: _Fonts, text: str, keep: float) -> None:
    pages.space(6 * _MM)
    height = pages.metrics(fonts.heading).lineSpacing() * 1.4
    pages.add(height, _text_draw(text, fonts.heading, 0, pages.width, height, _INK), keep=keep)


def _marker(painter: QPainter, centre: QPointF, shape: str, size: float) -> None:
    half = size / 2
    if shape == "circle":
        painter.drawEllipse(centre, half, half)
    elif shape == "square":
        painter.drawRect(QRectF(centre.x() - half, centre.y() - half, size, size))
    elif shape == "triangle":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - half),
                    QPointF(centre.x() + half, centre.y() + half),
                    QPointF(centre.x() - half, centre.y() + half),
                ]
            )
        )
    else:  # diamond
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - half),
                    QPointF(centre.x() + half, centre.y()),
                    QPointF(centre.x(), centre.y() + half),
                    QPointF(centre.x() - half, centre.y()),
                ]
            )
        )


@dataclass(frozen=True)
class _Line:
    """One line of the graph: told apart by its style and markers, never by colour."""

    label: str
    value: Callable[[DayStats], float | None]
    style: Qt.PenStyle
    shape: str
    filled: bool
    described: str


def _pleasant(day: DayStats) -> float | None:
    return day.pleasant_mean


def _energy(day: DayStats) -> float | None:
    return day.energy_mean


_LINES = (
    _Line(
        "Pleasantness",
        _pleasant,
        Qt.PenStyle.SolidLine,
        "circle",
        True,
        "solid line, round markers",
    ),
    _Line("Energy", _energy, Qt.PenStyle.DashLine, "square", False, "dashed line, square markers"),
)
_SESSION_SHAPES = {"breathing": "circle", "grounding": "triangle", "break": "diamond"}


def _day_label(day: date, many: bool) -> str:
    return f"{day.day}" if many else f"{WEEKDAYS[day.weekday()][:3]} {day.day}"


def _graphs(
    pages: _Pages,
    fonts: _Fonts,
    days: list[DayStats],
    sessions: Sequence[SessionRecord],
    noun: str,
) -> None:
    small = pages.metrics(fonts.small)
    tiny = pages.metrics(fonts.tiny)
    many = len(days) > 10
    width = pages.width
    chart_h = 62 * _MM
    legend_h = small.lineSpacing() * 1.6
    left = small.horizontalAdvance("9") + small.lineSpacing() * 2.2
    plot_w = width - left - 2 * _MM
    column = plot_w / max(1, len(days))

    by_day: dict[date, list[SessionRecord]] = {d.day: [] for d in days}
    for record in sorted(sessions, key=lambda s: s.start):
        by_day.setdefault(day_of(record), []).append(record)
    most = max((len(v) for v in by_day.values()), default=0)
    shown = min(most, 8)
    row_h = tiny.lineSpacing() * 1.25
    strip_h = max(1, shown) * row_h + row_h * 0.6

    title_h = pages.metrics(fonts.subheading).lineSpacing() * 1.3
    axis_h = small.lineSpacing() * (2.4 if not many else 1.4)
    total = title_h + legend_h + chart_h + axis_h
    pages.add(
        title_h,
        _text_draw(
            "How pleasant and how energetic your days felt (the mean of each day)",
            fonts.subheading,
            0,
            width,
            title_h,
            _INK,
        ),
        keep=total - title_h,
    )

    def legend(painter: QPainter, y: float) -> None:
        painter.setFont(fonts.small)
        x = left
        mid = y + legend_h / 2
        for line in _LINES:
            label, style, shape, filled = line.label, line.style, line.shape, line.filled
            pen = QPen(_INK, 0.45 * _MM, style)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, mid), QPointF(x + 10 * _MM, mid))
            painter.setPen(QPen(_INK, 0.35 * _MM))
            painter.setBrush(QBrush(_INK if filled else _PAPER))
            _marker(painter, QPointF(x + 5 * _MM, mid), shape, 2.2 * _MM)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            text = f"{label} ({line.described})"
            painter.drawText(QPointF(x + 12 * _MM, mid + small.ascent() / 2.6), text)
            x += 12 * _MM + small.horizontalAdvance(text) + 6 * _MM

    pages.add(legend_h, legend)

    def chart(painter: QPainter, y: float) -> None:
        top = y + 2 * _MM
        bottom = y + chart_h - 2 * _MM

        def y_of(value: float) -> float:
            return bottom - (value - 1) / 8 * (bottom - top)

        def x_of(i: int) -> float:
            return left + column * (i + 0.5)

        painter.setFont(fonts.small)
        for level in range(1, 10):
            py = y_of(level)
            grid = QPen(
                _GRID,
                0.15 * _MM,
                Qt.PenStyle.SolidLine if level in (1, 5, 9) else Qt.PenStyle.DotLine,
            )
            painter.setPen(grid)
            painter.drawLine(QPointF(left, py), QPointF(left + plot_w, py))
            painter.setPen(QPen(_INK))
            label = str(level)
            painter.drawText(
                QPointF(
                    left - small.horizontalAdvance(label) - 1.5 * _MM, py + small.ascent() / 2.8
                ),
                label,
            )
        # the axis title, turned up the left side
        painter.save()
        painter.translate(small.ascent(), (top + bottom) / 2)
        painter.rotate(-90)
        axis = "1 (low) to 9 (high)"
        painter.drawText(QPointF(-small.horizontalAdvance(axis) / 2, 0), axis)
        painter.restore()
        painter.setPen(QPen(_INK, 0.25 * _MM))
        painter.drawLine(QPointF(left, top - 1 * _MM), QPointF(left, bottom))
        painter.drawLine(QPointF(left, bottom), QPointF(left + plot_w, bottom))
        for i in range(1, len(days)):
            painter.setPen(QPen(_GRID, 0.1 * _MM, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left + column * i, top), QPointF(left + column * i, bottom))

        for line in _LINES:
            value_of, style, shape, filled = line.value, line.style, line.shape, line.filled
            pen = QPen(_INK, 0.45 * _MM, style)
            painter.setPen(pen)
            values = [value_of(d) for d in days]
            # join neighbouring days only: a day with no check-ins stays a gap
            for i in range(1, len(values)):
                a, b = values[i - 1], values[i]
                if a is not None and b is not None:
                    painter.drawLine(QPointF(x_of(i - 1), y_of(a)), QPointF(x_of(i), y_of(b)))
            painter.setPen(QPen(_INK, 0.35 * _MM))
            painter.setBrush(QBrush(_INK if filled else _PAPER))
            for i, value in enumerate(values):
                if value is not None:
                    _marker(painter, QPointF(x_of(i), y_of(value)), shape, 2.2 * _MM)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    pages.add(chart_h, chart)

    def axis(painter: QPainter, y: float) -> None:
        painter.setFont(fonts.small)
        painter.setPen(QPen(_INK))
        for i, stats in enumerate(days):
            rect = QRectF(left + column * i, y, column, small.lineSpacing() * 1.2)
            painter.drawText(
                rect,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                _day_label(stats.day, many),
            )
            if not many and stats.n == 0:
                painter.setPen(QPen(_MUTED))
                painter.setFont(fonts.tiny)
                painter.drawText(
                    rect.translated(0, small.lineSpacing()),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    "no check-in",
                )
                painter.setFont(fonts.small)
                painter.setPen(QPen(_INK))

    pages.add(axis_h, axis)

    # sessions per day
    pages.space(4 * _MM)
    shapes_used = sorted({s.kind for s in sessions}, key=list(_SESSION_SHAPES).index)
    key = "; ".join(
        f"{'round' if _SESSION_SHAPES[k] == 'circle' else _SESSION_SHAPES[k]} mark: {k}"
        for k in shapes_used
    )
    caption = "Sessions each day, with distress before → after (0 to 10) when you rated it"
    pages.add(
        title_h,
        _text_draw(caption, fonts.subheading, 0, width, title_h, _INK),
        keep=small.lineSpacing() * 1.4 + strip_h,
    )
    if not sessions:
        pages.text(f"No sessions this {noun}.", fonts.small, color=_MUTED)
        return
    if key:
        pages.text(key.capitalize() + ".", fonts.small, color=_MUTED)

    def strip(painter: QPainter, y: float) -> None:
        painter.setPen(QPen(_GRID, 0.15 * _MM))
        painter.drawRect(QRectF(left, y, plot_w, strip_h))
        for i in range(1, len(days)):
            painter.drawLine(QPointF(left + column * i, y), QPointF(left + column * i, y + strip_h))
        painter.setFont(fonts.tiny)
        mark = min(2.0 * _MM, row_h * 0.6)
        for i, stats in enumerate(days):
            records = by_day.get(stats.day, [])
            for row, record in enumerate(records[:shown]):
                cy = y + row_h * 0.3 + row_h * (row + 0.5)
                x0 = left + column * i + 1 * _MM
                painter.setPen(QPen(_INK, 0.3 * _MM))
                painter.setBrush(QBrush(_PAPER))
                _marker(painter, QPointF(x0 + mark / 2, cy), _SESSION_SHAPES[record.kind], mark)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                extra = ""
                if row == shown - 1 and len(records) > shown:
                    extra = f" +{len(records) - shown}"
                # a narrow month column has no room: the ratings are listed under the strip
                label = ("" if many else _distress_text(record)) + extra
                if label:
                    painter.drawText(
                        QPointF(x0 + mark + 0.8 * _MM, cy + tiny.ascent() / 2.8), label
                    )

    pages.add(strip_h, strip)
    pages.add(axis_h, axis)
    if many:
        rated = [
            f"{stats.day.day}: {', '.join(texts)}"
            for stats in days
            if (texts := [t for t in map(_distress_text, by_day.get(stats.day, [])) if t])
        ]
        if rated:
            pages.text("Distress before → after, by day: " + "; ".join(rated) + ".", fonts.small)


def _distress_text(record: SessionRecord) -> str:
    before, after = record.distress_before, record.distress_after
    if before is None and after is None:
        return ""
    return f"{'?' if before is None else before}→{'?' if after is None else after}"


def _what_helps(
    pages: _Pages,
    fonts: _Fonts,
    sessions: Sequence[SessionRecord],
    names: Mapping[str, str],
    noun: str,
) -> None:
    ranked = what_helps(sessions)
    tried = [h for h in what_helps(sessions, min_n=1) if h.n < MIN_SESSIONS]
    indent = 4 * _MM
    if ranked:
        pages.text(
            "Ranked by how much distress came down in the middle of your rated sessions "
            "(the median drop, 0 to 10), from sessions with a rating before and after.",
            fonts.small,
            color=_MUTED,
        )
        for place, h in enumerate(ranked, start=1):
            drop = h.median_drop if h.median_drop is not None else 0.0
            if drop > 0:
                moved = f"median drop {_drop(drop)}"
            elif drop < 0:
                moved = f"distress went up by {_drop(-drop)} in the middle"
            else:
                moved = "distress stayed where it was in the middle"
            pages.text(
                f"{place}. {h.choice.kind.capitalize()}: {_choice_name(h.choice, names)} — "
                f"n = {h.n} sessions, {moved}",
                fonts.body,
                indent=indent,
            )
    if tried:
        pages.space(1.5 * _MM)
        pages.text(
            f"Not ranked yet: rated before and after fewer than {MIN_SESSIONS} times.",
            fonts.small,
            color=_MUTED,
            keep=pages.metrics(fonts.body).lineSpacing(),
        )
    for h in tried:
        more = MIN_SESSIONS - h.n
        pages.text(
            f"{h.choice.kind.capitalize()}: {_choice_name(h.choice, names)} — n = {h.n} rated "
            f"session{'s' if h.n != 1 else ''} so far; it needs {more} more before it can be "
            f"ranked.",
            fonts.body,
            indent=indent,
        )
    if not ranked and not tried:
        pages.text(
            f"No rated sessions this {noun}. A breathing pattern or grounding exercise is ranked "
            f"here once you have rated it before and after {MIN_SESSIONS} times.",
            fonts.body,
        )


def _notes(pages: _Pages, fonts: _Fonts, checkins: Sequence[CheckIn], noun: str) -> None:
    with_notes = [c for c in sorted(checkins, key=lambda c: c.at_utc) if c.note.strip()]
    if not with_notes:
        pages.text(f"No notes this {noun}.", fonts.body)
        return
    line = pages.metrics(fonts.body).lineSpacing()
    for entry in with_notes:
        when = entry.local
        pages.space(2 * _MM)
        pages.text(
            f"{_day_words(when.date())}, {when:%H:%M}",
            fonts.subheading,
            keep=line,
        )
        pages.text(entry.note.strip(), fonts.body, indent=4 * _MM)


# --- the diary card ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DiaryDay:
    day: date
    in_period: bool
    pleasant: str
    energy: str
    distress: str
    feelings: str
    skills: str

    def cells(self) -> tuple[str, ...]:
        return (self.pleasant, self.energy, self.distress, self.feelings, self.skills)


def _diary_days(
    checkins: Sequence[CheckIn],
    sessions: Sequence[SessionRecord],
    start: date,
    end: date,
    names: Mapping[str, str],
) -> list[_DiaryDay]:
    first, _ = week_range(start)
    _, after = week_range(end - timedelta(days=1))
    stats = {d.day: d for d in daily(checkins, first, after)}
    by_day_c: dict[date, list[CheckIn]] = {}
    for c in checkins:
        by_day_c.setdefault(day_of(c), []).append(c)
    by_day_s: dict[date, list[SessionRecord]] = {}
    for s in sorted(sessions, key=lambda s: s.start):
        by_day_s.setdefault(day_of(s), []).append(s)
    out: list[_DiaryDay] = []
    day = first
    while day < after:
        inside = start <= day < end
        if not inside:
            out.append(_DiaryDay(day, False, "", "", "", "", ""))
            day += timedelta(days=1)
            continue
        st = stats[day]
        cs = by_day_c.get(day, [])
        ss = by_day_s.get(day, [])
        distress = [c.distress for c in cs if c.distress is not None]
        for s in ss:
            distress += [v for v in (s.distress_before, s.distress_after) if v is not None]
        counts: dict[str, int] = {}
        spelling: dict[str, str] = {}
        for c in cs:
            for word in c.feelings:
                spelling.setdefault(word.casefold(), word)
                counts[word.casefold()] = counts.get(word.casefold(), 0) + 1
        top = sorted(counts, key=lambda k: (-counts[k], k))[:3]
        skills: list[str] = []
        for s in ss:
            if s.kind == "break":
                continue
            name = _skill_name(s, names)
            if name not in skills:
                skills.append(name)
        out.append(
            _DiaryDay(
                day,
                True,
                "" if st.pleasant_mean is None else _number(st.pleasant_mean),
                "" if st.energy_mean is None else _number(st.energy_mean),
                "" if not distress else str(max(distress)),
                ", ".join(spelling[k] for k in top),
                ", ".join(skills),
            )
        )
        day += timedelta(days=1)
    return out


def _diary_card(
    pages: _Pages,
    fonts: _Fonts,
    checkins: Sequence[CheckIn],
    sessions: Sequence[SessionRecord],
    start: date,
    end: date,
    names: Mapping[str, str],
) -> None:
    pages.text(
        "One column a day. Pleasantness and energy are the means of the day's check-ins (1 to 9); "
        "distress is the highest you rated that day, in check-ins or sessions (0 to 10). "
        "An empty cell means nothing was noted.",
        fonts.small,
        color=_MUTED,
    )
    days = _diary_days(checkins, sessions, start, end, names)
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    small = pages.metrics(fonts.small)
    head_w = 30 * _MM
    col_w = (pages.width - head_w) / 7
    pad = 1.2 * _MM
    for week in weeks:
        inside = [d.day for d in week if d.in_period]
        label = f"Week: {_span(inside[0], inside[-1])}" if len(weeks) > 1 else ""
        header_h = small.lineSpacing() * 2 + 2 * pad
        row_lines = [
            [
                max(1, len(_wrap(cell, fonts.small, pages.writer, col_w - 2 * pad)) if cell else 1)
                for cell in (d.cells()[r] for d in week)
            ]
            for r in range(len(DIARY_ROWS))
        ]
        row_h = [
            max(
                max(lines),
                len(_wrap(DIARY_ROWS[r], fonts.small, pages.writer, head_w - 2 * pad)),
            )
            * small.lineSpacing()
            + 2 * pad
            for r, lines in enumerate(row_lines)
        ]
        table_h = header_h + sum(row_h)
        label_h = pages.metrics(fonts.subheading).lineSpacing() * 1.5 if label else 0.0
        pages.space(4 * _MM)
        if label:
            pages.add(
                label_h,
                _text_draw(label, fonts.subheading, 0, pages.width, label_h, _INK),
                keep=table_h,
            )

        def table(
            painter: QPainter,
            y: float,
            week: list[_DiaryDay] = week,
            row_h: list[float] = row_h,
            header_h: float = header_h,
        ) -> None:
            painter.setFont(fonts.small)
            thin = QPen(_INK, 0.2 * _MM)
            wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
                Qt.TextFlag.TextWordWrap
            )
            centre = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(
                Qt.TextFlag.TextWordWrap
            )
            # header row
            for i, d in enumerate(week):
                x = head_w + col_w * i
                rect = QRectF(x + pad, y + pad, col_w - 2 * pad, header_h - 2 * pad)
                painter.setPen(QPen(_INK if d.in_period else _MUTED))
                name = WEEKDAYS[d.day.weekday()][:3]
                text = f"{name}\n{d.day.day} {MONTHS[d.day.month - 1][:3]}" if d.in_period else name
                bold = QFont(fonts.small)
                bold.setBold(d.in_period)
                painter.setFont(bold)
                painter.drawText(rect, centre, text)
            painter.setFont(fonts.small)
            ry = y + header_h
            for r, name in enumerate(DIARY_ROWS):
                painter.setPen(QPen(_INK))
                painter.drawText(
                    QRectF(pad, ry + pad, head_w - 2 * pad, row_h[r] - 2 * pad), wrap, name
                )
                for i, d in enumerate(week):
                    x = head_w + col_w * i
                    if not d.in_period:
                        # outside the period: a light hatch, so it does not read as empty
                        painter.setPen(Qt.PenStyle.NoPen)
                        painter.setBrush(QBrush(_GRID, Qt.BrushStyle.BDiagPattern))
                        painter.drawRect(QRectF(x, ry, col_w, row_h[r]))
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        continue
                    cell = d.cells()[r]
                    if cell:
                        painter.setPen(QPen(_INK))
                        flags = centre if r < 3 else wrap
                        painter.drawText(
                            QRectF(x + pad, ry + pad, col_w - 2 * pad, row_h[r] - 2 * pad),
                            flags,
                            cell,
                        )
                ry += row_h[r]
            # grid
            painter.setPen(thin)
            bottom = y + header_h + sum(row_h)
            painter.drawRect(QRectF(0, y, pages.width, bottom - y))
            painter.drawLine(QPointF(head_w, y), QPointF(head_w, bottom))
            for i in range(1, 7):
                painter.drawLine(
                    QPointF(head_w + col_w * i, y), QPointF(head_w + col_w * i, bottom)
                )
            line_y = y + header_h
            painter.setPen(QPen(_INK, 0.35 * _MM))
            painter.drawLine(QPointF(0, line_y), QPointF(pages.width, line_y))
            painter.setPen(thin)
            for h in row_h[:-1]:
                line_y += h
                painter.drawLine(QPointF(0, line_y), QPointF(pages.width, line_y))

        pages.add(table_h, table)


# --- the whole report ----------------------------------------------------------------------------


def write_report(
    path: Path,
    checkins: list[CheckIn],
    sessions: list[SessionRecord],
    start: date,
    end: date,
    *,
    sections: ReportSections = ReportSections(),
    names: Mapping[str, str] | None = None,
) -> Path:
    """Write the report for ``[start, end)`` (a week or a month) to ``path`` as an A4 PDF.

    ``checkins`` and ``sessions`` may hold more than the period (the week in words compares
    with the period before); only the period's entries are shown. ``names`` maps choice keys
    (``"grounding:5-4-3-2-1"``) to the names to print; breathing presets are named anyway and
    anything else by its id. Needs a running ``QGuiApplication``. Returns ``path``; raises
    ``OSError`` when the file cannot be written and ``ValueError`` when ``end`` is before
    ``start``.
    """
    if end <= start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    names = dict(names or {})
    target = Path(path)
    noun = period_noun(start, end)
    mine_c = [c for c in checkins if start <= day_of(c) < end]
    mine_s = [s for s in sessions if start <= day_of(s) < end]
    empty = not mine_c and not mine_s

    writer = a4_pdf(target, report_title(start, end), _DPI)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())
    fonts = _fonts()
    footer_h = QFontMetricsF(fonts.small, writer).lineSpacing() * 2.2
    pages = _Pages(writer, width, height - footer_h)
    body_line = pages.metrics(fonts.body).lineSpacing()

    # title and what this is
    title_h = pages.metrics(fonts.title).lineSpacing() * 1.5
    pages.add(title_h, _text_draw(report_title(start, end), fonts.title, 0, width, title_h, _INK))
    pages.text(
        "You made this report yourself, from your own Breathing Room journal, to share if you "
        "wish. It is not a clinical record.",
        fonts.body,
        color=_MUTED,
    )

    if sections.week_in_words:
        _heading(pages, fonts, HEADINGS["week_in_words"].format(noun=noun), keep=body_line * 2)
        before_start, before_end = previous_period(start, end)
        summary = week_in_words(checkins, sessions, start, end, before_start, before_end)
        for sentence in summary.sentences():
            pages.text(sentence, fonts.body, keep=0)
            pages.space(1.2 * _MM)

    if sections.graphs and not empty:
        _heading(pages, fonts, HEADINGS["graphs"], keep=90 * _MM)
        _graphs(pages, fonts, daily(mine_c, start, end), mine_s, noun)

    if sections.what_helps:
        _heading(pages, fonts, HEADINGS["what_helps"], keep=body_line * 2)
        _what_helps(pages, fonts, mine_s, names, noun)

    if sections.notes:
        _heading(pages, fonts, HEADINGS["notes"], keep=body_line * 2)
        _notes(pages, fonts, mine_c, noun)

    if sections.diary_card and not empty:
        pages.new_page()
        _heading(pages, fonts, HEADINGS["diary_card"], keep=body_line * 3)
        _diary_card(pages, fonts, mine_c, mine_s, start, end, names)

    count = len(pages.pages)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write a PDF at {target}")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for number, blocks in enumerate(pages.pages, start=1):
            if number > 1:
                writer.newPage()
            for y, draw in blocks:
                painter.save()
                draw(painter, y)
                painter.restore()
            _footer(painter, fonts, width, height, footer_h, number, count)
    finally:
        painter.end()
    if not target.exists():
        raise OSError(f"the PDF could not be written at {target}")
    return target


def _footer(
    painter: QPainter,
    fonts: _Fonts,
    width: float,
    height: float,
    footer_h: float,
    number: int,
    count: int,
) -> None:
    painter.setFont(fonts.small)
    painter.setPen(QPen(_GRID, 0.15 * _MM))
    painter.drawLine(QPointF(0, height - footer_h * 0.8), QPointF(width, height - footer_h * 0.8))
    painter.setPen(QPen(_MUTED))
    rect = QRectF(0, height - footer_h * 0.7, width, footer_h * 0.7)
    bottom = Qt.AlignmentFlag.AlignBottom
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | bottom), FOOTER)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | bottom), f"Page {number} of {count}")
