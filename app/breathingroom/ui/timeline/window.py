"""Review my week: the timeline graph, the year, the week in words, and the entries below.

``TimelineWindow`` reads the journal once when it opens (and again when the journal changes) and
shows one period at a time: a day, a week (the default: this week), a month, or the year as a
calendar of colours. Beside the graph, the period in words, what has helped this person, and what
goes with their mood; below it, the period's check-ins and sessions as cards, newest first, with
Edit and Delete (and Undo). Selecting a card selects its point, and the other way round. A day
with facts kept from another app (core/dayfacts.py) has one read-only card above its check-ins.

pyqtgraph loads with this module's graph, the first time the window opens, never at start-up.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.clock import SYSTEM_CLOCK, Clock
from breathingroom.core.dayfacts import DayFact, day_card
from breathingroom.core.journal import CheckIn, grid_in_words
from breathingroom.core.records import SessionRecord
from breathingroom.ui.theme import LIGHT, Tokens
from breathingroom.ui.windows import fit_to_screen

if TYPE_CHECKING:
    from breathingroom.core.review import Association, Bucket
    from breathingroom.services.store import Store
    from breathingroom.ui.timeline.report import ReportSections

PERIODS = ("day", "week", "month", "year")
#: How long after the graph stops moving the rest of the window follows it.
FOLLOW_MS = 150
#: Cards shown at most; a wider period says how many more there are.
MAX_CARDS = 500
KIND_ROLE = Qt.ItemDataRole.UserRole
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


def checkin_card(entry: CheckIn) -> str:
    """A check-in as a card: when and where on the grid in words, then words, tags and note."""
    when = entry.local.strftime("%a %d %b %Y, %H:%M")
    first = (
        f"{when}  ·  {grid_in_words(entry.pleasant, entry.energy)} "
        f"(pleasant {entry.pleasant}, energy {entry.energy})"
    )
    details = []
    if entry.distress is not None:
        details.append(f"distress {entry.distress}")
    words = [*entry.feelings, *entry.sensations]
    if words:
        details.append(", ".join(words))
    if entry.tags:
        details.append("tags: " + ", ".join(entry.tags))
    if entry.note.strip():
        details.append(entry.note.strip())
    return "\n".join([first, "  ·  ".join(details)]) if details else first


def session_summary(record: SessionRecord) -> str:
    """One line for a session card: when, what, and distress before → after."""
    when = record.start.strftime("%a %d %b %Y, %H:%M")
    kind = {"breathing": "Breathing", "grounding": "Grounding", "break": "Break"}.get(
        record.kind, record.kind.capitalize()
    )
    parts = [f"{when}  ·  {kind}: {record.exercise}"]
    before, after = record.distress_before, record.distress_after
    if before is not None or after is not None:
        parts.append(f"distress {_rating(before)} → {_rating(after)}")
    if not record.completed:
        parts.append("stopped early")
    return "  ·  ".join(parts)


def _association_line(a: Association) -> str:
    return (
        f"{a.word}: pleasantness {a.with_mean:.1f} on days with it, {a.without_mean:.1f} "
        f"without ({a.days_with} and {a.days_without} days)"
    )


def _bucket_lines(title: str, buckets: list[Bucket]) -> list[str]:
    shown = [f"{b.name} {b.pleasant:.1f} (n {b.n})" for b in buckets if b.pleasant is not None]
    return [f"{title}: " + ", ".join(shown)] if shown else []


def _rating(value: int | None) -> str:
    return "–" if value is None else str(value)


def period_bounds(period: str, day: date, first_weekday: int = 0) -> tuple[date, date]:
    """The first day of the period holding ``day`` and the day after its last (weeks start on
    ``first_weekday``: 0 Monday … 6 Sunday)."""
    if period == "day":
        return day, day + timedelta(days=1)
    if period == "week":
        start = day - timedelta(days=(day.weekday() - first_weekday) % 7)
        return start, start + timedelta(days=7)
    if period == "month":
        start = day.replace(day=1)
        after = (start + timedelta(days=32)).replace(day=1)
        return start, after
    if period == "year":
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def step_period(period: str, day: date, step: int) -> date:
    """The same position ``step`` periods later (or earlier)."""
    if period == "day":
        return day + timedelta(days=step)
    if period == "week":
        return day + timedelta(weeks=step)
    if period == "month":
        month = day.month - 1 + step
        year = day.year + month // 12
        return date(year, month % 12 + 1, 1)
    return date(day.year + step, 1, 1)


def period_title(period: str, start: date, end: date) -> str:
    last = end - timedelta(days=1)
    if period == "range":
        return f"{start.strftime('%d %b %Y')} – {last.strftime('%d %b %Y')}"
    if period == "day":
        return start.strftime("%A %d %B %Y")
    if period == "week":
        return f"Week of {start.strftime('%d %b')} – {last.strftime('%d %b %Y')}"
    if period == "month":
        return start.strftime("%B %Y")
    return str(start.year)


class TimelineWindow(QWidget):
    #: The journal was changed here (an entry edited, deleted or restored).
    changed = Signal()

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
        first_weekday: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Review my week · Breathing Room")
        self.setAccessibleName("Review my week")
        self._store = store
        self._clock = clock
        if first_weekday is None:  # the person's locale says when a week starts
            first_weekday = QLocale.system().firstDayOfWeek().value - 1
        self.first_weekday = first_weekday
        self.tokens: Tokens = LIGHT
        self.period = "week"
        self.day = clock.now().date()
        self.checkins: list[CheckIn] = []
        self.all_checkins: list[CheckIn] = []
        self._checkin_days: list[tuple[date, int]] = []
        self._session_days: list[tuple[date, int]] = []
        self.sessions: list[SessionRecord] = []
        #: Facts kept from other apps, by day (read like the check-ins: the period, then all).
        self.day_facts: list[DayFact] = []
        self._fact_days: list[date] = []
        self._facts_of: dict[date, list[DayFact]] = {}
        self._deleted: list[int] = []
        self._fitted = False
        self._range: tuple[date, date] | None = None
        #: Everything is read (see ``_open_on_period``).
        self.complete = False
        self._setting_range = False
        # The graph was dragged or zoomed: the title, words and cards follow a moment later
        # (once, not at every frame; the timer runs only while the graph moves).
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self._follow_graph)
        self._graph_range: tuple[datetime, datetime] | None = None
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self.finish_loading)
        self._build()
        self._open_on_period()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        from breathingroom.ui.timeline.plot import TimelinePlot
        from breathingroom.ui.timeline.year import YearView

        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        bar = QHBoxLayout()
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[str, QPushButton] = {}
        for period in PERIODS:
            button = QPushButton(period.capitalize(), self)
            button.setCheckable(True)
            button.setAccessibleName(f"Show a {period}")
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, p=period: self.set_period(p))
            self.period_group.addButton(button)
            self.period_buttons[period] = button
            bar.addWidget(button)
        bar.addSpacing(16)
        self.previous_button = self._button("◀", "Previous period", lambda: self.step(-1))
        self.today_button = self._button("Today", "Back to today", self.today)
        self.next_button = self._button("▶", "Next period", lambda: self.step(1))
        for button in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(button)
        self.title_label = QLabel("", self)
        self.title_label.setAccessibleName("Period shown")
        font = self.title_label.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.3)
        self.title_label.setFont(font)
        bar.addSpacing(16)
        bar.addWidget(self.title_label, 1)
        self.filter_box = QComboBox(self)
        self.filter_box.setAccessibleName("Show only entries with this tag or feeling")
        self.filter_box.setToolTip("Show only entries with this tag or feeling")
        self.filter_box.activated.connect(lambda _i: self._filter_changed())
        # Wide enough for "All entries" and most words, however little room the title leaves.
        self.filter_box.setMinimumContentsLength(12)
        self.filter_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        bar.addWidget(self.filter_box)
        self.picture_button = self._button(
            "Save picture…", "Save what is shown as a picture", self.save_picture
        )
        self.report_button = self._button(
            "Report…", "Write a report for a therapist as a PDF", self.save_report
        )
        bar.addWidget(self.picture_button)
        bar.addWidget(self.report_button)
        outer.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(split)
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        self.views = QStackedWidget(top)
        self.plot = TimelinePlot(clock=self._clock, parent=self.views)
        self.year = YearView(parent=self.views)
        self.views.addWidget(self.plot)
        self.views.addWidget(self.year)
        top_row.addWidget(self.views, 3)
        # The words beside the graph scroll rather than being cut off in a short window.
        side_panel = QWidget()
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 6, 0)
        side.setSpacing(6)
        self.words_heading, self.words_label = self._panel("The week in words", side)
        self.helps_heading, self.helps_label = self._panel("What helps me", side)
        from breathingroom.ui.timeline.breaks import BreakCalendar

        self.breaks_heading, self.breaks_label = self._panel("Breaks you took", side)
        self.break_calendar = BreakCalendar(parent=top)
        side.addWidget(self.break_calendar)
        self.mood_heading, self.mood_label = self._panel("What goes with my mood", side)
        side.addStretch(1)
        self.side_scroll = QScrollArea(top)
        self.side_scroll.setWidget(side_panel)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.viewport().setAutoFillBackground(False)
        side_panel.setAutoFillBackground(False)
        top_row.addWidget(self.side_scroll, 2)
        split.addWidget(top)

        bottom = QWidget(split)
        cards = QVBoxLayout(bottom)
        cards.setContentsMargins(0, 0, 0, 0)
        self.cards = QListWidget(bottom)
        self.cards.setAccessibleName("Entries in this period")
        self.cards.setWordWrap(True)
        self.cards.setAlternatingRowColors(True)
        self.cards.currentRowChanged.connect(self._card_selected)
        self.cards.itemActivated.connect(lambda _item: self.edit_selected())
        cards.addWidget(self.cards, 1)
        row = QHBoxLayout()
        self.edit_button = self._button("Edit", "Edit the check-in", self.edit_selected)
        self.delete_button = self._button("Delete", "Delete the check-in", self.delete_selected)
        self.undo_label = QLabel("", bottom)
        self.undo_button = self._button("Undo", "Undo the delete", self.undo_delete)
        self.undo_button.hide()
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addWidget(self.undo_label, 1)
        row.addWidget(self.undo_button)
        cards.addLayout(row)
        split.addWidget(bottom)
        split.setSizes([420, 220])
        outer.addWidget(split, 1)

        self.plot.point_selected.connect(self._point_selected)
        self.plot.range_changed.connect(self._graph_moved)
        self.year.day_activated.connect(self._day_activated)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self.undo_delete)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.period_buttons[self.period].setChecked(True)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setMinimumHeight(36)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _panel(self, heading: str, column: QVBoxLayout) -> tuple[QLabel, QLabel]:
        """A heading and the text under it, added to ``column``."""
        title = QLabel(heading, self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        body = QLabel("", self)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setAccessibleName(heading)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addSpacing(8)
        column.addWidget(title)
        column.addWidget(body)
        return title, body

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the whole journal again and show the current period."""
        self._load_timer.stop()
        self.all_checkins = list(self._store.all_checkins())
        self.sessions = self._reviewed(self._store.all_sessions())
        self._set_facts(self._store.all_day_facts())
        self.complete = True
        self._fill_filter()
        self._apply_filter()

    def _open_on_period(self) -> None:
        """First the period on screen (and the one before it, for comparing), read in a moment;
        then, once the window is up, everything (``finish_loading``) for zooming out and the
        panels about the whole journal. Ten years take a few hundred milliseconds to read."""
        from breathingroom.core import review

        start, end = self.current_range()
        before, _ = review.previous_period(start, end)
        self.all_checkins = self._store.checkins_on_days(before, end)
        self.sessions = self._reviewed(self._store.sessions_on_days(before, end))
        self._set_facts(self._store.day_facts(before, end))
        self.complete = False
        self._apply_filter()  # the rest is read once the window shows (showEvent)

    def _set_facts(self, facts: list[DayFact]) -> None:
        self.day_facts = facts
        self._facts_of = {}
        for fact in facts:
            self._facts_of.setdefault(fact.day, []).append(fact)
        self._fact_days = sorted(self._facts_of)

    def _reviewed(self, sessions: list[SessionRecord]) -> list[SessionRecord]:
        """The sessions shown (a postponed or skipped break is not one), and the break calendar
        filled from them."""
        from breathingroom.core.breaks import breaks_per_day, shown_in_review

        shown = [s for s in sessions if shown_in_review(s)]
        counts = breaks_per_day(shown)
        self.break_calendar.set_breaks(self._clock.now().date(), counts)
        taken = sum(counts.values())
        self.breaks_label.setText(
            f"{taken} break{'s' if taken != 1 else ''} in the last 26 weeks; each square is a day."
            if taken
            else "None yet. Break invitations can be turned on in Settings."
        )
        return shown

    def finish_loading(self) -> None:
        """Read the rest of the journal now, if that has not happened yet."""
        if not self.complete:
            self.reload()

    def _fill_filter(self) -> None:
        current = self.filter_box.currentData()
        self.filter_box.clear()
        self.filter_box.addItem("All entries", None)
        feelings = sorted({w for e in self.all_checkins for w in (*e.feelings, *e.sensations)})
        tags = sorted({t for e in self.all_checkins for t in e.tags})
        for tag in tags:
            self.filter_box.addItem(f"Tag: {tag}", f"tag:{tag}")
        for word in feelings:
            self.filter_box.addItem(f"Feeling: {word}", f"feeling:{word}")
        index = self.filter_box.findData(current)
        self.filter_box.setCurrentIndex(max(index, 0))

    def set_filter(self, kind: str | None, word: str | None = None) -> None:
        """Show only check-ins with ``word`` as a tag or a feeling (None: everything)."""
        index = self.filter_box.findData(f"{kind}:{word}") if kind else 0
        self.filter_box.setCurrentIndex(max(index, 0))
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        chosen = self.filter_box.currentData()
        if chosen is None:
            self.checkins = list(self.all_checkins)
        else:
            kind, word = str(chosen).split(":", 1)
            self.checkins = [
                e
                for e in self.all_checkins
                if (word in e.tags if kind == "tag" else word in (*e.feelings, *e.sensations))
            ]
        # Each entry's local day, sorted, so a period is found by bisection, not a full pass.
        self._checkin_days = sorted((e.local.date(), i) for i, e in enumerate(self.checkins))
        self._session_days = sorted((r.start.date(), i) for i, r in enumerate(self.sessions))
        self.plot.set_data(self.checkins, self.sessions)
        self.plot.select(None)  # positions changed: no highlight on another entry
        if self.complete:
            self._fill_whole_journal_panels()
        else:
            for label in (self.helps_label, self.mood_label):
                label.setText("Reading your journal…")
        self.show_period()

    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.plot.set_tokens(tokens)
        self.year.set_tokens(tokens)
        self.break_calendar.set_tokens(tokens)

    # -- periods ---------------------------------------------------------------------------
    def set_period(self, period: str) -> None:
        self.period = period
        self.period_buttons[period].setChecked(True)
        self.show_period()

    def step(self, step: int) -> None:
        if self.period == "range" and self._range is not None:
            length = self._range[1] - self._range[0]
            self._range = (self._range[0] + step * length, self._range[1] + step * length)
        else:
            self.day = step_period(self.period, self.day, step)
        self.show_period()

    def today(self) -> None:
        self.day = self._clock.now().date()
        if self.period == "range":
            self.period = "week"
            self.period_buttons["week"].setChecked(True)
        self.show_period()

    def show_dates(self, view: str, start: date, end: date) -> None:
        """Show ``view`` ("week", "month", "year" or "range") from ``start`` to ``end``."""
        self.day = start
        if view != "range" and period_bounds(view, start, self.first_weekday) != (start, end):
            view = "range"  # an ISO week in a Sunday-first locale: show exactly those days
        if view == "range":
            self._range = (start, end)
            self.period = "range"
            for button in self.period_buttons.values():
                button.setChecked(False)
            self.show_period()
        else:
            self.set_period(view)

    def show_period(self) -> None:
        if self.period == "range" and self._range is not None:
            start, end = self._range
        else:
            start, end = period_bounds(self.period, self.day, self.first_weekday)
        self.title_label.setText(period_title(self.period, start, end))
        if self.period == "year":
            from breathingroom.core.days import daily_means

            self.year.set_days(start.year, daily_means(self.checkins))
            self.views.setCurrentWidget(self.year)
        else:
            self.views.setCurrentWidget(self.plot)
            self._setting_range = True
            try:
                self.plot.show_range(
                    datetime.combine(start, datetime.min.time()),
                    datetime.combine(end, datetime.min.time()),
                )
            finally:
                self._setting_range = False
        self._fill_panels(start, end)
        self._fill_cards(start, end)

    def _fill_panels(self, start: date, end: date) -> None:
        """The period in words (this period against the one before)."""
        from breathingroom.core import review

        before, _ = review.previous_period(start, end)
        checkins = [self.checkins[i] for i in self._indices(self._checkin_days, before, end)]
        sessions = [self.sessions[i] for i in self._indices(self._session_days, before, end)]
        summary = review.week_in_words(checkins, sessions, start, end, before, start)
        self.words_heading.setText(f"The {review.period_noun(start, end)} in words")
        self.words_label.setText("\n".join(summary.sentences()))

    def _fill_whole_journal_panels(self) -> None:
        """What helps and what goes with the mood: from the whole journal, once per reading."""
        from breathingroom.core import review
        from breathingroom.core.helps import what_helps

        rows = what_helps(self.sessions)
        ranked = [h for h in rows if h.helped]
        if not ranked and any(h.n >= 3 for h in rows):
            lines = [
                "Nothing has brought your distress down yet, over 3 or more rated sessions. "
                "That is worth knowing too; something else may suit you better."
            ]
        elif ranked:
            lines = [
                f"{h.choice.label}: distress down by {h.median_drop:g} (median of {h.n})"
                for h in ranked[:5]
            ]
        else:
            lines = [
                "Not enough ratings yet. Rate your distress before and after a few sessions "
                "(3 of the same kind) and this fills in."
            ]
        self.helps_label.setText("\n".join(lines))
        found = review.associations(self.all_checkins)
        if found:
            lines = [_association_line(a) for a in found[:5]]
        else:
            lines = ["This needs at least 3 days with a tag or feeling and 3 days without it."]
        lines += _bucket_lines(
            "By weekday", review.by_weekday(self.all_checkins, self.first_weekday)
        )
        lines += _bucket_lines("By time of day", review.by_time_of_day(self.all_checkins))
        lines.append(review.CAVEAT)
        self.mood_label.setText("\n".join(lines))

    @staticmethod
    def _indices(days: list[tuple[date, int]], start: date, end: date) -> list[int]:
        """Positions (in the original list) of the entries whose local day is in the range."""
        low = bisect.bisect_left(days, (start, -1))
        high = bisect.bisect_left(days, (end, -1))
        return [index for _day, index in days[low:high]]

    def _fill_cards(self, start: date, end: date) -> None:
        self.cards.blockSignals(True)
        self.cards.clear()
        rows: list[tuple[datetime, str, str, int]] = []
        for index in self._indices(self._checkin_days, start, end):
            entry = self.checkins[index]
            rows.append((entry.local, "checkin", checkin_card(entry), index))
        for index in self._indices(self._session_days, start, end):
            record = self.sessions[index]
            rows.append((record.start, "session", session_summary(record), index))
        if self.filter_box.currentData() is None:  # a filter shows only check-ins with its word
            low = bisect.bisect_left(self._fact_days, start)
            high = bisect.bisect_left(self._fact_days, end)
            for index in range(low, high):
                day = self._fact_days[index]
                # At the day's very end, so newest first puts it above that day's check-ins.
                rows.append((datetime.combine(day, time.max), "day", self._day_text(day), index))
        rows.sort(key=lambda row: row[0].replace(tzinfo=None), reverse=True)
        hidden = max(len(rows) - MAX_CARDS, 0)
        for _when, kind, text, index in rows[:MAX_CARDS]:
            item = QListWidgetItem(text)
            item.setData(KIND_ROLE, kind)
            item.setData(INDEX_ROLE, index)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            if kind == "day":
                item.setToolTip("Kept from another app; not for editing here.")
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            self.cards.addItem(item)
        if hidden:
            more = QListWidgetItem(
                f"And {hidden} older entries: choose a shorter period to see them."
            )
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.cards.addItem(more)
        if not rows:
            empty = QListWidgetItem("Nothing in this period. Check in from the tray when you like.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.cards.addItem(empty)
        self.cards.blockSignals(False)
        self._update_buttons()

    def _day_text(self, day: date) -> str:
        return day_card(day, self._facts_of[day])

    # -- cards and points ------------------------------------------------------------------
    def _selected(self) -> tuple[str, int] | None:
        item = self.cards.currentItem()
        if item is None or item.data(KIND_ROLE) is None:
            return None
        return str(item.data(KIND_ROLE)), int(item.data(INDEX_ROLE))

    def _update_buttons(self) -> None:
        chosen = self._selected()
        is_checkin = chosen is not None and chosen[0] == "checkin"
        self.edit_button.setEnabled(is_checkin)
        self.delete_button.setEnabled(is_checkin)

    def _card_selected(self, _row: int) -> None:
        self._update_buttons()
        chosen = self._selected()
        if chosen is not None and chosen[0] == "checkin":
            self.plot.select(chosen[1])

    def _graph_moved(self, start: datetime, end: datetime) -> None:
        if self._setting_range:
            return
        self._graph_range = (start, end)
        self._follow_timer.start()

    def _follow_graph(self) -> None:
        """Show what the graph now shows: its days as the period."""
        if self._graph_range is None:
            return
        start, end = self._graph_range
        first = start.date()
        after = end.date() if end.time() == datetime.min.time() else end.date() + timedelta(1)
        if (first, after) == self.current_range():
            return
        self._range = (first, max(after, first + timedelta(days=1)))
        self.period = "range"
        self.period_group.setExclusive(False)
        for button in self.period_buttons.values():
            button.setChecked(False)
        self.period_group.setExclusive(True)
        start_day, end_day = self._range
        self.title_label.setText(period_title("range", start_day, end_day))
        self._fill_panels(start_day, end_day)
        self._fill_cards(start_day, end_day)

    def _point_selected(self, index: int) -> None:
        if not self._select_card(index) and 0 <= index < len(self.checkins):
            # A point outside the period: go to its period, then its card.
            self.day = self.checkins[index].local.date()
            if self.period == "range":
                self.period = "week"
                self.period_buttons["week"].setChecked(True)
            self.show_period()
            if not self._select_card(index):
                self.cards.setCurrentRow(-1)
        self._update_buttons()

    def _select_card(self, index: int) -> bool:
        for row in range(self.cards.count()):
            item = self.cards.item(row)
            if item.data(KIND_ROLE) == "checkin" and item.data(INDEX_ROLE) == index:
                self.cards.blockSignals(True)
                self.cards.setCurrentRow(row)
                self.cards.blockSignals(False)
                return True
        return False

    def _day_activated(self, day: date) -> None:
        self.day = day
        self.set_period("week")

    def edit_selected(self) -> QWidget | None:
        chosen = self._selected()
        if chosen is None or chosen[0] != "checkin":
            return None
        from breathingroom.ui.journal.checkin import CheckInWindow

        editor = CheckInWindow(self._store, self, entry=self.checkins[chosen[1]])
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self._after_change())
        editor.show()
        return editor

    def delete_selected(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen[0] != "checkin":
            return
        entry = self.checkins[chosen[1]]
        if entry.id is None:
            return
        try:
            self._store.delete_checkin(entry.id)
        except (sqlite3.Error, OSError) as exc:
            self.undo_label.setText(f"The entry could not be deleted: {exc}")
            return
        self._deleted.append(entry.id)
        self.undo_label.setText("The entry was deleted.")
        self.undo_button.show()
        self._after_change()

    def undo_delete(self) -> None:
        if not self._deleted:
            return
        try:
            self._store.restore_checkin(self._deleted[-1])
        except (sqlite3.Error, OSError) as exc:
            self.undo_label.setText(f"Could not undo ({exc}). Try again later.")
            self.undo_button.show()
            return
        self._deleted.pop()
        self.undo_label.setText("The entry is back." if not self._deleted else "")
        self.undo_button.setVisible(bool(self._deleted))
        self._after_change()

    # -- files ---------------------------------------------------------------------------
    def current_range(self) -> tuple[date, date]:
        if self.period == "range" and self._range is not None:
            return self._range
        return period_bounds(self.period, self.day, self.first_weekday)

    def save_picture(self, path: Path | None = None) -> Path | None:
        """What is shown, as a PNG picture (asks where, unless ``path`` is given)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save a picture", "review.png", "Pictures (*.png)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        if not self.grab().save(str(path), "PNG"):
            self.undo_label.setText(f"The picture could not be saved to {path}.")
            return None
        return path

    def save_report(
        self, path: Path | None = None, sections: ReportSections | None = None
    ) -> Path | None:
        """The report for a therapist, for the period shown (asks what to include and where)."""
        from breathingroom.ui.timeline.report import write_report

        if sections is None:
            sections = self._ask_sections()
            if sections is None:
                return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save the report", "report.pdf", "PDF files (*.pdf)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        start, end = self.current_range()
        if end - start < timedelta(days=7):
            start, end = period_bounds("week", start, self.first_weekday)
        try:
            return write_report(
                path, self.all_checkins, self.sessions, start, end, sections=sections
            )
        except (OSError, ValueError) as exc:
            self.undo_label.setText(f"The report could not be written: {exc}")
            return None

    def _ask_sections(self) -> ReportSections | None:
        from breathingroom.ui.timeline.report import ReportSections

        dialog = QDialog(self)
        dialog.setWindowTitle("Report for a therapist")
        column = QVBoxLayout(dialog)
        column.addWidget(QLabel("What to include (each is yours to leave out):", dialog))
        boxes = {}
        for key, label in (
            ("graphs", "The graphs"),
            ("week_in_words", "The period in words"),
            ("what_helps", "What helps me"),
            ("notes", "My notes"),
            ("diary_card", "A diary card"),
        ):
            box = QCheckBox(label, dialog)
            box.setChecked(True)
            column.addWidget(box)
            boxes[key] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        column.addWidget(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return ReportSections(**{key: box.isChecked() for key, box in boxes.items()})

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    # -- Qt --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, 1100, 760)
        super().showEvent(event)
        if not self.complete:
            self._load_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._load_timer.stop()  # nothing is read for a window no one sees
        self._follow_timer.stop()
