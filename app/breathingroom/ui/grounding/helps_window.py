"""What works for me: what has brought this person's distress down, and their own pins.

``WhatHelpsWindow(settings, sessions, titles, start, choices=None, parent=None)``

- ``settings``: the app's :class:`~breathingroom.services.settings.Settings`; the pins are its
  ``helps_pinned`` list, saved at once on every change.
- ``sessions()``: every stored :class:`~breathingroom.core.records.SessionRecord` (read again on
  each :meth:`WhatHelpsWindow.refresh` and when the window is shown).
- ``titles(choice)``: the name to show, e.g. "5-4-3-2-1" or "Slow breathing: Long exhale".
  :func:`titles_from` builds one from the exercise library and the patterns.
- ``start(choice)``: start it (the window closes after).
- ``choices()``: everything that can be pinned (every exercise and breathing pattern), for the
  "Add something you know helps…" list. :func:`choices_from` builds it.

The list is :func:`breathingroom.core.helps.what_helps`: the pins first in the person's order,
then everything rated at least three times, the biggest median drop first. Each row says the
drop in words and numbers ("Distress down by 3 on average (median), from 5 sessions"), never by
colour alone. While nothing has three rated sessions, one line says how the list fills in.

Keyboard: the arrows move through the list, Space or Enter starts the selected one, Ctrl+Up and
Ctrl+Down move a pinned row, Delete unpins it, Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from breathingroom.core.exercises import Exercise
from breathingroom.core.helps import MAX_PINNED, MIN_SESSIONS, Choice, Helpfulness, what_helps
from breathingroom.core.patterns import Pattern
from breathingroom.core.records import SessionRecord
from breathingroom.services.settings import Settings
from breathingroom.ui.windows import fit_to_screen

__all__ = [
    "NOT_ENOUGH",
    "WhatHelpsWindow",
    "choices_from",
    "describe",
    "titles_from",
]

#: Shown while nothing has been rated before and after often enough to rank.
NOT_ENOUGH = (
    "Nothing has enough ratings yet. Rate your distress before and after a few sessions "
    f"({MIN_SESSIONS} of the same one) and this list fills in. You can pin what you already "
    "know helps below."
)
#: The first entry of the "add" list, which pins nothing.
ADD_PROMPT = "Add something you know helps…"

_CHOICE_ROLE = Qt.ItemDataRole.UserRole
_TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
_PINNED_ROLE = Qt.ItemDataRole.UserRole + 3


def _number(value: float) -> str:
    return f"{value:g}"


def _sessions(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"


def describe(h: Helpfulness) -> str:
    """The row's numbers in plain words."""
    if h.n == 0 or h.median_drop is None:
        return "No rated sessions yet"
    if h.n < MIN_SESSIONS:
        return f"Rated after {_sessions(h.n)} so far, too few to say"
    drop = h.median_drop
    if drop > 0:
        change = f"Distress down by {_number(drop)} on average (median)"
    elif drop < 0:
        change = f"Distress up by {_number(-drop)} on average (median)"
    else:
        change = "Distress about the same on average (median)"
    return f"{change}, from {_sessions(h.n)}"


def titles_from(
    exercises: Iterable[Exercise], patterns: Iterable[Pattern]
) -> Callable[[Choice], str]:
    """A ``titles`` function: the exercise's title, or "Slow breathing: <pattern name>"."""
    names = {f"grounding:{e.id}": e.title for e in exercises}
    names.update({f"breathing:{p.id}": f"Slow breathing: {p.name}" for p in patterns})

    def title(choice: Choice) -> str:
        return names.get(choice.key, choice.label)

    return title


def choices_from(exercises: Iterable[Exercise], patterns: Iterable[Pattern]) -> list[Choice]:
    """Every grounding exercise, then every breathing pattern, as choices to pin."""
    return [Choice("grounding", e.id) for e in exercises] + [
        Choice("breathing", p.id) for p in patterns
    ]


class _RowDelegate(QStyledItemDelegate):
    """Two lines per row: the name (with "Pinned" at the right) over the numbers, muted."""

    PAD = 10

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setPointSizeF(max(title.pointSizeF(), 9.0) * 1.1)
        title.setWeight(QFont.Weight.DemiBold)
        return title, QFont(option.font)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, detail = self._fonts(option)
        height = QFontMetrics(title).height() + QFontMetrics(detail).height() + 3 * self.PAD // 2
        return QSize(320, max(52, height + self.PAD))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else None
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        rect: QRect = option.rect
        painter.save()
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        pin = palette.color(QPalette.ColorRole.Link)
        if selected:
            # A soft fill and an accent bar at the left: calmer than a solid highlight.
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Midlight))
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), pin)
            muted = text
        title_font, detail_font = self._fonts(option)
        inner = rect.adjusted(self.PAD + 4, self.PAD // 2, -self.PAD - 4, -self.PAD // 2)
        pinned = bool(index.data(_PINNED_ROLE))
        mark_width = 0
        if pinned:
            painter.setFont(detail_font)
            painter.setPen(pin)
            mark = "Pinned"
            mark_width = QFontMetrics(detail_font).horizontalAdvance(mark) + self.PAD
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, mark)
        title_height = QFontMetrics(title_font).height()
        painter.setFont(title_font)
        painter.setPen(text)
        title_rect = QRect(inner.left(), inner.top(), inner.width() - mark_width, title_height)
        title = QFontMetrics(title_font).elidedText(
            str(index.data(_TITLE_ROLE)), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(detail_font)
        painter.setPen(muted)
        detail_rect = QRect(
            inner.left(),
            inner.top() + title_height + 2,
            inner.width(),
            inner.height() - title_height,
        )
        detail = QFontMetrics(detail_font).elidedText(
            str(index.data(_DETAIL_ROLE)), Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(
            detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, detail
        )
        if bool(state & QStyle.StateFlag.State_HasFocus) and style is not None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class WhatHelpsWindow(QWidget):
    def __init__(
        self,
        settings: Settings,
        sessions: Callable[[], list[SessionRecord]],
        titles: Callable[[Choice], str],
        start: Callable[[Choice], None],
        choices: Callable[[], list[Choice]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._sessions = sessions
        self._titles = titles
        self._start = start
        self._choices = choices or (lambda: [])
        self._placed = False
        self.rows: list[Helpfulness] = []
        self.setWindowTitle("What works for me · Breathing Room")
        self.setAccessibleName("What works for me")

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        heading = QLabel("What works for me", self)
        font = QFont(heading.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        heading.setFont(font)
        heading.setAccessibleName("What works for me")
        column.addWidget(heading)
        self.intro = QLabel(
            "From your own ratings: how much your distress came down after each. "
            "What you pin comes first, in your order.",
            self,
        )
        self.intro.setWordWrap(True)
        column.addWidget(self.intro)

        self.empty = QLabel(NOT_ENOUGH, self)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Not enough ratings yet")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.empty)
        self._column = column

        self.list = QListWidget(self)
        self.list.setAccessibleName("What has helped you, most helpful first")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setItemDelegate(_RowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.start_selected())
        self.list.installEventFilter(self)
        column.addWidget(self.list, 1)

        add_row = QHBoxLayout()
        self.add_combo = QComboBox(self)
        self.add_combo.setAccessibleName("Add something you know helps")
        self.add_combo.setMinimumHeight(44)
        self.add_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.add_button = QPushButton("Pin it", self)
        self.add_button.setAccessibleName("Pin the one chosen in the list")
        self.add_button.setMinimumHeight(44)
        self.add_button.clicked.connect(self.add_chosen)
        add_row.addWidget(self.add_combo, 1)
        add_row.addWidget(self.add_button)
        column.addLayout(add_row)

        buttons = QHBoxLayout()
        self.pin_button = self._button("Pin", "Pin the selected one", self.toggle_pin)
        self.up_button = self._button(
            "Move up", "Move the selected pin up", lambda: self.move_pin(-1)
        )
        self.down_button = self._button(
            "Move down", "Move the selected pin down", lambda: self.move_pin(1)
        )
        for button in (self.pin_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.start_button = self._button("Start", "Start the selected one", self.start_selected)
        self.close_button = self._button("Close", "Close this window", self.close)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        column.addLayout(buttons)
        self.refresh()

    def _button(self, text: str, name: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setMinimumSize(44, 44)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: action())
        return button

    # -- what it shows ---------------------------------------------------------------------
    def pinned(self) -> list[str]:
        value = self.settings.get("helps_pinned")
        return list(value) if isinstance(value, list) else []

    def refresh(self, select: Choice | None = None) -> None:
        """Read the sessions and pins again and rebuild the list, keeping the selection."""
        if select is None:
            select = self.selected_choice()
        self.rows = what_helps(self._sessions(), pinned=self.pinned())
        self.list.clear()
        for h in self.rows:
            title = self._titles(h.choice)
            detail = describe(h)
            spoken = f"{title}, pinned. {detail}" if h.pinned else f"{title}. {detail}"
            item = QListWidgetItem(spoken)
            item.setData(_CHOICE_ROLE, h.choice)
            item.setData(_TITLE_ROLE, title)
            item.setData(_DETAIL_ROLE, detail)
            item.setData(_PINNED_ROLE, h.pinned)
            item.setToolTip(spoken)
            self.list.addItem(item)
        self.empty.setVisible(not any(h.n >= MIN_SESSIONS for h in self.rows))
        self.list.setVisible(bool(self.rows))
        # With no list, the explanation takes the room, so the text stays together at the top.
        self._column.setStretchFactor(self.empty, 0 if self.rows else 1)
        for button in (self.pin_button, self.up_button, self.down_button, self.start_button):
            button.setVisible(bool(self.rows))
        keys = [h.choice for h in self.rows]
        if self.rows:
            self.list.setCurrentRow(keys.index(select) if select in keys else 0)
        self._fill_add_combo()
        self._update_buttons()

    def _fill_add_combo(self) -> None:
        pins = set(self.pinned())
        self.add_combo.blockSignals(True)
        self.add_combo.clear()
        self.add_combo.addItem(ADD_PROMPT, None)
        for choice in self._choices():
            if choice.key not in pins:
                self.add_combo.addItem(self._titles(choice), choice)
        self.add_combo.setCurrentIndex(0)
        self.add_combo.blockSignals(False)

    def selected(self) -> Helpfulness | None:
        row = self.list.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def selected_choice(self) -> Choice | None:
        h = self.selected()
        return h.choice if h is not None else None

    def _update_buttons(self) -> None:
        h = self.selected()
        pins = self.pinned()
        full = len(pins) >= MAX_PINNED
        self.pin_button.setEnabled(h is not None and (h.pinned or not full))
        self.pin_button.setText("Unpin" if h is not None and h.pinned else "Pin")
        self.pin_button.setAccessibleName(
            "Unpin the selected one" if h is not None and h.pinned else "Pin the selected one"
        )
        at = pins.index(h.key) if h is not None and h.pinned and h.key in pins else -1
        self.up_button.setEnabled(at > 0)
        self.down_button.setEnabled(0 <= at < len(pins) - 1)
        self.start_button.setEnabled(h is not None)
        self.add_button.setEnabled(self.add_combo.currentData() is not None and not full)

    # -- actions ---------------------------------------------------------------------------
    def _save(self, pins: list[str], select: Choice | None) -> None:
        self.settings.set("helps_pinned", pins[:MAX_PINNED])
        self.refresh(select)

    def pin(self, choice: Choice) -> None:
        pins = self.pinned()
        if choice.key not in pins and len(pins) < MAX_PINNED:
            self._save([*pins, choice.key], choice)

    def unpin(self, choice: Choice) -> None:
        pins = self.pinned()
        if choice.key in pins:
            self._save([k for k in pins if k != choice.key], choice)

    def toggle_pin(self) -> None:
        h = self.selected()
        if h is None:
            return
        if h.pinned:
            self.unpin(h.choice)
        else:
            self.pin(h.choice)

    def move_pin(self, step: int) -> None:
        """Move the selected pin ``step`` places (-1 up, 1 down) among the pins."""
        h = self.selected()
        pins = self.pinned()
        if h is None or h.key not in pins:
            return
        at = pins.index(h.key)
        to = at + step
        if not 0 <= to < len(pins):
            return
        pins[at], pins[to] = pins[to], pins[at]
        self._save(pins, h.choice)

    def add_chosen(self) -> None:
        choice = self.add_combo.currentData()
        if isinstance(choice, Choice):
            self.pin(choice)

    def start_selected(self) -> None:
        choice = self.selected_choice()
        if choice is None:
            return
        self.close()
        self._start(choice)

    # -- events ----------------------------------------------------------------------------
    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._list_key(event)
        ):
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _list_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_pin(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.start_selected()
        elif key == Qt.Key.Key_Delete:
            h = self.selected()
            if h is not None and h.pinned:
                self.unpin(h.choice)
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        if not self._placed:
            self._placed = True
            fit_to_screen(self, 560, 520)
        self.list.setFocus()
        super().showEvent(event)
